"""ExternalCluster against a real engine: the image it builds through the Kafka protocol equals, field
by field for everything the protocol answers, the image the engine's own ``take_snapshot`` builds —
brokers and the controller flag, topics and ids and overrides, partitions with leader, epoch,
replicas and ISR, the leader's log start and high watermark, replica sizes, groups with state,
members, assignments, committed offsets and lag — before and after a broker is killed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer

from clients.admin import ClusterAdmin
from clients.external import ExternalCluster
from engine.observe import ClusterImage
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.attach_support import first_difference, protocol_view, unknowns_ok

FAST = {"broker.session.timeout.ms": "1500", "broker.heartbeat.interval.ms": "200",
        "replica.lag.time.max.ms": "3000"}


def engine_json(cluster: RunningCluster) -> dict[str, Any]:
    image: ClusterImage = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return json.loads(json.dumps(image.to_json()))


def produce(bootstrap: str, topic: str, counts: dict[int, int]) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 1, "client.id": "attach-producer"})
    for partition, n in counts.items():
        for i in range(n):
            producer.produce(topic, f"v{i}".encode() * 10, key=b"k", partition=partition)
    assert producer.flush(30) == 0


def assert_same(external: ExternalCluster, cluster: RunningCluster, what: str, sizes: bool = True) -> dict[str, Any]:
    """Poll both until the protocol's part of the images agree (the engine may still be settling)."""
    seen: list[str] = []

    def agree() -> dict[str, Any] | None:
        ext = json.loads(json.dumps(external.poll().to_json()))
        diff = first_difference(protocol_view(ext, sizes), protocol_view(engine_json(cluster), sizes))
        seen[:] = [diff or ""]
        return ext if diff is None else None

    try:
        found = wait_for(agree, 20, what)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {seen[0]}") from None
    assert isinstance(found, dict)
    assert not unknowns_ok(found, external.capabilities)
    return found


@pytest.fixture
def lab(cluster_factory: Callable[..., RunningCluster]) -> Iterator[tuple[RunningCluster, ExternalCluster]]:
    cluster = cluster_factory(config=FAST)
    with ExternalCluster(cluster.bootstrap, timeout_s=10) as external:
        yield cluster, external


def test_external_image_equals_the_engines_own(lab: tuple[RunningCluster, ExternalCluster]) -> None:
    cluster, external = lab
    admin = ClusterAdmin(cluster.bootstrap)
    admin.create_topic("orders", 4, 3, {"retention.ms": "3600000", "min.insync.replicas": "2"})
    admin.create_topic("audit", 2, 2)
    produce(cluster.bootstrap, "orders", {0: 30, 1: 5, 3: 12})
    produce(cluster.bootstrap, "audit", {1: 7})
    admin.client.delete_records([_tp("orders", 0, 10)])[_tp("orders", 0, 10)].result(10)  # log start 10
    admin.alter_group_offsets("billing", {("orders", 0): 12, ("orders", 3): 12, ("audit", 1): 2})

    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "live", "group.instance.id": "static-1",
                         "client.id": "reader-1", "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe(["orders"])
    try:
        read: list[int] = []
        wait_for(lambda: _drain(consumer, read) >= 37, 30, "the live consumer to read every record of orders")
        consumer.commit(asynchronous=False)
        image = assert_same(external, cluster, "the external image to equal the engine's")
        live = next(g for g in image["groups"] if g["group_id"] == "live")
        assert live["state"] == "Stable" and live["members"][0]["group_instance_id"] == "static-1"
        assert sorted(map(tuple, live["members"][0]["assignment"])) == [("orders", i) for i in range(4)]
        billing = next(g for g in image["groups"] if g["group_id"] == "billing")
        assert {(o["topic"], o["partition"]): o["lag"] for o in billing["offsets"]} == {
            ("orders", 0): 18, ("orders", 3): 0, ("audit", 1): 5}
        orders = next(t for t in image["topics"] if t["name"] == "orders")
        assert orders["configs"] == {"min.insync.replicas": "2", "retention.ms": "3600000"}
        leader0 = next(r for r in orders["partitions"][0]["replica_states"] if r["is_leader"])
        assert (leader0["log_start_offset"], leader0["high_watermark"]) == (10, 30)
        assert all(r["size_bytes"] > 0 for r in orders["partitions"][0]["replica_states"])
        assert external.capabilities.available("replica_sizes")
        assert not external.capabilities.available("kill_broker")
    finally:
        consumer.close()


def test_snapshots_follow_a_killed_broker(lab: tuple[RunningCluster, ExternalCluster]) -> None:
    cluster, external = lab
    admin = ClusterAdmin(cluster.bootstrap)
    admin.create_topic("pay", 6, 3)
    produce(cluster.bootstrap, "pay", {p: 3 for p in range(6)})
    before = assert_same(external, cluster, "the images before the kill")
    led = [p["partition"] for p in _topic(before, "pay")["partitions"] if p["leader"] == 1]
    assert led, "broker 1 leads some partitions of 'pay'"
    first = external.poll()  # shares unchanged parts with the next image
    cluster.engine.run(cluster.cluster.kill_broker(1))
    after = assert_same(external, cluster, "the images after killing broker 1")
    assert next(b for b in after["brokers"] if b["broker_id"] == 1)["state"] == "dead"
    for p in _topic(after, "pay")["partitions"]:
        assert 1 not in p["isr"] and p["leader"] != 1
        if p["partition"] in led:
            assert p["leader_epoch"] > _topic(before, "pay")["partitions"][p["partition"]]["leader_epoch"]
    again = external.poll()
    assert again.topic("pay") is external.poll().topic("pay")  # an unchanged topic is the same object
    assert first.topic("pay") is not again.topic("pay")


def _topic(image: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in image["topics"] if t["name"] == name)


def _tp(topic: str, partition: int, offset: int) -> Any:
    from confluent_kafka import TopicPartition

    return TopicPartition(topic, partition, offset)


def _drain(consumer: Consumer, read: list[int]) -> int:
    read.extend(1 for m in consumer.consume(100, 0.2) if m.error() is None)
    return len(read)


def test_polling_thread_follows_changes_and_reports_errors(lab: tuple[RunningCluster, ExternalCluster]) -> None:
    cluster, _external = lab
    images: list[Any] = []
    errors: list[Any] = []
    with ExternalCluster(cluster.bootstrap, interval_s=0.2, timeout_s=10) as source:
        source.start(lambda image, capabilities: images.append((image, capabilities)), errors.append)
        wait_for(lambda: len(images) >= 2, 20, "two images from the polling thread")
        ClusterAdmin(cluster.bootstrap).create_topic("fresh", 2, 1, {"cleanup.policy": "compact"})
        source.refresh()  # after a change of ours: the slow parts (ids, configs) are asked again at once
        found = wait_for(lambda: next((i for i, _c in images if i.topic("fresh") and i.topic("fresh").configs), None),
                         20, "the new topic with its override in a polled image")
        assert found.topic("fresh").configs == {"cleanup.policy": "compact"}  # type: ignore[union-attr]
        assert found.topic("fresh").topic_id  # type: ignore[union-attr]
        source.stop()
        count = len(images)
        assert source._thread is None and len(images) == count
    assert not errors and all(c.kind == "external" for _i, c in images)

    with ExternalCluster("127.0.0.1:1", interval_s=0.2, timeout_s=1) as dead:
        dead.start(lambda image, capabilities: images.append(image), errors.append)
        wait_for(lambda: errors, 20, "the poller to report that the cluster does not answer")
    assert errors[0].name in ("_TRANSPORT", "_TIMED_OUT") and "127.0.0.1:1" in errors[0].message
