"""Lag history chart of one consumer group: total lag (thick) and each partition's lag, from the
session's :class:`LagHistory`. A curve per series is created once and then fed with ``setData``;
redraws are rate-limited and skipped while hidden. Selecting a partition emphasises its curve."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.models.lag_history import TOTAL, LagHistory
from gui.theme import LIGHT, Theme

REDRAW_MS = 500
WINDOW_S = 600.0


class LagChart(QWidget):
    def __init__(self, history: LagHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LagChart")
        self.history = history
        self.theme: Theme = LIGHT
        self.group: str | None = None
        self.emphasised: str | None = None
        self.widget = pg.PlotWidget()
        self.item = self.widget.getPlotItem()
        self.item.setClipToView(True)
        self.item.setDownsampling(auto=True, mode="peak")
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMouseEnabled(x=False, y=False)
        self.item.hideButtons()
        self.legend = self.item.addLegend(offset=(8, 4), colCount=3)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.redraws = 0
        self._dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self.retranslate_ui()

    def set_group(self, group: str | None) -> None:
        if group == self.group:
            return
        self.group = group
        self.emphasised = None
        for c in self.curves.values():
            self.item.removeItem(c)
        self.curves.clear()
        self.legend.clear()
        self._dirty = True
        self.redraw(force=True)

    def emphasise(self, series: str | None) -> None:
        if series != self.emphasised:
            self.emphasised = series
            for name, c in self.curves.items():
                c.setPen(self._pen(name))

    def mark_dirty(self) -> None:
        self._dirty = True

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.widget.setBackground(theme.base)
        for axis in ("left", "bottom"):
            ax = self.item.getAxis(axis)
            ax.setPen(pg.mkPen(theme.muted))
            ax.setTextPen(pg.mkPen(theme.text))
        self.legend.setLabelTextColor(theme.text)
        for name, c in self.curves.items():
            c.setPen(self._pen(name))
        self.retranslate_ui()

    def _relabel(self) -> None:
        """Legend entries keep the colour they were made with: make them again."""
        self.legend.clear()
        for name, c in self.curves.items():
            self.legend.addItem(c, self.tr("total") if name == TOTAL else name)

    def _pen(self, name: str) -> object:
        names = sorted(n for n in self.curves if n != TOTAL)
        if name == TOTAL:
            return pg.mkPen(self.theme.text, width=3 if self.emphasised in (None, TOTAL) else 2)
        index = names.index(name) if name in names else 0
        width = 3 if name == self.emphasised else 1.5
        return pg.mkPen(self.theme.series_colour(index), width=width)

    def redraw(self, force: bool = False) -> None:
        if not force and (not self._dirty or not self.isVisible()):
            return
        self._dirty = False
        self.redraws += 1
        series = self.history.series(self.group) if self.group is not None else None
        if series is None or not series.times.count:
            for c in self.curves.values():
                c.setData([], [])
            return
        times = series.times.view()
        x = times - float(times[-1])
        span = min(WINDOW_S, max(60.0, -float(x[0])))
        self.item.setXRange(-span, 0, padding=0.01)
        added = False
        for name in sorted(series.series, key=lambda n: (n != TOTAL, n)):
            c = self.curves.get(name)
            if c is None:
                c = self.item.plot(name=self.tr("total") if name == TOTAL else name, connect="finite")
                self.curves[name] = c
                added = True
            c.setData(x, series.series[name].view().copy())
        if added:
            for name, c in self.curves.items():
                c.setPen(self._pen(name))
            self._relabel()

    def retranslate_ui(self) -> None:
        self.item.setTitle(self.tr("Lag history (records behind the high watermark)"), color=self.theme.text,
                           size="10pt")
        self.item.setLabel("left", self.tr("lag"))
        self.item.setLabel("bottom", self.tr("seconds ago"))
        self._relabel()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)
