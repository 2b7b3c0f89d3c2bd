"""ResetLab: the lab back at its starting state without restarting the engine (how fast: bench/lesson_reset.py) — after topics,
a consumer group with committed offsets, a killed broker, a paused broker and slow motion."""

from __future__ import annotations

import time

from confluent_kafka import Consumer

from engine.control import ClusterControl, KillBroker, PauseBroker, ResetLab, SetReplicationDelay
from engine.observe.events import LabReset
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, consume_confluent, create_topic, produce_confluent


def _image(c: RunningCluster):  # type: ignore[no-untyped-def]
    return c.engine.call(lambda: take_snapshot(c.cluster))


def _commit_group(bootstrap: str, group: str, topic: str, n: int) -> None:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                        "enable.auto.commit": False, **QUIET})
    consumer.subscribe([topic])
    got = 0
    deadline = time.monotonic() + 20
    while got < n and time.monotonic() < deadline:
        got += sum(1 for m in consumer.consume(100, 0.5) if m.error() is None)
    consumer.commit(asynchronous=False)
    consumer.close()
    assert got == n


def test_reset_lab_restores_the_starting_state_in_under_a_second(cluster: RunningCluster) -> None:
    control = ClusterControl(cluster.cluster)
    bootstrap = cluster.bootstrap_servers
    create_topic(bootstrap, "orders", partitions=3, rf=3, config={"min.insync.replicas": "2"})
    create_topic(bootstrap, "clicks", partitions=2, rf=1)
    produce_confluent(bootstrap, "orders", [(b"k%d" % i, b"v") for i in range(30)], acks="all")
    _commit_group(bootstrap, "readers", "orders", 30)
    wait_for(lambda: _image(cluster).group("readers") is not None, 10, "the group in the image")

    cluster.engine.run(control.execute(KillBroker(broker_id=2)))
    cluster.engine.run(control.execute(PauseBroker(broker_id=1)))
    cluster.engine.run(control.execute(SetReplicationDelay(ms=4000)))

    report = cluster.engine.run(control.execute(ResetLab()))  # how fast: bench/lesson_reset.py
    assert report.topics_deleted == ("clicks", "orders")
    assert report.groups_deleted == ("readers",)
    assert report.brokers_started == (2,) and report.brokers_resumed == (1,)

    image = _image(cluster)
    assert [b.state for b in image.brokers] == ["running"] * 3
    assert image.replication_delay_ms == 0
    assert [t.name for t in image.topics if not t.internal] == []
    assert image.group("readers") is None
    assert any(isinstance(e, LabReset) for e in cluster.cluster.bus.history)

    # the lab is usable at once: the same name is a new, empty topic on every broker
    create_topic(cluster.bootstrap_servers, "orders", partitions=3, rf=3)
    produce_confluent(cluster.bootstrap_servers, "orders", [(b"again", b"fresh")], acks="all")
    assert [v for *_x, v in consume_confluent(cluster.bootstrap_servers, "orders", 1, timeout=10)] == [b"fresh"]


def test_reset_lab_keeps_groups_with_members_and_named_topics(cluster: RunningCluster) -> None:
    control = ClusterControl(cluster.cluster)
    bootstrap = cluster.bootstrap_servers
    create_topic(bootstrap, "kept", partitions=1, rf=1)
    create_topic(bootstrap, "gone", partitions=1, rf=1)
    produce_confluent(bootstrap, "kept", [(None, b"x")])
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "live", "auto.offset.reset": "earliest", **QUIET})
    consumer.subscribe(["kept"])
    try:
        wait_for(lambda: consumer.consume(10, 0.2) or consumer.assignment(), 20, "the consumer to join")
        wait_for(lambda: (g := _image(cluster).group("live")) is not None and g.members, 10, "a member")
        report = cluster.engine.run(control.execute(ResetLab(keep_topics=("kept",))))
        assert report.topics_deleted == ("gone",)
        assert report.groups_in_use == ("live",)
        assert [t.name for t in _image(cluster).topics if not t.internal] == ["kept"]
    finally:
        consumer.close()
