"""The broker's request memory pool, sized by ``queued.max.request.bytes`` as in Kafka's ``SocketServer``.

Kafka's processors take each request's buffer from one ``MemoryPool`` per broker (a non-strict
``SimpleMemoryPool``: a request is admitted while any memory is left, so the pool overshoots by at
most one request) and mute a channel whose request cannot get memory until memory is released.

Here the pool counts the receive buffers connections actually hold (a large request's buffer grows
as its bytes arrive, see :mod:`engine.network.server`) plus the requests read but not yet
handled. A connection starts a new request only while memory is left, and grows a large request's
buffer only while memory is left; otherwise it stops reading and waits, first come, first served.
So that buffers held by half-read requests can never block each other for good, the oldest
growing request may always grow (the one-request overshoot of Kafka's non-strict pool).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable


class MemoryPool:
    """``capacity <= 0`` means unbounded (Kafka's default ``queued.max.request.bytes=-1``)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0
        self._waiters: OrderedDict[Hashable, Callable[[], None]] = OrderedDict()
        self._growing: OrderedDict[Hashable, None] = OrderedDict()

    def has_room(self) -> bool:
        return self.capacity <= 0 or self.used < self.capacity

    def charge(self, size: int) -> None:
        self.used += size

    def release(self, size: int) -> None:
        self.used = max(0, self.used - size)
        self._wake()

    # ------------------------------------------------------------------ large requests being read
    def start_growing(self, token: Hashable) -> None:
        self._growing[token] = None

    def done_growing(self, token: Hashable) -> None:
        if self._growing.pop(token, 0) is None:
            self._wake()

    def may_grow(self, token: Hashable) -> bool:
        return self.has_room() or next(iter(self._growing), None) == token

    # ------------------------------------------------------------------ waiting for memory
    def wait(self, token: Hashable, resume: Callable[[], None]) -> None:
        """``resume()`` runs once memory is available for ``token`` (it charges what it takes)."""
        self._waiters[token] = resume

    def cancel(self, token: Hashable) -> None:
        self._waiters.pop(token, None)

    def forget(self, token: Hashable) -> None:
        """``token`` is gone (its connection closed): no longer waiting nor growing."""
        self._waiters.pop(token, None)
        self.done_growing(token)

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def _wake(self) -> None:
        oldest = next(iter(self._growing), None)
        if oldest is not None and oldest in self._waiters:
            self._waiters.pop(oldest)()
        while self._waiters and self.has_room():
            _token, resume = self._waiters.popitem(last=False)
            resume()
