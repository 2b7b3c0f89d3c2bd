"""The first-run welcome panel on a live engine: shown once (remembered), in place of the cluster view,
all four choices visible in a 1024×768 window in English and Korean; "Create a sample topic with
data" really creates the topic and its records and opens them in the message browser; Help → Welcome
brings it back; "Start the first lesson" opens the lesson player on the first lesson; the lesson and connect
choices are hooks that can be replaced."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from gui.settings import Settings
from gui.welcome import SAMPLE_RECORDS, SAMPLE_TOPIC

ROOT = Path(__file__).resolve().parents[2]


def fully_visible(widget: QWidget, window: QWidget) -> bool:
    """Shown, not clipped by its scroll area, and inside the window."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    inside = window.rect().contains(QRect(top_left, widget.size()))
    return widget.isVisible() and inside and widget.visibleRegion().boundingRect().size() == widget.size()


def test_welcome_on_first_run_fits_1024x768_and_creates_a_sample(make_window, qtbot, settings: Settings,
                                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.apply_size(1024, 768)
    welcome = window.welcome
    assert not welcome.panel.isVisible()
    assert welcome.show_if_first_run(settings)
    assert welcome.panel.isVisible() and not window.cluster_view.isVisible()
    assert not welcome.show_if_first_run(Settings())  # remembered in the settings file
    assert window.width() <= 1024 and window.height() <= 768
    shots = ROOT / "docs" / "screenshots" if os.environ.get("KAFKALAB_SAVE_SCREENSHOTS") else tmp_path
    panel = welcome.panel
    buttons = (panel.lesson_button, panel.sample_button, panel.connect_button, panel.help_button, panel.close_button)
    for language in ("ko", "en"):
        window.set_language(language)
        qtbot.waitUntil(lambda: all(fully_visible(b, window) for b in buttons), timeout=5_000)
        window.grab().save(str(shots / f"welcome-1024x768-{language}.png"))
        clipped = [b.text() for b in buttons if b.fontMetrics().horizontalAdvance(b.text()) > b.width()]
        assert not clipped
        assert (panel.sample_button.text() == "Create a sample topic with data") == (language == "en")

    # the sample: a real topic and 30 records through the producer, then the message browser on them
    qtbot.mouseClick(panel.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(welcome.sample_done) == SAMPLE_RECORDS, timeout=30_000)
    assert not [d.error for d in welcome.sample_done if d.error]
    assert not panel.isVisible() and window.cluster_view.isVisible()

    def records() -> int:
        topic = window.image.topic(SAMPLE_TOPIC) if window.image is not None else None
        return sum(p.replica_states[0].high_watermark for p in topic.partitions) if topic is not None else -1

    qtbot.waitUntil(lambda: records() == SAMPLE_RECORDS, timeout=15_000)
    assert len(window.image.topic(SAMPLE_TOPIC).partitions) == 3
    assert window.browser_view.topic.currentText() == SAMPLE_TOPIC

    # Help → Welcome… brings it back; the help choice opens the help pages
    assert welcome.action in window.menus.help_menu.actions()
    welcome.action.trigger()
    assert panel.isVisible()
    qtbot.mouseClick(panel.help_button, Qt.MouseButton.LeftButton)
    assert window.help_dialog is not None and window.help_dialog.isVisible()
    assert window.help_dialog.browser.toPlainText().startswith("Using this lab")
    window.help_dialog.close()

    # "Start the first lesson": the lesson player dock, on the course's first lesson, ready to start (the
    # lesson resets the lab only when the student presses Start)
    player = window.lesson_player
    player.select(player.lessons[-1].id)
    assert not window.lesson_dock.isVisible()
    welcome.show_panel()
    qtbot.mouseClick(panel.lesson_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.lesson_dock.isVisible, timeout=5_000)
    assert not panel.isVisible() and window.cluster_view.isVisible()
    first = min(player.lessons, key=lambda lesson: lesson.order)
    assert player.lesson_box.currentData() == first.id and player.lesson_box.currentText().startswith("1. ")
    assert player.runner is None and player.start_button.isEnabled()
    window.grab().save(str(shots / "welcome-first-lesson-en.png"))

    # the lesson and connect choices are hooks (the lesson player and the connect dialog set them)
    asked: list[str] = []
    welcome.on_lesson = lambda: asked.append("lesson")
    welcome.on_connect = lambda: asked.append("connect")
    for button in (panel.lesson_button, panel.connect_button):
        welcome.show_panel()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == ["lesson", "connect"] and not panel.isVisible()
