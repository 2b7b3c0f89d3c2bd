"""Lesson steps and teacher marks on the time machine's timeline: the lesson player marks each step
shown and revealed (a ``Mark`` command, recorded by the engine as ``MarkAdded``), a teacher adds a
labelled marker (Time machine → Add marker…, Ctrl+M), and ← → step from marker to marker."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.observe.events import MarkAdded

TIMEOUT = 60_000
LESSON = "brokers-controller"


def test_lesson_steps_and_a_teacher_mark_are_timeline_markers(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tm = window.time_machine
    window.lesson_dock.show()
    player = window.lesson_player
    player.select(LESSON)
    qtbot.mouseClick(player.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.runner is not None and not player.busy and player.step is not None, timeout=TIMEOUT)
    order = player.runner.lesson.order

    def texts() -> list[str]:
        return [m.text for m in tm.live_markers if m.kind == "lesson"]

    first = f"Lesson {order} · step 1 — question"
    qtbot.waitUntil(lambda: first in texts(), timeout=10_000)
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Space)  # reveal
    qtbot.waitUntil(lambda: f"Lesson {order} · step 1 — reveal" in texts() and not player.busy, timeout=TIMEOUT)
    qtbot.keyClick(player, Qt.Key.Key_Right)  # the next step
    second = f"Lesson {order} · step 2 — question"
    qtbot.waitUntil(lambda: second in texts(), timeout=TIMEOUT)
    assert texts().index(first) < texts().index(second)
    assert tm.bar.track.markers == tm.live_markers  # on the bar while live

    # the teacher's marker: Time machine → Add marker… (Ctrl+M)
    assert tm.mark_action.shortcut().toString() == "Ctrl+M" and tm.mark_action in tm.time_menu.actions()
    tm.add_marker("watch the ISR here")
    qtbot.waitUntil(lambda: any(m.kind == "mark" and m.text == "watch the ISR here" for m in tm.live_markers),
                    timeout=10_000)
    note = next(m for m in tm.live_markers if m.kind == "mark")
    step2 = next(m for m in tm.live_markers if m.text == second)

    # ← from the present lands on the teacher's marker, then on step 2's
    qtbot.waitUntil(lambda: not player.busy, timeout=TIMEOUT)
    tm.bar.track.setFocus()
    qtbot.keyClick(tm.bar.track, Qt.Key.Key_Left)
    assert tm.position == note.time_ms
    times = sorted({m.time_ms for m in tm.session_markers})
    while tm.position is not None and tm.position > step2.time_ms:
        qtbot.keyClick(tm.bar.track, Qt.Key.Key_Left)
        assert tm.position in times
    assert tm.position == step2.time_ms
    assert tm.banner.isVisible()
    marks = [e for e in tm.session.events() if isinstance(e, MarkAdded)]  # in the ring the timeline scrubs
    assert [e.label for e in marks if e.category == "lesson"][:3] == [
        first, f"Lesson {order} · step 1 — reveal", second]
    qtbot.mouseClick(tm.bar.live_button, Qt.MouseButton.LeftButton)
    assert tm.position is None and not window.bridge.replaying
