"""A dock's content in a frameless scroll area: the content keeps its own minimum size and scrolls
when the dock is smaller, instead of pushing the window's minimum size beyond a small screen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrollable(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'Dock'}Scroll")
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
