"""A lab opened twice. The engine locks each log dir of its data dir (Kafka's ``.lock``); a second engine
on the same lab — a second app instance, or the same lab opened twice — is refused before it writes
anything and exits with Kafka's message ("Failed to acquire lock on file .lock in DIR. A Kafka instance
in another process or thread is using this directory.").

The app turns that into a question instead of a crash: a dialog names the directory and offers "Open a
throw-away lab" or "Quit". :func:`ask_if_lab_in_use` asks before the engine starts (so a second app
instance is not first asked about busy ports), :class:`LabLockWatch` when a starting engine is refused
(a race, or "Back to my lab" while another window has it)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from gui.engine_process import EngineLaunch
from gui.lab_probe import locked_dirs

if TYPE_CHECKING:
    from gui.cluster_switch import ClusterSwitch
    from gui.session import EngineSession

log = logging.getLogger(__name__)

_REFUSED = re.compile(r"Failed to acquire lock on file \.lock in (.+?)\. A Kafka instance")


def refused_dir(cause: str) -> Path | None:
    """The directory named by an engine that was refused its lab (its exit cause), else None."""
    m = _REFUSED.search(cause)
    return Path(m.group(1)) if m else None


def lab_of(directory: Path) -> Path:
    """The lab (data dir) a locked log dir belongs to."""
    return directory.parent if directory.name == "controller" or directory.name.startswith("broker-") else directory


class LabInUseDialog(QMessageBox):
    """"This lab is in use": names the directory; "Open a throw-away lab" or "Quit"."""

    def __init__(self, lab: Path, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Warning, self.tr("Lab in use"), "", QMessageBox.StandardButton.NoButton,
                         parent)
        self.setObjectName("LabInUseDialog")
        self.lab = lab
        self.setText(self.tr("This lab is already open in another Kafka Lab window or process:\n\n{0}").format(lab))
        self.setInformativeText(self.tr(
            "Two Kafka engines on one data directory would corrupt it, so this one did not start and wrote "
            "nothing. Open a throw-away lab for this window (the saved lab stays untouched), or quit and use "
            "the window that has it."))
        self.throwaway_button: QPushButton = self.addButton(self.tr("Open a throw-away lab"),
                                                            QMessageBox.ButtonRole.AcceptRole)
        self.quit_button: QPushButton = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.throwaway_button)
        self.setEscapeButton(self.quit_button)


def ask_if_lab_in_use(launch: EngineLaunch) -> EngineLaunch | None:
    """Before the engine starts: the launch unchanged when its lab is free (or it is a throw-away one);
    when another engine holds it, ask — a throw-away launch, or None (quit)."""
    if launch.data_dir is None or not locked_dirs(launch.data_dir):
        return launch
    log.warning("the lab %s is in use by another engine", launch.data_dir)
    dialog = LabInUseDialog(launch.data_dir)
    dialog.exec()
    return replace(launch, data_dir=None) if dialog.clickedButton() is dialog.throwaway_button else None


class LabLockWatch(QObject):
    """Watches one window's engine: refused its lab, the window asks what to do (never half a lab)."""

    def __init__(self, window: QWidget, session: EngineSession | ClusterSwitch, open_throwaway: Callable[[], None],
                 quit_app: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.open_throwaway = open_throwaway
        self.quit_app = quit_app or self._quit
        self.dialog: LabInUseDialog | None = None
        session.failed.connect(lambda _message: self._on_failed())

    def _on_failed(self) -> None:
        refused = refused_dir(self.session.exit_cause)
        if refused is None or self.dialog is not None:
            return
        dialog = self.dialog = LabInUseDialog(lab_of(refused), self.window)
        dialog.buttonClicked.connect(self._answered)
        dialog.open()

    def _answered(self, button: object) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        if button is dialog.throwaway_button:
            self.open_throwaway()
        else:
            self.quit_app()

    def _quit(self) -> None:
        self.window.close()
        app = QApplication.instance()
        if isinstance(app, QCoreApplication):
            app.quit()
