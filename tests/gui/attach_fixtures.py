"""A real main window on a :class:`~gui.cluster_switch.ClusterSwitch` whose embedded lab is not started
(the attach tests point it at external clusters)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from gui.cluster_switch import ClusterSwitch
from gui.engine_process import EngineLaunch
from gui.i18n import LanguageManager
from gui.main_window import MainWindow
from gui.session import EngineSession
from gui.settings import Settings
from gui.theme import ThemeManager


@pytest.fixture
def attach_window_factory(qapp, qtbot, settings: Settings, tmp_path) -> Iterator[Callable[[], MainWindow]]:  # type: ignore[no-untyped-def]
    made: list[MainWindow] = []

    def make() -> MainWindow:
        languages = LanguageManager(qapp)
        languages.set_language("en")
        themes = ThemeManager(qapp, "light")
        themes.apply()
        switch = ClusterSwitch(EngineSession(EngineLaunch(port=0, brokers=1, data_dir=tmp_path / "lab")))
        window = MainWindow(switch, settings, themes, languages)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        made.append(window)
        return window

    yield make
    for w in made:
        w.session.stop()
        w.close()
        w.deleteLater()
    # destroy the Qt objects here, on the GUI thread, not in a later GC pass on a poll thread
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
