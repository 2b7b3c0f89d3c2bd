"""``RegistryThread``: a :class:`SchemaRegistry` on an asyncio loop of its own thread, for tests and embedders
that have no loop (``start()`` blocks until it serves and returns its URL)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from .server import SchemaRegistry


class RegistryThread:
    def __init__(self, bootstrap: str, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> None:
        self.registry = SchemaRegistry(bootstrap, host, port, **kwargs)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None

    @property
    def url(self) -> str:
        return self.registry.url

    def start(self, timeout: float = 60.0) -> str:
        started = threading.Event()
        failure: list[BaseException] = []

        async def main() -> None:
            self._stopped = asyncio.Event()
            try:
                await self.registry.start()
            except BaseException as e:
                failure.append(e)
                started.set()
                return
            started.set()
            try:
                await self._stopped.wait()
            finally:
                await self.registry.stop()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            try:
                self._loop.run_until_complete(main())
            finally:
                self._loop.close()

        self._thread = threading.Thread(target=run, name="schema-registry-loop", daemon=True)
        self._thread.start()
        if not started.wait(timeout):
            raise TimeoutError(f"the schema registry did not start within {timeout}s")
        if failure:
            self._thread.join(10)
            raise failure[0]
        return self.url

    def stop(self, timeout: float = 30.0) -> None:
        if self._thread is None:
            return
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stopped.set)
            except RuntimeError:
                pass  # the loop already finished
        self._thread.join(timeout)
        self._thread = None

    def __enter__(self) -> RegistryThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
