"""The lesson player opened on a projector: at 1280×720 Ctrl+L gave it the ~80 px left under the
throughput plots (its lesson picker and Start button squeezed into a scroll area, the plots crushed).
Opening it now gives it the right column — a tab in front of the plots on a short screen, most of the
column on a tall one — and room for its text; a dock the user floated stays where they put it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.views.lesson_player_dock import open_first_lesson


def open_by_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    window.lesson_dock.toggleViewAction().trigger()  # what Ctrl+L does
    for _ in range(3):
        QApplication.processEvents()


def test_ctrl_l_on_a_1280x720_projector(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    window.apply_size(1280, 720)
    QApplication.processEvents()
    open_by_shortcut(window)
    dock, view = window.lesson_dock, window.lesson_player
    # the whole right column (the event log keeps the bottom half of a short screen), not 80 px of it
    qtbot.waitUntil(lambda: dock in window.tabifiedDockWidgets(window.throughput_dock), timeout=5_000)
    assert dock.height() >= 280 and dock.height() >= window.throughput_dock.height()
    assert dock.width() >= 500
    assert not view.start_button.visibleRegion().isEmpty()
    assert (window.width(), window.height()) == (1280, 720)


def test_tall_screen_and_the_welcome_panel(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    window.apply_size(1600, 980)
    QApplication.processEvents()
    open_first_lesson(window.lesson_dock, window.lesson_player)
    dock = window.lesson_dock
    plots = window.throughput_dock
    qtbot.waitUntil(lambda: dock.height() >= 300 and dock.height() > plots.height(), timeout=5_000)
    assert window.throughput_dock.isVisible() and not window.throughput_dock.visibleRegion().isEmpty()


def test_a_floated_dock_stays_where_the_user_put_it(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    window.apply_size(1280, 720)
    dock = window.lesson_dock
    dock.setFloating(True)
    dock.resize(300, 200)
    open_by_shortcut(window)
    assert dock.isFloating() and dock.width() == 300


def test_a_record_flow_step_follows_the_lessons_topic(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The keyed-partitioning lesson shows the record flow on its first step: it followed the newest record
    of `_schemas` (the first topic by name), not the lesson's `shop` records."""
    from PySide6.QtCore import Qt

    window = make_window(registry=True)  # the app's registry writes `_schemas`, which sorts before `shop`
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic("_schemas") is not None, timeout=30_000)
    flow = window.classroom.record_flow
    window.lesson_dock.show()
    player = window.lesson_player
    player.select("keyed-partitioning")
    qtbot.mouseClick(player.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: player.runner is not None and not player.busy and player.step is not None,
                    timeout=60_000)
    if player.outcome is None:  # a question first: reveal runs the step (its ten records)
        player.setFocus()
        qtbot.keyClick(player, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: player.outcome is not None and not player.busy, timeout=60_000)
    qtbot.waitUntil(lambda: flow.topic.currentText() == "shop" and flow.flow is not None
                    and flow.flow.record.topic == "shop", timeout=20_000)
    assert window.classroom.record_flow_dock.isVisible()
