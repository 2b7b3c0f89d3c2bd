"""The KIP-848 consumer group protocol (issue 17): confluent-kafka with ``group.protocol=consumer``
(ConsumerGroupHeartbeat, server-side assignment) consumes a topic as a group of two with the
partitions split between them, commits, and the group shows as a consumer-protocol group (ListGroups
type, ConsumerGroupDescribe, the observed group image)."""

from __future__ import annotations

import time
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, create_topic

PARTITIONS = 4
PER_PARTITION = 5


def _consumer(bootstrap: str, group: str, assignor: str) -> Consumer:
    return Consumer({"bootstrap.servers": bootstrap, "group.id": group, "group.protocol": "consumer",
                     "group.remote.assignor": assignor, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False, **QUIET})


def _run_group(cluster: RunningCluster, group: str, assignor: str) -> None:
    topic = f"kip848-{assignor}"
    create_topic(cluster.bootstrap, topic, partitions=PARTITIONS)
    producer = Producer({"bootstrap.servers": cluster.bootstrap, **QUIET})
    for p in range(PARTITIONS):
        for i in range(PER_PARTITION):
            producer.produce(topic, key=f"{p}-{i}".encode(), value=b"v", partition=p)
    assert producer.flush(15) == 0
    consumers = [_consumer(cluster.bootstrap, group, assignor) for _ in range(2)]
    read: list[dict[int, int]] = [{}, {}]
    try:
        for c in consumers:
            c.subscribe([topic])

        def balanced() -> bool:
            for i, c in enumerate(consumers):
                m = c.poll(0.1)
                if m is not None and m.error() is None:
                    read[i][m.partition()] = m.offset() + 1
            owned = [{tp.partition for tp in c.assignment()} for c in consumers]
            return (all(len(o) == PARTITIONS // 2 for o in owned) and not owned[0] & owned[1]
                    and sum(len(r) for r in read) == PARTITIONS
                    and all(v == PER_PARTITION for r in read for v in r.values()))

        wait_for(balanced, timeout=40, what="two consumers sharing the partitions, everything read")
        owned = [{tp.partition for tp in c.assignment()} for c in consumers]
        assert owned[0] | owned[1] == set(range(PARTITIONS))
        for i, c in enumerate(consumers):
            c.commit(offsets=[TopicPartition(topic, p, o) for p, o in read[i].items()], asynchronous=False)
        committed = consumers[0].committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=10)
        assert [tp.offset for tp in committed] == [PER_PARTITION] * PARTITIONS

        admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
        listed = admin.list_consumer_groups().result(15)
        kinds = {g.group_id: g.type.name for g in listed.valid}
        assert kinds.get(group) == "CONSUMER"
        [described] = admin.describe_consumer_groups([group]).values()
        description = described.result(15)
        assert description.type.name == "CONSUMER" and len(description.members) == 2
        assert description.partition_assignor == assignor

        images = cluster.call(lambda: [g for b in cluster.cluster.brokers.values() if b.group_coordinator
                                       for g in b.group_coordinator.snapshot_groups()])
        [image] = [g for g in images if g.group_id == group]
        assert image.group_type == "consumer" and image.protocol == assignor and len(image.members) == 2
    finally:
        for c in consumers:
            c.close()


def test_consumer_protocol_group_of_two_uniform(cluster_factory: Any) -> None:
    cluster = cluster_factory(brokers=1, config={"group.consumer.heartbeat.interval.ms": "200"})
    _run_group(cluster, "kip848-uniform", "uniform")
    # members that leave are gone from the group: it is empty
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        description = admin.describe_consumer_groups(["kip848-uniform"])["kip848-uniform"].result(15)
        if not description.members:
            break
    assert not description.members


def test_consumer_protocol_group_of_two_range(cluster_factory: Any) -> None:
    cluster = cluster_factory(brokers=1, config={"group.consumer.heartbeat.interval.ms": "200"})
    _run_group(cluster, "kip848-range", "range")
