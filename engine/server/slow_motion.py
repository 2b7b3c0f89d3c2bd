"""Slow motion for a class: replication waits so followers visibly lag (one setting per cluster)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field


@dataclass(slots=True)
class SlowMotion:
    delay_ms: int = 0  # every follower fetch waits this long first; 0 = full speed
    _waiters: list[asyncio.Future[None]] = field(default_factory=list)

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
