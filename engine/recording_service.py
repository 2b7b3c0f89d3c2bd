"""Recording a running cluster (``kafkalab serve --record FILE``): every event of the bus and an image
every ``interval_s`` (written only when something changed), into a
:class:`~engine.observe.recording.Recorder`. Runs on the engine loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.observe.events import EngineEvent
from engine.observe.recording import KEYFRAME_INTERVAL_S, RING_BYTES, Recorder
from engine.observe.snapshot import take_snapshot

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster

log = logging.getLogger(__name__)

INTERVAL_S = 0.1


class ClusterRecording:
    def __init__(self, cluster: KafkaCluster, path: str | Path | None = None, interval_s: float = INTERVAL_S,
                 keyframe_interval_s: float = KEYFRAME_INTERVAL_S, ring_bytes: int = RING_BYTES) -> None:
        self.cluster = cluster
        self.interval_s = interval_s
        self.recorder = Recorder(path, keyframe_interval_s=keyframe_interval_s, ring_bytes=ring_bytes)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Any = None
        self.cpu_s = 0.0  # thread CPU spent on snapshots and recording

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()
        self._record_image()  # the first keyframe before any event
        self._unsubscribe = self.cluster.bus.subscribe(self._on_event)
        self._task = asyncio.ensure_future(self._image_loop())

    async def stop(self) -> None:
        for b in self.cluster.brokers.values():  # what the leaders acknowledged last (the acks ledger)
            if b.replica_manager is not None:
                b.replica_manager.acked.flush()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
            self._record_image()  # the state it ended in
        self.recorder.close()

    def _on_event(self, event: EngineEvent) -> None:
        if threading.get_ident() == self._thread:
            self._add_event(event)
        elif self._loop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._add_event, event)

    def _add_event(self, event: EngineEvent) -> None:
        started = time.thread_time()
        self.recorder.add_event(event)
        self.cpu_s += time.thread_time() - started

    def _record_image(self) -> None:
        started = time.thread_time()
        try:
            self.recorder.add_image(take_snapshot(self.cluster))
        except Exception:
            log.exception("recording an image failed")
        self.cpu_s += time.thread_time() - started

    async def _image_loop(self) -> None:
        while True:  # an image every tick; the recorder writes nothing when nothing changed
            await asyncio.sleep(self.interval_s)
            self._record_image()
