"""The clients view: every client connection of every broker — client id, software (from
ApiVersions v3+), address, since when, requests/s, bytes in and out, the APIs it uses. Polled once a
second through the control channel while visible; the per-connection counters run while this view
(or the X-ray) is open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QHeaderView, QLabel, QVBoxLayout, QWidget

from engine.control.commands import ListConnections, WatchXray
from engine.observe.xray import ClientConnection
from gui.bridge import CommandReply, CommandRunner
from gui.models.xray_model import C_APIS, ClientsTableModel
from gui.widgets.tables import row_table

POLL_MS = 1000


class ClientsView(QWidget):
    def __init__(self, runner: CommandRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClientsView")
        self.runner = runner
        self.model = ClientsTableModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(C_APIS, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((62, 140, 200, 130, 70, 80, 80, 80, 140, 140, 200, 170)):
            self.table.setColumnWidth(col, width)
        self.note = QLabel()
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.watching = False
        self._in_flight = False
        self.viewer = f"clients-{id(self):x}"
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.set_watching(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.set_watching(False)

    def set_watching(self, on: bool) -> None:
        if on == self.watching:
            return
        self.watching = on
        self.runner(WatchXray(watch=on, viewer=self.viewer), lambda _r: None)  # counters run while someone looks
        if on:
            self.timer.start()
            self.poll()
        else:
            self.timer.stop()

    def poll(self) -> None:
        self.runner(WatchXray(watch=True, viewer=self.viewer), lambda _r: None)  # (a restarted engine too)
        if self._in_flight:
            return
        self._in_flight = True
        self.runner(ListConnections(), self._got)

    def _got(self, reply: CommandReply[tuple[ClientConnection, ...]]) -> None:
        self._in_flight = False
        if reply.ok and reply.result is not None:
            self.model.set_connections(reply.result)
            brokers = len({c.broker for c in reply.result})
            self.note.setText(self.tr("{0} connection(s) on {1} broker(s). Requests and bytes are counted while "
                                      "this view or the X-ray is open.").format(len(reply.result), brokers))

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        if not self.note.text():
            self.note.setText(self.tr("Requests and bytes are counted while this view or the X-ray is open."))
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(self.tr("Clients"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
