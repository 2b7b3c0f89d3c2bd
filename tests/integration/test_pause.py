"""A paused broker stops everything, like a SIGSTOPped JVM (issue 9, item 2).

``pause N`` freezes broker N: it answers nothing, sends no heartbeat, its replica fetchers stop,
its group-coordinator timers and its housekeeping stand still. Its partners see what they would see
of a hung Kafka broker: an acks=all produce that needs the paused follower is not acknowledged
until the leader drops the follower from the ISR (after ``replica.lag.time.max.ms``); then it is
acknowledged by the smaller ISR — or fails with NOT_ENOUGH_REPLICAS_AFTER_APPEND when that ISR is
below ``min.insync.replicas``. On resume everything carries on: timers that fell due fire, the
fetcher catches up and the follower rejoins the ISR.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from confluent_kafka import KafkaError, Producer

from engine.observe import PartitionImage, events
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic
from tests.integration.test_groups_protocol import JOIN_GROUP, Client, coordinator_of, join_body, run

pytestmark = pytest.mark.timeout(60)

LAG_MS = 2000
# the paused broker is not fenced by the controller during these tests: only the ISR expiration
# (replica.lag.time.max.ms) on the leaders reacts to its silence
PAUSE = {"replica.lag.time.max.ms": str(LAG_MS), "broker.session.timeout.ms": "30000",
         "group.min.session.timeout.ms": "500"}


def _partition(cluster: RunningCluster, topic: str, index: int = 0) -> PartitionImage:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return image.topic(topic).partitions[index]  # type: ignore[union-attr, no-any-return]


def _leo(p: PartitionImage, broker_id: int) -> int:
    return next(r.log_end_offset for r in p.replica_states if r.broker_id == broker_id)


def _events(cluster: RunningCluster, kind: type[events.EngineEvent]) -> list[Any]:
    return [e for e in list(cluster.cluster.bus.history) if isinstance(e, kind)]


def _shrunk_without(cluster: RunningCluster, topic: str, broker_id: int) -> list[events.IsrShrunk]:
    return [e for e in _events(cluster, events.IsrShrunk)
            if e.topic == topic and broker_id in e.old_isr and broker_id not in e.new_isr]


class _OneRecord:
    """One acks=all record sent by confluent-kafka; the test polls for its delivery report."""

    def __init__(self, bootstrap: str, topic: str, **conf: object) -> None:
        self.producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0, "log_level": 2,
                                  **conf})
        self.error: KafkaError | None = None
        self.done_ms = -1
        self.producer.produce(topic, value=b"needs every in-sync replica", partition=0, on_delivery=self._done)

    def _done(self, err: KafkaError | None, _msg: object) -> None:
        self.error, self.done_ms = err, int(time.time() * 1000)

    def delivered(self) -> bool:
        self.producer.poll(0.05)
        if self.done_ms >= 0:
            self.producer.flush(0)
        return self.done_ms >= 0


def _setup(cluster: RunningCluster, topic: str, rf: int, min_isr: int) -> tuple[int, int]:
    """An RF ``rf`` topic with some records, every replica in sync: (leader, follower to pause)."""
    create_topic(cluster.bootstrap, topic, partitions=1, rf=rf, config={"min.insync.replicas": str(min_isr)})
    warmup = _OneRecord(cluster.bootstrap_servers, topic)
    wait_for(warmup.delivered, 15, "the first record")
    assert warmup.error is None, warmup.error
    p = _partition(cluster, topic)
    wait_for(lambda: len(_partition(cluster, topic).isr) == rf, 15, "every replica in the ISR")
    return p.leader, next(r for r in p.replicas if r != p.leader)


def test_acks_all_waits_for_the_paused_follower_until_the_isr_shrinks(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=PAUSE)
    topic = "paused-follower"
    leader, follower = _setup(cluster, topic, rf=3, min_isr=2)
    before = _partition(cluster, topic)
    paused_at = int(time.time() * 1000)
    cluster.call(lambda: cluster.cluster.brokers[follower].pause())

    record = _OneRecord(cluster.bootstrap_servers, topic)
    wait_for(lambda: _leo(_partition(cluster, topic), leader) == _leo(before, leader) + 1, 10, "the leader to append")
    wait_for(record.delivered, 15, "the acks=all produce to be acknowledged")
    assert record.error is None, record.error
    shrunk = _shrunk_without(cluster, topic, follower)
    assert shrunk, "acknowledged while the paused follower was still in the ISR"
    assert record.done_ms >= shrunk[0].time_ms  # not before the ISR shrank …
    assert shrunk[0].time_ms - paused_at >= LAG_MS * 0.9  # … which took replica.lag.time.max.ms
    assert shrunk[0].new_isr == tuple(r for r in before.isr if r != follower)
    during = _partition(cluster, topic)
    assert _leo(during, follower) == _leo(before, follower)  # its fetcher did not move while paused
    assert _leo(during, leader) == _leo(before, leader) + 1

    cluster.call(lambda: cluster.cluster.brokers[follower].resume())
    wait_for(lambda: follower in _partition(cluster, topic).isr, 15, "the resumed follower to rejoin the ISR")
    after = _partition(cluster, topic)
    assert _leo(after, follower) == _leo(after, leader)


def test_acks_all_fails_once_the_isr_falls_below_min_insync(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=PAUSE)
    topic = "paused-min-isr"
    leader, follower = _setup(cluster, topic, rf=2, min_isr=2)
    before = _partition(cluster, topic)
    cluster.call(lambda: cluster.cluster.brokers[follower].pause())

    record = _OneRecord(cluster.bootstrap_servers, topic, retries=0, **{"enable.idempotence": False})
    wait_for(record.delivered, 15, "the acks=all produce to be answered")
    shrunk = _shrunk_without(cluster, topic, follower)
    assert shrunk and shrunk[0].new_isr == (leader,)
    assert record.done_ms >= shrunk[0].time_ms
    assert record.error is not None and record.error.name() == "NOT_ENOUGH_REPLICAS_AFTER_APPEND", record.error
    assert _leo(_partition(cluster, topic), follower) == _leo(before, follower)

    refused = _OneRecord(cluster.bootstrap_servers, topic, retries=0, **{"enable.idempotence": False})
    wait_for(refused.delivered, 15, "a produce to the too-small ISR")
    assert refused.error is not None and refused.error.name() == "NOT_ENOUGH_REPLICAS", refused.error

    cluster.call(lambda: cluster.cluster.brokers[follower].resume())
    wait_for(lambda: follower in _partition(cluster, topic).isr, 15, "the resumed follower to rejoin the ISR")
    accepted = _OneRecord(cluster.bootstrap_servers, topic)
    wait_for(accepted.delivered, 15, "a produce after the resume")
    assert accepted.error is None, accepted.error


def test_a_paused_coordinator_expires_no_member_until_it_resumes(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(config=PAUSE)
    group = "frozen-coordinator"
    node = coordinator_of(cluster, group)
    create_topic(cluster.bootstrap, "followed", partitions=3, rf=3)  # the paused broker follows two of them
    wait_for(lambda: all(len(p.isr) == 3 for p in take_snapshot(cluster.cluster).topic("followed").partitions),  # type: ignore[union-attr]
             15, "every replica in the ISR")

    async def join() -> Any:
        c = Client(cluster, node)
        try:
            first = await c(JOIN_GROUP, 5, join_body(group, session_ms=500))
            return await c(JOIN_GROUP, 5, join_body(group, first.member_id, session_ms=500))
        finally:
            await c.close()
    joined = run(cluster, join)
    assert joined.error_code.value == 0
    cluster.call(lambda: cluster.cluster.brokers[node].pause())

    def expired() -> list[events.MemberExpired]:
        return [e for e in _events(cluster, events.MemberExpired) if e.member_id == joined.member_id]
    # the member's session (500 ms) is long over when the leaders drop the silent broker from the ISR
    wait_for(lambda: _shrunk_without(cluster, "followed", node), 15, "the ISR to shrink without the paused broker")
    assert not expired(), "the paused coordinator's session timer fired"

    cluster.call(lambda: cluster.cluster.brokers[node].resume())
    resumed = [e for e in _events(cluster, events.BrokerResumed) if e.broker_id == node][-1]
    found = wait_for(expired, 10, "the overdue session timer to fire after the resume")
    assert found[0].time_ms >= resumed.time_ms  # type: ignore[index]
