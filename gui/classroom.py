"""Classroom mode's part of the main window (issue 12): presenter mode (:mod:`gui.presenter`), the
record flow dock (``recordFlowDock``) and the acks ledger dock (``acksLedgerDock``), so that lessons
can bring either forward by its object name.

The main window makes one :class:`Classroom` after its menus; everything else is wired here: the
bridge's images, the produce dialog's deliveries and the message browser's double-click feed the
record flow, the load generator and the produce dialog feed the ledger."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from engine.observe import ClusterImage
from gui.models.acks_ledger import ProducerLedger
from gui.presenter import PresenterActions, PresenterMode, ZoomControl
from gui.theme import Theme
from gui.views.acks_ledger_view import AcksLedgerView
from gui.views.controller_view import ControllerView
from gui.views.record_flow_view import RecordFlowView
from gui.widgets.scroll_dock import scrollable


class Classroom(QObject):
    def __init__(self, window: Any) -> None:
        """``window``: the :class:`gui.main_window.MainWindow` (typed loosely: this module is below it)."""
        super().__init__(window)
        self.window: Any = window
        main: QMainWindow = window
        self.presenter = PresenterMode(main, window.themes, window.settings)
        self.record_flow = RecordFlowView(window.data)
        self.record_flow_dock = self._dock(main, "recordFlowDock", scrollable(self.record_flow))
        self.ledger_view = AcksLedgerView()
        self.ledger_dock = self._dock(main, "acksLedgerDock", scrollable(self.ledger_view))
        self.controller_view = ControllerView(window.cluster_view.controller_card)
        self.controller_dock = self._dock(main, "controllerDock", scrollable(self.controller_view))
        window.cluster_view.internal_box.toggled.connect(self.controller_view.log_model.set_show_internal)
        window.cluster_view.controller_card.installEventFilter(self)  # double-click: the controller dock
        window.bridge.eventsArrived.connect(self.controller_view.add_events)
        window.bridge.connected.connect(self.controller_view.clear)
        window.load_view.generator.on_run = lambda spec: self.ledger_view.ledger.new_run(spec.topic, spec.acks)
        self.actions = PresenterActions(main, self.presenter, window.menus.view_menu,
                                        (self.record_flow_dock, self.ledger_dock, self.controller_dock))
        self.zoom_control = ZoomControl(self.presenter)
        window.statusBar().addPermanentWidget(self.zoom_control)
        window.bridge.imageChanged.connect(self._on_image)
        window.bridge.connected.connect(self.record_flow.clear)
        window.themes.changed.connect(self._on_theme)
        window.languages.changed.connect(lambda _code: self.retranslate())
        window.browser_view.table.doubleClicked.connect(lambda index: self._browser_pick(index.row()))
        self._on_theme(window.themes.shown)
        self.retranslate()

    def _dock(self, main: QMainWindow, name: str, widget: Any) -> QDockWidget:
        """A dock tabbed with the event log (so it never raises the window's minimum size)."""
        dock = QDockWidget(main)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        main.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        main.tabifyDockWidget(self.window.event_dock, dock)
        self.window.event_dock.raise_()
        return dock

    def start(self) -> None:
        """After the window restored its layout: presenter mode as the last run left it."""
        if self.window.settings.presenter:
            self.presenter.set_active(True)

    def normal_state(self) -> QByteArray | None:
        """The dock layout to save at exit: the normal one while presenter mode is on."""
        return self.presenter.normal_state()

    # -- feeds -----------------------------------------------------------------------------------
    def _on_image(self, image: ClusterImage) -> None:
        self.record_flow.set_image(image)
        self.ledger_view.set_image(image)
        self.controller_view.set_image(image)

    def watch_produce_dialog(self, dialog: Any) -> None:
        """The record flow follows what the produce dialog just delivered."""
        dialog.delivered.connect(lambda deliveries: self._delivered(dialog, deliveries))

    def _delivered(self, dialog: Any, deliveries: list[Any]) -> None:
        topic = dialog.topic.currentText().strip()
        ledger: ProducerLedger = self.ledger_view.ledger.dialog(topic, str(dialog.acks.currentData()))
        now = int(time.time() * 1000)
        for d in deliveries:
            if d.error:
                ledger.failed()
            else:
                ledger.acknowledged(d.partition, d.offset, now)
        ok = [d for d in deliveries if not d.error and d.offset >= 0]
        if not ok:
            return
        last = ok[-1]
        self.record_flow.follow_record(topic, last.partition, last.offset, dialog.key_bytes(), True, "produce")

    def _browser_pick(self, row: int) -> None:
        from clients.readers import Record
        from gui.models.message_model import RECORD_ROLE

        browser = self.window.browser_view
        rec = browser.model.data(browser.model.index(row, 0), RECORD_ROLE)
        if isinstance(rec, Record):
            self.record_flow.follow_record(browser.topic.currentText(), rec.partition, rec.offset, rec.key, True,
                                           "browser")
            self.show_record_flow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and watched is self.window.cluster_view.controller_card:
            self.show_controller()
            return True
        return False

    def show_controller(self) -> None:
        self.controller_dock.show()
        self.controller_dock.raise_()

    def show_record_flow(self) -> None:
        self.record_flow_dock.show()
        self.record_flow_dock.raise_()

    # -- look and language -----------------------------------------------------------------------
    def _on_theme(self, theme: Theme) -> None:
        self.record_flow.set_theme(theme)

    def retranslate(self) -> None:
        self.record_flow_dock.setWindowTitle(self.tr("Record flow"))
        self.ledger_dock.setWindowTitle(self.tr("Acks ledger"))
        self.controller_dock.setWindowTitle(self.tr("Controller"))
        self.actions.retranslate()

    def shutdown(self) -> None:
        self.record_flow.shutdown()
