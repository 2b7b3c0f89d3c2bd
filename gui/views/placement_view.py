"""The placement grid: a QTableView over :class:`PlacementModel` with glyphs painted by a delegate
and a short-lived animation timer for failover flashes and leader/ISR change pulses."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.models.placement_model import CELL_ROLE, CHANGE_ROLE, FIXED_COLUMNS, FLASH_ROLE, Cell, PlacementModel
from gui.theme import LIGHT, Theme
from gui.widgets.replica_glyph import paint_glyph

ANIMATION_MS = 33


class PlacementDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = LIGHT

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        flash = float(index.data(FLASH_ROLE) or 0.0)
        if flash > 0:
            colour = QColor(self.theme.flash)
            colour.setAlphaF(min(1.0, 0.85 * flash))
            painter.fillRect(option.rect, colour)
        if index.column() < FIXED_COLUMNS:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[operator]
            sel = QColor(self.theme.highlight)
            sel.setAlphaF(0.22)
            painter.fillRect(option.rect, sel)
            if self.theme.presenter:  # presenter mode: the partition being discussed gets a strong outline
                width = 4
                painter.save()
                painter.setPen(QPen(QColor(self.theme.pointer), width))
                painter.drawRect(option.rect.adjusted(width // 2, width // 2, -width // 2, -width // 2))
                painter.restore()
        cell = index.data(CELL_ROLE)
        if isinstance(cell, Cell):
            change = float(index.data(CHANGE_ROLE) or 0.0)
            paint_glyph(painter, QRectF(option.rect), cell.state, cell.preferred, self.theme, change)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 64), max(size.height(), 26))


class PlacementView(QTableView):
    def __init__(self, model: PlacementModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlacementGrid")
        self.placement = model
        self.setModel(model)
        self.delegate = PlacementDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(56)
        header.setDefaultSectionSize(88)
        self._timer = QTimer(self)
        self._timer.setInterval(ANIMATION_MS)
        self._timer.timeout.connect(self._tick)
        model.dataChanged.connect(self._maybe_animate)
        model.modelReset.connect(self._after_reset)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.viewport().update()

    def _after_reset(self) -> None:
        header = self.horizontalHeader()
        labels = [self.placement.headerData(0, Qt.Orientation.Horizontal) or ""]
        labels += self.placement.longest_labels()  # not all 10,000: measuring each took ~150 ms
        fm = self.fontMetrics()
        self.setColumnWidth(0, min(420, max(fm.horizontalAdvance(str(t)) for t in labels) + 28))
        hfm = header.fontMetrics()
        for col in range(1, self.placement.columnCount()):
            if col < FIXED_COLUMNS:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                title = str(self.placement.headerData(col, Qt.Orientation.Horizontal) or "")
                self.setColumnWidth(col, max(70, hfm.horizontalAdvance(title) + 24))
            else:  # broker columns share the remaining width
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self._maybe_animate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # presenter mode's zoom: rows and columns fit the text
            QTimer.singleShot(0, self._refit)
        super().changeEvent(event)

    def _refit(self) -> None:
        self.verticalHeader().setDefaultSectionSize(max(28, self.fontMetrics().height() + 10))
        self._after_reset()

    def _maybe_animate(self, *args: object) -> None:
        if not self._timer.isActive() and self.placement.animating():
            self._timer.start()

    def _tick(self) -> None:
        if not self.placement.animating():
            self._timer.stop()
        self.viewport().update()
