"""Slow motion for a class: replication waits so followers visibly lag (one setting per cluster).

The fault palette (``engine.server.faults``) also sets here which brokers are cut off from their
peers (``cut_off``: no replication fetches to or from them, no controller traffic) and which
followers fetch late (``follower_delay_ms``), since the fetchers and channels already consult it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SlowMotion:
    delay_ms: int = 0  # every follower fetch waits this long first; 0 = full speed
    cut_off: frozenset[int] = frozenset()  # brokers isolated from their peers (fault isolate)
    follower_delay_ms: dict[int, int] = field(default_factory=dict)  # fault slow-follower: broker → ms

    @property
    def on(self) -> bool:
        return self.delay_ms > 0

    def fetch_delay_ms(self, follower: int) -> int:
        return self.delay_ms + self.follower_delay_ms.get(follower, 0)

    def replication_cut(self, follower: int, leader: int) -> bool:
        cut = self.cut_off
        return bool(cut) and (follower in cut or leader in cut)
