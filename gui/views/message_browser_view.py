"""Message browser dock: a virtual table over one partition or every partition of a topic.

Jump to an offset, to a time (ListOffsets by timestamp), to the oldest or newest record; follow new
records live; search values/headers and keys; show values as text, pretty JSON or hex; export the
selection or a range to JSON Lines / CSV. Reading happens in :class:`BrowserController`'s worker."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clients.readers import Record
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.models.message_model import RECORD_ROLE, MessageModel
from gui.models.partition_models import format_ts
from gui.views.browser_controller import BrowserController
from gui.views.browser_export import BrowserExport
from gui.widgets.jump_bar import JumpBar
from gui.widgets.record_view import RecordDetail, RecordTable

ALL = -1
TAIL_MS = 500
WATERMARKS_MS = 3000


class MessageBrowserView(QWidget):
    def __init__(self, data: DataClients, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBrowserView")
        self.data = data
        self.image: ClusterImage | None = None
        self.model = MessageModel(self)
        self.controller = BrowserController(data, self.model, self.visible_rows, self)
        self.target: tuple[int, int] | None = None  # (partition, offset) of the last jump
        self._build_open_row()
        self._build_jump_row()
        self._build_search_row()
        self._build_table()
        self._build_layout()
        self.exporter = BrowserExport(self, self.table, self.model, self.controller, self.topic.currentText,
                                      self._exporting)
        self.export_button.clicked.connect(lambda: self.exporter.show_menu(self.export_button))
        self._start_timers()
        self._connect_controller()
        self.retranslate_ui()

    # -- construction ----------------------------------------------------------------------------------
    def _build_open_row(self) -> None:
        """Topic, partition, reload, live tail; the value mode."""
        self.topic = QComboBox()
        self.topic.setMinimumWidth(160)
        self.partition = QComboBox()
        self.partition.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        self.tail_button = QPushButton()
        self.tail_button.setCheckable(True)
        self.tail_button.toggled.connect(self.set_tail)
        self.mode = QComboBox()
        self.topic_label, self.partition_label, self.mode_label = QLabel(), QLabel(), QLabel()
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setMinimumWidth(40)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _build_jump_row(self) -> None:
        self.jumps = JumpBar()
        self.jumps.offsetRequested.connect(self.jump_to_offset)
        self.jumps.timeRequested.connect(self.jump_to_time)
        self.jumps.oldestRequested.connect(self.jump_oldest)
        self.jumps.newestRequested.connect(lambda: self.jump_newest())

    def _build_search_row(self) -> None:
        """Search, export, and the progress of either."""
        self.text_filter = QLineEdit()
        self.key_filter = QLineEdit()
        for box in (self.text_filter, self.key_filter):
            box.setClearButtonEnabled(True)
            box.returnPressed.connect(self.search)
        self.search_button, self.clear_button, self.export_button = QPushButton(), QPushButton(), QPushButton()
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_search)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

    def _build_table(self) -> None:
        """The virtual table and, beside it, the record detail."""
        self.table = RecordTable(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_detail(cur.row()))
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self.controller.schedule_pump())
        self.detail = RecordDetail()
        # the record detail sits beside the table, so the table keeps the dock's whole height
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([700, 260])
        self.split.setChildrenCollapsible(False)

    def _build_layout(self) -> None:
        row1 = QHBoxLayout()
        for w1 in (self.topic_label, self.topic, self.partition_label, self.partition, self.open_button):
            row1.addWidget(w1)
        row1.addSpacing(10)
        row1.addWidget(self.tail_button)
        row1.addSpacing(10)
        row1.addWidget(self.status, 1)  # the status line shares the first row: the rows go to the records
        row1.addWidget(self.mode_label)
        row1.addWidget(self.mode)
        row3 = QHBoxLayout()
        row3.addWidget(self.text_filter, 2)
        row3.addWidget(self.key_filter, 1)
        for w3 in (self.search_button, self.clear_button, self.export_button, self.progress, self.cancel_button):
            row3.addWidget(w3)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()  # shown only with an error: every row of height goes to the records
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(row1)
        layout.addWidget(self.jumps)
        layout.addLayout(row3)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.error_label)

    def _start_timers(self) -> None:
        self._tail_timer = QTimer(self)
        self._tail_timer.setInterval(TAIL_MS)
        self._tail_timer.timeout.connect(self.controller.refresh)
        self._watermark_timer = QTimer(self)  # not tailing: still notice new records and retention
        self._watermark_timer.setInterval(WATERMARKS_MS)
        self._watermark_timer.timeout.connect(
            lambda: self.controller.refresh() if self.isVisible() and not self.model.showing_results else None)
        self._watermark_timer.start()

    def _connect_controller(self) -> None:
        self.controller.opened.connect(self._opened)
        self.controller.rangesUpdated.connect(self._ranges_updated)
        self.controller.error.connect(self._error)
        self.controller.busyChanged.connect(self._busy)
        self.controller.progress.connect(self._progress)
        self.controller.searchFinished.connect(self._search_finished)
        self.model.dataChanged.connect(self._data_changed)
        self.topic.currentTextChanged.connect(self._topic_changed)
        self.partition.currentIndexChanged.connect(lambda _i: self.open_current())
        self.mode.currentIndexChanged.connect(self._mode_changed)

    def _set_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- inputs ----------------------------------------------------------------------------------------
    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        names = [t.name for t in image.topics]
        opened = self.controller.topic
        if opened is not None and opened not in names and self.topic.currentText() == opened:
            names.append(opened)  # just created (not in this image yet), or just deleted: keep it shown
        existing = [self.topic.itemText(i) for i in range(self.topic.count())]
        if names != existing:
            current = self.topic.currentText()
            self.topic.blockSignals(True)
            self.topic.clear()
            self.topic.addItems(names)
            self.topic.setCurrentIndex(names.index(current) if current in names else -1)
            self.topic.blockSignals(False)
        self._sync_partitions()

    def _sync_partitions(self) -> None:
        t = self.image.topic(self.topic.currentText()) if self.image is not None else None
        count = len(t.partitions) if t is not None else 0
        if self.partition.count() != count + 1:
            current = self.partition.currentData()
            self.partition.blockSignals(True)
            self.partition.clear()
            self.partition.addItem(self.tr("All partitions"), ALL)
            for p in range(count):
                self.partition.addItem(str(p), p)
            idx = self.partition.findData(current if current is not None else ALL)
            self.partition.setCurrentIndex(max(0, idx))
            self.partition.blockSignals(False)

    def show_topic(self, topic: str, partition: int | None = None) -> None:
        """Open ``topic`` (one partition or all)."""
        if self.image is not None:
            self.set_image(self.image)
        self.topic.blockSignals(True)
        if self.topic.findText(topic) < 0:
            self.topic.addItem(topic)
        self.topic.setCurrentText(topic)
        self.topic.blockSignals(False)
        self._sync_partitions()
        self.partition.blockSignals(True)
        if partition is not None and self.partition.findData(partition) < 0:  # not in the image yet
            self.partition.addItem(str(partition), partition)
        self.partition.setCurrentIndex(max(0, self.partition.findData(ALL if partition is None else partition)))
        self.partition.blockSignals(False)
        self.open_current()

    def _topic_changed(self, _name: str) -> None:
        self._sync_partitions()
        self.open_current()

    def selected_partition(self) -> int | None:
        data = self.partition.currentData()
        return None if data is None or data == ALL else int(data)

    def open_current(self) -> None:
        topic = self.topic.currentText()
        if not topic:
            return
        self._set_error("")
        self.status.setText(self.tr("Opening {0}…").format(topic))
        self.target = None
        self.controller.open(topic, self.selected_partition())

    # -- view geometry ---------------------------------------------------------------------------------
    def visible_rows(self) -> tuple[int, int]:
        n = self.model.rowCount()
        if n == 0:
            return 0, -1
        first = self.table.rowAt(0)
        last = self.table.rowAt(max(0, self.table.viewport().height() - 1))
        if first < 0:
            first = 0
        if last < 0:
            last = n - 1 if self.table.viewport().height() > 0 else first
        return first, min(n - 1, last + 5)

    # -- jumps -----------------------------------------------------------------------------------------
    def _jump_partition(self) -> int | None:
        p = self.selected_partition()
        if p is not None:
            return p
        loc = self.model.locate(max(0, self.table.currentIndex().row()))
        if loc is not None:
            return loc[0]
        ranges = self.model.ranges
        return ranges[0].partition if ranges else None

    def jump_to_offset(self, offset: int, partition: int | None = None) -> int:
        """Scroll to and select the row of ``offset``; returns the row (-1 outside the log)."""
        if self.model.showing_results:
            self.clear_search()
        p = partition if partition is not None else self._jump_partition()
        if p is None:
            return -1
        r = self.model.range_of(p)
        if r is None:
            return -1
        if r.count == 0:
            self.status.setText(self.tr("Partition {0} is empty").format(p))
            return -1
        clamped = min(max(offset, r.low), r.high - 1)
        if clamped != offset:
            self.status.setText(self.tr("Offset {0} is outside {1}–{2}: showing {3}").format(
                f"{offset:,}", f"{r.low:,}", f"{r.high - 1:,}", f"{clamped:,}"))
        row = self.model.row_of(p, clamped)
        self.target = (p, clamped)
        self.jumps.offset_box.setValue(clamped)
        self._select_row(row)
        self.controller.load_now((p, clamped // self.model.page_size))
        self.controller.jumped.emit(p, clamped)
        return row

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def jump_to_time(self, timestamp_ms: int) -> None:
        self.status.setText(self.tr("Looking up the first offset at {0} (ListOffsets)…").format(format_ts(timestamp_ms)))

        def found(partition: int, offset: int) -> None:
            if offset < 0:
                self.status.setText(self.tr("No record at or after {0}: showing the newest").format(
                    format_ts(timestamp_ms)))
                self.jump_newest(partition)
                return
            self.jump_to_offset(offset, partition)
            self.status.setText(self.tr("First record at or after {0}: partition {1}, offset {2}").format(
                format_ts(timestamp_ms), partition, f"{offset:,}"))

        self.controller.jump_to_time(self.selected_partition() if self.selected_partition() is not None else None,
                                     timestamp_ms, found)

    def jump_oldest(self) -> None:
        if self.model.rowCount():
            loc = self.model.locate(0)
            if loc is not None:
                self.jump_to_offset(loc[1], loc[0])

    def jump_newest(self, partition: int | None = None) -> None:
        n = self.model.rowCount()
        if not n:
            return
        if partition is not None and self.model.range_of(partition) is not None:
            r = self.model.range_of(partition)
            assert r is not None
            if r.count:
                self.jump_to_offset(r.high - 1, partition)
            return
        loc = self.model.locate(n - 1)
        if loc is not None:
            self.jump_to_offset(loc[1], loc[0])

    def current_record(self) -> Record | None:
        row = self.table.currentIndex().row()
        rec = self.model.data(self.model.index(row, 0), RECORD_ROLE) if row >= 0 else None
        return rec if isinstance(rec, Record) else None

    # -- live tail -------------------------------------------------------------------------------------
    def set_tail(self, on: bool) -> None:
        if self.tail_button.isChecked() != on:
            self.tail_button.setChecked(on)
            return
        if on:
            self._tail_timer.start()
            self.controller.refresh()
        else:
            self._tail_timer.stop()

    def _ranges_updated(self, added: int) -> None:
        self._update_status()
        if self.tail_button.isChecked() and self.model.rowCount() and not self.model.showing_results:
            self.table.scrollToBottom()
            self.controller.schedule_pump()

    # -- search and export -----------------------------------------------------------------------------
    def search(self) -> None:
        text, key = self.text_filter.text(), self.key_filter.text()
        if not text.strip() and not key.strip():
            self.clear_search()
            return
        self.set_tail(False)
        self._set_error("")
        self.status.setText(self.tr("Searching…"))
        self.controller.search(text, key)

    def clear_search(self) -> None:
        self.model.clear_results()
        self._update_status()

    def _search_finished(self, found: int, scanned: int) -> None:
        self.status.setText(self.tr("{0} match(es) in {1} record(s) scanned — Clear shows every record").format(
            f"{found:,}", f"{scanned:,}"))
        if found:
            self._select_row(0)

    def _exporting(self, text: str) -> None:
        self._set_error("")
        self.status.setText(text)

    # -- display ---------------------------------------------------------------------------------------
    def cancel(self) -> None:
        self.controller.cancel()
        self.status.setText(self.tr("Cancelled"))
        self._busy(False)

    def _opened(self) -> None:
        self._update_status()
        self.controller.schedule_pump()
        if self.tail_button.isChecked():
            self.table.scrollToBottom()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy and self.progress.maximum() != 0 and self.progress.value() >= self.progress.maximum():
            self.progress.setRange(0, 0)
        if not busy:
            self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, total))
        self.progress.setFormat(self.tr("{0}: %p%").format(self.tr("search") if what == "search" else self.tr("export")))

    def _error(self, text: str) -> None:
        self._set_error(text)

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        row = self.table.currentIndex().row()
        if top_left.row() <= row <= bottom_right.row():
            self._show_detail(row)

    def _update_status(self) -> None:
        if self.model.showing_results:
            return
        ranges = self.model.ranges
        if not ranges:
            self.status.setText("")
            return
        if len(ranges) == 1:
            r = ranges[0]
            self.status.setText(self.tr("Partition {0}: offsets {1}–{2} ({3} records)").format(
                r.partition, f"{r.low:,}", f"{max(r.low, r.high - 1):,}", f"{r.count:,}"))
        else:
            self.status.setText(self.tr("{0} partitions, {1} records (partition by partition)").format(
                len(ranges), f"{self.model.rowCount():,}"))

    def _mode_changed(self, _i: int) -> None:
        self.model.set_value_mode(str(self.mode.currentData() or "text"))
        self._show_detail(self.table.currentIndex().row())

    def _show_detail(self, row: int) -> None:
        rec = self.model.data(self.model.index(row, 0), RECORD_ROLE) if row >= 0 else None
        self.detail.show_record(rec if isinstance(rec, Record) else None, self.model.value_mode, loading=row >= 0)

    def shutdown(self) -> None:
        self._tail_timer.stop()
        self._watermark_timer.stop()
        self.controller.cancel()

    def retranslate_ui(self) -> None:
        self.topic_label.setText(self.tr("Topic"))
        self.partition_label.setText(self.tr("Partition"))
        if self.partition.count():
            self.partition.setItemText(0, self.tr("All partitions"))
        self.open_button.setText(self.tr("Reload"))
        self.open_button.setToolTip(self.tr("Read the watermarks again and reload"))
        self.tail_button.setText(self.tr("Live tail"))
        self.tail_button.setToolTip(self.tr("Follow new records as they arrive"))
        self.mode_label.setText(self.tr("Value as"))
        current = self.mode.currentData() or "text"
        self.mode.blockSignals(True)
        self.mode.clear()
        for key, text in (("text", self.tr("Text")), ("json", self.tr("Pretty JSON")), ("hex", self.tr("Hex"))):
            self.mode.addItem(text, key)
        self.mode.setCurrentIndex(max(0, self.mode.findData(current)))
        self.mode.blockSignals(False)
        self.text_filter.setPlaceholderText(self.tr("Search values and headers…"))
        self.key_filter.setPlaceholderText(self.tr("Key contains…"))
        self.search_button.setText(self.tr("Search"))
        self.search_button.setToolTip(self.tr("Read every record of the topic/partition and list the matches"))
        self.clear_button.setText(self.tr("Clear"))
        self.export_button.setText(self.tr("Export…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.model.retranslate()
        self._update_status()
        self._show_detail(self.table.currentIndex().row())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
