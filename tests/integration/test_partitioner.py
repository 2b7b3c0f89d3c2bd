"""Key → partition: murmur2 like the Java client and librdkafka; null keys spread; adding
partitions changes the mapping."""

from __future__ import annotations

from collections import Counter

from confluent_kafka.admin import NewPartitions
from kafka import KafkaProducer

from clients.partitioners import partition_for_key
from tests.conftest import RunningCluster
from tests.integration.clients import admin, consume_confluent, create_topic, produce_confluent

KEYS = [f"user-{i}".encode() for i in range(60)]


def test_keyed_records_land_on_murmur2_partition_with_both_clients(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "keyed", partitions=5)
    # librdkafka's "murmur2_random" is the Java-compatible default partitioner
    placed = produce_confluent(bs, "keyed", [(k, b"c") for k in KEYS], partitioner="murmur2_random")
    for key, (partition, _offset) in zip(KEYS, placed, strict=True):
        assert partition == partition_for_key(key, 5), key
    kp = KafkaProducer(bootstrap_servers=bs)
    for key in KEYS:
        md = kp.send("keyed", key=key, value=b"k").get(timeout=10)
        assert md.partition == partition_for_key(key, 5), key
    kp.close()
    stored = consume_confluent(bs, "keyed", 2 * len(KEYS))
    assert all(p == partition_for_key(k or b"", 5) for p, _o, k, _v in stored)


def test_null_keys_spread_over_all_partitions(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "nullkeys", partitions=4)
    # small batches so the sticky partitioner moves on often
    placed = produce_confluent(bs, "nullkeys", [(None, b"x" * 100) for _ in range(2000)],
                               **{"batch.size": 1000, "linger.ms": 0})
    counts = Counter(p for p, _o in placed)
    assert set(counts) == {0, 1, 2, 3}, counts


def test_adding_partitions_changes_the_key_mapping(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "growing", partitions=2)
    before = produce_confluent(bs, "growing", [(k, b"1") for k in KEYS], partitioner="murmur2_random")
    client = admin(bs)
    fs = client.create_partitions([NewPartitions("growing", 5)])
    fs["growing"].result(10)
    after = produce_confluent(bs, "growing", [(k, b"2") for k in KEYS], partitioner="murmur2_random")
    moved = [k for k, (b, a) in zip(KEYS, zip(before, after, strict=True), strict=True) if b[0] != a[0]]
    assert moved, "some keys must land elsewhere once the topic has more partitions"
    assert all(a[0] == partition_for_key(k, 5) for k, a in zip(KEYS, after, strict=True))
    assert all(b[0] == partition_for_key(k, 2) for k, b in zip(KEYS, before, strict=True))
