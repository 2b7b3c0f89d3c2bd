"""The desktop app's lab persists: a topic created in one run is there after quitting and starting
again on the same data dir (a real engine child process each time); "Reset lab…" asks, then empties
it; "Open a throw-away lab" runs a temporary cluster and leaves the saved lab untouched."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui.engine_process import EngineLaunch
from gui.i18n import LanguageManager
from gui.main_window import MainWindow
from gui.session import EngineSession, launch_from_settings
from gui.settings import Settings, data_dir
from tests.gui.conftest import running_brokers


def topic_names(window: MainWindow) -> set[str]:
    return {t.name for t in window.image.topics if not t.internal} if window.image is not None else set()


@pytest.fixture
def open_app(qapp, qtbot, settings: Settings) -> Iterator[Callable[[], MainWindow]]:  # type: ignore[no-untyped-def]
    """Start the app as a desktop run starts it: the launch the settings ask for (port 0 here)."""
    from gui.theme import ThemeManager

    windows: list[MainWindow] = []

    def start() -> MainWindow:
        languages = LanguageManager(qapp)
        languages.set_language("en")
        themes = ThemeManager(qapp, "light")
        launch = launch_from_settings(settings, EngineLaunch(port=0, brokers=3))
        window = MainWindow(EngineSession(launch), settings, themes, languages)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.session.start()
        qtbot.waitUntil(lambda: running_brokers(window) == 3, timeout=30_000)
        return window

    yield start
    for w in windows:
        quit_app(w)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def quit_app(window: MainWindow) -> None:
    window.close()
    window.session.stop()


def fresh_images(window: MainWindow) -> list:  # type: ignore[type-arg]
    """The images the window receives from now on (after a restart: the new engine's only)."""
    images: list = []  # type: ignore[type-arg]
    window.bridge.imageChanged.connect(images.append)
    return images


def new_engine_running(window: MainWindow, images: list) -> bool:  # type: ignore[type-arg]
    """The window shows one of the new engine's images (its views take an image once its rows are built on
    the view-frame worker, a moment after the bridge emits it) with 3 running brokers."""
    shown = window.image
    return window.session.state == "running" and any(shown is i for i in images) and running_brokers(window) == 3


def create_topic(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    window.data.admin(lambda a: a.create_topic(name, 2, 3))
    qtbot.waitUntil(lambda: name in topic_names(window), timeout=15_000)


def test_a_topic_survives_quitting_and_starting_again(open_app, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.storage == "persistent"  # the default of a desktop run
    first = open_app()
    assert first.session.launch.data_dir == data_dir()
    assert str(data_dir()).startswith(str(Path(str(settings.path)).parents[1]))  # the test's own temp dirs
    assert first.lab.label.text().startswith("Lab: ") and "throw-away" not in first.lab.label.text()
    first.menus.about_action.trigger()  # the about box says where the lab is
    about = first.findChild(QMessageBox, "AboutDialog")
    assert about is not None and first.lab.location_text() in about.text() and not about.iconPixmap().isNull()
    about.close()
    create_topic(qtbot, first, "orders")
    quit_app(first)

    second = open_app()
    qtbot.waitUntil(lambda: "orders" in topic_names(second), timeout=15_000)
    assert len(second.image.topic("orders").partitions) == 2


def test_reset_lab_asks_then_empties_it(open_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_app()
    create_topic(qtbot, window, "orders")
    # Cancel keeps everything
    box = window.lab.ask_reset()
    assert box.isVisible() and "orders" not in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.session.state == "running" and "orders" in topic_names(window)
    # the menu's action, then the destructive button
    assert window.lab.reset_action in window.menus.file_menu.actions()
    window.lab.reset_action.trigger()
    box = window.lab.confirm
    assert box is not None and box.isVisible()
    images = fresh_images(window)
    window.lab.reset_button.click()
    qtbot.waitUntil(lambda: new_engine_running(window, images), timeout=30_000)
    assert "orders" not in topic_names(window)
    assert not list(data_dir().rglob("orders-*"))
    assert "reset" in window.statusBar().currentMessage()


def test_a_throw_away_lab_leaves_the_saved_lab_untouched(open_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_app()
    create_topic(qtbot, window, "orders")
    saved = sorted(p.relative_to(data_dir()) for p in data_dir().rglob("orders-*"))
    assert saved

    images = fresh_images(window)
    window.lab.throwaway_action.trigger()
    qtbot.waitUntil(lambda: new_engine_running(window, images), timeout=30_000)
    assert window.session.launch.data_dir is None
    assert "throw-away" in window.lab.label.text()
    assert window.lab.throwaway_action.text() == "Back to my lab"
    assert "orders" not in topic_names(window)
    create_topic(qtbot, window, "scratch")
    assert not list(data_dir().rglob("scratch-*"))

    images = fresh_images(window)
    window.lab.throwaway_action.trigger()
    qtbot.waitUntil(lambda: new_engine_running(window, images), timeout=30_000)
    qtbot.waitUntil(lambda: "orders" in topic_names(window), timeout=15_000)
    assert "scratch" not in topic_names(window)
    assert sorted(p.relative_to(data_dir()) for p in data_dir().rglob("orders-*")) == saved
    assert window.lab.throwaway_action.text() == "Open a throw-away lab"


def second_window(qapp, qtbot, settings: Settings) -> MainWindow:  # type: ignore[no-untyped-def]
    """A second app instance on the same persistent lab (as ``kafkalab`` started twice builds it)."""
    from gui.theme import ThemeManager

    languages = LanguageManager(qapp)
    languages.set_language("en")
    launch = launch_from_settings(settings, EngineLaunch(port=0, brokers=3))
    window = MainWindow(EngineSession(launch), settings, ThemeManager(qapp, "light"), languages)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.session.start()
    return window


def test_a_second_app_on_the_same_lab_asks_instead_of_starting(open_app, qapp, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from gui.lab_lock import LabInUseDialog, ask_if_lab_in_use, locked_dirs
    from tests.gui.shots import screenshot_dir

    first = open_app()
    create_topic(qtbot, first, "orders")
    assert locked_dirs(data_dir())  # the first engine holds its lab
    assert ask_if_lab_in_use(EngineLaunch(port=0, data_dir=None)) is not None  # a throw-away lab: never asked
    # `kafkalab` started again asks before it starts an engine (or asks about busy ports): throw-away, or quit
    for button, expected in (("throwaway_button", None), ("quit_button", "quit")):
        clicks = QTimer()
        clicks.timeout.connect(lambda b=button: [getattr(w, b).click() for w in QApplication.topLevelWidgets()
                                                 if isinstance(w, LabInUseDialog) and w.isVisible()])
        clicks.start(50)
        launch = EngineLaunch(port=0, data_dir=data_dir())
        answer = ask_if_lab_in_use(launch)
        clicks.stop()
        assert answer == (replace(launch, data_dir=None) if expected is None else None)

    second = second_window(qapp, qtbot, settings)
    try:
        # the engine was refused (nothing written, no half-started cluster): the window asks
        qtbot.waitUntil(lambda: second.lab.lock_watch.dialog is not None, timeout=30_000)
        dialog = second.lab.lock_watch.dialog
        assert isinstance(dialog, LabInUseDialog) and dialog.isVisible()
        assert str(data_dir()) in dialog.text() and "another Kafka Lab window" in dialog.text()
        assert {b.text() for b in dialog.buttons()} == {"Open a throw-away lab", "Quit"}
        assert second.session.state == "failed" and second.image is None
        dialog.grab().save(str(screenshot_dir() / "lab-in-use-en.png"))

        images = fresh_images(second)
        dialog.throwaway_button.click()
        qtbot.waitUntil(lambda: new_engine_running(second, images), timeout=30_000)
        assert second.session.launch.data_dir is None and "throw-away" in second.lab.label.text()
        assert "orders" not in topic_names(second)
        # the first window never noticed: its engine and lab serve on
        assert first.session.state == "running" and "orders" in topic_names(first)

        # asked again ("Back to my lab" while the first window has it): Quit quits this window only
        quits: list[bool] = []
        second.lab.lock_watch.quit_app = lambda: quits.append(True)
        second.lab.throwaway_action.trigger()
        qtbot.waitUntil(lambda: second.lab.lock_watch.dialog is not None, timeout=30_000)
        second.lab.lock_watch.dialog.quit_button.click()
        assert quits == [True] and first.session.state == "running"
    finally:
        quit_app(second)
