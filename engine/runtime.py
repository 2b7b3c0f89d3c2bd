"""EngineThread: run a :class:`KafkaCluster` on its own asyncio loop in a background thread.

Used by tests and by embedders that are not asyncio programs themselves; ``call`` runs a
coroutine or function on the engine loop and returns its result (thread-safe)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from engine.clock import Clock
from engine.cluster import ClusterConfig, KafkaCluster

T = TypeVar("T")


class EngineThread:
    def __init__(self, config: ClusterConfig, clock: Clock | None = None) -> None:
        self.config = config
        self._clock = clock
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="kafkalab-engine", daemon=True)
        self.cluster: KafkaCluster | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def start(self, timeout: float = 30.0) -> KafkaCluster:
        self._thread.start()

        async def boot() -> KafkaCluster:
            cluster = KafkaCluster(self.config, clock=self._clock)
            await cluster.start()
            return cluster

        self.cluster = self.run(boot(), timeout)
        return self.cluster

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = 60.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Callable[[], T], timeout: float | None = 60.0) -> T:
        fut: concurrent.futures.Future[T] = concurrent.futures.Future()

        def invoke() -> None:
            try:
                fut.set_result(fn())
            except BaseException as e:  # noqa: BLE001 - handed to the caller
                fut.set_exception(e)

        self.loop.call_soon_threadsafe(invoke)
        return fut.result(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        if self.cluster is not None:
            self.run(self.cluster.stop(), timeout)
            self.cluster = None

        async def drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            self.run(drain(), timeout)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout)
        self.loop.close()
