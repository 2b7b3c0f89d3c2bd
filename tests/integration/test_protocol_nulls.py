"""Null arrays and strings in requests are answered as Kafka answers them.

Kafka's generated readers refuse a null where the schema (that version) has none ("non-nullable
field topics was serialized as null"): the request cannot be parsed and the connection is closed.
Where the schema allows null (Metadata topics = all topics, OffsetFetch topics = all, DescribeConfigs
configuration_keys = all keys, CreateTopics config values, group instance ids …) the handler must
answer. Before the fix kio decoded every null array as None and ~25 handlers raised TypeError.
"""

from __future__ import annotations

import logging

import pytest

from tests.conftest import RunningCluster
from tests.integration.clients import consume_confluent, create_topic, produce_confluent
from tests.integration.test_protocol_support import (
    API_VERSIONS_SERVED,
    RawClient,
    frame,
    null_bodies,
)

# fields whose zero value would make the broker wait or not answer at all
_ANSWERING = {0: {"acks": 1}}


def test_null_in_every_field_of_every_version(cluster: RunningCluster, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    create_topic(cluster.bootstrap, "nulls")
    answered = closed = 0
    failures: list[str] = []
    client = RawClient(cluster.bootstrap)
    correlation = 0
    for api_key, version in API_VERSIONS_SERVED:
        for path, nullable, body in null_bodies(api_key, version, **_ANSWERING.get(api_key, {})):
            correlation += 1
            reply = client.request(frame(api_key, version, body, correlation))
            if reply is None:
                closed += 1
                client.close()
                client = RawClient(cluster.bootstrap)
                if nullable:
                    failures.append(f"api {api_key} v{version} {path}=null (nullable) closed the connection")
            else:
                answered += 1
                assert reply[0] == correlation
                if not nullable:
                    failures.append(f"api {api_key} v{version} {path}=null (not nullable) was answered")
    client.close()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not failures, "\n".join(failures[:40])
    assert not errors, "\n".join(f"{r.getMessage()} {r.exc_text or ''}"[:600] for r in errors[:5])
    assert answered and closed
    produce_confluent(cluster.bootstrap, "nulls", [(None, b"still serving")])
    assert consume_confluent(cluster.bootstrap, "nulls", 1)[-1][3] == b"still serving"
