"""The time machine rewinds the charts (issue 13): while it replays, the throughput chart and the
groups' lag history show the series *as recorded up to the instant shown*, rebuilt from the
recording's per-image samples (:mod:`engine.observe.series`: the same counters and lags the live
charts derive from images) with the live charts' own code (``rates_between``, ``LagHistory.record``).
Meanwhile the live series go on from the engine's images (``Bridge.liveImage``), so Live shows them
with nothing lost in between.

A rebuild reads the samples of the charts' windows only (5 minutes of throughput, 10 of lag), each
chunk's decoded once per session, and runs on every seek (``bench/recording.py`` times it)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QTimer

from engine.observe import ClusterImage
from engine.observe.recording import Session
from gui.models.acks_ledger import AcksLedger, ledger_from_acks, ledger_from_state
from gui.models.group_models import GroupSummaries
from gui.models.lag_history import LagHistory
from gui.models.series import SeriesGroup
from gui.models.telemetry import RateTracker
from gui.views import lag_chart, throughput_view


def built(view: Any) -> Any:
    """The chart itself: a view still waiting behind its start-up placeholder (gui.widgets.lazy_view) is built
    now — replaying shows it, and the rewind reads the chart's own state."""
    build = getattr(type(view), "view", None)
    return view.view() if callable(build) else view


class _SampledGroup:
    """What ``LagHistory.record`` reads of a group summary, from a recorded sample."""

    __slots__ = ("group_id", "offsets", "total_lag", "_lags")

    def __init__(self, group_id: str, total: float | None, lags: dict[str, float] | None, many: int) -> None:
        self.group_id = group_id
        self.total_lag = total
        self._lags = lags or {}
        self.offsets = range(len(self._lags) if lags is not None else many)

    def lag_by_partition(self) -> dict[str, float]:
        return dict(self._lags)


def _rates(values: npt.NDArray[np.float64], dt: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``rates_between`` over a column of counters (NaN: not in that image): a counter new since the
    previous image is 0, one gone is NaN (not in that sample), one that went backwards counts as 0."""
    prev, cur = values[:-1], values[1:]
    with np.errstate(invalid="ignore"):
        rate = np.maximum(0.0, cur - prev) / dt
    return np.where(np.isnan(cur), np.nan, np.where(np.isnan(prev), 0.0, rate))


def rewound_throughput(samples: list[dict[str, Any]], view: Any) -> tuple[SeriesGroup, SeriesGroup]:
    """The throughput chart's series over ``samples``: ``rates_between`` successive recorded images,
    with the view's topic rules (internal topics as toggled, at most MAX_TOPIC_CURVES, a topic's curve
    from its first non-zero rate) — computed column-wise, so ten images a second for five minutes
    rebuild in milliseconds."""
    kept: list[dict[str, Any]] = []
    for s in samples:
        if not kept or s["t"] > kept[-1]["t"]:
            kept.append(s)
    brokers, topics = SeriesGroup(throughput_view.CAPACITY), SeriesGroup(throughput_view.CAPACITY)
    if len(kept) < 2:
        return brokers, topics
    t = np.array([s["t"] for s in kept], dtype=np.float64)
    dt = np.diff(t) / 1000.0
    times = t[1:] / 1000.0
    nan2 = (np.nan, np.nan)

    def column(key: str, name: str, side: int) -> npt.NDArray[np.float64]:
        return np.array([s[key].get(name, nan2)[side] for s in kept], dtype=np.float64)

    bvalues: dict[str, npt.NDArray[np.float64]] = {}
    for bid in sorted({b for s in kept for b in s["b"]}, key=int):
        bvalues[f"in:{bid}"] = _rates(column("b", bid, 0), dt)
        bvalues[f"out:{bid}"] = _rates(column("b", bid, 1), dt)
    brokers.extend(times, bvalues)
    candidates = []
    for name in {n for s in kept for n in s["tp"]}:
        if name.startswith("__") and not view.show_internal:
            continue
        rin, rout = _rates(column("tp", name, 0), dt), _rates(column("tp", name, 1), dt)
        busy = np.flatnonzero((np.nan_to_num(rin) != 0) | (np.nan_to_num(rout) != 0))
        first = 0 if name in view._topic_colours else int(busy[0]) if len(busy) else -1
        if first >= 0:
            candidates.append((first, name, rin, rout))
    tvalues: dict[str, npt.NDArray[np.float64]] = {}
    for first, name, rin, rout in sorted(candidates, key=lambda c: c[0]):
        if name not in view._topic_colours:
            if len(view._topic_colours) >= throughput_view.MAX_TOPIC_CURVES:
                continue
            view._topic_colours[name] = len(view._topic_colours)
        rin, rout = rin.copy(), rout.copy()
        rin[:first] = np.nan
        rout[:first] = np.nan
        tvalues[f"in:{name}"], tvalues[f"out:{name}"] = rin, rout
    topics.extend(times, tvalues)
    return brokers, topics


class Rewound:
    """The charts' series rebuilt from ``session`` up to an instant: throughput from every recorded
    image of the last :data:`throughput_view.WINDOW_S` seconds; the lag history as sampled from the
    recording (one sample a second per group, and one at the instant shown)."""

    def __init__(self, session: Session, view: Any, capacity: int) -> None:
        self.session = session
        self.view = view
        self.capacity = capacity
        self.brokers = SeriesGroup(1)
        self.topics = SeriesGroup(1)
        self.lag = LagHistory(capacity)
        self._lag_t = 0.0

    def to(self, t_ms: int) -> None:
        window_ms = int(throughput_view.WINDOW_S * 1000)
        recent = self.session.samples(t_ms - window_ms - 2_000, t_ms)
        self.brokers, self.topics = rewound_throughput(recent, self.view)
        self.lag = LagHistory(self.capacity)
        self._lag_t = 0.0
        older = self.session.samples(t_ms - int(lag_chart.WINDOW_S * 1000), t_ms - window_ms - 2_001,
                                     every_ms=int(self.lag.min_interval_s * 1000))
        next_t = 0
        for s in older + recent:  # the history samples a group at most once a second
            if s["t"] >= next_t:
                self._record_lag(s)
                next_t = s["t"] + int(self.lag.min_interval_s * 1000)
        if recent and self._lag_t < recent[-1]["t"] / 1000.0:
            self.lag._last.clear()  # the instant shown is the lag chart's last point
            self._record_lag(recent[-1])

    def _record_lag(self, s: dict[str, Any]) -> None:
        groups = [_SampledGroup(gid, v[0], v[1], MANY) for gid, v in s["g"].items()]
        if self.lag.record(s["t"] / 1000.0, groups):  # type: ignore[arg-type]
            self._lag_t = s["t"] / 1000.0


class AcksIndex:
    """The acks ledger of a recording at any instant: its last acks state line at or before it and the
    few ``RecordsAcknowledged`` after it (``Session.acks_at``; before the first state line, those up
    to the instant)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def ledger_at(self, t_ms: int) -> AcksLedger:
        state, after = self.session.acks_at(t_ms)
        return ledger_from_acks([SimpleNamespace(**a) for a in after],  # what ledger_from_acks reads of them
                                ledger_from_state(state) if state is not None else None)


REBUILD_HZ = 4  # the charts redraw at 4 Hz anyway
MANY = 10**6  # a group whose partitions were not kept: more than the history draws


class ChartRewind:
    """Owned by :class:`gui.timemachine.TimeMachine`: :meth:`enter` / :meth:`show` / :meth:`leave`."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.active = False
        self._live_rates = RateTracker()  # the live series go on while the past is shown
        self._live_lag: LagHistory | None = None
        self._summaries = GroupSummaries()
        self._next_lag_s = 0.0
        self.rewound: Rewound | None = None
        self._acks: AcksIndex | None = None
        self._ledger_pending: tuple[Session, int] | None = None
        window.classroom.ledger_dock.visibilityChanged.connect(self._on_ledger_shown)
        self.last_rebuild_s = 0.0
        self._last_at = 0.0
        self._pending: tuple[Session, int, str] | None = None
        self._timer = QTimer(window)  # playing or dragging: the charts follow at most REBUILD_HZ
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._rebuild_pending)
        window.bridge.liveImage.connect(self._on_live_image)

    def enter(self) -> None:
        if self.active:
            return
        self.active = True
        w = self.window
        self._live_rates = RateTracker()
        if w.bridge.live_image is not None:
            self._live_rates.update(w.bridge.live_image)
        live = w.lag_history
        self._live_lag = LagHistory(live.capacity, live.min_interval_s)
        self._live_lag.groups, self._live_lag._last = live.groups, live._last  # the live history, kept
        live.groups, live._last = {}, {}
        # from now on the main window's samples are of past images: the view ignores them
        w.throughput_view.show_rewound(SeriesGroup(1), SeriesGroup(1), "")

    def show(self, session: Session, t_ms: int, note: str) -> None:
        """Both charts as recorded up to ``t_ms`` (now, or within 1/REBUILD_HZ s while seeks follow fast)."""
        wait = self._last_at + 1 / REBUILD_HZ - time.monotonic()
        if wait > 0:
            self._pending = (session, t_ms, note)
            if not self._timer.isActive():
                self._timer.start(max(1, round(wait * 1000)))
            return
        self.rebuild(session, t_ms, note)

    def _rebuild_pending(self) -> None:
        if self._pending is not None and self.active:
            pending, self._pending = self._pending, None
            self.rebuild(*pending)

    def rebuild(self, session: Session, t_ms: int, note: str) -> None:
        started = time.perf_counter()
        self._pending = None
        self._timer.stop()
        w = self.window
        if self.rewound is None or self.rewound.session is not session:
            self.rewound = Rewound(session, built(w.throughput_view), w.lag_history.capacity)
        past = self.rewound
        past.to(t_ms)
        w.throughput_view.show_rewound(past.brokers, past.topics, note)
        w.lag_history.groups, w.lag_history._last = past.lag.groups, past.lag._last
        w.groups_view.chart.set_replay_note(note)
        self._last_at = time.monotonic()
        self.last_rebuild_s = time.perf_counter() - started

    def ledger(self, session: Session, t_ms: int) -> None:
        """The acks ledger dock as recorded up to ``t_ms`` (every producer the leaders acknowledged;
        the next image shown tallies it against what the leaders held then)."""
        view = self.window.classroom.ledger_view
        if not view.isVisible():  # made when the dock is shown (reading every acknowledgement takes a while)
            self._ledger_pending = (session, t_ms)
            view.set_replay(AcksLedger())
            return
        self._ledger_pending = None
        if self._acks is None or self._acks.session is not session:
            self._acks = AcksIndex(session)
        view.set_replay(self._acks.ledger_at(t_ms))

    def _on_ledger_shown(self, visible: bool) -> None:
        if visible and self._ledger_pending is not None and self.window.bridge.replaying:
            self.ledger(*self._ledger_pending)
            image = self.window.bridge.image
            if image is not None:
                self.window.classroom.ledger_view.set_image(image)

    def leave(self) -> None:
        """Live: the live series, which went on meanwhile."""
        self._acks = None
        self._ledger_pending = None
        self.window.classroom.ledger_view.set_replay(None)
        if not self.active:
            return
        self.active = False
        self.rewound = None
        self._pending = None
        self._timer.stop()
        self._last_at = 0.0
        w = self.window
        if self._live_lag is not None:
            w.lag_history.groups, w.lag_history._last = self._live_lag.groups, self._live_lag._last
            self._live_lag = None
        w.throughput_view.show_live()
        w.groups_view.chart.set_replay_note("")
        # the main window's tracker last saw a past image: it goes on from the live one
        w.rates.reset()
        if w.bridge.live_image is not None:
            w.rates.update(w.bridge.live_image)

    def _on_live_image(self, image: ClusterImage) -> None:
        if not self.active:
            return
        w = self.window
        rates = self._live_rates.update(image)
        if rates is not None:
            w.throughput_view.append_rates(rates, w.throughput_view.brokers, w.throughput_view.topics)
        now = time.time()
        if self._live_lag is not None and now >= self._next_lag_s:  # the groups view samples at most 1/s too
            self._next_lag_s = now + self._live_lag.min_interval_s
            self._live_lag.record(now, self._summaries.summarize(image))
