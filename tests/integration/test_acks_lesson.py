"""The durability lesson of the notes' chapter 3, with real data: what acks=0/1/all lose when the
leader dies before its followers copied the record (replication in slow motion)."""

from __future__ import annotations

from confluent_kafka import Producer
from kafka import KafkaProducer

from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import consume_confluent, create_topic, produce_confluent

SLOW_MS = 4000
FAST_FAILOVER = {"broker.session.timeout.ms": "2000", "broker.heartbeat.interval.ms": "200"}


def _partition(cluster: RunningCluster, topic: str):  # type: ignore[no-untyped-def]
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return image.topic(topic).partitions[0]  # type: ignore[union-attr]


def _followers_caught_up(cluster: RunningCluster, topic: str) -> bool:
    """Every replica has the same log end, and the leader's high watermark reached it."""
    p = _partition(cluster, topic)
    leo = {r.broker_id: r.log_end_offset for r in p.replica_states}
    leader = next((r for r in p.replica_states if r.is_leader), None)
    return len(set(leo.values())) == 1 and leader is not None and leader.high_watermark == leader.log_end_offset


def _setup(cluster: RunningCluster, topic: str, min_isr: str) -> int:
    create_topic(cluster.bootstrap, topic, partitions=1, rf=3, config={"min.insync.replicas": min_isr})
    produce_confluent(cluster.bootstrap, topic, [(None, b"before")], acks="all")
    wait_for(lambda: _followers_caught_up(cluster, topic), 10, "followers to catch up")
    cluster.engine.call(lambda: cluster.cluster.set_replication_delay(SLOW_MS))
    return int(_partition(cluster, topic).leader)


def _kill_leader_and_recover(cluster: RunningCluster, topic: str, leader: int) -> None:
    cluster.engine.run(cluster.cluster.kill_broker(leader))
    cluster.engine.call(lambda: cluster.cluster.set_replication_delay(0))
    wait_for(lambda: _partition(cluster, topic).leader not in (-1, leader), 10, "a new leader")
    cluster.engine.run(cluster.cluster.start_broker(leader))
    wait_for(lambda: len(_partition(cluster, topic).isr) == 3 and _followers_caught_up(cluster, topic), 20,
             "the old leader to truncate, catch up and rejoin the ISR")


def _values(cluster: RunningCluster, topic: str) -> list[bytes | None]:
    p = _partition(cluster, topic)
    end = next(r for r in p.replica_states if r.is_leader).high_watermark
    return [v for *_x, v in consume_confluent(cluster.bootstrap, topic, end, timeout=10)]


def test_acks_1_record_is_lost_when_the_leader_dies_before_followers_copy_it(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST_FAILOVER)
    leader = _setup(cluster, "acks1", min_isr="1")
    placed = produce_confluent(cluster.bootstrap, "acks1", [(None, b"acked-by-leader-only")], acks="1")
    assert placed == [(0, 1)]  # the producer was told: stored at offset 1
    p = _partition(cluster, "acks1")
    assert {r.broker_id: r.log_end_offset for r in p.replica_states}[leader] == 2
    assert all(r.log_end_offset == 1 for r in p.replica_states if r.broker_id != leader)
    _kill_leader_and_recover(cluster, "acks1", leader)
    assert _values(cluster, "acks1") == [b"before"]  # ... and yet it is gone, on every replica


def test_acks_all_with_min_insync_2_never_loses_an_acked_record(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST_FAILOVER)
    leader = _setup(cluster, "acksall", min_isr="2")
    placed = produce_confluent(cluster.bootstrap, "acksall", [(None, b"acked-by-isr")], acks="all")
    assert placed == [(0, 1)]  # answered only once the followers had it
    _kill_leader_and_recover(cluster, "acksall", leader)
    assert _values(cluster, "acksall") == [b"before", b"acked-by-isr"]


def test_acks_0_the_producer_cannot_know(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST_FAILOVER)
    leader = _setup(cluster, "acks0", min_isr="1")
    reports: list[tuple[object, int | None]] = []
    p = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "0", "log_level": 3})
    p.produce("acks0", value=b"fire-and-forget", on_delivery=lambda err, msg: reports.append((err, msg.offset())))
    assert p.flush(10) == 0
    assert reports and reports[0][0] is None  # "delivered", with no offset: nobody answered
    assert reports[0][1] is None or reports[0][1] < 0
    wait_for(lambda: {r.broker_id: r.log_end_offset for r in _partition(cluster, "acks0").replica_states}[leader] == 2,
             10, "the leader to append the acks=0 record")
    _kill_leader_and_recover(cluster, "acks0", leader)
    assert _values(cluster, "acks0") == [b"before"]


def test_kafka_python_acks_1_loses_and_acks_all_keeps(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST_FAILOVER)
    leader = _setup(cluster, "kp", min_isr="2")
    kp = KafkaProducer(bootstrap_servers=cluster.bootstrap, acks=1)
    md = kp.send("kp", value=b"acks1").get(timeout=10)
    assert md.offset == 1
    kp.close()
    _kill_leader_and_recover(cluster, "kp", leader)
    assert _values(cluster, "kp") == [b"before"]

    leader = int(_partition(cluster, "kp").leader)
    cluster.engine.call(lambda: cluster.cluster.set_replication_delay(SLOW_MS))
    kp = KafkaProducer(bootstrap_servers=cluster.bootstrap, acks="all")
    md = kp.send("kp", value=b"acks-all").get(timeout=20)
    kp.close()
    _kill_leader_and_recover(cluster, "kp", leader)
    assert _values(cluster, "kp") == [b"before", b"acks-all"]
