"""Throughput dock: produce (in) and fetch (out) byte rates per broker and per topic, last 5 minutes.

Curves are created once per series and fed with ``setData`` from numpy ring buffers; redraws are
rate-limited (4 Hz) and skipped while the dock is hidden. The y axis starts at zero, its top ignores
a short burst (named under the plot instead) and its unit follows the numbers (B/s, KB/s, MB/s); the
legends sit under the plots."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.models.series import SeriesGroup
from gui.models.telemetry import Rates
from gui.theme import LIGHT, Theme
from gui.widgets.chart import (
    RATE_UNITS,
    ChartLegend,
    LegendEntry,
    Scale,
    format_value,
    pick_unit,
    robust_scale,
)

WINDOW_S = 300.0
CAPACITY = 3600  # 5 min at up to 12 samples/s
REDRAW_MS = 250
MAX_TOPIC_CURVES = 12
IDLE_TOP = 1000.0  # an idle chart reads 0 … 1 KB/s

pg.setConfigOptions(antialias=False, foreground="k", background="w")


class _Plot:
    """One plot with its curves (a curve per series name, created on first sight) and its legend below."""

    def __init__(self, title: Callable[[], str], styles: Callable[[], tuple[str, str]]) -> None:
        self.title = title
        self.styles = styles  # what the solid and the dashed lines mean
        self.widget = pg.PlotWidget()
        self.widget.setMinimumHeight(70)
        self.item = self.widget.getPlotItem()
        self.item.setClipToView(True)
        self.item.setDownsampling(auto=True, mode="peak")
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setXRange(-WINDOW_S, 0, padding=0)
        self.item.setMouseEnabled(x=False, y=False)
        self.item.disableAutoRange(axis="y")
        self.item.setYRange(0, 1, padding=0)
        self.item.getAxis("left").enableAutoSIPrefix(False)  # units are chosen here (never "mB/s")
        self.item.hideButtons()
        self.legend = ChartLegend()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.labels: dict[str, Callable[[], str]] = {}
        self.colours: dict[str, int] = {}
        self.scale = Scale(IDLE_TOP, 0.0, 0)
        self.unit = RATE_UNITS[1]

    def curve(self, name: str, colour_index: int, dashed: bool, label: Callable[[], str], theme: Theme) -> pg.PlotDataItem:
        c = self.curves.get(name)
        if c is None:
            c = self.item.plot(pen=self._pen(theme, colour_index, dashed), connect="finite")
            self.curves[name] = c
            self.labels[name] = label
            self.colours[name] = colour_index
        return c

    @staticmethod
    def _pen(theme: Theme, colour_index: int, dashed: bool) -> object:
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        return pg.mkPen(theme.series_colour(colour_index), width=2 * theme.line_width, style=style)

    def apply_theme(self, theme: Theme) -> None:
        self.widget.setBackground(theme.base)
        for axis in ("left", "bottom"):
            ax = self.item.getAxis(axis)
            ax.setPen(pg.mkPen(theme.muted))
            ax.setTextPen(pg.mkPen(theme.text))
        self.item.setTitle(self.title(), color=theme.text, size="10pt")
        for name, c in self.curves.items():
            c.setPen(self._pen(theme, self.colours[name], name.startswith("out:")))

    def relabel(self, theme: Theme, spike_note: str = "") -> None:
        """``━━ in ╍╍ out  ■ broker 0  ■ broker 1 …``: the line styles once, then one colour per series."""
        names = [n.split(":", 1)[1] for n in self.curves if n.startswith("in:")]
        names += [n.split(":", 1)[1] for n in self.curves if n.startswith("out:") and f"in:{n[4:]}" not in self.curves]
        solid, dashed = self.styles()
        entries = [LegendEntry(solid, theme.muted), LegendEntry(dashed, theme.muted, dashed=True)] if names else []
        for name in names:
            key = f"in:{name}" if f"in:{name}" in self.curves else f"out:{name}"
            entries.append(LegendEntry(self.labels[key](), theme.series_colour(self.colours[key]), swatch=True))
        self.legend.set_entries(entries, spike_note)


class ThroughputView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ThroughputView")
        self.theme: Theme = LIGHT
        self.brokers = SeriesGroup(CAPACITY)
        self.topics = SeriesGroup(CAPACITY)
        self.broker_plot = _Plot(lambda: self.tr("Per broker"), lambda: (self.tr("in"), self.tr("out")))
        self.topic_plot = _Plot(lambda: self.tr("Per topic"), lambda: (self.tr("produced"), self.tr("fetched")))
        self._topic_colours: dict[str, int] = {}
        self.show_internal = False  # __consumer_offsets … follow the "Show internal topics" toggle
        self._dirty = False
        self.redraws = 0
        # the time machine's rewound series (brokers, topics), drawn instead of the live ones while set
        self.rewound: tuple[SeriesGroup, SeriesGroup] | None = None
        self.replay_note = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        for plot in (self.broker_plot, self.topic_plot):
            layout.addWidget(plot.widget, 1)
            layout.addWidget(plot.legend)
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for plot in (self.broker_plot, self.topic_plot):
            plot.apply_theme(theme)
            plot.relabel(theme, self._spike_note(plot.scale))

    def set_show_internal(self, show: bool) -> None:
        """Internal topics' curves from now on (or no more: their curves are removed)."""
        self.show_internal = show
        if not show:
            for name in [n for n in self.topics.series if n.split(":", 1)[1].startswith("__")]:
                del self.topics.series[name]
                curve = self.topic_plot.curves.pop(name, None)
                if curve is not None:
                    self.topic_plot.item.removeItem(curve)
            self.topic_plot.relabel(self.theme, self._spike_note(self.topic_plot.scale))
        self._dirty = True

    def clear(self) -> None:
        self.brokers.clear()
        self.topics.clear()
        self._dirty = True

    def add_rates(self, rates: Rates) -> None:
        """A live sample (ignored while rewound: the time machine feeds the live series itself then)."""
        if self.rewound is None:
            self.append_rates(rates, self.brokers, self.topics)

    def show_rewound(self, brokers: SeriesGroup, topics: SeriesGroup, note: str) -> None:
        """Draw ``brokers``/``topics`` (series rebuilt from a recording) until :meth:`show_live`."""
        self.rewound = (brokers, topics)
        if note != self.replay_note:
            self.replay_note = note
            self._titles()
        self._dirty = True
        self.redraw()

    def show_live(self) -> None:
        self.rewound = None
        self.replay_note = ""
        self._titles()
        self._dirty = True
        self.redraw()

    def append_rates(self, rates: Rates, brokers: SeriesGroup, topics: SeriesGroup) -> None:
        values: dict[str, float] = {}
        for bid, v in rates.broker_in.items():
            values[f"in:{bid}"] = v
        for bid, v in rates.broker_out.items():
            values[f"out:{bid}"] = v
        brokers.append(rates.time_s, values)
        tvalues: dict[str, float] = {}
        for name in set(rates.topic_in) | set(rates.topic_out):
            if name.startswith("__") and not self.show_internal:
                continue
            if name not in self._topic_colours:
                if len(self._topic_colours) >= MAX_TOPIC_CURVES or not (rates.topic_in.get(name) or rates.topic_out.get(name)):
                    continue
                self._topic_colours[name] = len(self._topic_colours)
            tvalues[f"in:{name}"] = rates.topic_in.get(name, 0.0)
            tvalues[f"out:{name}"] = rates.topic_out.get(name, 0.0)
        topics.append(rates.time_s, tvalues)
        self._dirty = True

    def redraw(self) -> None:
        if not self._dirty or not self.isVisible():
            return
        self._dirty = False
        self.redraws += 1
        brokers, topics = self.rewound or (self.brokers, self.topics)
        self._draw(brokers, self.broker_plot, self._broker_label, lambda name: int(name.split(":", 1)[1]))
        self._draw(topics, self.topic_plot, self._topic_label,
                   lambda name: self._topic_colours.get(name.split(":", 1)[1], 0))

    def _draw(self, group: SeriesGroup, plot: _Plot, label: Callable[[str], Callable[[], str]],
              colour: Callable[[str], int]) -> None:
        times = group.times.view()
        if not len(times):
            for c in plot.curves.values():
                c.setData([], [])
            self._set_scale(plot, Scale(IDLE_TOP, 0.0, 0))
            return
        x = times - float(times[-1])  # seconds before the newest sample
        span = min(WINDOW_S, max(30.0, -float(x[0]) if len(x) else 0.0))
        plot.item.setXRange(-span, 0, padding=0.01)
        visible = x >= -span
        scale = robust_scale((ring.view()[visible] for ring in group.series.values()), IDLE_TOP)
        unit = pick_unit(scale.top, RATE_UNITS)
        added = False
        for name, c in plot.curves.items():
            if name not in group.series:  # a series the other (live / rewound) set has
                c.setData([], [])
        for name, ring in group.series.items():
            added = added or name not in plot.curves
            c = plot.curve(name, colour(name), name.startswith("out:"), label(name), self.theme)
            c.setData(x, ring.view() / unit[1])
        if added or scale.spike != plot.scale.spike or unit != plot.unit or (scale.spike and scale.peak != plot.scale.peak):
            plot.unit = unit
            self._set_scale(plot, scale)
            plot.relabel(self.theme, self._spike_note(scale))
        elif scale.top != plot.scale.top:
            self._set_scale(plot, scale)

    def _set_scale(self, plot: _Plot, scale: Scale) -> None:
        plot.scale = scale
        unit = pick_unit(scale.top, RATE_UNITS)
        plot.unit = unit
        plot.item.setYRange(0, scale.top / unit[1], padding=0)
        plot.item.setLabel("left", self.tr("rate ({0})").format(unit[0]))

    def _spike_note(self, scale: Scale) -> str:
        if not scale.spike:
            return ""
        return self.tr("↑ a burst above the scale, up to {0}").format(format_value(scale.peak, RATE_UNITS))

    def _broker_label(self, name: str) -> Callable[[], str]:
        bid = name.split(":", 1)[1]
        return lambda: self.tr("broker {0}").format(bid)

    def _topic_label(self, name: str) -> Callable[[], str]:
        topic = name.split(":", 1)[1]
        return lambda: topic

    def _titles(self) -> None:
        """The plots' titles; while the time machine replays, orange and with the instant shown."""
        for plot in (self.broker_plot, self.topic_plot):
            title = plot.title() + (f"  —  {self.replay_note}" if self.replay_note else "")
            plot.item.setTitle(title, color="#e65100" if self.replay_note else self.theme.text, size="10pt")

    def retranslate_ui(self) -> None:
        self._titles()
        for plot in (self.broker_plot, self.topic_plot):
            plot.item.setLabel("bottom", self.tr("seconds ago"))
            self._set_scale(plot, plot.scale)
            plot.relabel(self.theme, self._spike_note(plot.scale))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
