"""The message browser's jumps: to an offset, to a time (the first record at or after it), to the
oldest or the newest record."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget


class JumpBar(QWidget):
    offsetRequested = Signal(int)
    timeRequested = Signal(int)  # ms since the epoch
    oldestRequested = Signal()
    newestRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offset_box = QSpinBox()
        self.offset_box.setRange(0, 2_000_000_000)
        self.offset_box.setGroupSeparatorShown(True)
        self.offset_button = QPushButton()
        self.offset_button.clicked.connect(lambda: self.offsetRequested.emit(self.offset_box.value()))
        self.offset_box.lineEdit().returnPressed.connect(self.offset_button.click)
        self.time_box = QDateTimeEdit(QDateTime.currentDateTime().addSecs(-3600))
        self.time_box.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.time_box.setCalendarPopup(True)
        self.time_button = QPushButton()
        self.time_button.clicked.connect(lambda: self.timeRequested.emit(self.time_box.dateTime().toMSecsSinceEpoch()))
        self.oldest_button, self.newest_button = QPushButton(), QPushButton()
        self.oldest_button.clicked.connect(self.oldestRequested)
        self.newest_button.clicked.connect(self.newestRequested)
        self.jump_label, self.time_label = QLabel(), QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.jump_label, self.offset_box, self.offset_button, self.time_label, self.time_box,
                  self.time_button, self.oldest_button, self.newest_button):
            row.addWidget(w)
        row.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.jump_label.setText(self.tr("Offset"))
        self.offset_button.setText(self.tr("Go"))
        self.time_label.setText(self.tr("Time"))
        self.time_button.setText(self.tr("Go"))
        self.time_button.setToolTip(self.tr("The first record at or after this time (offsets_for_times)"))
        self.oldest_button.setText(self.tr("Oldest"))
        self.newest_button.setText(self.tr("Newest"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
