"""The protocol X-ray dock: every request/response of every client on every broker, filtered by
client, API, error and topic; pause, clear, export as JSON lines; the decoded request and response
of the selected row (record batches decoded, compressed ones too).

Fed through the control channel: while the dock is visible it watches (``WatchXray``) and asks
for new rows (``XrayRows``) five times a second; hidden, it stops watching and the engine's tap is
off again."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import DecodeExchange, WatchXray, XrayRows
from engine.observe import EngineEvent
from engine.observe.xray import ExchangeRow
from gui.bridge import CommandReply, CommandRunner
from gui.models.event_text import EventText
from gui.models.xray_cause import cause_of
from gui.models.xray_model import XrayFilterProxy, XrayTableModel
from gui.widgets.file_dialogs import in_documents
from gui.widgets.tables import row_table

POLL_MS = 200
REWATCH_EVERY = 10  # polls
TREE_CHILDREN = 300  # children shown per list in the decoded tree
EXPANDED = frozenset({"topic_data", "responses", "topics", "partitions", "partition_data", "partition_responses",
                      "records"})


class XrayView(QWidget):
    def __init__(self, runner: CommandRunner, events: Callable[[], Sequence[EngineEvent]] = tuple,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("XrayView")
        self.runner = runner
        self.events = events  # the event log's events, to name what caused an error
        self.text = EventText(self)
        self.model = XrayTableModel(self)
        self.proxy = XrayFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = row_table(self.proxy, single_selection=True)
        for col, width in enumerate((92, 60, 100, 110, 64, 96, 240, 200, 84, 70, 70)):
            self.table.setColumnWidth(col, width)
        self.filters: dict[str, QLineEdit] = {}
        bar = QHBoxLayout()
        for key in ("client", "api", "error", "topic"):
            box = QLineEdit()
            box.setClearButtonEnabled(True)
            box.textChanged.connect(self._apply_filters)
            self.filters[key] = box
            bar.addWidget(box, 1)
        self.errors_only = QCheckBox()
        self.errors_only.toggled.connect(self._apply_filters)
        self.pause_button = QPushButton()
        self.pause_button.setCheckable(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export_clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        for w in (self.errors_only, self.pause_button, self.clear_button, self.export_button):
            bar.addWidget(w)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree_label = QLabel()
        self.tree_label.setWordWrap(True)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.tree_label)
        detail_layout.addWidget(self.tree, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.count_label)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.proxy.rowsInserted.connect(self._rows_inserted)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.watching = False
        self._last_seq = 0
        self._in_flight = False
        self._decoding = 0
        self._polls = 0
        self.viewer = f"xray-{id(self):x}"
        self.retranslate_ui()

    # ------------------------------------------------------------------ watching only while visible
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
        if on:
            self.runner(WatchXray(watch=True, viewer=self.viewer), self._watch_started)
            self.timer.start()
        else:
            self.timer.stop()
            self.runner(WatchXray(watch=False, viewer=self.viewer), lambda _r: None)

    def _watch_started(self, reply: CommandReply[int]) -> None:
        if reply.ok and reply.result is not None and not self.model.rows:
            self._last_seq = max(self._last_seq, reply.result)  # only what happens from now on

    def poll(self) -> None:
        self._polls += 1
        if self._polls % REWATCH_EVERY == 0:  # (a restarted engine learns that someone looks)
            self.runner(WatchXray(watch=True, viewer=self.viewer), lambda _r: None)
        if self._in_flight or self.pause_button.isChecked():
            return
        self._in_flight = True
        self.runner(XrayRows(after_seq=self._last_seq), self._got_rows)

    def _got_rows(self, reply: CommandReply[tuple[ExchangeRow, ...]]) -> None:
        self._in_flight = False
        if not reply.ok or not reply.result:
            return
        rows = reply.result
        self._last_seq = rows[-1].seq
        self.model.append(rows)

    def clear(self) -> None:
        self.model.clear()
        self.tree.clear()
        self.tree_label.clear()

    # ------------------------------------------------------------------ filters, count, export
    def _apply_filters(self) -> None:
        f = self.filters
        self.proxy.set_filters(f["client"].text(), f["api"].text(), f["error"].text(), f["topic"].text(),
                               self.errors_only.isChecked())
        self._update_count()

    def _rows_inserted(self, *args: object) -> None:
        bar = self.table.verticalScrollBar()
        if bar.value() >= bar.maximum() - 2:
            self.table.scrollToBottom()
        self._update_count()

    def _update_count(self, *args: object) -> None:
        self.count_label.setText(self.tr("{0} of {1} exchanges").format(self.proxy.rowCount(), self.model.rowCount()))

    def visible_rows(self) -> list[ExchangeRow]:
        return [self.model.row(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
                for i in range(self.proxy.rowCount())]

    def export_to(self, path: str) -> int:
        """Write the rows the filters show as JSON lines (the ``--protocol-log`` keys plus sizes and
        where each error was); the number written."""
        rows = self.visible_rows()
        with open(path, "w", encoding="utf-8") as f:
            for r in rows:
                record: dict[str, Any] = {**r.log_record(), "request_bytes": r.request_bytes,
                                          "response_bytes": r.response_bytes, "error_places": list(r.error_places),
                                          "topics": list(r.topics), "fault": r.fault}
                f.write(json.dumps(record) + "\n")
        return len(rows)

    def _export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export exchanges"), in_documents("xray.jsonl"),
                                                    self.tr("JSON lines (*.jsonl)"))
        if path:
            n = self.export_to(path)
            self.count_label.setText(self.tr("{0} exchanges written to {1}").format(n, path))

    # ------------------------------------------------------------------ the decoded tree
    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row(self.proxy.mapToSource(rows[0]).row())
        self._decoding = row.seq
        self.tree_label.setText(self.tr("Decoding {0} v{1} (correlation id {2})…").format(
            row.api, row.version, row.correlation_id))
        def done(reply: CommandReply[dict[str, Any]]) -> None:
            self._decoded(row, reply)
        self.runner(DecodeExchange(seq=row.seq), done)

    def _decoded(self, row: ExchangeRow, reply: CommandReply[dict[str, Any]]) -> None:
        if row.seq != self._decoding:
            return
        self.tree.clear()
        if not reply.ok or reply.result is None:
            self.tree_label.setText(self.tr("Not kept any more: only the last exchanges keep their bytes "
                                            "({0})").format(reply.message()))
            return
        label = self.tr("{0} v{1} from {2} ({3}), correlation id {4}").format(
            row.api, row.version, row.client_id or row.peer, row.client_software or self.tr("software unknown"),
            row.correlation_id)
        cause = self.cause_text(row)
        self.tree_label.setText(f"{label}\n{cause}" if cause else label)
        for key, title in (("request", self.tr("Request")), ("response", self.tr("Response"))):
            item = QTreeWidgetItem([title, ""])
            self.tree.addTopLevelItem(item)
            _fill(item, reply.result.get(key))
            item.setExpanded(True)

    def cause_text(self, row: ExchangeRow) -> str:
        """What in the cluster explains the row's errors, in words (``""`` when nothing does)."""
        if not row.errors:
            return ""
        event = cause_of(row, self.events())
        if event is None:
            return ""
        return self.tr("Caused by: {0} at {1} — {2}").format(
            event.kind, time.strftime("%H:%M:%S", time.localtime(event.time_ms / 1000)), self.text.describe(event))

    def retranslate_ui(self) -> None:
        placeholders = {"client": self.tr("client id or software"), "api": self.tr("API"),
                        "error": self.tr("error name"), "topic": self.tr("topic")}
        for key, box in self.filters.items():
            box.setPlaceholderText(placeholders[key])
        self.errors_only.setText(self.tr("Errors only"))
        self.pause_button.setText(self.tr("Pause"))
        self.clear_button.setText(self.tr("Clear"))
        self.export_button.setText(self.tr("Export…"))
        self.tree.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.model.retranslate()
        self._update_count()
        if self.table.selectionModel().selectedRows():
            self._selected(QItemSelection(), QItemSelection())  # the tree's titles in the new language
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(self.tr("Protocol X-ray"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _fill(parent: QTreeWidgetItem, value: Any) -> None:
    """Children for a decoded value: dict keys, list items (at most :data:`TREE_CHILDREN`), scalars."""
    if isinstance(value, dict):
        for k, v in value.items():
            _add(parent, str(k), v)
    elif isinstance(value, list):
        for i, v in enumerate(value[:TREE_CHILDREN]):
            _add(parent, f"[{i}]", v)
        if len(value) > TREE_CHILDREN:
            parent.addChild(QTreeWidgetItem(["…", QCoreApplication.translate("XrayView", "{0} more").format(len(value) - TREE_CHILDREN)]))
    else:
        parent.setText(1, "null" if value is None else str(value))


def _add(parent: QTreeWidgetItem, name: str, value: Any) -> None:
    item = QTreeWidgetItem([name, ""])
    parent.addChild(item)
    if isinstance(value, (dict, list)):
        if isinstance(value, list):
            item.setText(1, QCoreApplication.translate("XrayView", "{0} item(s)").format(len(value)))
        if name in EXPANDED or (name == "[0]" and parent.isExpanded()):
            item.setExpanded(True)  # the way down to the first partition's first batch and record
        _fill(item, value)
    else:
        _fill(item, value)
