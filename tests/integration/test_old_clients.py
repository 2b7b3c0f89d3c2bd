"""Old clients (issue 17): the request versions Kafka 3.9 still serves, message formats v0/v1
converted as Kafka converts them, and ``--protocol-floor 4.0`` refusing them as Kafka 4 does.

kafka-python with a forced ``api_version`` speaks the protocol of that Kafka release: (0, 10)
produces with Produce v2 (message format v1), fetches with Fetch v2, lists offsets with ListOffsets
v0; (0, 9) with Produce v1 / Fetch v1 (format v0); (0, 8, 2) with Produce v0 / Fetch v0 and commits
with OffsetCommit v1. What it writes must read back intact, also by a modern client (confluent-kafka
reads the up-converted v2 batches)."""

from __future__ import annotations

import json
import socket
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tests.conftest import RunningCluster
from tests.integration.clients import QUIET, create_topic

RECORDS = [(f"key-{i}".encode(), f"value-{i}".encode() * (i + 1)) for i in range(20)]


def _versions(log_file: Path) -> set[tuple[str, int]]:
    return {(row["api"], row["version"]) for row in map(json.loads, log_file.read_text().splitlines())}


@pytest.mark.parametrize(("api_version", "expected"), [
    ((0, 10), {("Produce", 2), ("Fetch", 2), ("ListOffsets", 0), ("OffsetCommit", 2)}),
    ((0, 9), {("Produce", 1), ("Fetch", 1), ("OffsetCommit", 2)}),
    ((0, 8, 2), {("Produce", 0), ("Fetch", 0), ("OffsetCommit", 1), ("OffsetFetch", 1)}),
], ids=["0.10", "0.9", "0.8.2"])
def test_an_old_kafka_python_produces_consumes_and_commits(cluster_factory: Any, tmp_path: Path,
                                                           api_version: tuple[int, ...],
                                                           expected: set[tuple[str, int]]) -> None:
    running: RunningCluster = cluster_factory(brokers=1)
    log_file = tmp_path / "protocol.jsonl"
    running.call(lambda: running.cluster.xray.open_log(str(log_file)))
    bootstrap = running.bootstrap_servers
    producer = KafkaProducer(bootstrap_servers=bootstrap, api_version=api_version, client_id="old-producer")
    for key, value in RECORDS:
        producer.send("legacy", key=key, value=value).get(timeout=30)
    producer.close()

    consumer = KafkaConsumer("legacy", bootstrap_servers=bootstrap, api_version=api_version, group_id="old-group",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=20_000)
    read = []
    for message in consumer:
        read.append((message.offset, message.key, message.value))
        if len(read) == len(RECORDS):
            break
    consumer.commit()
    committed = consumer.committed(TopicPartition("legacy", 0))
    consumer.close()
    assert read == [(i, k, v) for i, (k, v) in enumerate(RECORDS)]
    assert committed == len(RECORDS)
    assert expected <= _versions(log_file), "kafka-python did not speak the old versions this test is about"

    # a modern client reads the same records from the up-converted v2 batches
    modern = Consumer({"bootstrap.servers": bootstrap, "group.id": "modern", "auto.offset.reset": "earliest",
                       "enable.auto.commit": False, **QUIET})
    modern.subscribe(["legacy"])
    seen: list[tuple[int, bytes | None, bytes | None]] = []
    try:
        for _ in range(200):
            if len(seen) == len(RECORDS):
                break
            m = modern.poll(0.25)
            if m is not None and m.error() is None:
                seen.append((m.offset(), m.key(), m.value()))
    finally:
        modern.close()
    assert seen == [(i, k, v) for i, (k, v) in enumerate(RECORDS)]


def _request(api_key: int, version: int, body: bytes, client_id: bytes = b"old-client") -> bytes:
    header = struct.pack(">hhih", api_key, version, 7, len(client_id)) + client_id
    return struct.pack(">i", len(header) + len(body)) + header + body


def _exchange(sock: socket.socket, frame: bytes) -> bytes | None:
    sock.sendall(frame)
    head = sock.recv(4, socket.MSG_WAITALL)
    if len(head) < 4:
        return None  # the broker closed the connection
    (size,) = struct.unpack(">i", head)
    return sock.recv(size, socket.MSG_WAITALL)


def _api_versions(sock: socket.socket) -> dict[int, tuple[int, int]]:
    answer = _exchange(sock, _request(18, 0, b""))
    assert answer is not None
    error, count = struct.unpack_from(">hi", answer, 4)
    assert error == 0
    return {k: (lo, hi) for k, lo, hi in (struct.unpack_from(">hhh", answer, 10 + 6 * i) for i in range(count))}


def _produce_v2(topic: bytes) -> bytes:
    # acks 1, timeout 5000, one topic with one partition and a one-message set of magic 1
    message = struct.pack(">bbq", 1, 0, 1_700_000_000_000) + struct.pack(">i", -1) + struct.pack(">i", 2) + b"hi"
    entry = struct.pack(">qiI", 0, len(message) + 4, zlib.crc32(message)) + message
    return (struct.pack(">hii", 1, 5000, 1) + struct.pack(">h", len(topic)) + topic
            + struct.pack(">ii", 1, 0) + struct.pack(">i", len(entry)) + entry)


def test_api_versions_lists_the_kafka_3_9_floors_and_produce_v2_appends(cluster_factory: Any) -> None:
    cluster: RunningCluster = cluster_factory(brokers=1)
    host, port = cluster.bootstrap.split(",")[0].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        served = _api_versions(sock)
        for key in (0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20):
            assert served[key][0] == 0, f"API {key} does not start at v0: {served[key]}"
        create_topic(cluster.bootstrap, "raw-v2", partitions=1)
        answer = _exchange(sock, _request(0, 2, _produce_v2(b"raw-v2")))
        assert answer is not None
        # topics[1]: name, partitions[1]: index, error, base offset, log append time
        (name_len,) = struct.unpack_from(">h", answer, 8)
        assert struct.unpack_from(">ihq", answer, 10 + name_len + 4) == (0, 0, 0)


def test_protocol_floor_4_0_refuses_produce_v2_as_kafka_4_does(serve_factory: Any) -> None:
    served_by = serve_factory(["--brokers", "1", "--port", "0", "--temp", "--protocol-floor", "4.0"])
    host, port = served_by.bootstrap.split(",")[0].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        served = _api_versions(sock)
        # Kafka 4 lists Produce from v0 (KAFKA-18659) but serves Fetch from v4, ListOffsets from v1, ...
        assert served[0] == (0, 11)
        assert served[1][0] == 4 and served[2][0] == 1 and served[8][0] == 2 and served[9][0] == 1
        assert _exchange(sock, _request(0, 2, _produce_v2(b"k4"))) is None, "Kafka 4 closes the connection"
    served_by.stop()
    assert served_by.proc.stderr is not None
    lines = [line for line in served_by.proc.stderr.read().splitlines() if "Produce v2" in line]
    assert len(lines) == 1 and "'old-client'" in lines[0] and "served: v3-v11" in lines[0], lines


def test_an_old_admin_client_creates_describes_and_deletes_topics(cluster_factory: Any, tmp_path: Path) -> None:
    from kafka import KafkaAdminClient
    from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

    running: RunningCluster = cluster_factory(brokers=1)
    log_file = tmp_path / "protocol.jsonl"
    running.call(lambda: running.cluster.xray.open_log(str(log_file)))
    old = KafkaAdminClient(bootstrap_servers=running.bootstrap_servers, api_version=(0, 10, 1))
    try:
        created = old.create_topics([NewTopic("from-0-10", 2, 1, topic_configs={"retention.ms": "60000"})])
        assert [(t["name"], t["error_code"]) for t in created["topics"]] == [("from-0-10", 0)]
    finally:
        old.close()
    newer = KafkaAdminClient(bootstrap_servers=running.bootstrap_servers, api_version=(0, 11))
    try:
        described = newer.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "from-0-10")])
        retention = described["topic"]["from-0-10"]["retention.ms"]
        assert (retention["value"], retention["is_default"]) == ("60000", False)
    finally:
        newer.close()
    old = KafkaAdminClient(bootstrap_servers=running.bootstrap_servers, api_version=(0, 10, 1))
    try:
        deleted = old.delete_topics(["from-0-10"])
        assert [(t["name"], t["error_code"]) for t in deleted["topics"]] == [("from-0-10", 0)]
    finally:
        old.close()
    assert {("CreateTopics", 0), ("DescribeConfigs", 0), ("DeleteTopics", 0)} <= _versions(log_file)


@pytest.mark.parametrize("compression", ["lz4", "zstd"])
def test_compressed_records_cross_the_format_change_both_ways(cluster_factory: Any, compression: str) -> None:
    """An old producer's gzip-compressed message set (a wrapper message) is up-converted; a modern
    producer's compressed v2 batch is down-converted for an old consumer (Fetch v2, magic 1).
    (kafka-python here has only gzip of its own.)"""
    from confluent_kafka import Producer

    running: RunningCluster = cluster_factory(brokers=1)
    bootstrap = running.bootstrap_servers
    old = KafkaProducer(bootstrap_servers=bootstrap, api_version=(0, 10), compression_type="gzip",
                        linger_ms=50)
    futures = [old.send("mixed", key=k, value=v, partition=0) for k, v in RECORDS[:10]]
    old.flush()
    assert [f.get(timeout=10).offset for f in futures] == list(range(10))
    old.close()
    modern = Producer({"bootstrap.servers": bootstrap, "compression.type": compression, "linger.ms": 50, **QUIET})
    for k, v in RECORDS[10:]:
        modern.produce("mixed", key=k, value=v, partition=0, headers=[("h", b"dropped for magic 1")])
    assert modern.flush(15) == 0

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version=(0, 10), auto_offset_reset="earliest",
                             consumer_timeout_ms=20_000)
    consumer.assign([TopicPartition("mixed", 0)])
    read = []
    for message in consumer:
        read.append((message.offset, message.key, message.value))
        if len(read) == len(RECORDS):
            break
    consumer.close()
    assert read == [(i, k, v) for i, (k, v) in enumerate(RECORDS)]
