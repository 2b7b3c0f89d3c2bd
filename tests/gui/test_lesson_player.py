"""The lesson player dock, driven like a teacher drives it (clicks and keys), against the real engine:
a whole lesson through, votes, Reveal, claims ✓ with the values found, stepping back and forward,
Reset, highlights in the cluster view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.views.lesson_player_view import LessonPlayerView

TIMEOUT = 60_000


def _player(window) -> LessonPlayerView:  # type: ignore[no-untyped-def]
    window.lesson_dock.show()
    window.lesson_dock.raise_()
    return window.lesson_player


def _start(qtbot, player: LessonPlayerView, lesson_id: str) -> None:  # type: ignore[no-untyped-def]
    player.select(lesson_id)
    qtbot.mouseClick(player.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.runner is not None and not player.busy and player.step is not None, timeout=TIMEOUT)


def _idle(qtbot, player: LessonPlayerView) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not player.busy, timeout=TIMEOUT)


def test_a_whole_lesson_through_the_dock(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    player = _player(window)
    assert player.lesson_box.count() >= 14
    _start(qtbot, player, "failover")
    assert player.runner is not None and player.runner.position == 0
    # step 1 has no question: it acts as soon as it is shown, and shows its claims
    qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=TIMEOUT)
    assert player.claim_rows() and all(held for held, _ in player.claim_rows())
    assert "result('p').delivered = 20" in player.claim_rows()[0][1]

    # step 2: a question; the class votes (two for B, one for A), Space reveals
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: player.runner.position == 1 and not player.busy, timeout=TIMEOUT)
    assert player.question_label.text() and len(player.choice_buttons) == 3
    qtbot.mouseClick(player.choice_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.choice_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.choice_buttons[0], Qt.MouseButton.LeftButton)
    assert player.votes == [1, 2, 0] and player.class_answer() == 1
    old_leader = window.image.topic("accounts").partitions[0].leader
    # the step highlights the partition and its leader in the cluster view
    qtbot.waitUntil(lambda: window.cluster_view.selected_broker == old_leader, timeout=10_000)
    grid = window.cluster_view.grid
    assert grid.currentIndex().row() == window.cluster_view.model.row_of("accounts", 0)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=TIMEOUT)
    rows = player.claim_rows()
    assert len(rows) == 4 and all(held for held, _ in rows), rows
    assert "the class got it right" in player.answer_label.text()
    assert player.reveal_label.text()
    assert window.image.broker(old_leader).state == "dead"
    assert not player.reveal_button.isEnabled()

    # back: step 2 again, the lab reset and step 1 replayed (every broker up, the topic there)
    assert player.hasFocus(), "the player keeps the keyboard while it works"
    qtbot.keyClick(player, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: player.runner.position == 0 and not player.busy, timeout=TIMEOUT)
    qtbot.keyClick(player, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: player.runner.position == 1 and not player.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.image is not None and all(b.state == "running" for b in window.image.brokers),
                    timeout=TIMEOUT)
    # a wrong vote this time: the reveal says so
    qtbot.keyClick(player, Qt.Key.Key_3)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=TIMEOUT)
    assert all(held for held, _ in player.claim_rows())
    assert "the class chose C" in player.answer_label.text()

    # step 3: the old leader comes back and leads again after the preferred election
    qtbot.mouseClick(player.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.runner.position == 2 and not player.busy, timeout=TIMEOUT)
    qtbot.mouseClick(player.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=TIMEOUT)
    assert all(held for held, _ in player.claim_rows()), player.claim_rows()
    assert not player.next_button.isEnabled()  # the last step, revealed

    # Reset: the lab back at its start, the lesson at step 1
    qtbot.mouseClick(player.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.runner.position == 0 and not player.busy, timeout=TIMEOUT)
    assert "Lab reset in" in player.status.text() or player.outcome is not None


def test_the_player_speaks_korean(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    player = _player(window)
    window.set_language("ko")
    try:
        _korean_lesson(qtbot, player)
    finally:
        window.set_language("en")  # the translators are the application's: the next test gets English


def _korean_lesson(qtbot, player: LessonPlayerView) -> None:  # type: ignore[no-untyped-def]
    assert player.lesson_box.itemText(0).startswith("1. 소스 애플리케이션")
    _start(qtbot, player, "offsets")
    assert "파티션 1의 첫 레코드는" in player.question_label.text()
    assert player.reveal_button.text() == "공개 (Space)"
    qtbot.mouseClick(player.choice_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=TIMEOUT)
    assert all(held for held, _ in player.claim_rows())
    assert "파티션 0: 오프셋 0~3." in player.claim_rows()[0][1]
    player.both_box.setChecked(True)
    assert "Partition 0: offsets 0 to 3." not in player.claim_rows()[0][1]  # claims stay in one language
    assert "Each partition" not in player.text_label.text() and "two partitions" in player.text_label.text()


def test_folder_source_and_sink_from_the_menu(make_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from engine.control.commands import CreateTopic

    window = make_window()
    reply = window.run_command(CreateTopic(name="files", partitions=2, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    action = window.lesson_player.folders_action
    assert action is not None and action in window.menus.file_menu.actions()
    action.trigger()
    dialog = window.lesson_player.folder_apps
    dialog.inbox.setText(str(tmp_path / "in"))
    dialog.outbox.setText(str(tmp_path / "out"))
    dialog.group.setText("archiver")
    dialog.topic.setCurrentText("files")
    qtbot.mouseClick(dialog.start_source, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.start_sink, Qt.MouseButton.LeftButton)
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(f"content of {name}", encoding="utf-8")
    qtbot.waitUntil(lambda: len(list((tmp_path / "out").glob("*.txt"))) == 2, timeout=30_000)
    assert sorted(p.read_text() for p in (tmp_path / "out").glob("*.txt")) == ["content of a.txt", "content of b.txt"]
    # the sink is a real consumer: its group is in the cluster's image (the consumer-groups view lists it)
    qtbot.waitUntil(lambda: window.image is not None and window.image.group("archiver") is not None
                    and len(window.image.group("archiver").members) == 1, timeout=30_000)
    qtbot.waitUntil(lambda: any("2 records" in r for r in dialog.rows()) and any("2 files" in r for r in dialog.rows()),
                    timeout=10_000)
    dialog.stop_all()
    assert dialog.rows() == []


def test_a_view_that_is_not_there_is_skipped(make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDockWidget

    from gui.views.lesson_player_dock import show_in_window

    window = make_window(start=False)
    window.groups_dock.hide()
    show_in_window(window, "groups", {})
    assert window.groups_dock.isVisible()
    # the record flow is another feature's dock: without it, only the highlight happens
    if window.findChild(QDockWidget, "recordFlowDock") is None:
        show_in_window(window, "record_flow", {"partition": "nowhere-0", "broker": 7})
    show_in_window(window, "partition_log", {"partition": "nowhere-0"})
