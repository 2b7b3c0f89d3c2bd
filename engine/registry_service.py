"""The Schema Registry ``kafkalab serve --schema-registry-port`` runs beside the cluster (issue 18).

It is :class:`schema_registry.RegistryThread`: Confluent's REST API on an asyncio loop of its own thread,
a client of the cluster through confluent-kafka like any other (its state is the compacted ``_schemas``
topic, replication factor min(3, brokers)). So the engine loop never runs registry code: no HTTP parsing,
no schema parsing, no blocking Kafka call — starting and stopping it wait on a worker thread. It
bootstraps from every broker, so it keeps working while any one broker is down.

What it is doing is part of every image (:class:`SchemaRegistryImage`): starting, running (with its
URL), failed (with why) or stopped. A registry that cannot start does not stop the cluster.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from typing import TYPE_CHECKING

from engine.observe.image import SchemaRegistryImage

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster
    from schema_registry import RegistryThread

log = logging.getLogger(__name__)

START_TIMEOUT_S = 60.0


class EmbeddedRegistry:
    def __init__(self, cluster: KafkaCluster, port: int, host: str = "127.0.0.1", fallback: bool = False) -> None:
        self.cluster = cluster
        self.port = port
        self.host = host
        self.fallback = fallback  # port taken when the registry starts: an OS-chosen one (the app's 8081)
        self._thread: RegistryThread | None = None

    @property
    def url(self) -> str:
        image = self.cluster.schema_registry
        return image.url if image is not None and image.state == "running" else ""

    def _set(self, url: str, state: str, error: str = "") -> None:
        self.cluster.schema_registry = SchemaRegistryImage(url=url, state=state, error=error)

    def begin(self) -> None:
        """Say "starting" in the image at once (before :meth:`start` is scheduled)."""
        self._set("", "starting")

    async def start(self) -> str:
        """Serve on ``host:port`` (0: OS-chosen) once the store has replayed ``_schemas``; returns the URL,
        or "" when it could not start (the image says why). Importing the registry (aiohttp, fastavro,
        protobuf, jsonschema) happens here, on a worker thread, not when the engine is imported."""
        self._set("", "starting")
        bootstrap = ",".join(f"{b.host}:{b.port}" for b in self.cluster.brokers.values())
        thread: RegistryThread | None = None
        try:
            registry_thread = await asyncio.to_thread(_registry_thread_class)
            thread = registry_thread(bootstrap, self.host, self.port)
            try:
                url = await asyncio.to_thread(thread.start, START_TIMEOUT_S)
            except OSError as e:
                if not (self.fallback and self.port and e.errno == errno.EADDRINUSE):
                    raise
                # free when the app looked, taken since (another lab, a test): any port beats "failed"
                log.warning("schema registry: port %d taken since the app chose it; an OS-chosen port instead",
                            self.port)
                await asyncio.to_thread(thread.stop)
                thread = registry_thread(bootstrap, self.host, 0)
                url = await asyncio.to_thread(thread.start, START_TIMEOUT_S)
        except Exception as e:  # a busy port, a cluster that does not answer, a library missing …
            if thread is not None:
                await asyncio.to_thread(thread.stop)
            reason = f"{type(e).__name__}: {e}" if not isinstance(e, OSError) else str(e)
            log.error("schema registry: cannot start on %s:%d: %s", self.host, self.port, reason)
            self._set("", "failed", reason)
            return ""
        self._thread = thread
        self._set(url, "running")
        return url

    async def stop(self) -> None:
        """Stop serving (before the brokers stop: the store's clients close while the cluster answers)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        await asyncio.to_thread(thread.stop)
        image = self.cluster.schema_registry
        self._set(image.url if image is not None else "", "stopped")


def _registry_thread_class() -> type[RegistryThread]:
    from schema_registry import RegistryThread

    return RegistryThread
