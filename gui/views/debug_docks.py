"""The debugging docks — protocol X-ray, clients, fault palette — and their Debug menu, added to the
main window in one call (so the window's own composition stays as it is). They start hidden: the
X-ray tap in the engine runs only while one of them is visible."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from engine.observe import EngineEvent
from gui.bridge import CommandRunner
from gui.views.clients_view import ClientsView
from gui.views.fault_palette import FaultPaletteView
from gui.views.xray_view import XrayView


class DebugDocks(QObject):
    def __init__(self, window: QMainWindow, runner: CommandRunner,
                 events: Callable[[], Sequence[EngineEvent]] = tuple) -> None:
        super().__init__(window)
        self.window = window
        self.xray_view = XrayView(runner, events)
        self.clients_view = ClientsView(runner)
        self.fault_view = FaultPaletteView(runner)
        bottom, right = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.xray_dock = self._dock("XrayDock", self.xray_view, bottom)
        self.clients_dock = self._dock("ClientsDock", self.clients_view, bottom)
        self.fault_dock = self._dock("FaultPaletteDock", self.fault_view, right)
        window.tabifyDockWidget(self.xray_dock, self.clients_dock)
        bar = window.menuBar()
        actions = bar.actions()
        self.menu = QMenu(window)
        if actions:  # before Help, the last menu
            bar.insertMenu(actions[-1], self.menu)
        else:
            bar.addMenu(self.menu)
        for dock, key in ((self.xray_dock, "Ctrl+Shift+X"), (self.clients_dock, "Ctrl+Shift+C"),
                          (self.fault_dock, "Ctrl+Shift+F")):
            action = dock.toggleViewAction()
            action.setShortcut(QKeySequence(key))
            self.menu.addAction(action)
            dock.hide()
        self.views: tuple[QWidget, ...] = (self.xray_view, self.clients_view, self.fault_view)
        window.installEventFilter(self)
        self.retranslate()

    def _dock(self, name: str, view: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self.window)
        dock.setObjectName(name)
        dock.setWidget(view)
        self.window.addDockWidget(area, dock)
        return dock

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Debug"))
        self.xray_dock.setWindowTitle(self.tr("Protocol X-ray"))
        self.clients_dock.setWindowTitle(self.tr("Clients"))
        self.fault_dock.setWindowTitle(self.tr("Fault palette"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
