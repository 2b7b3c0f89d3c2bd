"""Replication and failover with real clients: new leader from the ISR, the producer continues,
the old leader comes back, catches up, rejoins the ISR and leadership returns to it; acks=all
fails cleanly with NOT_ENOUGH_REPLICAS when the ISR is too small."""

from __future__ import annotations

import pytest
from kafka import KafkaProducer
from kafka.errors import NotEnoughReplicasError

from engine.observe import PartitionImage
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import admin, consume_confluent, create_topic
from tests.integration.producer_thread import AckingProducer

FAST = {"broker.session.timeout.ms": "1500", "broker.heartbeat.interval.ms": "200",
        "replica.lag.time.max.ms": "3000", "leader.imbalance.check.interval.seconds": "1"}


def partition(cluster: RunningCluster, topic: str, index: int = 0) -> PartitionImage:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return image.topic(topic).partitions[index]  # type: ignore[union-attr, no-any-return]


def assert_exactly_once_in_order(acked: list[int], values: list[int], keys: int) -> None:
    assert len(values) == len(set(values)), "duplicates in the log"
    missing = set(acked) - set(values)
    assert not missing, f"{len(missing)} acknowledged records lost, e.g. {sorted(missing)[:5]}"
    for k in range(keys):  # one key = one partition: its values must be increasing
        per_key = [v for v in values if v % keys == k]
        assert per_key == sorted(per_key)


def test_leader_failover_while_producing(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST)
    create_topic(cluster.bootstrap, "fo", partitions=1, rf=3, config={"min.insync.replicas": "2"})
    before = partition(cluster, "fo")
    old_leader = before.leader
    assert old_leader == before.preferred_leader
    producer = AckingProducer(cluster.bootstrap, "fo", keys=1, rate_per_s=1000)
    producer.start()
    try:
        wait_for(lambda: producer.acked_count() >= 300, 20, "records acked before the kill")
        cluster.engine.run(cluster.cluster.kill_broker(old_leader))
        after = partition(cluster, "fo")
        assert after.leader in before.isr and after.leader != old_leader
        assert after.leader_epoch == before.leader_epoch + 1
        assert old_leader not in after.isr
        acked_at_kill = producer.acked_count()
        wait_for(lambda: producer.acked_count() >= acked_at_kill + 300, 30, "the producer to continue")

        cluster.engine.run(cluster.cluster.start_broker(old_leader))
        wait_for(lambda: old_leader in partition(cluster, "fo").isr, 20, "the old leader to rejoin the ISR")
        wait_for(lambda: partition(cluster, "fo").leader == old_leader, 20,
                 "auto.leader.rebalance to restore the preferred leader")
        acked_now = producer.acked_count()
        wait_for(lambda: producer.acked_count() >= acked_now + 100, 30, "the producer to continue after the move")
    finally:
        producer.stop()
    assert not producer.errors, producer.errors[:5]
    hw = next(r for r in partition(cluster, "fo").replica_states if r.is_leader).high_watermark
    values = [int(v or b"-1") for *_x, v in consume_confluent(cluster.bootstrap, "fo", hw, timeout=20)]
    assert_exactly_once_in_order(producer.acked, values, keys=1)


def test_not_enough_replicas_then_recovery(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST)
    create_topic(cluster.bootstrap, "nr", partitions=1, rf=3, config={"min.insync.replicas": "2"})
    p = partition(cluster, "nr")
    followers = [r for r in p.replicas if r != p.leader]
    for b in followers:
        cluster.engine.run(cluster.cluster.kill_broker(b))
    assert partition(cluster, "nr").isr == (p.leader,)
    kp = KafkaProducer(bootstrap_servers=cluster.bootstrap_servers, acks="all", retries=0)
    with pytest.raises(NotEnoughReplicasError):
        kp.send("nr", value=b"refused").get(timeout=10)
    cluster.engine.run(cluster.cluster.start_broker(followers[0]))
    wait_for(lambda: len(partition(cluster, "nr").isr) == 2, 20, "the ISR to grow back to 2")
    assert kp.send("nr", value=b"accepted").get(timeout=10).offset == 0
    kp.close()
    values = [v for *_x, v in consume_confluent(cluster.bootstrap_servers, "nr", 1, timeout=10)]
    assert values == [b"accepted"]


def test_replication_factor_above_live_brokers(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    from confluent_kafka import KafkaException
    from confluent_kafka.admin import NewTopic

    cluster = cluster_factory(config=FAST)
    cluster.engine.run(cluster.cluster.kill_broker(2))
    client = admin(cluster.bootstrap)
    with pytest.raises(KafkaException) as e:
        client.create_topics([NewTopic("rf3", 1, 3)])["rf3"].result(10)
    assert e.value.args[0].name() == "INVALID_REPLICATION_FACTOR"
    assert "larger than available brokers: 2" in e.value.args[0].str()
