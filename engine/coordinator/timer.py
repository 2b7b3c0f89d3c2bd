"""Keyed one-shot timers for the coordinator (the role of Kafka's ``CoordinatorTimer``).

Scheduling a key that is already pending replaces it, as in Kafka (one join timer per group, one
heartbeat timer per member). Deadlines are taken from the broker's :class:`~engine.clock.Clock`;
the asyncio loop only wakes the timer up, so a timer never fires before the clock says it is due
(with a manual clock that does not move, it does not fire at all). No polling loops. While the
broker is paused nothing fires; what fell due fires on resume, as in a JVM after SIGCONT.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from engine.clock import Clock

log = logging.getLogger(__name__)


class CoordinatorTimer:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._handles: dict[str, asyncio.TimerHandle] = {}
        self._paused = False
        self._due: dict[str, tuple[float, Callable[[], None]]] = {}  # fell due while paused

    def pause(self) -> None:
        """The broker hangs (a SIGSTOPped JVM): timers that fall due wait for :meth:`resume`."""
        self._paused = True

    def resume(self) -> None:
        """Fire, in deadline order, every timer that fell due while paused (their time has passed)."""
        self._paused = False
        due, self._due = self._due, {}
        for key, (deadline, callback) in sorted(due.items(), key=lambda kv: kv[1][0]):
            self._arm(key, deadline, callback, 0)

    def schedule(self, key: str, delay_ms: int, callback: Callable[[], None]) -> None:
        self.cancel(key)
        deadline = self.clock.monotonic() + max(delay_ms, 0) / 1000
        self._arm(key, deadline, callback, max(delay_ms, 0) / 1000)

    def _arm(self, key: str, deadline: float, callback: Callable[[], None], delay_s: float) -> None:
        loop = asyncio.get_running_loop()
        self._handles[key] = loop.call_later(delay_s, self._fire, key, deadline, callback)

    def _fire(self, key: str, deadline: float, callback: Callable[[], None]) -> None:
        remaining = deadline - self.clock.monotonic()
        if remaining > 0.001:
            self._arm(key, deadline, callback, remaining)
            return
        self._handles.pop(key, None)
        if self._paused:
            self._due[key] = (deadline, callback)
            return
        try:
            callback()
        except Exception:
            log.exception("coordinator timer %s failed", key)

    def cancel(self, key: str) -> None:
        self._due.pop(key, None)
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.cancel()

    def cancel_prefix(self, prefix: str) -> None:
        for key in [k for k in (*self._handles, *self._due) if k.startswith(prefix)]:
            self.cancel(key)

    def is_scheduled(self, key: str) -> bool:
        return key in self._handles or key in self._due

    def cancel_all(self) -> None:
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()
        self._due.clear()
