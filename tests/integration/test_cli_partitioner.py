"""``kafkalab console-producer`` partitions exactly like Apache Kafka's console producer (issue 9, item 3).

The Java client puts a keyed record on ``toPositive(murmur2(key)) % partitions`` and sticks
records without a key to one partition for about ``batch.size`` bytes (KIP-794). The CLI runs as
a real process; where each record landed is read back from the broker and compared with the
choice kafka-python's own (Java-compatible) partitioner makes for the same key, with
``clients.partitioners``, and with librdkafka's ``murmur2_random``. The issue's example: key
``user2`` on 5 partitions is partition 4 (librdkafka's default CRC32 partitioner says 0).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

import pytest
from kafka import KafkaProducer

from clients.partitioners import JavaStickyPartitioner, partition_for_key, record_size
from tests.conftest import ROOT, RunningCluster
from tests.integration.clients import consume_confluent, create_topic, produce_confluent

pytestmark = pytest.mark.timeout(90)

KEYS = ["user2", *(f"user-{i}" for i in range(40)), "", "ключ", "order#17"]


def console_producer(bootstrap: str, topic: str, lines: Iterable[str], *args: str) -> None:
    """``kafkalab console-producer`` as a user runs it: lines on stdin, a real child process."""
    run = subprocess.run([sys.executable, "-m", "kafkalab", "console-producer", "--bootstrap-server", bootstrap,
                          "--topic", topic, *args], input="".join(f"{line}\n" for line in lines).encode(),
                         capture_output=True, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr.decode()


def placed(bootstrap: str, topic: str, count: int) -> list[tuple[int, int, bytes | None, bytes | None]]:
    """Every record of ``topic`` as (partition, offset, key, value), in offset order per partition."""
    records = consume_confluent(bootstrap, topic, count)
    assert len(records) == count
    return sorted(records)


def test_keys_land_where_the_java_client_puts_them(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    for topic in ("cli-keys", "kafka-python-keys"):
        create_topic(bs, topic, partitions=5)
    console_producer(bs, "cli-keys", [f"{k}:value of {k}" for k in KEYS],
                     "--property", "parse.key=true", "--property", "key.separator=:")
    by_cli = {k: p for p, _o, k, _v in placed(bs, "cli-keys", len(KEYS))}

    kp = KafkaProducer(bootstrap_servers=bs)  # its default partitioner is the Java client's
    by_kafka_python = {k.encode(): kp.send("kafka-python-keys", key=k.encode(), value=b"v").get(10).partition
                       for k in KEYS}
    kp.close()
    by_librdkafka = dict(zip((k.encode() for k in KEYS),
                             (p for p, _o in produce_confluent(bs, "kafka-python-keys", [(k.encode(), b"v") for k in KEYS],
                                                               partitioner="murmur2_random")), strict=True))

    assert by_cli[b"user2"] == 4
    for k in KEYS:
        key = k.encode()
        assert by_cli[key] == by_kafka_python[key] == by_librdkafka[key] == partition_for_key(key, 5), k


def test_lines_without_a_key_stick_to_one_partition_for_a_batch(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "cli-unkeyed", partitions=4)
    # a class typing a few lines: far less than batch.size (16 KB), so one partition, as in Java
    console_producer(bs, "cli-unkeyed", [f"line {i}" for i in range(30)])
    assert len({p for p, *_r in placed(bs, "cli-unkeyed", 30)}) == 1

    create_topic(bs, "cli-unkeyed-batches", partitions=4)
    lines = [f"{i:04d}" + "x" * 96 for i in range(300)]  # 30 KB, every record the same size
    batch_size = 1000
    console_producer(bs, "cli-unkeyed-batches", lines, "--batch-size", str(batch_size))
    partition_of = {int((v or b"")[:4]): p for p, _o, _k, v in placed(bs, "cli-unkeyed-batches", 300)}
    in_order = [partition_of[i] for i in range(300)]
    # Java's BuiltInPartitioner moves on once batch.size bytes went to the sticky partition
    stay = -(-batch_size // record_size(None, lines[0].encode()))
    stays = [in_order[i:i + stay] for i in range(0, 300, stay)]
    assert all(len(set(s)) == 1 for s in stays), stays
    assert len(set(in_order)) > 1, "30 KB without keys must not stay on one partition"


def test_sticky_partitioner_moves_on_after_batch_size_bytes() -> None:
    sticky = JavaStickyPartitioner(lambda _t: [(0, 1), (1, 2), (2, -1)], batch_size=250)
    chosen = [sticky.partition("t", None, 100) for _ in range(30)]
    runs = [chosen[i:i + 3] for i in range(0, 30, 3)]
    assert all(len(set(r)) == 1 for r in runs)  # 3 × 100 bytes ≥ 250: then the next partition
    assert set(chosen) <= {0, 1}  # never the partition without a leader
    assert sticky.partition("t", b"key", 100) == -1  # keyed: librdkafka's murmur2_random decides
