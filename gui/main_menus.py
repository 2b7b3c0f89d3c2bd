"""The main window's actions (each with its shortcut) and its menu bar: File, Broker, View, Help.

What an action does comes in from the window as :class:`MenuSlots`; this module only builds, words
(``retranslate``) and enables them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from gui.i18n import LANGUAGES

Slot = Callable[[], Any]


@dataclass(frozen=True)
class MenuSlots:
    """What the menus do (the main window's methods)."""

    new_topic: Slot
    produce: Slot
    restart_engine: Slot
    open_settings: Slot
    quit: Slot
    set_storage: Callable[[str], Any]
    kill: Slot
    crash: Slot
    toggle_pause: Slot
    restart_broker: Slot
    elect: Slot
    toggle_internal: Slot
    focus: Sequence[Slot]  # Ctrl+1 … Ctrl+8: cluster view, event log, throughput, load generator, data views
    set_theme: Callable[[str], Any]
    set_language: Callable[[str], Any]
    toggle_fullscreen: Slot
    show_help: Slot
    about: Slot


def _bind(fn: Callable[[str], Any], value: str) -> Slot:
    return lambda: fn(value)


class MainMenus(QObject):
    def __init__(self, window: QMainWindow, slots: MenuSlots, storage: str, docks: Sequence[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self._build_file_actions(slots, storage)
        self._build_broker_actions(slots)
        self._build_view_actions(slots)
        self._build_menus(docks)

    def _action(self, shortcut: str | QKeySequence.StandardKey | None, slot: Slot, checkable: bool = False) -> QAction:
        a = QAction(self.window)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.setCheckable(checkable)
        a.triggered.connect(lambda *_: slot())
        self.window.addAction(a)  # the shortcut works wherever the focus is
        return a

    def _build_file_actions(self, slots: MenuSlots, storage: str) -> None:
        self.new_topic_action = self._action("Ctrl+N", slots.new_topic)
        self.produce_action = self._action("Ctrl+Shift+P", slots.produce)
        self.restart_engine_action = self._action("Ctrl+Shift+R", slots.restart_engine)
        self.settings_action = self._action("Ctrl+,", slots.open_settings)
        self.quit_action = self._action("Ctrl+Q", slots.quit)
        self.storage_group = QActionGroup(self)
        self.storage_temp_action = self._action(None, _bind(slots.set_storage, "temp"), checkable=True)
        self.storage_persistent_action = self._action(None, _bind(slots.set_storage, "persistent"), checkable=True)
        for a in (self.storage_temp_action, self.storage_persistent_action):
            self.storage_group.addAction(a)
        (self.storage_persistent_action if storage == "persistent" else self.storage_temp_action).setChecked(True)

    def _build_broker_actions(self, slots: MenuSlots) -> None:
        self.kill_action = self._action("K", slots.kill)
        self.crash_action = self._action(None, slots.crash)
        self.pause_action = self._action("P", slots.toggle_pause)
        self.restart_broker_action = self._action("R", slots.restart_broker)
        self.elect_action = self._action("Ctrl+E", slots.elect)

    def _build_view_actions(self, slots: MenuSlots) -> None:
        self.internal_action = self._action("Ctrl+I", slots.toggle_internal)
        self.focus_actions = [self._action(f"Ctrl+{i}", focus) for i, focus in enumerate(slots.focus, start=1)]
        self.theme_group = QActionGroup(self)
        self.theme_actions = {name: self._action(None, _bind(slots.set_theme, name), checkable=True)
                              for name in ("light", "dark")}
        for a in self.theme_actions.values():
            self.theme_group.addAction(a)
        self.language_group = QActionGroup(self)
        self.language_actions = {code: self._action(None, _bind(slots.set_language, code), checkable=True)
                                 for code in LANGUAGES}
        for code, a in self.language_actions.items():
            a.setText(LANGUAGES[code])
            self.language_group.addAction(a)
        self.fullscreen_action = self._action("F11", slots.toggle_fullscreen, checkable=True)
        self.help_action = self._action(QKeySequence.StandardKey.HelpContents, slots.show_help)
        self.about_action = self._action(None, slots.about)

    def _build_menus(self, docks: Sequence[QDockWidget]) -> None:
        bar = self.window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_topic_action)
        self.file_menu.addAction(self.produce_action)
        self.storage_menu = QMenu(self.window)
        self.storage_menu.addAction(self.storage_temp_action)
        self.storage_menu.addAction(self.storage_persistent_action)
        self.file_menu.addMenu(self.storage_menu)
        self.file_menu.addAction(self.restart_engine_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.broker_menu = bar.addMenu("")
        self.broker_menu.setToolTipsVisible(True)
        for a in (self.kill_action, self.crash_action, self.pause_action, self.restart_broker_action):
            self.broker_menu.addAction(a)
        self.broker_menu.addSeparator()
        self.broker_menu.addAction(self.elect_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.internal_action)
        self.view_menu.addSeparator()
        for a in self.focus_actions:
            self.view_menu.addAction(a)
        self.view_menu.addSeparator()
        for dock in docks:
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.theme_menu = QMenu(self.window)
        for a in self.theme_actions.values():
            self.theme_menu.addAction(a)
        self.language_menu = QMenu(self.window)
        for a in self.language_actions.values():
            self.language_menu.addAction(a)
        self.view_menu.addMenu(self.theme_menu)
        self.view_menu.addMenu(self.language_menu)
        self.view_menu.addAction(self.fullscreen_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)

    def update_broker_actions(self, enabled: bool, state: str) -> None:
        """For the selected broker (``enabled``: there is one and the engine runs) in ``state``."""
        self.kill_action.setEnabled(enabled and state in ("running", "paused"))
        self.pause_action.setEnabled(enabled and state in ("running", "paused"))
        self.restart_broker_action.setEnabled(enabled and state in ("running", "paused", "dead", "stopped"))
        self.pause_action.setText(self.tr("Resume broker") if state == "paused" else self.tr("Pause broker"))

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.broker_menu.setTitle(self.tr("&Broker"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.storage_menu.setTitle(self.tr("Storage"))
        self.theme_menu.setTitle(self.tr("Theme"))
        self.language_menu.setTitle(self.tr("Language"))
        self.new_topic_action.setText(self.tr("New topic…"))
        self.produce_action.setText(self.tr("Produce…"))
        self.restart_engine_action.setText(self.tr("Restart engine"))
        self.settings_action.setText(self.tr("Settings…"))
        self.quit_action.setText(self.tr("Quit"))
        self.storage_temp_action.setText(self.tr("Throw-away (a new empty cluster each run)"))
        self.storage_persistent_action.setText(self.tr("Persistent (keep topics and data)"))
        self.kill_action.setText(self.tr("Kill broker"))
        self.kill_action.setToolTip(self.tr("Machine crash: unflushed log data is lost"))
        self.crash_action.setText(self.tr("Crash broker process (keeps page cache)"))
        self.crash_action.setToolTip(self.tr("Process crash (kill -9): the OS page cache keeps unflushed writes"))
        self.restart_broker_action.setText(self.tr("Restart broker"))
        self.elect_action.setText(self.tr("Elect preferred leaders"))
        self.internal_action.setText(self.tr("Show internal topics"))
        for a, text in zip(self.focus_actions, (self.tr("Focus cluster view"), self.tr("Focus event log"),
                                                self.tr("Focus throughput"), self.tr("Focus load generator"),
                                                self.tr("Focus topics"), self.tr("Focus partition log"),
                                                self.tr("Focus message browser"), self.tr("Focus consumer groups")),
                           strict=True):
            a.setText(text)
        self.theme_actions["light"].setText(self.tr("Light"))
        self.theme_actions["dark"].setText(self.tr("Dark"))
        self.fullscreen_action.setText(self.tr("Full screen"))
        self.help_action.setText(self.tr("Kafka topics…"))
        self.about_action.setText(self.tr("About Kafka Lab"))
