"""Acknowledged offsets as ranges (the acks ledger's bookkeeping), Qt-free: the app's ledger, and the
recorder's running *acks state* — every range the leaders acknowledged so far, per (client id,
producer id, topic, partition, acks) — written into a recording every :data:`STATE_INTERVAL_MS`, so
the ledger at any instant is the last state line plus the few ``RecordsAcknowledged`` after it."""

from __future__ import annotations

import bisect
from typing import Any

STATE_INTERVAL_MS = 10_000

AcksKey = tuple[str, int, str, int, str]  # client id, producer id, topic, partition, acks


class OffsetRanges:
    """Offsets whose newest acknowledgement still stands, as sorted, disjoint [start, end) ranges;
    an acknowledgement at an offset already held means the earlier record there was truncated."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.replaced = 0  # acknowledged records a later record took the offset of (lost)

    def add_range(self, first: int, last: int) -> None:
        """Every offset of [first, last]: at once when it touches no held range (a producer's next
        batch), else one by one."""
        i = bisect.bisect_right(self.starts, last) - 1
        if i >= 0 and self.ends[i] > first:  # overlaps what is held: offsets taken again
            for offset in range(first, last + 1):
                self.add(offset)
            return
        if i >= 0 and self.ends[i] == first:
            self.ends[i] = last + 1
        else:
            self.starts.insert(i + 1, first)
            self.ends.insert(i + 1, last + 1)
            i += 1
        if i + 1 < len(self.starts) and self.starts[i + 1] == self.ends[i]:
            self.ends[i] = self.ends[i + 1]
            del self.starts[i + 1], self.ends[i + 1]

    def add(self, offset: int) -> None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            self.replaced += 1
            return
        joins_left = i >= 0 and self.ends[i] == offset
        joins_right = i + 1 < len(self.starts) and self.starts[i + 1] == offset + 1
        if joins_left and joins_right:
            self.ends[i] = self.ends[i + 1]
            del self.starts[i + 1], self.ends[i + 1]
        elif joins_left:
            self.ends[i] = offset + 1
        elif joins_right:
            self.starts[i + 1] = offset
        else:
            self.starts.insert(i + 1, offset)
            self.ends.insert(i + 1, offset + 1)

    def count(self, low: int = 0, high: int = 1 << 62) -> int:
        """How many held offsets lie in [low, high)."""
        return sum(max(0, min(e, high) - max(s, low)) for s, e in zip(self.starts, self.ends, strict=True))



class AcksState:
    """Every acknowledged range so far, from ``RecordsAcknowledged`` events (objects or their dicts)."""

    def __init__(self) -> None:
        self.ranges: dict[AcksKey, OffsetRanges] = {}

    def add(self, e: Any) -> None:
        def get(name: str) -> Any:
            return e[name] if isinstance(e, dict) else getattr(e, name)

        key: AcksKey = (get("client_id"), get("producer_id"), get("topic"), get("partition"), get("acks"))
        r = self.ranges.get(key)
        if r is None:
            r = self.ranges[key] = OffsetRanges()
        for first, last in get("ranges"):
            r.add_range(first, last)

    def to_json(self) -> list[list[Any]]:
        return [[*key, r.starts, r.ends, r.replaced] for key, r in self.ranges.items()]

    @staticmethod
    def from_json(data: list[list[Any]]) -> AcksState:
        state = AcksState()
        for client_id, producer_id, topic, partition, acks, starts, ends, replaced in data:
            r = state.ranges[(client_id, producer_id, topic, partition, acks)] = OffsetRanges()
            r.starts, r.ends, r.replaced = list(starts), list(ends), int(replaced)
        return state
