"""Shared helpers of the consumer-group tests (this module holds no tests): topics, producing,
consumers of both client libraries tuned to notice rebalances quickly, views of the group state."""

from __future__ import annotations

import concurrent.futures
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pytest
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer
from kafka.structs import OffsetAndMetadata
from kafka.structs import TopicPartition as KTopicPartition

from engine.observe import GroupImage
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for

FAST_GROUP = {"heartbeat.interval.ms": 100, "session.timeout.ms": 6000}
# kafka-python 3.0 can lose a rebalance that completes right when a short poll() times out (the
# join "succeeds" but the assignment is never applied), so its polls here are long; a poll returns
# as soon as records arrive anyway.
KP_POLL_MS = 1000


def create_topic(bootstrap: str, name: str, partitions: int = 2, rf: int = 1) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, partitions, rf)])[name].result(15)

    def ready() -> bool:
        md = admin.list_topics(name, timeout=5).topics.get(name)
        return md is not None and md.error is None and len(md.partitions) == partitions and \
            all(p.leader >= 0 for p in md.partitions.values())
    wait_for(ready, 15, f"leaders of {name}")


def produce(bootstrap: str, topic: str, values: Sequence[bytes], partition: int | None = None,
            timestamps: Sequence[int] | None = None) -> None:
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
    for i, v in enumerate(values):
        kwargs: dict[str, Any] = {"value": v}
        if partition is not None:
            kwargs["partition"] = partition
        if timestamps is not None:
            kwargs["timestamp"] = timestamps[i]
        p.produce(topic, **kwargs)
    assert p.flush(15) == 0, "records not delivered"


def confluent_consumer(bootstrap: str, group: str, **overrides: Any) -> Consumer:
    conf: dict[str, Any] = {"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                            "enable.auto.commit": False, "fetch.wait.max.ms": 50, **FAST_GROUP}
    conf.update(overrides)
    return Consumer(conf)


def kafka_python_consumer(bootstrap: str, group: str, topics: Iterable[str], **overrides: Any) -> KafkaConsumer:
    conf: dict[str, Any] = dict(bootstrap_servers=bootstrap.split(","), group_id=group, auto_offset_reset="earliest",
                                enable_auto_commit=False, heartbeat_interval_ms=100, session_timeout_ms=6000,
                                fetch_max_wait_ms=50)
    conf.update(overrides)
    return KafkaConsumer(*topics, **conf)


class Poller:
    """One consumer polled continuously in its own thread, as an application runs it.

    kafka-python's consumer must be polled with timeouts long enough for a JoinGroup to finish
    inside one ``poll`` (see ``KP_POLL_MS``), and it is not thread-safe: only this thread touches
    the consumer, including ``close``."""

    def __init__(self, consumer: Any) -> None:
        self.consumer = consumer
        self.assignment: set[tuple[str, int]] = set()
        self.records: list[tuple[int, int, bytes]] = []
        self._stop = threading.Event()
        self._commits: queue.Queue[tuple[dict[tuple[str, int], int], concurrent.futures.Future[None]]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="test-consumer", daemon=True)
        self._thread.start()

    def commit(self, topic: str, offsets: dict[int, int], timeout: float = 15.0) -> None:
        """Commit from the consumer's own thread (a synchronous commit from another thread can
        block forever in librdkafka while the consumer is being polled)."""
        done: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._commits.put(({(topic, p): o for p, o in offsets.items()}, done))
        done.result(timeout)

    def _commit_pending(self) -> None:
        while not self._commits.empty():
            offsets, done = self._commits.get()
            try:
                if isinstance(self.consumer, KafkaConsumer):
                    self.consumer.commit({KTopicPartition(t, p): OffsetAndMetadata(o, "", -1)
                                          for (t, p), o in offsets.items()})
                else:
                    self.consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in offsets.items()],
                                         asynchronous=False)
                done.set_result(None)
            except Exception as e:  # noqa: BLE001 - handed to the waiting test
                done.set_exception(e)

    def _run(self) -> None:
        c = self.consumer
        try:
            while not self._stop.is_set():
                self._commit_pending()
                if isinstance(c, KafkaConsumer):
                    for batch in c.poll(timeout_ms=KP_POLL_MS).values():
                        self.records.extend((r.partition, r.offset, r.value) for r in batch)
                else:
                    m = c.poll(0.1)
                    if m is not None and m.error() is None:
                        self.records.append((m.partition(), m.offset(), m.value()))
                self.assignment = assignment_of(c)
        finally:
            c.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)
        assert not self._thread.is_alive(), "consumer thread did not stop"


class Closer:
    """Closes every consumer/poller a test opened, even when the test fails (a leaked librdkafka
    consumer keeps reconnecting to the stopped cluster and floods the output)."""

    def __init__(self) -> None:
        self._items: list[Any] = []

    def __call__(self, item: Any) -> Any:
        self._items.append(item)
        return item

    def close_all(self) -> None:
        for item in reversed(self._items):
            try:
                if isinstance(item, Poller):
                    item.stop()
                else:
                    item.close()
            except Exception:  # noqa: BLE001 - closing twice, or a consumer already closed
                pass
        self._items.clear()


@pytest.fixture
def closer() -> Iterator[Closer]:
    c = Closer()
    yield c
    c.close_all()


def assignment_of(consumer: Any) -> set[tuple[str, int]]:
    """(topic, partition) currently assigned to either kind of consumer."""
    return {(tp.topic, tp.partition) for tp in consumer.assignment()}


def pump(consumers: Iterable[Any]) -> None:
    """Give every consumer a chance to run its group protocol (both libraries rejoin from poll)."""
    for c in consumers:
        if isinstance(c, KafkaConsumer):
            c.poll(timeout_ms=20)
        else:
            c.poll(0.02)


def consume(consumer: Any, count: int, timeout: float = 15.0) -> list[tuple[int, int, bytes]]:
    """Poll until ``count`` records arrived: (partition, offset, value) in arrival order."""
    got: list[tuple[int, int, bytes]] = []
    deadline = time.monotonic() + timeout
    while len(got) < count:
        assert time.monotonic() < deadline, f"got {len(got)} of {count} records: {got}"
        if isinstance(consumer, KafkaConsumer):
            for records in consumer.poll(timeout_ms=KP_POLL_MS).values():
                got.extend((r.partition, r.offset, r.value) for r in records)
        else:
            m = consumer.poll(0.1)
            if m is not None and m.error() is None:
                got.append((m.partition(), m.offset(), m.value()))
    return got


def group_image(running: RunningCluster, group_id: str) -> GroupImage | None:
    image = running.engine.call(lambda: take_snapshot(running.cluster))
    return image.group(group_id)


def high_watermark_lookup(running: RunningCluster) -> Callable[[str, int], int]:
    """The cluster-level view of a partition's high watermark (call on the engine loop)."""
    cluster = running.cluster

    def hw(topic: str, partition: int) -> int:
        reg = cluster.controller.image.partition(topic, partition)
        broker = cluster.brokers.get(reg.leader) if reg is not None else None
        part = broker.replica_manager.partitions.get((topic, partition)) if broker is not None else None
        return part.high_watermark if part is not None else -1
    return hw


def groups_with_lag(running: RunningCluster) -> dict[str, GroupImage]:
    lookup = high_watermark_lookup(running)

    def collect() -> dict[str, GroupImage]:
        out: dict[str, GroupImage] = {}
        for b in running.cluster.brokers.values():
            if b.state == "running":
                out.update({g.group_id: g for g in b.group_coordinator.snapshot_groups(lookup)})
        return out
    return running.engine.call(collect)


def committed(bootstrap: str, group: str) -> dict[tuple[str, int], int]:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    result = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group].result(15)
    return {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions if tp.offset >= 0}


def commit_confluent(consumer: Consumer, topic: str, offsets: dict[int, int]) -> None:
    consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in offsets.items()], asynchronous=False)
