"""A legend of the replica glyphs: one line when there is room, wrapped onto more lines when not."""

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
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

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

    def _widths(self) -> list[int]:
        fm = self.fontMetrics()
        return [GLYPH + 2 + fm.horizontalAdvance(text) + 12 for _, text in self._items()]

    def _line_height(self) -> int:
        return max(GLYPH, self.fontMetrics().height() + 6)

    def _layout(self, width: int) -> list[tuple[int, int]]:
        """(x, line) of every item when the legend is ``width`` wide."""
        spots, x, line = [], 2, 0
        for w in self._widths():
            if x > 2 and x + w > width:
                x, line = 2, line + 1
            spots.append((x, line))
            x += w
        return spots

    def sizeHint(self) -> QSize:
        return QSize(sum(self._widths()) + 2, self._line_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(max(self._widths()) + 2, self._line_height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = 1 + max((line for _, line in self._layout(width)), default=0)
        return lines * self._line_height()

    def resizeEvent(self, event: object) -> None:
        wanted = self.heightForWidth(self.width())
        if self.minimumHeight() != wanted:  # a layout without height-for-width still gives the lines room
            self.setMinimumHeight(wanted)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        fm = self.fontMetrics()
        lh = self._line_height()
        for (state, text), (x, line) in zip(self._items(), self._layout(self.width()), strict=True):
            top = line * lh
            glyph = QRectF(x, top + (lh - GLYPH) / 2, GLYPH, GLYPH)
            if state is None:
                paint_star(p, glyph.center(), 7.0, self.theme)
            else:
                paint_glyph(p, glyph, state, False, self.theme)
            p.setPen(self.palette().windowText().color())
            p.drawText(int(x + GLYPH + 2), int(top + (lh + fm.ascent() - fm.descent()) / 2), text)
        p.end()
