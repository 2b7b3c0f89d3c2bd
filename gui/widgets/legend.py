"""A one-line legend of the replica glyphs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.models.placement_model import ReplicaState
from gui.theme import LIGHT, Theme
from gui.widgets.replica_glyph import paint_glyph, paint_star

GLYPH = 22


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = LIGHT
        self.setObjectName("Legend")
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _items(self) -> list[tuple[ReplicaState | None, str]]:
        return [
            (ReplicaState.LEADER, self.tr("leader")),
            (ReplicaState.IN_SYNC, self.tr("in-sync follower")),
            (ReplicaState.OUT_OF_SYNC, self.tr("out-of-sync follower")),
            (ReplicaState.OFFLINE, self.tr("offline replica")),
            (None, self.tr("preferred leader")),
        ]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        width = sum(GLYPH + 2 + fm.horizontalAdvance(text) + 12 for _, text in self._items())
        return QSize(width, max(GLYPH, fm.height() + 6))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        fm = self.fontMetrics()
        x = 2.0
        h = float(self.height())
        for state, text in self._items():
            glyph = QRectF(x, (h - GLYPH) / 2, GLYPH, GLYPH)
            if state is None:
                paint_star(p, glyph.center(), 7.0, self.theme)
            else:
                paint_glyph(p, glyph, state, False, self.theme)
            p.setPen(self.palette().windowText().color())
            p.drawText(int(x + GLYPH + 2), int((h + fm.ascent() - fm.descent()) / 2), text)
            x += GLYPH + 2 + fm.horizontalAdvance(text) + 12
        p.end()
