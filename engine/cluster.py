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
from engine.controller.channel import LocalControllerChannel
from engine.controller.controller import Controller
from engine.limits import install_descriptor_watch, raise_open_file_limit
from engine.log.dir_lock import DirLock, lock_dirs
from engine.log.files import StorageError, make_private, make_private_dir, read_text_lenient, write_atomic
from engine.network.security import Listener
from engine.observe.events import EventBus
from engine.observe.image import SchemaRegistryImage
from engine.observe.tracker import ChangeTracker
from engine.server.apis import build_api_table
from engine.server.broker import Broker
from engine.server.cut_off_channel import CutOffChannel
from engine.server.faults import Faults
from engine.server.listeners import cluster_security
from engine.server.slow_motion import SlowMotion
from engine.server.state import BrokerState
from engine.server.tap import RequestTap
from engine.server.warmup import warm_kio
from engine.server.xray import ProtocolXray

log = logging.getLogger(__name__)


@dataclass
class ClusterConfig:
    num_brokers: int = 3
    host: str = "127.0.0.1"
    port: int = 9092
    data_dir: Path | None = None  # None: a throw-away temp dir, removed at shutdown
    overrides: dict[str, str] = field(default_factory=dict)
    seed: int = 0
    protocol_floor: str = "3.9"  # the oldest request versions served: Kafka 3.9's, or "4.0" (KIP-896)
    # secured listeners besides PLAINTEXT (engine.network.security), their users and certificate
    listeners: list[Listener] = field(default_factory=list)
    sasl_users: dict[str, str] = field(default_factory=dict)  # name → password (kept as SCRAM credentials)
    tls_cert: Path | None = None  # None with a TLS listener: the lab CA in the data dir signs one
    tls_key: Path | None = None


class KafkaCluster:
    def __init__(self, config: ClusterConfig, clock: Clock | None = None, bus: EventBus | None = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.bus = bus or EventBus()
        self.broker_config = BrokerConfig(config.overrides)
        self._temp = config.data_dir is None
        self.data_dir = Path(tempfile.mkdtemp(prefix="kafkalab-")) if config.data_dir is None else Path(config.data_dir)
        log_dirs = [self.data_dir / f"broker-{i}" for i in range(config.num_brokers)]
        # one engine per data dir (Kafka's .lock per log dir), before anything in it is read or written
        self._locks: dict[str, DirLock] = {lock.directory.name: lock
                                           for lock in lock_dirs([self.data_dir / "controller", *log_dirs])}
        try:
            self._build(log_dirs)
        except BaseException:
            self.release_locks()  # a data dir that cannot start is not held either
            raise

    def _build(self, log_dirs: list[Path]) -> None:
        config = self.config
        make_private_dir(self.data_dir)  # records are private: 0700 directories, 0600 files
        raise_open_file_limit()
        cluster_id = load_or_create_cluster_id(self.data_dir, log_dirs)
        self.controller = Controller(self.broker_config, self.clock, self.bus, self.data_dir / "controller",
                                     seed=config.seed, cluster_id=cluster_id)
        self.slow_motion = SlowMotion()
        self.tracker = ChangeTracker()  # what changed since the last ClusterImage (engine.observe)
        self._controller_task: asyncio.Task[None] | None = None
        self._warm_task: asyncio.Task[None] | None = None
        # the protocol X-ray and the fault palette: one tap every broker's requests pass while it is on
        self.xray = ProtocolXray()
        self.faults = Faults(self.bus, self.clock, self.slow_motion)
        self.tap = RequestTap(self.xray, self.faults)
        self.brokers: dict[int, Broker] = {}
        # the Schema Registry serve runs beside the cluster (engine.registry_service), as images show it
        self.schema_registry: SchemaRegistryImage | None = None
        self._channel = LocalControllerChannel(self.controller)  # brokers reach the controller only through it
        self._cut_off: dict[int, CutOffChannel] = {}
        self.security = cluster_security(config, self.data_dir) if config.listeners else None
        for i in range(config.num_brokers):
            self._make_broker(i, 0 if config.port == 0 else config.port + i)

    def _make_broker(self, i: int, port: int) -> Broker:
        own = self._cut_off[i] = CutOffChannel(self._channel, i, self.slow_motion)  # (fault isolate cuts it)
        self.faults.listeners.append(own.refresh)
        b = self.brokers[i] = Broker(i, self.config.host, port, self.data_dir / f"broker-{i}", self.broker_config,
                                     own, self.clock, self.bus, self.slow_motion, self.tracker,
                                     protocol_floor=self.config.protocol_floor,
                                     listeners=[(listener, listener.port_of(i)) for listener in self.config.listeners],
                                     security=self.security)
        b.requests.tap = self.tap
        return b

    async def start(self) -> None:
        install_descriptor_watch(asyncio.get_running_loop())
        for broker in self.brokers.values():
            await broker.start()
        self._controller_task = asyncio.ensure_future(self.controller.run_timers())
        self._warm_task = asyncio.ensure_future(warm_kio(build_api_table().api_versions()))

    async def stop(self) -> None:
        for task in (self._controller_task, self._warm_task):
            if task is not None:
                task.cancel()
        self._controller_task = self._warm_task = None
        for broker in self.brokers.values():
            await self._stop(broker, clean=True, reason="stopped")
        self.controller.close()
        self.xray.close_log()
        self.release_locks()
        if self._temp:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def release_locks(self) -> None:
        """Let another engine open this data dir (``stop`` does it; a killed process's locks go with it)."""
        for lock in self._locks.values():
            lock.release()
        self._locks.clear()

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(f"{b.host}:{b.port}" for b in self.brokers.values() if b.state == BrokerState.RUNNING)

    @property
    def bootstrap(self) -> str:
        b = self.brokers[min(self.brokers)]
        return f"{b.host}:{b.port}"

    @property
    def replication_delay_ms(self) -> int:
        return self.slow_motion.delay_ms

    def set_replication_delay(self, ms: int) -> None:
        self.slow_motion.set(ms)
        for b in self.brokers.values():
            if b.replica_manager is not None:
                b.replica_manager.notify_all()  # release follower fetches parked at leaders

    async def _stop(self, broker: Broker, clean: bool, reason: str, lose_unflushed: bool = False) -> None:
        """Stop a broker; the controller notices at once (its connection to the broker closed) and
        fences it: leaders move, ISRs shrink."""
        if broker.state in (BrokerState.STOPPED, BrokerState.DEAD):
            return
        await broker.stop(clean=clean, lose_unflushed=lose_unflushed)
        self.controller.fence_broker(broker.broker_id, reason)

    async def kill_broker(self, broker_id: int, lose_unflushed: bool = True) -> None:
        """The broker's machine crashes: sockets close, in-flight requests are dropped and, unless
        ``lose_unflushed`` is False (a process crash: the OS page cache survives), every log loses
        what was written after its last fsync (``flush.messages`` / ``flush.ms``)."""
        await self._stop(self.brokers[broker_id], clean=False, reason="killed", lose_unflushed=lose_unflushed)

    async def stop_broker(self, broker_id: int) -> None:
        await self._stop(self.brokers[broker_id], clean=True, reason="stopped")

    async def start_broker(self, broker_id: int) -> None:
        await self.brokers[broker_id].start()

    async def add_broker(self) -> int:
        """A new broker joins at runtime: the next node id, the next port after the others' (an
        OS-chosen one with ``port=0``); it registers with the controller and hosts nothing until a
        reassignment (or a new topic) puts replicas on it. Returns its id."""
        broker_id = max(self.brokers, default=-1) + 1
        port = 0 if self.config.port == 0 else max(b.port for b in self.brokers.values()) + 1
        log_dir = self.data_dir / f"broker-{broker_id}"
        lock = DirLock(log_dir)
        lock.acquire()  # creates it (0700) when missing
        self._locks[log_dir.name] = lock
        meta = log_dir / META_PROPERTIES
        if not meta.exists():
            write_atomic(meta, f"version=1\ncluster.id={self.controller.cluster_id}\nnode.id={broker_id}\n".encode())
        broker = self._make_broker(broker_id, port)
        try:
            await broker.start()
        except BaseException:
            self._drop(broker_id)
            raise
        log.info("broker %d added at %s:%d", broker_id, broker.host, broker.port)
        return broker_id

    async def remove_broker(self, broker_id: int) -> None:
        """Stop a broker and unregister it from the controller (KIP-631). Refused (``ValueError``)
        while it hosts replicas: move them away first with a reassignment."""
        if broker_id not in self.brokers:
            raise ValueError(f"no broker {broker_id}; brokers are {sorted(self.brokers)}")
        hosted = self.controller.hosted_replicas(broker_id)
        if hosted:
            names = ", ".join(f"{t}-{p}" for t, p in hosted[:6]) + (" …" if len(hosted) > 6 else "")
            raise ValueError(f"broker {broker_id} still hosts {len(hosted)} replica(s) ({names}); move them to "
                             f"other brokers first (kafkalab reassign-partitions, or AlterPartitionReassignments)")
        if len(self.brokers) == 1:
            raise ValueError("cannot remove the last broker")
        await self._stop(self.brokers[broker_id], clean=True, reason="removed")
        self.controller.unregister_broker(broker_id)
        self._drop(broker_id)
        log.info("broker %d removed", broker_id)

    def _drop(self, broker_id: int) -> None:
        self.brokers.pop(broker_id, None)
        lock = self._locks.pop(f"broker-{broker_id}", None)
        if lock is not None:
            lock.release()
        own = self._cut_off.pop(broker_id, None)
        if own is not None and own.refresh in self.faults.listeners:
            self.faults.listeners.remove(own.refresh)


META_PROPERTIES = "meta.properties"


def _read_cluster_id(path: Path) -> str | None:
    try:
        text = read_text_lenient(path)
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("cluster.id="):
            value = line.split("=", 1)[1].strip()
            if value and value.isprintable() and "\ufffd" not in value:
                return value
    return None


def _holds_data(data_dir: Path) -> str:
    """What in ``data_dir`` shows a cluster lived here ("" for nothing)."""
    metadata = data_dir / "controller" / "metadata.log"
    if metadata.exists() and metadata.stat().st_size > 0:
        return str(metadata.relative_to(data_dir))
    for broker_dir in sorted(data_dir.glob("broker-*")):
        for d in broker_dir.iterdir() if broker_dir.is_dir() else ():
            if d.is_dir():
                return str(d.relative_to(data_dir))
    return ""


def load_or_create_cluster_id(data_dir: Path, log_dirs: list[Path] | None = None) -> str:
    """The cluster id lives in ``meta.properties`` as in Kafka (``cluster.id``, a base64 UUID),
    created on first start and kept across restarts of the same data dir.

    As in Kafka, every log directory (each ``broker-N`` and ``controller``) also holds its own
    ``meta.properties``. A missing or unreadable copy is restored from the others; copies that
    disagree stop startup (Kafka: "Invalid cluster.id"). When no copy survives but the data dir
    holds a cluster's data, startup stops too (Kafka refuses an unformatted log dir) rather than
    give that data a new cluster id silently."""
    top = data_dir / META_PROPERTIES
    wanted = [top, data_dir / "controller" / META_PROPERTIES, *(d / META_PROPERTIES for d in log_dirs or [])]
    others = [d / META_PROPERTIES for d in sorted(data_dir.glob("broker-*"))]
    found = {p: cid for p in dict.fromkeys([*wanted, *others]) if p.exists() and (cid := _read_cluster_id(p))}
    if len(set(found.values())) > 1:
        listing = ", ".join(f"{p.relative_to(data_dir)}: {cid}" for p, cid in found.items())
        raise StorageError(f"the meta.properties files in {data_dir} name different clusters ({listing}); "
                           "a log dir from another cluster was copied in? Move it out, or make them agree")
    if found:
        cluster_id = next(iter(found.values()))
    else:
        evidence = _holds_data(data_dir)
        if evidence:
            raise StorageError(
                f"{top} is missing or has no cluster.id, and no log dir keeps a copy, but {data_dir} holds a "
                f"cluster's data ({evidence}). Kafka refuses to start such a log dir; Kafka Lab will not give "
                f"this data a new cluster id silently. Restore {top.name}, or write the line 'cluster.id=<any id>' "
                f"into it to adopt the data under that id")
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    for p in wanted:
        if p in found:
            continue
        if p.exists():
            p.replace(p.with_name(p.name + ".corrupt"))
            log.warning("%s has no readable cluster.id: kept it as %s.corrupt and restored cluster.id %s",
                        p, p.name, cluster_id)
        elif p == top and found:
            log.warning("%s was missing: restored cluster.id %s from %s", p, cluster_id,
                        next(iter(found)).relative_to(data_dir))
        if p != top:
            make_private_dir(p.parent)
            make_private(p.parent)  # a log dir created 0755 by an older version
        node = p.parent.name.removeprefix("broker-")
        write_atomic(p, (f"version=1\ncluster.id={cluster_id}\n" + (f"node.id={node}\n" if node.isdigit() else "")).encode())
    return cluster_id


async def run_until_cancelled(cluster: KafkaCluster, stop: asyncio.Event) -> None:
    await cluster.start()
    try:
        await stop.wait()
    finally:
        await cluster.stop()
