"""The broker's request memory pool, as Kafka's ``SocketServer`` sizes it with ``queued.max.request.bytes``.

Kafka's processors allocate each request's buffer from one ``MemoryPool`` per broker
(``SimpleMemoryPool`` created non-strict: a request is admitted while any memory is left, so the
pool overshoots by at most one request) and mute a channel whose request cannot get memory until
memory is released. Here a connection *reserves* its request's size when the 4-byte size prefix
arrives and releases it once the request has been handled; a connection that cannot reserve stops
reading until earlier reservations are released (first come, first served). The receive buffer
itself grows as bytes arrive (see :mod:`engine.network.server`), so a reservation costs no memory
until the client actually sends the bytes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable


class MemoryPool:
    """``capacity <= 0`` means unbounded (Kafka's default ``queued.max.request.bytes=-1``)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0
        self._waiters: deque[tuple[int, Callable[[], None]]] = deque()

    @property
    def bounded(self) -> bool:
        return self.capacity > 0

    def _fits(self) -> bool:
        return not self.bounded or self.used < self.capacity

    def try_reserve(self, size: int) -> bool:
        """Reserve ``size`` bytes now if memory is left and nobody is waiting before us."""
        if self._waiters or not self._fits():
            return False
        self.used += size
        return True

    def wait(self, size: int, admitted: Callable[[], None]) -> None:
        """Queue a reservation of ``size``; ``admitted()`` runs once it is granted."""
        self._waiters.append((size, admitted))

    def cancel(self, admitted: Callable[[], None]) -> None:
        for item in list(self._waiters):
            if item[1] == admitted:
                self._waiters.remove(item)

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def release(self, size: int) -> None:
        self.used = max(0, self.used - size)
        while self._waiters and self._fits():
            want, admitted = self._waiters.popleft()
            self.used += want
            admitted()
