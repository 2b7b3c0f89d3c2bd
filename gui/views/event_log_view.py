"""The event log dock: a filter box over the event table (newest at the bottom, auto-scrolling)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.models.event_model import DETAILS, EventFilterProxy, EventLogModel


class EventLogView(QWidget):
    def __init__(self, model: EventLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EventLogView")
        self.model = model
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filter_label = QLabel()
        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((104, 190, 64, 160, 150, 64)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._follow = True
        self.table.verticalScrollBar().valueChanged.connect(self._track_follow)
        model.rowsInserted.connect(self._rows_inserted)
        model.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.retranslate_ui()

    def _track_follow(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        self._follow = value >= bar.maximum() - 2

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._follow:
            self.table.scrollToBottom()
        self._update_count()

    def _update_count(self, *args: object) -> None:
        self.count_label.setText(self.tr("{0} of {1} events").format(self.proxy.rowCount(), self.model.rowCount()))

    def retranslate_ui(self) -> None:
        self.filter_label.setText(self.tr("Filter:"))
        self.filter_box.setPlaceholderText(self.tr("kind, broker, topic, reason…"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
