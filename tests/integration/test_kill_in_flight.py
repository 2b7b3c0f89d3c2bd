"""A broker killed with requests in flight (a consumer's long-polling Fetch, a group's FindCoordinator and
JoinGroup, an acks=all Produce waiting for followers) drops them cleanly: no "coroutine … was never
awaited" RuntimeWarning from the engine (the engine runs in this process, its warnings are caught here)."""

from __future__ import annotations

import gc
import threading
import warnings

from confluent_kafka import Consumer

from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic
from tests.integration.producer_thread import AckingProducer

FAST = {"broker.session.timeout.ms": "1500", "broker.heartbeat.interval.ms": "200",
        "replica.lag.time.max.ms": "3000", "leader.imbalance.check.interval.seconds": "1"}
KILLS = 3


class GroupConsumer(threading.Thread):
    """A subscribed consumer polling until stopped (its fetches long-poll at the leaders)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        super().__init__(daemon=True, name="kill-in-flight-consumer")
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "in-flight", "log_level": 2,
                                  "auto.offset.reset": "earliest", "fetch.wait.max.ms": 500,
                                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
        self.consumer.subscribe([topic])
        self.received = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            m = self.consumer.poll(0.1)
            if m is not None and m.error() is None:
                self.received += 1
        self.consumer.close()

    def stop(self) -> None:
        self._halt.set()
        self.join(60)


def leader_of(cluster: RunningCluster, topic: str, index: int) -> int:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return image.topic(topic).partitions[index].leader  # type: ignore[union-attr, no-any-return]


def test_killing_leaders_under_load_leaves_no_coroutine_unawaited(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cluster = cluster_factory(config=FAST)
        create_topic(cluster.bootstrap, "load", partitions=3, rf=3, config={"min.insync.replicas": "2"})
        producer = AckingProducer(cluster.bootstrap_servers, "load", rate_per_s=1000)
        consumer = GroupConsumer(cluster.bootstrap_servers, "load")
        producer.start()
        consumer.start()
        try:
            for kill in range(KILLS):
                enough = 100 * (kill + 1)
                wait_for(lambda: consumer.received > enough, 60, "records consumed")  # noqa: B023
                victim = leader_of(cluster, "load", kill % 3)
                cluster.engine.run(cluster.cluster.kill_broker(victim))
                moved = lambda: leader_of(cluster, "load", kill % 3) not in (victim, -1)  # noqa: B023, E731
                wait_for(moved, 30, "a new leader")
                cluster.engine.run(cluster.cluster.start_broker(victim))
                cluster.engine.call(gc.collect)  # dropped requests' coroutines are finalized now
            acked = producer.acked_count()
            wait_for(lambda: consumer.received >= acked, 60, "the consumer to catch up")
        finally:
            producer.stop()
            consumer.stop()
        cluster.engine.call(gc.collect)
        gc.collect()
    unawaited = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)
                 and "never awaited" in str(w.message)]
    assert not unawaited, "\n".join(unawaited)
