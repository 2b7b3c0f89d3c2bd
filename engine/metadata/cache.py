"""MetadataCache: one broker's view of the cluster metadata (Kafka's ``KRaftMetadataCache``).

It holds the latest image the broker applied and passes every delta to the broker's parts (the
replica manager, then the coordinators). While the broker is paused, deltas queue up and are
applied in order when it resumes — a hung process learns the news when it wakes up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage
from engine.metadata.publisher import MetadataListener

log = logging.getLogger(__name__)


class MetadataCache:
    def __init__(self, image: MetadataImage) -> None:
        self.image = image
        self._listeners: list[MetadataListener] = []
        self._held: list[tuple[MetadataDelta, MetadataImage]] = []
        self._paused = False
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._conditions: list[tuple[Callable[[MetadataImage], bool], asyncio.Future[None]]] = []

    def add_listener(self, listener: MetadataListener) -> None:
        self._listeners.append(listener)

    def load(self, image: MetadataImage) -> None:
        """Start from ``image``: every listener gets the full delta (all topics new)."""
        self._apply(MetadataDelta.full(image), image)

    def on_delta(self, delta: MetadataDelta, image: MetadataImage) -> None:
        """A delta from the controller channel (older ones than the image already held are ignored)."""
        if image.version <= self.image.version:
            return
        if self._paused:
            self._held.append((delta, image))
            return
        self._apply(delta, image)

    def _apply(self, delta: MetadataDelta, image: MetadataImage) -> None:
        self.image = image
        for listener in list(self._listeners):
            listener(delta, image)
        if self._waiters:
            ready = [f for v, f in self._waiters if v <= image.version]
            self._waiters = [(v, f) for v, f in self._waiters if v > image.version]
            for f in ready:
                if not f.done():
                    f.set_result(None)
        if self._conditions:
            waiting = []
            for cond, f in self._conditions:
                if f.done():
                    continue
                if cond(image):
                    f.set_result(None)
                else:
                    waiting.append((cond, f))
            self._conditions = waiting

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        held, self._held = self._held, []
        for delta, image in held:
            if image.version > self.image.version:
                self._apply(delta, image)

    async def wait_for_version(self, version: int, timeout_s: float = 30.0) -> None:
        """Until the image applied here includes ``version`` (the broker has caught up)."""
        if self.image.version >= version:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((version, fut))
        await asyncio.wait_for(fut, timeout_s)

    async def wait_until(self, condition: Callable[[MetadataImage], bool], timeout_s: float = 30.0) -> bool:
        """Until an image this broker applied satisfies ``condition`` (e.g. a topic it just asked the
        controller for has arrived); False after ``timeout_s``."""
        if condition(self.image):
            return True
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._conditions.append((condition, fut))
        try:
            await asyncio.wait_for(fut, timeout_s)
            return True
        except TimeoutError:
            return False
