"""The lab itself: where its data lives (shown in the status bar and the about box), "Reset lab…" (with
a confirmation) and "Open a throw-away lab" / "Back to my lab" in the File menu.

A desktop run keeps its lab under the user data dir (``gui.settings.data_dir``: topics and records
survive a restart); a throw-away lab is a temporary directory the engine deletes when it stops, for
one class or one experiment, and leaves the saved lab untouched."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox

from gui.cluster_switch import ClusterSwitch
from gui.engine_process import EngineLaunch
from gui.lab_lock import LabLockWatch
from gui.session import EngineSession
from gui.settings import Settings, data_dir

log = logging.getLogger(__name__)


def short_path(path: Path) -> str:
    """``~/…`` for paths under the home directory."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(path)


def clear_lab_dir(path: Path) -> None:
    """Delete everything in a lab's data directory (the directory itself stays). Refuses the home
    directory and file-system roots, whatever a ``--data-dir`` said."""
    resolved = path.resolve()
    if resolved in (Path.home().resolve(), Path(resolved.anchor)) or len(resolved.parts) < 3:
        raise ValueError(f"refusing to empty {resolved}")
    if not resolved.is_dir():
        return
    for child in resolved.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


class LabControls(QObject):
    """The File menu's lab actions and the status bar's lab label of one main window."""

    def __init__(self, window: QMainWindow, session: EngineSession | ClusterSwitch, settings: Settings, file_menu: QMenu,
                 restart_engine: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = settings
        self.restart_engine = restart_engine
        self.reset_action = QAction(window)
        self.reset_action.triggered.connect(lambda *_: self.ask_reset())
        self.throwaway_action = QAction(window)
        self.throwaway_action.triggered.connect(lambda *_: self.toggle_throwaway())
        before = next((a for a in file_menu.actions() if a.menu() is not None), None)  # the Storage submenu
        if before is not None:
            file_menu.insertActions(before, [self.throwaway_action, self.reset_action])
        else:
            file_menu.addActions([self.throwaway_action, self.reset_action])
        self.label = QLabel()
        self.label.setObjectName("Muted")
        window.statusBar().addPermanentWidget(self.label)
        self.saved_launch: EngineLaunch | None = None  # the saved lab to go back to from a throw-away one
        self.confirm: QMessageBox | None = None
        session.stateChanged.connect(lambda _state: self.retranslate())
        window.installEventFilter(self)
        self.lock_watch = LabLockWatch(window, session, self.open_throwaway)  # an engine refused its lab: ask, never half a lab
        self.retranslate()

    # -- where the lab is ------------------------------------------------------------------------
    @property
    def lab_dir(self) -> Path | None:
        """The running lab's data directory; None for a throw-away lab."""
        return self.session.launch.data_dir

    def location_text(self) -> str:
        ddir = self.lab_dir
        if ddir is None:
            return self.tr("throw-away lab (deleted when the engine stops)")
        return short_path(ddir)

    # -- Reset lab… ------------------------------------------------------------------------------
    def ask_reset(self) -> QMessageBox:
        """Ask first: every topic, record and group offset of this lab goes."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Reset lab"), self.tr(
            "Delete every topic, record and consumer group of this lab and start an empty cluster?\n\n{0}").format(
            self.location_text()), QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("ResetLabDialog")
        self.reset_button = box.addButton(self.tr("Reset lab"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda b: self.reset() if b is self.reset_button else None)
        self.confirm = box
        box.open()
        return box

    def reset(self) -> None:
        """Stop the engine, empty its data directory, start it again (a throw-away lab: a new empty one)."""
        self.session.stop()  # waits for the engine process to exit: nothing writes while we delete
        ddir = self.lab_dir
        if ddir is not None:
            try:
                clear_lab_dir(ddir)
            except (OSError, ValueError) as exc:
                log.warning("could not reset the lab at %s: %s", ddir, exc)
                QMessageBox.warning(self.window, self.tr("Reset lab"),
                                    self.tr("Could not empty {0}: {1}").format(ddir, exc))
        self.restart_engine()
        self.window.statusBar().showMessage(self.tr("The lab was reset: an empty cluster"), 5000)

    # -- throw-away lab --------------------------------------------------------------------------
    def toggle_throwaway(self) -> None:
        if self.saved_launch is None:
            self.open_throwaway()
        else:
            self.back_to_saved()

    def open_throwaway(self) -> None:
        """A temporary lab for this session; the saved one is not touched (nor its setting)."""
        if self.lab_dir is None:
            return
        self.saved_launch = self.session.launch
        self.session.launch = replace(self.session.launch, data_dir=None)
        self.restart_engine()
        self.retranslate()

    def back_to_saved(self) -> None:
        if self.saved_launch is None:
            return
        self.session.launch = replace(self.saved_launch, port=self.session.launch.port,
                                      brokers=self.session.launch.brokers)
        self.saved_launch = None
        self.restart_engine()
        self.retranslate()

    # -- words -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.reset_action.setText(self.tr("Reset lab…"))
        throwaway = self.saved_launch is not None
        self.throwaway_action.setText(self.tr("Back to my lab") if throwaway else self.tr("Open a throw-away lab"))
        self.throwaway_action.setEnabled(throwaway or self.lab_dir is not None)
        self.label.setText(self.tr("Lab: {0}").format(self.location_text()))
        ddir = self.lab_dir
        self.label.setToolTip(str(ddir) if ddir is not None else self.tr(
            "A temporary directory: topics and records go when the engine stops. The saved lab ({0}) is "
            "untouched.").format(short_path(self.saved_launch.data_dir) if self.saved_launch and
                                  self.saved_launch.data_dir else short_path(data_dir())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

