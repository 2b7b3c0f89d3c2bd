"""The time machine in the app: kill a leader, drag the timeline back before the kill — the placement
grid shows the old leader, the replay banner is up and commands are off — then Live shows the present.
A saved session opens in a window with no engine."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from engine.control.commands import CreateTopic, KillBroker
from engine.observe.events import BrokerDown
from engine.observe.recording import Session
from gui.models.placement_model import ReplicaState
from tests.gui.shots import screenshot_dir

TOPIC = "rewind"
SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean


def test_drag_the_timeline_to_before_a_kill_then_live(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tm = window.time_machine
    streamed = tmp_path / "streamed.kafkalab-session"
    assert tm.start_recording(streamed) and tm.record_action.isChecked()  # File → Record session…
    grid = window.cluster_view.model
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)

    def leader() -> int:
        p = grid.partition_at(grid.row_of(TOPIC, 0))
        return p.leader if p is not None else -1

    qtbot.waitUntil(lambda: (p := grid.partition_at(grid.row_of(TOPIC, 0))) is not None and len(p.isr) == 3
                    and p.leader >= 0, timeout=15_000)
    old = leader()
    seen_ms = window.bridge.live_image.time_ms
    # a second of images with the old leader (the engine sends one a second when idle)
    qtbot.waitUntil(lambda: window.bridge.live_image.time_ms >= seen_ms + 1000, timeout=10_000)
    kill_ms = int(time.time() * 1000)
    window.run_command(KillBroker(broker_id=old))
    qtbot.waitUntil(lambda: leader() not in (old, -1), timeout=15_000)
    new = leader()
    qtbot.waitUntil(lambda: any(m.kind == "kill" for m in tm.live_markers), timeout=5_000)

    # drag the handle from the present back to before the kill
    track = tm.bar.track
    target = (seen_ms + kill_ms) // 2
    QTest.mousePress(track, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(track.width() - 8, track.height() // 2))
    QTest.mouseMove(track, QPoint(track.x_of(target) + 40, track.height() // 2))
    QTest.mouseRelease(track, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(track.x_of(target), track.height() // 2))
    qtbot.waitUntil(lambda: leader() == old, timeout=5_000)
    assert grid.cell(TOPIC, 0, old).state == ReplicaState.LEADER  # type: ignore[union-attr]
    assert window.cluster_view.cards[old].display_state == "running"
    assert tm.banner.isVisible() and tm.banner.text().startswith("replay — ")
    assert not window.menus.kill_action.isEnabled() and not window.load_view.isEnabled()
    refused = window.bridge.command(KillBroker(broker_id=new))
    qtbot.waitUntil(refused.done, timeout=5_000)
    assert refused.reply is not None and not refused.reply.ok and "replaying" in refused.reply.error
    assert window.bridge.live_image.broker(new).state == "running"  # type: ignore[union-attr]
    if os.environ.get("KAFKALAB_SAVE_SCREENSHOTS"):  # EN and KO
        window.grab().save(str(SHOTS / "timemachine-replay.png"))
        window.languages.set_language("ko")
        qtbot.waitUntil(lambda: tm.bar.live_button.text() == "라이브", timeout=5_000)
        tm.seek(tm.position)
        window.grab().save(str(SHOTS / "timemachine-replay-ko.png"))
        window.languages.set_language("en")
        qtbot.waitUntil(lambda: tm.bar.live_button.text() == "Live", timeout=5_000)

    # → steps to the next marked event: the kill
    tm.bar.track.setFocus()
    QTest.keyClick(track, Qt.Key.Key_Right)
    assert tm.position is not None and tm.position > target

    qtbot.mouseClick(tm.bar.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: leader() == new, timeout=5_000)
    assert not tm.banner.isVisible() and not window.bridge.replaying
    assert window.cluster_view.cards[old].display_state == "dead"
    assert window.cluster_view.cards_scroll.widget().isEnabled()

    tm.stop_recording()
    assert not tm.record_action.isChecked()
    kills = [e for e in Session.open(streamed).events() if isinstance(e, BrokerDown)]
    assert [e.broker_id for e in kills] == [old]

    # the ring, saved, opens in another window with no engine
    path = tmp_path / "class.kafkalab-session"
    assert tm.save_session(path)
    offline = make_window(start=False)
    assert offline.time_machine.open_session(path)
    offline.time_machine.seek(target)
    og = offline.cluster_view.model
    qtbot.waitUntil(lambda: og.partition_at(og.row_of(TOPIC, 0)) is not None, timeout=5_000)
    assert og.partition_at(og.row_of(TOPIC, 0)).leader == old  # type: ignore[union-attr]
    assert offline.time_machine.banner.text().endswith("(class.kafkalab-session)")
