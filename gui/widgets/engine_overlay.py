"""A veil over a view while the engine is down: what the view shows is the engine's last state,
and says so in the middle of it (the data stays visible beneath)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget


class EngineDownOverlay(QLabel):
    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("EngineDownOverlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        target.installEventFilter(self)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(watched.rect())  # type: ignore[attr-defined]
        return False
