"""The incremental ClusterImage (engine.observe is pushed, not crawled) always equals an image built
from scratch: every change the engine makes reaches it — appends, replication, high watermarks,
kills and restarts, elections, ISR changes, retention, topic deletion, group commits."""

from __future__ import annotations

import dataclasses

from confluent_kafka import Consumer

from engine.observe.image import ClusterImage
from engine.observe.snapshot import ImageBuilder, take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic, produce_confluent
from tests.integration.producer_thread import AckingProducer


def _comparable(image: ClusterImage) -> ClusterImage:
    """Without what moves on its own between two calls (clocks, heartbeats, request counters)."""
    brokers = tuple(dataclasses.replace(b, requests=0, bytes_in=0, bytes_out=0) for b in image.brokers)
    return dataclasses.replace(image, time_ms=0, controller=None, brokers=brokers)


def _check(cluster: RunningCluster) -> ClusterImage:
    def both() -> tuple[ClusterImage, ClusterImage]:
        incremental = take_snapshot(cluster.cluster)
        builder = ImageBuilder(cluster.cluster)
        try:
            return incremental, builder.build()
        finally:
            builder.close()
    incremental, fresh = cluster.engine.call(both)
    assert _comparable(incremental) == _comparable(fresh)
    return incremental


def test_incremental_images_equal_fresh_ones_through_failover_retention_and_groups(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    _check(cluster)
    create_topic(bs, "inc", partitions=3, rf=3)
    create_topic(bs, "gone", partitions=2, rf=2)
    _check(cluster)
    producer = AckingProducer(cluster.bootstrap_servers, "inc", rate_per_s=1000)
    producer.start()
    try:
        wait_for(lambda: len(producer.acked) > 200, what="records acknowledged")
        _check(cluster)
        image = _check(cluster)
        topic = image.topic("inc")
        assert topic is not None
        victim = topic.partitions[0].leader
        cluster.engine.run(cluster.cluster.kill_broker(victim))
        wait_for(lambda: take_leader(cluster, "inc", 0) not in (-1, victim), what="a new leader")
        _check(cluster)
        before = len(producer.acked)
        wait_for(lambda: len(producer.acked) > before + 200, what="records acknowledged after the kill")
        _check(cluster)
        cluster.engine.run(cluster.cluster.start_broker(victim))
        wait_for(lambda: all(len(p.isr) == 3 for p in cluster.engine.call(
            lambda: take_snapshot(cluster.cluster)).topic("inc").partitions),  # type: ignore[union-attr]
            timeout=30, what="the restarted broker back in every ISR")
        _check(cluster)
        cluster.engine.call(lambda: cluster.cluster.controller.elect_preferred(None))
        _check(cluster)
    finally:
        producer.stop()
    # a group commits offsets
    produce_confluent(bs, "gone", [(None, b"x")] * 50, acks="all")
    consumer = Consumer({"bootstrap.servers": bs, "group.id": "builders", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe(["gone"])
    seen = 0
    deadline_checks = 0
    while seen < 50 and deadline_checks < 300:
        msg = consumer.poll(0.2)
        deadline_checks += 1
        if msg is not None and msg.error() is None:
            seen += 1
    consumer.commit(asynchronous=False)
    consumer.close()
    assert seen == 50
    wait_for(lambda: cluster.engine.call(lambda: take_snapshot(cluster.cluster)).group("builders") is not None,
             what="the group in the image")
    _check(cluster)
    # retention deletes segments (no event reaches partitions: the log reports it)
    cluster.engine.call(lambda: cluster.cluster.controller.create_topic(
        "ret", 1, 3, configs={"segment.bytes": "1024", "retention.bytes": "2048"}))
    for _ in range(10):  # ten requests: ten batches, so segments roll
        produce_confluent(bs, "ret", [(None, b"r" * 100)] * 20, acks="all")
    _check(cluster)
    cluster.engine.call(lambda: [b.run_retention() for b in cluster.cluster.brokers.values()])
    image = _check(cluster)
    ret = image.topic("ret")
    assert ret is not None and ret.partitions[0].replica_states[0].log_start_offset > 0
    # deletion
    cluster.engine.call(lambda: cluster.cluster.controller.delete_topic("gone"))
    wait_for(lambda: cluster.engine.call(lambda: take_snapshot(cluster.cluster)).topic("gone") is None,
             what="the deleted topic gone from the image")
    _check(cluster)


def take_leader(cluster: RunningCluster, topic: str, partition: int) -> int:
    reg = cluster.engine.call(lambda: cluster.cluster.controller.image.partition(topic, partition))
    return -1 if reg is None else reg.leader  # type: ignore[union-attr]


def test_an_idle_image_shares_its_topics_with_the_previous_one(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "still", partitions=4, rf=3)
    create_topic(cluster.bootstrap, "moving", partitions=1, rf=1)
    wait_for(lambda: cluster.engine.call(lambda: take_snapshot(cluster.cluster)).topic("moving") is not None)
    first = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    produce_confluent(cluster.bootstrap, "moving", [(None, b"v")] * 10, acks="all")
    second = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    assert second.topic("still") is first.topic("still")  # untouched: the same object
    assert second.topic("moving") is not first.topic("moving")
