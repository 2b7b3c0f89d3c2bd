"""The clients view: every client connection of every broker — client id, software (from
ApiVersions v3+), address, since when, requests/s, bytes in and out, the APIs it uses. Polled once a
second through the control channel while visible; the per-connection counters run while this view
(or the X-ray) is open. Scoped to one broker, or to the clients producing to or fetching from one
partition on its leader, when a broker card or a placement row is selected (``clients_scope``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

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
        for col, width in enumerate((62, 140, 190, 130, 70, 90, 80, 80, 120, 120, 200, 230)):
            self.table.setColumnWidth(col, width)
        self.note = QLabel()
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.scope: tuple[int, str | None, int | None] | None = None  # (broker, topic, partition)
        self.scope_label = QLabel()
        self.all_button = QPushButton()
        self.all_button.clicked.connect(lambda: self.set_scope(None))
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_label, 1)
        scope_row.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(scope_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._all: tuple[ClientConnection, ...] = ()
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

    def set_scope(self, broker: int | None, topic: str | None = None, partition: int | None = None) -> None:
        """Show only the clients of ``broker`` (those naming ``topic`` in their produces or fetches,
        when given: the partition's clients on its leader); ``None``: every client."""
        self.scope = None if broker is None else (broker, topic, partition)
        self._show_scope()
        self.model.set_connections(self.scoped(self._all))

    def scoped(self, conns: tuple[ClientConnection, ...]) -> tuple[ClientConnection, ...]:
        if self.scope is None:
            return conns
        broker, topic, _partition = self.scope
        return tuple(c for c in conns if c.broker == broker and (topic is None or topic in c.produces
                                                                 or topic in c.fetches))

    def _show_scope(self) -> None:
        self.all_button.setVisible(self.scope is not None)
        self.scope_label.setVisible(self.scope is not None)
        if self.scope is None:
            return
        broker, topic, partition = self.scope
        if topic is None:
            self.scope_label.setText(self.tr("Clients of broker {0}").format(broker))
        else:
            self.scope_label.setText(self.tr("Clients producing to or fetching from {0}-{1} on its leader, broker {2}")
                                     .format(topic, partition, broker))

    def _got(self, reply: CommandReply[tuple[ClientConnection, ...]]) -> None:
        self._in_flight = False
        if reply.ok and reply.result is not None:
            self._all = reply.result
            self.model.set_connections(self.scoped(reply.result))
            brokers = len({c.broker for c in reply.result})
            self.note.setText(self.tr("{0} connection(s) on {1} broker(s). Requests and bytes are counted while "
                                      "this view or the X-ray is open.").format(len(reply.result), brokers))

    def retranslate_ui(self) -> None:
        self.model.retranslate()
        self.all_button.setText(self.tr("Show all clients"))
        self._show_scope()
        if not self.note.text():
            self.note.setText(self.tr("Requests and bytes are counted while this view or the X-ray is open."))
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(self.tr("Clients"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
