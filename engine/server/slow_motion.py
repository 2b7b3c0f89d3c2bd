"""Slow motion for a class: replication waits so followers visibly lag (one setting per cluster).

The fault palette (``engine.server.faults``) also sets here which brokers are cut off from their
peers (``cut_off``: no replication fetches to or from them, no controller traffic) and which
followers fetch late (``follower_delay_ms``), since the fetchers and channels already consult it."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field


@dataclass(slots=True)
class SlowMotion:
    delay_ms: int = 0  # every follower fetch waits this long first; 0 = full speed
    _waiters: list[asyncio.Future[None]] = field(default_factory=list)
    cut_off: frozenset[int] = frozenset()  # brokers isolated from their peers (fault isolate)
    follower_delay_ms: dict[int, int] = field(default_factory=dict)  # fault slow-follower: broker → ms

    @property
    def on(self) -> bool:
        return self.delay_ms > 0

    def set(self, ms: int) -> None:
        """A new delay; fetchers waiting out a longer one stop waiting (slow motion turned down or off
        takes effect at once, e.g. when a lesson resets the lab)."""
        shorter = ms < self.delay_ms
        self.delay_ms = ms
        if shorter:
            waiters, self._waiters = self._waiters, []
            for f in waiters:
                if not f.done():
                    f.set_result(None)

    async def wait(self) -> None:
        """Wait the delay before a follower fetch (cut short by :meth:`set` with a shorter one)."""
        if self.delay_ms <= 0:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(fut, self.delay_ms / 1000)
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(fut)
    def fetch_delay_ms(self, follower: int) -> int:
        return self.delay_ms + self.follower_delay_ms.get(follower, 0)

    def replication_cut(self, follower: int, leader: int) -> bool:
        cut = self.cut_off
        return bool(cut) and (follower in cut or leader in cut)
