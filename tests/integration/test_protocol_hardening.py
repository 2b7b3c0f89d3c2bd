"""Requests that used to kill or starve the engine (issue 10), one regression test each, over real sockets.

Kafka's broker is the bar: it never dies on a request. An unparsable request closes that
connection (InvalidRequestException), a request too large for the broker's policy gets a Kafka
error code, and memory for requests is bounded (socket.request.max.bytes, queued.max.request.bytes).
"""

from __future__ import annotations

import logging
import struct
import time
from collections.abc import Callable

import pytest
from confluent_kafka import KafkaException
from confluent_kafka.admin import NewPartitions, NewTopic

from engine.network.server import LogLimiter
from engine.protocol.frames import write_uvarint
from tests.conftest import RunningCluster, ServeProcess, wait_for
from tests.integration.clients import admin, consume_confluent, create_topic, produce_confluent
from tests.integration.test_protocol_support import RawClient, frame, minimal_body, parse_response, rss_bytes


def _still_serving(bootstrap: str, topic: str) -> None:
    client = RawClient(bootstrap)
    reply = client.request(frame(3, 12, minimal_body(3, 12, topics=None), correlation_id=77))
    client.close()
    assert reply is not None and reply[0] == 77, "Metadata v12 was not answered"
    produce_confluent(bootstrap, topic, [(None, b"still here")])
    assert consume_confluent(bootstrap, topic, 1, timeout=15)[-1][3] == b"still here"


def _closed(bootstrap: str, data: bytes) -> bool:
    client = RawClient(bootstrap)
    reply = client.request(data)
    client.close()
    return reply is None


# the requests of the issue: a header (client id null) and a body whose array count is 2^32 - 2 or so
HUGE_COUNT_REQUESTS = {
    "Metadata v12 topics 2^32-2": frame(3, 12, b"\xff\xff\xff\xff\x0f" + b"\x00\x00\x00", client_id=None),
    "ListOffsets v8 topics 2^31-1": frame(2, 8, struct.pack(">ib", -1, 0) + b"\x80\x80\x80\x80\x08\x00",
                                          client_id=None),
    "DescribeLogDirs v4 topics 2^32-2": frame(35, 4, b"\xff\xff\xff\xff\x0f\x00", client_id=None),
}


def test_huge_array_counts_close_the_connection_not_the_process(
        serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    """Before: kio's native reader asked for 34 GB and the whole process aborted (SIGABRT)."""
    serve = serve_factory(["--brokers", "1", "--port", "0", "--temp", "--log-level", "WARNING"])
    create_topic(serve.bootstrap, "alive")
    assert len(HUGE_COUNT_REQUESTS["Metadata v12 topics 2^32-2"]) == 23
    for name, data in HUGE_COUNT_REQUESTS.items():
        assert _closed(serve.bootstrap, data), name
        assert serve.proc.poll() is None, f"the engine died on {name}"
    _still_serving(serve.bootstrap, "alive")


def _create_error(client, topic: NewTopic, **kwargs) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(KafkaException) as e:
        client.create_topics([topic], operation_timeout=10, **kwargs)[topic.topic].result(15)
    err = e.value.args[0]
    return err.name(), err.str()


def _create_topics_raw(bootstrap: str, topics: list[dict[str, object]]) -> dict[str, tuple[str, str | None]]:
    """CreateTopics v7 (validate_only) by hand: confluent-kafka refuses 2e9 partitions itself."""
    body = minimal_body(19, 7, topics=topics, timeout=10_000, validate_only=True)
    client = RawClient(bootstrap)
    reply = client.request(frame(19, 7, body, correlation_id=3))
    client.close()
    assert reply is not None and reply[0] == 3
    return {t.name: (t.error_code.name.upper(), t.error_message) for t in parse_response(19, 7, reply[1]).topics}


def test_create_topics_with_two_billion_partitions_is_refused_at_once(cluster: RunningCluster) -> None:
    """Before: validate_only with 2,000,000,000 partitions took RSS to 4 GB and stalled the broker 9 s."""
    started = time.monotonic()
    results = _create_topics_raw(cluster.bootstrap, [
        {"name": "huge", "num_partitions": 2_000_000_000, "replication_factor": 1},
        {"name": "small", "num_partitions": 1, "replication_factor": 1}])
    policy = ("POLICY_VIOLATION", "Excessively large number of partitions per request "
                                  "(lab.max.partitions.per.request=10000).")
    assert results == {"huge": policy, "small": policy}  # the whole request fails, as in Kafka
    results = _create_topics_raw(cluster.bootstrap, [{"name": "big", "num_partitions": 5000, "replication_factor": 1}])
    assert results["big"] == ("INVALID_PARTITIONS", "Number of partitions 5000 is larger than "
                                                    "lab.max.partitions.per.topic=1000.")
    results = _create_topics_raw(cluster.bootstrap, [
        {"name": "wide", "num_partitions": 1, "replication_factor": 32767}])
    assert results["wide"][0] == "INVALID_REPLICATION_FACTOR"
    assert "larger than available brokers: 3" in (results["wide"][1] or "")
    assert time.monotonic() - started < 5
    create_topic(cluster.bootstrap, "after")
    _still_serving(cluster.bootstrap, "after")


def test_partition_limits_are_configs(cluster_factory: Callable[..., RunningCluster]) -> None:
    cluster = cluster_factory(brokers=1, config={"lab.max.partitions.per.topic": "4",
                                                 "lab.max.partitions.per.request": "6"})
    client = admin(cluster.bootstrap)
    code, message = _create_error(client, NewTopic("five", 5, 1))
    assert (code, message) == ("INVALID_PARTITIONS",
                               "Number of partitions 5 is larger than lab.max.partitions.per.topic=4.")
    fs = client.create_topics([NewTopic("a", 4, 1), NewTopic("b", 3, 1)], operation_timeout=10)
    for name in ("a", "b"):  # 7 partitions in one request: the whole request fails, as in Kafka
        with pytest.raises(KafkaException) as e:
            fs[name].result(15)
        assert e.value.args[0].name() == "POLICY_VIOLATION"
        assert "Excessively large number of partitions per request" in e.value.args[0].str()
    create_topic(cluster.bootstrap, "three", partitions=3)
    with pytest.raises(KafkaException) as e:
        client.create_partitions([NewPartitions("three", 5)])["three"].result(15)
    assert e.value.args[0].name() == "INVALID_PARTITIONS"
    client.create_partitions([NewPartitions("three", 4)])["three"].result(15)
    assert "a" not in client.list_topics(timeout=10).topics


def test_a_size_prefix_alone_commits_no_memory(serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    """Before: each 4-byte prefix of 100 MB allocated (and zeroed) 100 MB at once: 5 connections, +500 MB."""
    serve = serve_factory(["--brokers", "1", "--port", "0", "--temp", "--log-level", "WARNING"])
    create_topic(serve.bootstrap, "mem")
    _still_serving(serve.bootstrap, "mem")
    before = rss_bytes(serve.proc.pid)
    clients = [RawClient(serve.bootstrap) for _ in range(5)]
    for c in clients:
        assert c.send(struct.pack(">i", 100_000_000) + b"\0" * 1000)
    clients[0].send(b"\0" * 3_000_000)  # a client that really sends 3 MB gets a buffer that grows to fit
    _still_serving(serve.bootstrap, "mem")  # the broker has read the prefixes by now
    grown = rss_bytes(serve.proc.pid) - before
    assert grown < 60_000_000, f"RSS grew by {grown / 1e6:.0f} MB for 5 size prefixes"
    for c in clients:
        c.close()


def test_memory_pool_stops_reading_until_requests_finish(cluster_factory: Callable[..., RunningCluster]) -> None:
    """queued.max.request.bytes bounds memory for requests over all connections (Kafka's MemoryPool)."""
    cap = 1 << 20
    cluster = cluster_factory(brokers=1, config={"queued.max.request.bytes": str(cap),
                                                 "socket.request.max.bytes": str(cap)})
    pool = cluster.cluster.brokers[0].server.memory_pool
    big = RawClient(cluster.bootstrap)
    # reserves the whole pool, sends 1000 bytes (API key 32767: no such API; all zeros would be a
    # valid acks=0 Produce v0, which Kafka 3.9 serves)
    assert big.send(struct.pack(">i", cap) + b"\x7f\xff" + b"\0" * 998)
    wait_for(lambda: pool.used == cap, what="the big request's reservation")
    small = RawClient(cluster.bootstrap)
    assert small.send(frame(3, 12, minimal_body(3, 12, topics=None), correlation_id=5))
    wait_for(lambda: pool.waiting == 1, what="the small request to wait for memory")
    assert big.send(b"\0" * (cap - 1000))  # the big request completes (and is invalid: closed)
    reply = small.read_response()
    assert reply is not None and reply[0] == 5
    assert big.read_response() is None
    wait_for(lambda: pool.used == 0 and pool.waiting == 0, what="all memory released")
    big.close()
    small.close()


def test_unknown_tagged_fields_are_ignored(cluster: RunningCluster) -> None:
    """KIP-482: a receiver ignores tags it does not know. Before: KeyError, connection closed."""
    create_topic(cluster.bootstrap, "tagged")
    unknown = write_uvarint(1) + write_uvarint(99) + write_uvarint(3) + b"xyz"
    # Metadata v12: one topic entry with an unknown tag of its own, an unknown top-level tag, and one in the header
    topic = b"\x00" * 16 + write_uvarint(len("tagged") + 1) + b"tagged" + unknown
    body = write_uvarint(2) + topic + b"\x01\x00" + unknown
    client = RawClient(cluster.bootstrap)
    reply = client.request(frame(3, 12, body, correlation_id=9, header_tags=unknown))
    assert reply is not None and reply[0] == 9
    assert b"tagged" in reply[1]
    # ApiVersions v3 (client software name and version) with an unknown tag
    api_versions = write_uvarint(4) + b"lab" + write_uvarint(2) + b"1" + unknown
    reply = client.request(frame(18, 3, api_versions, correlation_id=10))
    assert reply is not None and reply[0] == 10 and reply[1][:2] == b"\x00\x00"  # error_code NONE
    client.close()
    _still_serving(cluster.bootstrap, "tagged")


def test_invalid_requests_log_one_warning_line_each_rate_limited(
        cluster_factory: Callable[..., RunningCluster], caplog: pytest.LogCaptureFixture) -> None:
    """Before: a full ERROR traceback per malformed frame (~500 bytes each; 99 MB for 200 k frames)."""
    cluster = cluster_factory(brokers=1)
    now = [0.0]
    limiter = LogLimiter(per_second=2.0, burst=10, clock=lambda: now[0])
    cluster.call(lambda: setattr(cluster.cluster.brokers[0].server, "log_limiter", limiter))
    caplog.set_level(logging.WARNING, logger="engine")
    bad = HUGE_COUNT_REQUESTS["Metadata v12 topics 2^32-2"]
    for _ in range(50):
        assert _closed(cluster.bootstrap, bad)
    lines = [r for r in caplog.records if r.name == "engine.network.server"]
    assert len(lines) == 10
    for r in lines:
        assert r.levelno == logging.WARNING and r.exc_info is None
        message = r.getMessage()
        assert "\n" not in message and len(message) < 300
        assert "Metadata v12 request" in message and "from 127.0.0.1:" in message
        assert "tried to allocate a collection of size 4294967294" in message
    now[0] += 1.0  # two more lines allowed; the first says how many were dropped
    assert _closed(cluster.bootstrap, bad)
    wait_for(lambda: len([r for r in caplog.records if r.name == "engine.network.server"]) == 11)
    assert caplog.records[-1].getMessage().endswith("(40 more not logged)")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_large_requests_grow_their_buffer_past_a_small_pool(cluster_factory: Callable[..., RunningCluster]) -> None:
    """A 5 MB record through a broker whose request pool is 2 MiB: the buffer grows as the bytes
    arrive, and the oldest growing request may always finish (no deadlock)."""
    cluster = cluster_factory(brokers=1, config={"queued.max.request.bytes": str(2 << 20)})
    create_topic(cluster.bootstrap, "big", config={"max.message.bytes": "8000000"})
    value = bytes(range(256)) * (5_000_000 // 256)
    produce_confluent(cluster.bootstrap, "big", [(None, value), (b"k", value)], **{"message.max.bytes": 8_000_000})
    got = consume_confluent(cluster.bootstrap, "big", 2, **{"fetch.max.bytes": 20_000_000,
                                                             "max.partition.fetch.bytes": 20_000_000})
    assert [r[3] for r in got] == [value, value]
    pool = cluster.cluster.brokers[0].server.memory_pool
    wait_for(lambda: pool.used == 0, what="the pool to be empty again")


def test_memory_pool_rules() -> None:
    """Sans-IO: admission while memory is left, FIFO wake-up, the oldest growing request always grows."""
    from engine.network.memory_pool import MemoryPool

    pool = MemoryPool(100)
    woken: list[str] = []
    pool.charge(60)
    pool.start_growing("a")
    pool.start_growing("b")
    assert pool.has_room() and pool.may_grow("b")
    pool.charge(50)  # 110 of 100: full
    assert not pool.has_room()
    assert pool.may_grow("a") and not pool.may_grow("b")  # a is the oldest growing request
    pool.wait("b", lambda: woken.append("b"))
    pool.wait("c", lambda: woken.append("c") or pool.charge(30))
    pool.done_growing("a")  # b becomes the oldest growing request: it may go on although memory is short
    assert woken == ["b"]
    pool.release(20)  # 90 of 100: room for c
    assert woken == ["b", "c"] and pool.used == 120 and pool.waiting == 0
    unbounded = MemoryPool(-1)
    unbounded.charge(10**12)
    assert unbounded.has_room()
