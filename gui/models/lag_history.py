"""Lag history per consumer group: total lag and lag per partition, sampled once a second into
numpy ring buffers, kept for the session and saved with it (JSON in the app data dir). The file's
key names the cluster: a persistent cluster (same data dir) gets its history back next time; a
throw-away cluster's session is saved under its own key and never loaded again."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from pathlib import Path
from typing import Any

from gui.models.group_models import GroupSummary
from gui.models.series import SeriesGroup

log = logging.getLogger(__name__)

CAPACITY = 7200  # two hours at one sample a second
TOTAL = "total"
MAX_PARTITION_SERIES = 64  # a larger group keeps its total lag only (a chart of more lines is unreadable)
KEEP_FILES = 8


class LagHistory:
    def __init__(self, capacity: int = CAPACITY, min_interval_s: float = 1.0) -> None:
        self.capacity = capacity
        self.min_interval_s = min_interval_s
        self.groups: dict[str, SeriesGroup] = {}
        self._last: dict[str, float] = {}
        self.key = ""  # which cluster/session this history belongs to (its file name)

    def clear(self) -> None:
        self.groups.clear()
        self._last.clear()

    def record(self, t_s: float, summaries: list[GroupSummary]) -> list[str]:
        """Sample each group's lag at ``t_s`` (seconds); returns the groups that got a sample."""
        sampled = []
        present = {g.group_id for g in summaries if g.total_lag is not None}
        for gid, known in self.groups.items():  # a group that vanished: one NaN, so the curve breaks
            if gid not in present and known.times.count and t_s - self._last.get(gid, 0.0) >= self.min_interval_s:
                last_total = known.series.get(TOTAL)
                if last_total is not None and not math.isnan(float(last_total.view()[-1])):
                    self._last[gid] = t_s
                    known.append(t_s, {})
        for g in summaries:
            total = g.total_lag
            if total is None:
                continue
            last = self._last.get(g.group_id)
            if last is not None and t_s - last < self.min_interval_s:
                continue
            self._last[g.group_id] = t_s
            values = {TOTAL: float(total)}
            if len(g.offsets) <= MAX_PARTITION_SERIES:
                values.update(g.lag_by_partition())
            series = self.groups.get(g.group_id)
            if series is None:
                series = self.groups[g.group_id] = SeriesGroup(self.capacity)
            series.append(t_s, values)
            sampled.append(g.group_id)
        return sampled

    def series(self, group_id: str) -> SeriesGroup | None:
        return self.groups.get(group_id)

    # -- persistence ------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        def clean(values: Any) -> list[float | None]:
            return [None if math.isnan(v) else round(float(v), 3) for v in values]

        return {"version": 1, "key": self.key, "groups": {
            gid: {"t": [round(float(t), 3) for t in sg.times.view()],
                  "series": {name: clean(ring.view()) for name, ring in sg.series.items()}}
            for gid, sg in self.groups.items()}}

    def load_json(self, data: dict[str, Any]) -> None:
        self.clear()
        self.key = str(data.get("key", ""))
        for gid, g in dict(data.get("groups", {})).items():
            times = list(g.get("t", []))[-self.capacity:]
            series: dict[str, list[float | None]] = {k: list(v)[-len(times):] if times else []
                                                     for k, v in dict(g.get("series", {})).items()}
            sg = SeriesGroup(self.capacity)
            for i, t in enumerate(times):
                values = {}
                for name, vals in series.items():
                    offset = len(times) - len(vals)
                    v = vals[i - offset] if i >= offset else None
                    if v is not None:
                        values[name] = float(v)
                sg.append(float(t), values)
            self.groups[str(gid)] = sg
            if times:
                self._last[str(gid)] = float(times[-1])


def history_key(data_dir: Path | None, session_start: float) -> str:
    """``cluster-<hash of the data dir>`` for a persistent cluster, ``session-<start time>`` otherwise
    (every engine reports the same cluster id, so the id cannot tell clusters apart)."""
    if data_dir is not None:
        return "cluster-" + hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return "session-" + time.strftime("%Y%m%d-%H%M%S", time.localtime(session_start))


def history_path(directory: Path, key: str) -> Path:
    safe = "".join(c for c in key if c.isalnum() or c in "-_") or "unknown"
    return directory / f"lag-history-{safe}.json"


def save_history(history: LagHistory, directory: Path) -> Path | None:
    if not history.key or not history.groups:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    path = history_path(directory, history.key)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(history.to_json(), separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    _prune(directory)
    return path


def load_history(history: LagHistory, directory: Path, key: str) -> bool:
    """Start the history of ``key``, with what was saved under it (False if nothing was)."""
    history.clear()
    history.key = key
    path = history_path(directory, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    try:
        history.load_json(data)
    except (TypeError, ValueError, AttributeError) as exc:
        log.warning("ignoring a damaged lag history %s: %s", path, exc)
        history.clear()
        return False
    history.key = key
    return True


def _prune(directory: Path) -> None:
    """Keep the newest few files (throw-away clusters get a new id every run)."""
    files = sorted(directory.glob("lag-history-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        try:
            old.unlink()
        except OSError:
            pass
