"""The engine's settings from the window: the settings dialog (port, brokers) and the storage choice, each
offering to restart the engine when it changed (File → Settings…, File → Storage)."""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from gui.dialogs.settings_dialog import SettingsDialog
from gui.engine_process import ports_in_use
from gui.session import launch_from_settings
from gui.settings import Settings


class SettingsWindow(Protocol):
    """What of the main window the actions use."""

    settings: Settings
    session: Any  # an EngineSession or the cluster switch: both have ``launch``

    def statusBar(self) -> Any: ...  # noqa: N802 (Qt's name)

    def restart_engine(self) -> None: ...


class EngineSettingsActions(QObject):
    def __init__(self, window: SettingsWindow) -> None:
        super().__init__(window if isinstance(window, QMainWindow) else None)
        self.window = window

    def open_settings(self) -> SettingsDialog:
        """Port and brokers for the next start; offers to restart the engine when they changed."""
        w = self.window
        dialog = SettingsDialog(w.settings, w.session.launch.port, w if isinstance(w, QMainWindow) else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self._settings_accepted)
        dialog.open()
        return dialog

    def _settings_accepted(self) -> None:
        w = self.window
        launch = w.session.launch
        port, brokers = w.settings.port, w.settings.brokers
        if (port, brokers) == (launch.port, launch.brokers):
            return
        parent = w if isinstance(w, QMainWindow) else None
        answer = QMessageBox.question(parent, self.tr("Settings changed"), self.tr(
            "The engine uses the new port and broker count when it restarts. Restart it now?"))
        if answer == QMessageBox.StandardButton.Yes:
            ours = range(launch.port, launch.port + launch.brokers) if launch.port else range(0)
            busy = [p for p in ports_in_use(port, brokers) if p not in ours]
            if busy:
                w.statusBar().showMessage(self.tr("Ports in use: {0}").format(", ".join(map(str, busy))), 10_000)
                return
            w.session.launch = dataclasses.replace(launch, port=port, brokers=brokers)
            w.restart_engine()

    def set_storage(self, storage: str) -> None:
        w = self.window
        if storage == w.settings.storage:
            return
        w.settings.storage = storage
        parent = w if isinstance(w, QMainWindow) else None
        answer = QMessageBox.question(parent, self.tr("Storage changed"), self.tr(
            "The new storage setting takes effect when the engine restarts. Restart it now?"))
        if answer == QMessageBox.StandardButton.Yes:
            w.session.launch = launch_from_settings(w.settings, w.session.launch)
            w.restart_engine()
