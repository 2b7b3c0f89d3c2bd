"""What every chart shares: a legend *below* the plot (it never covers a curve), a zero-based y axis
whose top ignores a short spike (one catch-up burst must not flatten everything else; the spike is
drawn off the top and named), and units chosen for the numbers shown (never pyqtgraph's automatic
"mB/s" on an idle chart)."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# the share of the visible samples allowed above the top of the scale (a burst, not a new level)
SPIKE_SHARE = 0.02
HEADROOM = 1.25


def nice_ceiling(value: float) -> float:
    """The next of 1, 2, 2.5, 5 × 10^k at or above ``value``."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    exp = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        top = step * 10**exp
        if top >= value * (1 - 1e-9):
            return top
    return 10.0 ** (exp + 1)


@dataclass(frozen=True)
class Scale:
    top: float  # the y range is [0, top] in raw units
    peak: float  # the highest visible value
    clipped: int  # samples above the top

    @property
    def spike(self) -> bool:
        return self.clipped > 0


def robust_scale(series: Iterable[npt.NDArray[np.float64]], floor: float) -> Scale:
    """A zero-based scale whose top leaves out the highest ``SPIKE_SHARE`` of the samples."""
    values = [v[np.isfinite(v)] for v in series]
    finite = np.concatenate(values) if values else np.empty(0)
    if not finite.size:
        return Scale(floor, 0.0, 0)
    peak = float(finite.max())
    typical = float(np.quantile(finite, 1 - SPIKE_SHARE))
    top = max(floor, nice_ceiling(typical * HEADROOM))
    if peak <= top * 1.5:  # close enough: show everything
        top = max(top, nice_ceiling(peak * 1.05))
    return Scale(top, peak, int((finite > top).sum()))


RATE_UNITS = (("B/s", 1.0), ("KB/s", 1e3), ("MB/s", 1e6), ("GB/s", 1e9))
COUNT_UNITS = (("", 1.0), ("thousand", 1e3), ("million", 1e6))


def pick_unit(top: float, units: Sequence[tuple[str, float]]) -> tuple[str, float]:
    """The largest unit in which ``top`` is at least 1."""
    chosen = units[0]
    for unit in units:
        if top >= unit[1]:
            chosen = unit
    return chosen


def format_value(value: float, units: Sequence[tuple[str, float]]) -> str:
    name, factor = pick_unit(value, units)
    scaled = value / factor
    text = f"{scaled:.0f}" if factor == 1.0 or scaled >= 100 else f"{scaled:.1f}"
    return f"{text} {name}".strip()


@dataclass(frozen=True)
class LegendEntry:
    text: str
    colour: str
    dashed: bool = False
    bold: bool = False
    swatch: bool = False  # a colour square (the series' colour) instead of a line sample


class ChartLegend(QLabel):
    """The legend as a wrapping line of text under the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChartLegend")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.entries: list[LegendEntry] = []

    def set_entries(self, entries: Sequence[LegendEntry], note: str = "") -> None:
        self.entries = list(entries)
        parts = []
        for e in entries:
            line = "■" if e.swatch else "╍╍" if e.dashed else "━━"
            label = f"<b>{html.escape(e.text)}</b>" if e.bold else html.escape(e.text)
            parts.append(f'<span style="white-space:nowrap"><span style="color:{e.colour}">{line}</span>&nbsp;{label}</span>')
        text = " &nbsp; ".join(parts)
        if note:
            text += f' &nbsp; <span style="white-space:nowrap">{html.escape(note)}</span>'
        self.setText(text)
