"""KafkaCluster: the supervisor hosting the controller and N brokers on one asyncio loop.

Broker ``i`` has node id ``i`` (0..N-1) and listens on ``127.0.0.1:(port + i)``; with
``port=0`` every broker binds an OS-chosen port and advertises the real one.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from engine.clock import Clock, SystemClock
from engine.config import BrokerConfig
from engine.controller.controller import Controller
from engine.observe.events import EventBus
from engine.server.broker import Broker

log = logging.getLogger(__name__)


@dataclass
class ClusterConfig:
    num_brokers: int = 3
    host: str = "127.0.0.1"
    port: int = 9092
    data_dir: Path | None = None  # None: a throw-away temp dir, removed at shutdown
    overrides: dict[str, str] = field(default_factory=dict)
    seed: int = 0


class KafkaCluster:
    def __init__(self, config: ClusterConfig, clock: Clock | None = None, bus: EventBus | None = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.bus = bus or EventBus()
        self.broker_config = BrokerConfig(config.overrides)
        self._temp = config.data_dir is None
        self.data_dir = Path(tempfile.mkdtemp(prefix="kafkalab-")) if config.data_dir is None else Path(config.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.controller = Controller(self.broker_config, self.clock, self.bus, self.data_dir / "controller",
                                     seed=config.seed, cluster_id=load_or_create_cluster_id(self.data_dir))
        self._replication_delay_ms = 0
        self._controller_task: asyncio.Task[None] | None = None
        self.brokers: dict[int, Broker] = {}
        for i in range(config.num_brokers):
            port = 0 if config.port == 0 else config.port + i
            self.brokers[i] = Broker(i, config.host, port, self.data_dir / f"broker-{i}", self.broker_config,
                                     self.controller, self.clock, self.bus)

    async def start(self) -> None:
        for broker in self.brokers.values():
            await broker.start()
        self._controller_task = asyncio.ensure_future(self._controller_loop())

    async def _controller_loop(self) -> None:
        """Controller timers: broker session expiry and the preferred-leader rebalance
        (``auto.leader.rebalance.enable``, every ``leader.imbalance.check.interval.seconds``)."""
        rebalance_every = self.broker_config.get_int("leader.imbalance.check.interval.seconds")
        auto_rebalance = self.broker_config.get_bool("auto.leader.rebalance.enable")
        last_rebalance = self.clock.monotonic()
        while True:
            await asyncio.sleep(0.25)
            try:
                self.controller.check_sessions()
                now = self.clock.monotonic()
                if auto_rebalance and now - last_rebalance >= rebalance_every:
                    last_rebalance = now
                    self.controller.auto_rebalance(self.broker_config.get_int("leader.imbalance.per.broker.percentage"))
            except Exception:
                log.exception("controller timer failed")

    async def stop(self) -> None:
        if self._controller_task is not None:
            self._controller_task.cancel()
            self._controller_task = None
        for broker in self.brokers.values():
            await broker.stop(clean=True)
        self.controller.close()
        if self._temp:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(f"{b.host}:{b.port}" for b in self.brokers.values() if b.state == "running")

    @property
    def bootstrap(self) -> str:
        b = self.brokers[min(self.brokers)]
        return f"{b.host}:{b.port}"

    @property
    def replication_delay_ms(self) -> int:
        return self._replication_delay_ms

    def set_replication_delay(self, ms: int) -> None:
        self._replication_delay_ms = ms
        for b in self.brokers.values():
            b.replication_delay_ms = ms
            for part in b.replica_manager.partitions.values():
                part.notify()  # release follower fetches parked at leaders

    async def kill_broker(self, broker_id: int, lose_unflushed: bool = True) -> None:
        """The broker's machine crashes: sockets close, in-flight requests are dropped and, unless
        ``lose_unflushed`` is False (a process crash: the OS page cache survives), every log loses
        what was written after its last fsync (``flush.messages`` / ``flush.ms``)."""
        await self.brokers[broker_id].stop(clean=False, reason="killed", lose_unflushed=lose_unflushed)

    async def stop_broker(self, broker_id: int) -> None:
        await self.brokers[broker_id].stop(clean=True, reason="stopped")

    async def start_broker(self, broker_id: int) -> None:
        await self.brokers[broker_id].start()


def load_or_create_cluster_id(data_dir: Path) -> str:
    """The cluster id lives in ``meta.properties`` as in Kafka (``cluster.id``, a base64 UUID),
    created on first start and kept across restarts of the same data dir."""
    meta = data_dir / "meta.properties"
    if meta.exists():
        for line in meta.read_text().splitlines():
            if line.startswith("cluster.id="):
                return line.split("=", 1)[1].strip()
    cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    meta.write_text(f"version=1\ncluster.id={cluster_id}\n")
    return cluster_id


async def run_until_cancelled(cluster: KafkaCluster, stop: asyncio.Event) -> None:
    await cluster.start()
    try:
        await stop.wait()
    finally:
        await cluster.stop()
