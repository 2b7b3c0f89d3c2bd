"""Throughput dock: produce (in) and fetch (out) byte rates per broker and per topic, last 5 minutes.

Curves are created once per series and fed with ``setData`` from numpy ring buffers; redraws are
rate-limited (4 Hz) and skipped while the dock is hidden."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.models.series import SeriesGroup
from gui.models.telemetry import Rates
from gui.theme import LIGHT, Theme

WINDOW_S = 300.0
CAPACITY = 3600  # 5 min at up to 12 samples/s
REDRAW_MS = 250
MAX_TOPIC_CURVES = 12

pg.setConfigOptions(antialias=False, foreground="k", background="w")


class _Plot:
    """One plot with its curves; a curve per series name, created on first sight."""

    def __init__(self, title: Callable[[], str]) -> None:
        self.title = title
        self.widget = pg.PlotWidget()
        self.item = self.widget.getPlotItem()
        self.item.setClipToView(True)
        self.item.setDownsampling(auto=True, mode="peak")
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setXRange(-WINDOW_S, 0, padding=0)
        self.item.setMouseEnabled(x=False, y=False)
        self.item.enableAutoRange(axis="y")
        self.item.hideButtons()
        self.legend = self.item.addLegend(offset=(8, 4), colCount=2)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.labels: dict[str, Callable[[], str]] = {}
        self.colours: dict[str, int] = {}

    def curve(self, name: str, colour_index: int, dashed: bool, label: Callable[[], str], theme: Theme) -> pg.PlotDataItem:
        c = self.curves.get(name)
        if c is None:
            c = self.item.plot(pen=self._pen(theme, colour_index, dashed), name=label(), connect="finite")
            self.curves[name] = c
            self.labels[name] = label
            self.colours[name] = colour_index
        return c

    @staticmethod
    def _pen(theme: Theme, colour_index: int, dashed: bool) -> object:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        return pg.mkPen(theme.series_colour(colour_index), width=2, style=style)

    def apply_theme(self, theme: Theme) -> None:
        self.widget.setBackground(theme.base)
        for axis in ("left", "bottom"):
            ax = self.item.getAxis(axis)
            ax.setPen(pg.mkPen(theme.muted))
            ax.setTextPen(pg.mkPen(theme.text))
        self.item.setTitle(self.title(), color=theme.text, size="10pt")
        for name, c in self.curves.items():
            c.setPen(self._pen(theme, self.colours[name], name.startswith("out:")))
        self.legend.setLabelTextColor(theme.text)
        self.relabel()

    def relabel(self) -> None:
        self.legend.clear()
        for name, c in self.curves.items():
            self.legend.addItem(c, self.labels[name]())


class ThroughputView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ThroughputView")
        self.theme: Theme = LIGHT
        self.brokers = SeriesGroup(CAPACITY)
        self.topics = SeriesGroup(CAPACITY)
        self.broker_plot = _Plot(lambda: self.tr("Per broker (solid: in, dashed: out)"))
        self.topic_plot = _Plot(lambda: self.tr("Per topic (solid: produced, dashed: fetched)"))
        self._topic_colours: dict[str, int] = {}
        self._dirty = False
        self.redraws = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.broker_plot.widget, 1)
        layout.addWidget(self.topic_plot.widget, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.broker_plot.apply_theme(theme)
        self.topic_plot.apply_theme(theme)

    def clear(self) -> None:
        self.brokers.clear()
        self.topics.clear()
        self._dirty = True

    def add_rates(self, rates: Rates) -> None:
        values: dict[str, float] = {}
        for bid, v in rates.broker_in.items():
            values[f"in:{bid}"] = v
        for bid, v in rates.broker_out.items():
            values[f"out:{bid}"] = v
        self.brokers.append(rates.time_s, values)
        tvalues: dict[str, float] = {}
        for name in set(rates.topic_in) | set(rates.topic_out):
            if name not in self._topic_colours:
                if len(self._topic_colours) >= MAX_TOPIC_CURVES or not (rates.topic_in.get(name) or rates.topic_out.get(name)):
                    continue
                self._topic_colours[name] = len(self._topic_colours)
            tvalues[f"in:{name}"] = rates.topic_in.get(name, 0.0)
            tvalues[f"out:{name}"] = rates.topic_out.get(name, 0.0)
        self.topics.append(rates.time_s, tvalues)
        self._dirty = True

    def redraw(self) -> None:
        if not self._dirty or not self.isVisible():
            return
        self._dirty = False
        self.redraws += 1
        self._draw(self.brokers, self.broker_plot, self._broker_label, lambda name: int(name.split(":", 1)[1]))
        self._draw(self.topics, self.topic_plot, self._topic_label,
                   lambda name: self._topic_colours.get(name.split(":", 1)[1], 0))

    def _draw(self, group: SeriesGroup, plot: _Plot, label: Callable[[str], Callable[[], str]],
              colour: Callable[[str], int]) -> None:
        times = group.times.view()
        if not len(times):
            for c in plot.curves.values():
                c.setData([], [])
            return
        x = times - float(times[-1])  # seconds before the newest sample
        span = min(WINDOW_S, max(30.0, -float(x[0]) if len(x) else 0.0))
        plot.item.setXRange(-span, 0, padding=0.01)
        added = False
        for name, ring in group.series.items():
            added = added or name not in plot.curves
            c = plot.curve(name, colour(name), name.startswith("out:"), label(name), self.theme)
            c.setData(x, ring.view().copy())
        if added:
            plot.relabel()

    def _broker_label(self, name: str) -> Callable[[], str]:
        direction, bid = name.split(":", 1)
        if direction == "in":
            return lambda: self.tr("broker {0} in").format(bid)
        return lambda: self.tr("broker {0} out").format(bid)

    def _topic_label(self, name: str) -> Callable[[], str]:
        direction, topic = name.split(":", 1)
        if direction == "in":
            return lambda: self.tr("{0} produced").format(topic)
        return lambda: self.tr("{0} fetched").format(topic)

    def retranslate_ui(self) -> None:
        for plot in (self.broker_plot, self.topic_plot):
            plot.item.setTitle(plot.title(), color=self.theme.text, size="10pt")
            plot.item.setLabel("left", self.tr("rate"), units="B/s")
            plot.item.setLabel("bottom", self.tr("seconds ago"))
            plot.relabel()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
