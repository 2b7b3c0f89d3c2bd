"""Chaos: 20 random kill / pause / restart cycles under an idempotent acks=all producer.
Nothing acknowledged may be lost, nothing may be duplicated, order per partition holds."""

from __future__ import annotations

import random

from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import consume_confluent, create_topic
from tests.integration.producer_thread import AckingProducer
from tests.integration.test_failover import FAST, assert_exactly_once_in_order

CYCLES = 20
KEYS = 3


def _all_led_and_in_sync(cluster: RunningCluster, topic: str) -> bool:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    t = image.topic(topic)  # type: ignore[attr-defined]
    return t is not None and all(p.leader >= 0 and len(p.isr) == 3 for p in t.partitions)


def _leads_nothing(cluster: RunningCluster, topic: str, broker: int) -> bool:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return all(p.leader != broker for p in image.topic(topic).partitions)  # type: ignore[attr-defined]


def run_cycles(cluster: RunningCluster, producer: AckingProducer, rng: random.Random) -> list[str]:
    """CYCLES seeded kill/pause cycles on the topic "chaos", each waiting for recovery and progress; the
    actions done (the diagnostic copy in test_chaos_diagnose.py runs the same cycles)."""
    actions: list[str] = []
    engine, c = cluster.engine, cluster.cluster
    for _cycle in range(CYCLES):
        victim = rng.randrange(3)
        action = rng.choice(["kill", "kill", "pause"])
        acked = producer.acked_count()
        if action == "kill":
            engine.run(c.kill_broker(victim))
            wait_for(lambda a=acked: producer.acked_count() >= a + 200, 30,  # type: ignore[misc]
                     f"progress after kill {victim}")
            engine.run(c.start_broker(victim))
        else:
            # a hung broker keeps its connections open: clients wait for their requests to time
            # out, so the test waits for the controller to fence it, then lets it resume
            engine.call(lambda v=victim: c.brokers[v].pause())
            wait_for(lambda v=victim: _leads_nothing(cluster, "chaos", v), 30,  # type: ignore[misc]
                     f"broker {victim} to be fenced")
            engine.call(lambda v=victim: c.brokers[v].resume())
        wait_for(lambda: _all_led_and_in_sync(cluster, "chaos"), 30, f"recovery after {action} {victim}")
        acked = producer.acked_count()
        wait_for(lambda a=acked: producer.acked_count() >= a + 200, 60,  # type: ignore[misc]
                 f"progress after {action} {victim}")
        actions.append(f"{action} {victim}")
    return actions


def log_end(cluster: RunningCluster, topic: str) -> int:
    """The records of ``topic`` below the leaders' high watermarks (what a consumer reads)."""
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return sum(next(r for r in p.replica_states if r.is_leader).high_watermark
               for p in image.topic(topic).partitions)  # type: ignore[union-attr]


def test_chaos_no_acked_record_lost_or_duplicated(cluster_factory, capsys) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=FAST)
    create_topic(cluster.bootstrap, "chaos", partitions=KEYS, rf=3, config={"min.insync.replicas": "2"})
    rng = random.Random(20261125)
    # a paused (hung) leader holds in-flight requests until request.timeout.ms, as in Kafka
    producer = AckingProducer(cluster.bootstrap_servers, "chaos", keys=KEYS, rate_per_s=1500,
                              **{"request.timeout.ms": 3000, "socket.timeout.ms": 5000})
    producer.start()
    try:
        actions = run_cycles(cluster, producer, rng)
    finally:
        producer.stop()
    end = log_end(cluster, "chaos")
    values = [int(v or b"-1") for *_x, v in consume_confluent(cluster.bootstrap_servers, "chaos", end, timeout=30)]
    lost = set(producer.acked) - set(values)
    dups = len(values) - len(set(values))
    with capsys.disabled():
        print(f"\nchaos: {len(actions)} cycles ({', '.join(actions)}); sent {producer.sent}, "
              f"acked {len(producer.acked)}, in log {len(values)}, lost {len(lost)}, duplicates {dups}, "
              f"producer errors {len(producer.errors)}")
    assert len(actions) == CYCLES
    assert not producer.errors, producer.errors[:5]
    assert_exactly_once_in_order(producer.acked, values, KEYS)
