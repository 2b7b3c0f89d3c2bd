"""engine.observe: ClusterImage snapshots and the event stream reflect what the engine holds."""

from __future__ import annotations

import json
import time

from engine.observe import ClusterImage, EngineEvent
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic, produce_confluent


def snapshot(cluster: RunningCluster) -> ClusterImage:
    return cluster.engine.call(lambda: take_snapshot(cluster.cluster))  # type: ignore[return-value]


def test_image_shows_brokers_topics_replicas_and_segments(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "observed", partitions=3, rf=3)
    produce_confluent(bs, "observed", [(b"k%d" % i, b"v") for i in range(300)], acks="all")
    image = snapshot(cluster)
    assert [b.broker_id for b in image.brokers] == [0, 1, 2]
    assert all(b.state == "running" for b in image.brokers)
    assert sum(b.is_controller for b in image.brokers) == 1
    topic = image.topic("observed")
    assert topic is not None and topic.replication_factor == 3 and not topic.internal
    assert sum(b.leader_count for b in image.brokers) == 3
    total = 0
    for p in topic.partitions:
        leader = next(r for r in p.replica_states if r.is_leader)
        assert leader.broker_id == p.leader
        assert leader.high_watermark == leader.log_end_offset
        assert leader.segments and leader.segments[0].base_offset == 0
        total += leader.log_end_offset
        assert set(p.isr) == {0, 1, 2}
    assert total == 300
    # the image crosses the GUI channel as JSON and comes back equal
    assert ClusterImage.from_json(json.loads(json.dumps(image.to_json()))) == image


def test_followers_catch_up_and_the_image_shows_it(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    create_topic(bs, "caught-up", partitions=1, rf=3)
    produce_confluent(bs, "caught-up", [(None, b"x")] * 50, acks="all")

    def all_caught_up() -> bool:
        p = snapshot(cluster).topic("caught-up").partitions[0]  # type: ignore[union-attr]
        return all(r.log_end_offset == 50 and r.lag == 0 for r in p.replica_states)

    wait_for(all_caught_up, 10, "followers to reach LEO 50")


def test_events_for_topic_lifecycle_and_failover(cluster: RunningCluster) -> None:
    events: list[EngineEvent] = []
    unsubscribe = cluster.cluster.bus.subscribe(events.append)
    try:
        create_topic(cluster.bootstrap, "evented", partitions=2, rf=3)
        kinds = [e.kind for e in events]
        assert "TopicCreated" in kinds and kinds.count("LeaderElected") == 2
        leader = snapshot(cluster).topic("evented").partitions[0].leader  # type: ignore[union-attr]
        cluster.engine.run(cluster.cluster.kill_broker(leader))
        down = [e for e in events if e.kind == "BrokerDown"]
        assert down and down[0].to_json()["broker_id"] == leader
        elected = [e.to_json() for e in events if e.kind == "LeaderElected" and e.to_json()["reason"] == "leader down"]
        assert any(e["old_leader"] == leader and e["new_leader"] != leader and e["leader_epoch"] == 1 for e in elected)
        assert any(e.kind == "IsrShrunk" for e in events)
        cluster.engine.run(cluster.cluster.start_broker(leader))
        wait_for(lambda: any(e.kind == "IsrExpanded" for e in events), 15, "the restarted broker to rejoin the ISR")
    finally:
        unsubscribe()
    json.dumps([e.to_json() for e in events])  # every event is JSON-serialisable


def test_group_lag_in_the_image_for_partitions_led_anywhere(cluster: RunningCluster) -> None:
    from confluent_kafka import Consumer

    create_topic(cluster.bootstrap, "lagged", partitions=3, rf=1)
    produce_confluent(cluster.bootstrap, "lagged", [(b"k%d" % i, b"v") for i in range(90)])
    c = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "lag-check", "auto.offset.reset": "earliest",
                  "enable.auto.commit": False, "log_level": 3})
    c.subscribe(["lagged"])
    got = 0
    deadline = time.monotonic() + 20
    while got < 90 and time.monotonic() < deadline:
        got += sum(1 for m in c.consume(90 - got, 0.5) if not m.error())
    c.commit(asynchronous=False)
    c.close()
    produce_confluent(cluster.bootstrap, "lagged", [(b"k%d" % i, b"more") for i in range(15)])

    def group_offsets() -> object:
        g = snapshot(cluster).group("lag-check")
        return g if g is not None and len(g.offsets) == 3 else None

    group = wait_for(group_offsets, 10, "the group's committed offsets in the image")
    offsets = group.offsets  # type: ignore[attr-defined]
    assert all(o.log_end_offset >= 0 and o.lag == o.log_end_offset - o.committed_offset for o in offsets)
    assert sum(o.log_end_offset for o in offsets) == 105
    assert sum(o.lag for o in offsets) == 15


def test_broker_counters_count_produced_records(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "counted", partitions=3, rf=1)
    produce_confluent(cluster.bootstrap, "counted", [(b"k%d" % i, b"v") for i in range(120)])
    image = snapshot(cluster)
    assert sum(b.messages_in for b in image.brokers) == 120
    assert all(b.requests > 0 and b.bytes_in > 0 for b in image.brokers)
