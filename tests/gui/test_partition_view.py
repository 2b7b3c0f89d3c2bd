"""Partition log view on a live engine: replicas from the ClusterImage, segment files kept live with
watchdog, retention deleting segments (the log start moves), group offsets on the strip; and the
broker card's two crash flavours."""

from __future__ import annotations

from typing import Any

from confluent_kafka import Producer

from engine.control.commands import Command, KillBroker
from gui.views.partition_log_view import PartitionLogView

TOPIC = "logs"


def test_replicas_segments_and_retention(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 3, {"segment.bytes": "4096"}))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    p = Producer({"bootstrap.servers": window.data.bootstrap, "linger.ms": 0, "batch.num.messages": 10,
                  "acks": "all"})
    for i in range(400):
        p.produce(TOPIC, value=b"x" * 90 + str(i).encode(), partition=0)
        p.poll(0)
    assert p.flush(15) == 0
    del p
    commit = window.data.admin(lambda a: a.alter_group_offsets("auditors", {(TOPIC, 0): 150}))
    qtbot.waitUntil(lambda: commit.finished, timeout=10_000)
    assert commit.error is None, commit.error

    window.show_partition_log(TOPIC, 0)
    view: PartitionLogView = window.partition_view
    assert window.partition_dock.isVisible()

    def replicated() -> bool:
        part = view.current()
        return part is not None and all(r.log_end_offset == 400 and r.high_watermark == 400 and r.in_sync
                                        for r in part.replica_states)

    qtbot.waitUntil(replicated, timeout=15_000)
    assert view.replicas.rowCount() == 3
    roles = {view.replicas.index(i, view.replicas.ROLE).data() for i in range(3)}
    assert roles == {"leader", "follower"}
    assert {view.replicas.index(i, view.replicas.LAG).data() for i in range(3)} == {"0"}
    # segment files on disk, listed by the watcher (off the GUI thread)
    qtbot.waitUntil(lambda: len(view.segments.rows()) >= 5, timeout=10_000)
    rows = view.segments.rows()
    assert rows[0].base_offset == 0 and rows[-1].active and all(r.log_bytes > 0 for r in rows[:-1])
    assert view.watcher.directory is not None and view.watcher.directory.endswith(f"{TOPIC}-0")
    # the strip: markers and the group's committed offset
    qtbot.waitUntil(lambda: view.strip.state is not None and ("auditors", 150) in view.strip.state.groups,
                    timeout=10_000)
    s = view.strip.state
    assert s is not None and (s.log_start, s.high_watermark, s.log_end) == (0, 400, 400)
    assert len(s.segments) == len(rows)

    # retention: keep ~8 KB; old segments disappear and the log start moves right
    events_before = view.watcher.events
    alter = window.data.admin(lambda a: a.alter_topic_configs(TOPIC, {"retention.bytes": "8192"}))
    qtbot.waitUntil(lambda: alter.finished, timeout=10_000)
    assert alter.error is None, alter.error
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic(TOPIC) is not None
                    and window.image.topic(TOPIC).configs.get("retention.bytes") == "8192", timeout=10_000)  # type: ignore[union-attr]
    view.retention_button.click()
    qtbot.waitUntil(lambda: view.strip.state is not None and view.strip.state.log_start > 0, timeout=15_000)
    qtbot.waitUntil(lambda: view.segments.rows() and view.segments.rows()[0].base_offset > 0
                    and len(view.segments.rows()) < len(rows), timeout=10_000)
    start = view.strip.state.log_start
    assert view.strip.origin == 0  # what retention deleted stays drawn, hatched
    assert view.segments.rows()[0].base_offset == start
    assert view.watcher.events > events_before  # the deletions came in as file-system events
    assert "records readable" in view.summary.text()

    # another replica's files
    follower = next(b for b in view.current().replicas if b != view.current().leader)  # type: ignore[union-attr]
    view.replica.setCurrentIndex(view.replica.findData(follower))
    qtbot.waitUntil(lambda: view.watcher.directory is not None and f"broker-{follower}" in view.watcher.directory,
                    timeout=5_000)
    qtbot.waitUntil(lambda: bool(view.segments.rows()) and view.files_dir == view.watcher.directory, timeout=10_000)


def test_broker_card_offers_kill_and_crash(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    sent: list[Command[Any]] = []
    original = window.bridge.command

    def spy(command: Command[Any], callback: Any = None) -> Any:
        sent.append(command)
        return original(command, callback)

    window.bridge.command = spy  # type: ignore[method-assign]
    card = window.cluster_view.cards[2]
    menu = card.build_menu()
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert menu.defaultAction() is actions["kill"]
    assert "page cache" in actions["crash"].text() and "page cache" in actions["crash"].toolTip()
    assert "not yet flushed" in actions["kill"].toolTip()
    actions["crash"].trigger()
    qtbot.waitUntil(lambda: window.image is not None and window.image.broker(2).state == "dead", timeout=10_000)  # type: ignore[union-attr]
    assert KillBroker(broker_id=2, lose_unflushed=False) in sent
    menu.deleteLater()
    card1 = window.cluster_view.cards[1]
    menu1 = card1.build_menu()
    next(a for a in menu1.actions() if a.objectName() == "kill").trigger()
    qtbot.waitUntil(lambda: window.image.broker(1).state == "dead", timeout=10_000)  # type: ignore[union-attr]
    assert KillBroker(broker_id=1, lose_unflushed=True) in sent  # Kill stays the machine crash (the default)
    menu1.deleteLater()
