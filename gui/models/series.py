"""Fixed-size numpy ring buffers for time series (no allocation per sample)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class Ring:
    """Last ``capacity`` samples; each is written twice so a window is always one contiguous view.

    The buffer starts small and doubles as samples come, up to ``capacity``: 500 consumer groups' lag
    histories (two hours at one sample a second) allocated 115 MB up front, and ~0.2 s of GUI time."""

    INITIAL = 64

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._size = min(capacity, self.INITIAL)
        self._data = np.full(2 * self._size, np.nan)
        self._next = 0
        self.count = 0

    def append(self, value: float) -> None:
        if self.count == self._size < self.capacity:
            self._grow()
        i, size = self._next, self._size
        self._data[i] = value
        self._data[i + size] = value
        self._next = (i + 1) % size
        self.count = min(self.count + 1, size)

    def _grow(self) -> None:
        kept = self.view().copy()
        size = min(self.capacity, 2 * self._size)
        data = np.full(2 * size, np.nan)
        n = len(kept)
        data[:n] = kept
        data[size:size + n] = kept
        self._data, self._size, self._next = data, size, n % size

    def extend(self, values: npt.ArrayLike) -> None:
        """Append many samples at once (the time machine's rebuilt charts)."""
        vals = np.asarray(values, dtype=np.float64)[-self.capacity:]
        n = len(vals)
        if not n:
            return
        while self._size < self.capacity and self.count + n > self._size:  # room, as append grows it
            self._grow()
        size = self._size
        idx = (self._next + np.arange(n)) % size
        self._data[idx] = vals
        self._data[idx + size] = vals
        self._next = (self._next + n) % size
        self.count = min(self.count + n, size)

    def view(self) -> npt.NDArray[np.float64]:
        """The stored samples, oldest first (a view: copy before keeping it)."""
        start = self._next + self._size - self.count
        return self._data[start:start + self.count]


class SeriesGroup:
    """Several series sampled at the same instants; a series first seen late is NaN before that."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.times = Ring(capacity)
        self.series: dict[str, Ring] = {}

    def append(self, t: float, values: dict[str, float]) -> None:
        for name in values:
            if name not in self.series:
                ring = Ring(self.capacity)
                for _ in range(self.times.count):
                    ring.append(np.nan)
                self.series[name] = ring
        self.times.append(t)
        for name, ring in self.series.items():
            ring.append(values.get(name, np.nan))

    def extend(self, times: npt.NDArray[np.float64], values: dict[str, npt.NDArray[np.float64]]) -> None:
        """Append many instants at once: ``values`` maps a series to one value per instant."""
        n = len(times)
        for name in values:
            if name not in self.series:
                ring = Ring(self.capacity)
                ring.extend(np.full(self.times.count, np.nan))
                self.series[name] = ring
        self.times.extend(times)
        for name, ring in self.series.items():
            ring.extend(values[name] if name in values else np.full(n, np.nan))

    def clear(self) -> None:
        self.times = Ring(self.capacity)
        self.series = {}
