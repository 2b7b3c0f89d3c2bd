"""A message strip across the top of the window (e.g. "the engine stopped" + Restart)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    restartRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.message = QLabel()
        self.message.setObjectName("BannerText")
        self.message.setWordWrap(True)
        self.restart_button = QPushButton()
        self.restart_button.clicked.connect(self.restartRequested.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.restart_button)
        self.retranslate_ui()
        self.hide()

    def show_message(self, text: str, kind: str = "error", restart: bool = True) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.message.setText(text)
        self.restart_button.setVisible(restart)
        self.show()

    def text(self) -> str:
        return self.message.text()

    def retranslate_ui(self) -> None:
        self.restart_button.setText(self.tr("Restart engine"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
