"""Lag history chart of one consumer group: total lag (thick) and each partition's lag, from the
session's :class:`LagHistory`. A curve per series is created once and then fed with ``setData``;
redraws are rate-limited and skipped while hidden. Selecting a partition emphasises its curve. The
legend sits under the plot, the y axis starts at zero and a short spike does not set its top."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.models.lag_history import TOTAL, LagHistory
from gui.theme import LIGHT, Theme
from gui.widgets.chart import (
    COUNT_UNITS,
    ChartLegend,
    LegendEntry,
    Scale,
    pick_unit,
    robust_scale,
)

REDRAW_MS = 500
WINDOW_S = 600.0
IDLE_TOP = 10.0  # records


class LagChart(QWidget):
    def __init__(self, history: LagHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LagChart")
        self.history = history
        self.theme: Theme = LIGHT
        self.group: str | None = None
        self.emphasised: str | None = None
        self.unit_factor = 1.0
        self.widget = pg.PlotWidget()
        self.item = self.widget.getPlotItem()
        self.item.setClipToView(True)
        self.item.setDownsampling(auto=True, mode="peak")
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMouseEnabled(x=False, y=False)
        self.item.disableAutoRange(axis="y")
        self.item.getAxis("left").enableAutoSIPrefix(False)
        self.item.hideButtons()
        self.legend = ChartLegend()
        self.scale = Scale(IDLE_TOP, 0.0, 0)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.redraws = 0
        self._dirty = True
        self.replay_note = ""  # "replay — 14:03:21.412" while the time machine shows the past
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.legend)
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
        self._relabel()
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
        for name, c in self.curves.items():
            c.setPen(self._pen(name))
        self.retranslate_ui()

    def _relabel(self) -> None:
        names = sorted(n for n in self.curves if n != TOTAL)
        entries = [LegendEntry(self.tr("total"), self.theme.text, bold=True)] if TOTAL in self.curves else []
        entries += [LegendEntry(n, self.theme.series_colour(i)) for i, n in enumerate(names)]
        note = self.tr("↑ a spike above the scale, up to {0} records").format(
            f"{self.scale.peak:,.0f}") if self.scale.spike else ""
        self.legend.set_entries(entries, note)

    def _set_scale(self, scale: Scale) -> None:
        self.scale = scale
        name, factor = pick_unit(scale.top, COUNT_UNITS)
        self.unit_factor = factor
        self.item.setYRange(0, scale.top / factor, padding=0)
        self.item.setLabel("left", self.tr("lag (×1000)") if name == "thousand" else
                           self.tr("lag (×1M)") if name == "million" else self.tr("lag"))

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
            self._set_scale(Scale(IDLE_TOP, 0.0, 0))
            return
        times = series.times.view()
        x = times - float(times[-1])
        span = min(WINDOW_S, max(60.0, -float(x[0])))
        self.item.setXRange(-span, 0, padding=0.01)
        visible = x >= -span
        scale = robust_scale((s.view()[visible] for s in series.series.values()), IDLE_TOP)
        spike_changed = scale.spike != self.scale.spike or (scale.spike and scale.peak != self.scale.peak)
        self._set_scale(scale)
        added = False
        for name, c in self.curves.items():
            if name not in series.series:  # a series of the other (live / rewound) history
                c.setData([], [])
        for name in sorted(series.series, key=lambda n: (n != TOTAL, n)):
            c = self.curves.get(name)
            if c is None:
                c = self.item.plot(connect="finite")
                self.curves[name] = c
                added = True
            c.setData(x, series.series[name].view() / self.unit_factor)
        if added:
            for name, c in self.curves.items():
                c.setPen(self._pen(name))
        if added or spike_changed:
            self._relabel()

    def set_replay_note(self, note: str) -> None:
        self.replay_note = note
        self._title()
        self._dirty = True
        self.redraw(force=True)

    def _title(self) -> None:
        title = self.tr("Lag history (records behind the high watermark)")
        self.item.setTitle(title + (f"  —  {self.replay_note}" if self.replay_note else ""),
                           color="#e65100" if self.replay_note else self.theme.text, size="10pt")

    def retranslate_ui(self) -> None:
        self._title()
        self.item.setLabel("bottom", self.tr("seconds ago"))
        self._set_scale(self.scale)
        self._relabel()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)
