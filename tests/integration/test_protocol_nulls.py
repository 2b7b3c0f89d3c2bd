"""Null arrays and strings in requests are answered as Kafka answers them.

Kafka's generated readers refuse a null where the schema (that version) has none ("non-nullable
field topics was serialized as null"): the request cannot be parsed and the connection is closed.
Where the schema allows null (Metadata topics = all topics, OffsetFetch topics = all, DescribeConfigs
configuration_keys = all keys, CreateTopics config values, group instance ids …) the handler must
answer. Before the fix kio decoded every null array as None and ~25 handlers raised TypeError.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest

from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import consume_confluent, create_topic, produce_confluent
from tests.integration.test_protocol_support import (
    API_VERSIONS_SERVED,
    RawClient,
    frame,
    minimal_body,
    null_bodies,
    parse_response,
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


@pytest.mark.parametrize("version, name, topic_id, expected", [
    (10, None, uuid.UUID(int=0), "INVALID_REQUEST"),  # KafkaApis: "Topic name can not be null for version 10"
    (11, None, uuid.uuid4(), "INVALID_REQUEST"),  # "Topic IDs are not supported in requests for version 11"
    (11, "by-name", uuid.uuid4(), "INVALID_REQUEST"),
    (12, None, uuid.uuid4(), "UNKNOWN_TOPIC_ID"),
    (12, None, uuid.UUID(int=0), "UNKNOWN_TOPIC_ID"),
])
def test_metadata_topic_name_and_id_by_version(cluster: RunningCluster, version: int, name: str | None,
                                               topic_id: uuid.UUID, expected: str) -> None:
    """Found by the fuzz test: a v11 topic entry with a null name and an id failed to encode its answer."""
    body = minimal_body(3, version, topics=[{"name": name, "topic_id": topic_id}], allow_auto_topic_creation=False)
    client = RawClient(cluster.bootstrap)
    reply = client.request(frame(3, version, body, correlation_id=8))
    client.close()
    assert reply is not None and reply[0] == 8
    topics = parse_response(3, version, reply[1]).topics
    assert [t.error_code.name.upper() for t in topics] == [expected]


def test_join_group_with_a_repeated_protocol_name(cluster: RunningCluster, caplog: pytest.LogCaptureFixture) -> None:
    """Found by the fuzz test: protocols [range, range] counted twice for one member, so no protocol was
    supported by every member and the coordinator's join timer died (StopIteration); the join hung."""
    caplog.set_level(logging.ERROR)
    client = RawClient(cluster.bootstrap)
    find = frame(10, 1, minimal_body(10, 1, key="dup-protocols", key_type=0), correlation_id=1)

    def coordinator() -> Any:
        reply = client.request(find)
        assert reply is not None
        found = parse_response(10, 1, reply[1])
        return found if found.error_code.value == 0 else None

    node = wait_for(coordinator, what="a group coordinator")
    client.close()
    client = RawClient(f"{node.host}:{node.port}")
    join = minimal_body(11, 2, group_id="dup-protocols", session_timeout=10_000, rebalance_timeout=5_000, member_id="",
                        protocol_type="consumer", protocols=[{"name": "range", "metadata": b"a"},
                                                             {"name": "range", "metadata": b"b"}])
    reply = client.request(frame(11, 2, join, correlation_id=2))
    client.close()
    assert reply is not None and reply[0] == 2
    joined = parse_response(11, 2, reply[1])
    assert (joined.error_code.name, joined.protocol_name) == ("none", "range")
    assert [bytes(m.metadata) for m in joined.members] == [b"a"]
    assert not caplog.records
