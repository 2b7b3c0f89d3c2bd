"""Bad input gets the Kafka error code (and a readable message) and the engine keeps serving."""

from __future__ import annotations

import socket
import struct

import pytest
from confluent_kafka import KafkaException
from confluent_kafka.admin import NewPartitions, NewTopic

from tests.conftest import RunningCluster
from tests.integration.clients import admin, consume_confluent, create_topic, produce_confluent


def _error(fut) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(KafkaException) as e:
        fut.result(15)
    err = e.value.args[0]
    return err.name(), err.str()


def _still_serving(bs: str, topic: str) -> None:
    produce_confluent(bs, topic, [(None, b"still here")])
    assert consume_confluent(bs, topic, 1, timeout=10)[-1][3] == b"still here"


@pytest.mark.parametrize("name", ["bad/name", "", "..", "x" * 250, "spaces are bad", "ümlaut"])
def test_invalid_topic_names(cluster: RunningCluster, name: str) -> None:
    client = admin(cluster.bootstrap)
    fs = client.create_topics([NewTopic(name, 1, 1)])
    code, message = _error(fs[name])
    assert code == "TOPIC_EXCEPTION", message  # librdkafka's name for INVALID_TOPIC_EXCEPTION (17)
    assert message
    create_topic(cluster.bootstrap, "ok-topic")
    _still_serving(cluster.bootstrap, "ok-topic")


def test_replication_factor_above_broker_count(cluster: RunningCluster) -> None:
    client = admin(cluster.bootstrap)
    code, message = _error(client.create_topics([NewTopic("rf4", 1, 4)])["rf4"])
    assert code == "INVALID_REPLICATION_FACTOR"
    assert "larger than available brokers: 3" in message
    assert "rf4" not in client.list_topics(timeout=10).topics


def test_topic_already_exists(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "twice")
    client = admin(cluster.bootstrap)
    code, _m = _error(client.create_topics([NewTopic("twice", 1, 1)])["twice"])
    assert code == "TOPIC_ALREADY_EXISTS"


def test_partitions_cannot_decrease(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "five", partitions=5)
    client = admin(cluster.bootstrap)
    code, message = _error(client.create_partitions([NewPartitions("five", 3)])["five"])
    assert code == "INVALID_PARTITIONS"
    assert "5" in message and "3" in message
    assert len(client.list_topics(timeout=10).topics["five"].partitions) == 5
    _still_serving(cluster.bootstrap, "five")


def test_unknown_topic(cluster: RunningCluster) -> None:
    client = admin(cluster.bootstrap)
    code, _m = _error(client.delete_topics(["nope"])["nope"])
    assert code == "UNKNOWN_TOPIC_OR_PART"  # librdkafka's short name
    code, _m = _error(client.create_partitions([NewPartitions("nope", 3)])["nope"])
    assert code == "UNKNOWN_TOPIC_OR_PART"  # librdkafka's short name


def _closed_by_broker(s: socket.socket) -> bool:
    """Read until the broker closes the connection (EOF or reset)."""
    try:
        while s.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return True


def _host_port(bs: str) -> tuple[str, int]:
    host, port = bs.split(":")
    return host, int(port)


def test_oversized_request_closes_only_that_connection(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(brokers=1, config={"socket.request.max.bytes": "100000"})
    create_topic(cluster.bootstrap, "t")
    with socket.create_connection(_host_port(cluster.bootstrap), timeout=10) as s:
        s.sendall(struct.pack(">i", 200_000) + b"\0" * 1000)
        assert _closed_by_broker(s)  # the broker closed the connection, as Kafka does
    _still_serving(cluster.bootstrap, "t")


@pytest.mark.parametrize("garbage", [
    b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    struct.pack(">i", 12) + b"\xff" * 12,
    struct.pack(">i", 30) + struct.pack(">hhih", 3, 12, 1, 500) + b"x" * 20,
    struct.pack(">i", -5),
])
def test_garbage_bytes_do_not_hurt_the_broker(cluster: RunningCluster, garbage: bytes) -> None:
    create_topic(cluster.bootstrap, "g")
    with socket.create_connection(_host_port(cluster.bootstrap), timeout=10) as s:
        try:
            s.sendall(garbage)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # already closed by the broker
        assert _closed_by_broker(s)
    _still_serving(cluster.bootstrap, "g")
