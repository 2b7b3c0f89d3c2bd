"""MetadataPublisher: delivers each committed delta to its subscribers, in commit order.

Delivery happens from the event loop, never inside the committer's call stack: a subscriber that
asks the controller for something (a coordinator creating ``__consumer_offsets``) gets that
commit's delta after the current one, and the controller never runs inside a broker's code
(Kafka's ``MetadataLoader`` → ``MetadataPublisher`` s).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable

from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage

log = logging.getLogger(__name__)

MetadataListener = Callable[[MetadataDelta, MetadataImage], None]


class MetadataPublisher:
    def __init__(self) -> None:
        self._listeners: list[MetadataListener] = []
        self._queue: deque[tuple[MetadataDelta, MetadataImage]] = deque()
        self._scheduled = False
        self._draining = False

    def subscribe(self, listener: MetadataListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: MetadataListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, delta: MetadataDelta, image: MetadataImage) -> None:
        if not self._listeners:
            return
        self._queue.append((delta, image))
        if self._scheduled or self._draining:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a controller driven by a plain test): deliver now
            self.drain()
            return
        self._scheduled = True
        loop.call_soon(self.drain)

    def drain(self) -> None:
        """Deliver every queued delta (also callable to flush synchronously)."""
        self._scheduled = False
        if self._draining:
            return
        self._draining = True
        try:
            while self._queue:
                delta, image = self._queue.popleft()
                for listener in list(self._listeners):
                    try:
                        listener(delta, image)
                    except Exception:  # one broker's failure must not stop the others' metadata
                        log.exception("metadata listener %r failed on image version %d", listener, image.version)
        finally:
            self._draining = False
