"""Broker: one Kafka broker's lifecycle — its socket server, request handler, log manager, replica
manager and group coordinator, started and stopped together; pause and resume.

Brokers share no mutable state with each other: they talk to the controller only through a
:class:`~engine.metadata.channel.ControllerChannel` (registration, heartbeats, AlterPartition,
forwarded admin requests) and learn metadata as deltas in their :class:`MetadataCache`; they
replicate by fetching from each other over TCP.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.coordinator.group_coordinator import GroupCoordinator
from engine.coordinator.transaction_coordinator import TransactionCoordinator
from engine.log.cleaner import CleaningResult, LogCleaner
from engine.log.manager import LogManager
from engine.log.unified_log import UnifiedLog
from engine.metadata.cache import MetadataCache
from engine.metadata.channel import ControllerChannel
from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage
from engine.network.security import Listener
from engine.network.server import SocketServer
from engine.observe import events as ev
from engine.observe.tracker import ChangeTracker
from engine.server.apis import build_api_table
from engine.server.listeners import BrokerSecurity, listener_servers
from engine.server.metrics import BrokerMetrics
from engine.server.producer_id_manager import ProducerIdManager
from engine.server.replica_manager import ReplicaManager
from engine.server.request_context import BrokerServices
from engine.server.request_handler import RequestHandler
from engine.server.slow_motion import SlowMotion
from engine.server.state import BrokerState
from engine.server.txn_marker_sender import NetworkTxnMarkerSender

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL_S = 1.0


class Broker:
    def __init__(self, broker_id: int, host: str, port: int, log_dir: Path, config: BrokerConfig,
                 controller: ControllerChannel, clock: Clock, bus: ev.EventBus,
                 slow_motion: SlowMotion | None = None, tracker: ChangeTracker | None = None,
                 protocol_floor: str = "3.9", listeners: Sequence[tuple[Listener, int]] = (),
                 security: BrokerSecurity | None = None) -> None:
        self.broker_id = broker_id
        self.host = host
        self.config = config
        self.controller = controller
        self.clock = clock
        self.bus = bus
        self.log_dir = log_dir
        self.slow_motion = slow_motion or SlowMotion()
        self.tracker = tracker or ChangeTracker()
        self.state = BrokerState.STOPPED
        self.metrics = BrokerMetrics(self.tracker.partition_changed)
        self.requests = RequestHandler(build_api_table(protocol_floor), self.metrics)
        self.server = SocketServer(host, port, config.get_int("socket.request.max.bytes"), self.requests.handle_frame,
                                   config.get_int("queued.max.request.bytes"))
        # the secured listeners beside it (engine.server.listeners); brokers replicate over PLAINTEXT
        self.listener_servers = listener_servers(host, listeners, security, self.requests, config)
        # the parts, made anew at every start (None while the broker has never run)
        self.metadata: MetadataCache | None = None
        self.log_manager: LogManager | None = None
        self.replica_manager: ReplicaManager | None = None
        self.group_coordinator: GroupCoordinator | None = None
        self.transaction_coordinator: TransactionCoordinator | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._unpaused = asyncio.Event()  # clear while paused: background work waits on it
        self._unpaused.set()

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def servers(self) -> list[SocketServer]:
        """Every listener's server: PLAINTEXT first."""
        return [self.server, *self.listener_servers]

    @property
    def endpoints(self) -> tuple[tuple[str, int], ...]:
        """(listener name, port) of the listeners besides PLAINTEXT."""
        return tuple((s.listener_name, s.port) for s in self.listener_servers)

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self.state = BrokerState.STARTING
        cfg = self.config
        log_manager = self.log_manager = LogManager(
            self.log_dir, self.clock, hw_interval_ms=cfg.get_int("replica.high.watermark.checkpoint.interval.ms"),
            recovery_interval_ms=cfg.get_int("log.flush.offset.checkpoint.interval.ms"),
            start_interval_ms=cfg.get_int("log.flush.start.offset.checkpoint.interval.ms"))
        log_manager.startup()
        image = self.controller.subscribe(self._on_delta)  # the image, and every delta after it
        metadata = self.metadata = MetadataCache(image)
        rm = self.replica_manager = ReplicaManager(self.broker_id, self.config, log_manager, self.clock, self.bus,
                                                   metadata, self.controller, self.metrics, self.slow_motion,
                                                   self._unpaused, self.tracker.partition_changed)
        gc = self.group_coordinator = GroupCoordinator(self.broker_id, self.config, self.clock, self.bus, metadata,
                                                       self.controller, rm.local_high_watermark)
        producer_ids = ProducerIdManager(self.broker_id, self.controller)
        tc = self.transaction_coordinator = TransactionCoordinator(
            self.broker_id, self.config, self.clock, self.bus, metadata, self.controller, producer_ids.generate,
            NetworkTxnMarkerSender(self.broker_id, metadata))
        rm.role_listeners.append(gc.on_partition_role)
        rm.role_listeners.append(tc.on_partition_role)
        metadata.add_listener(rm.apply_delta)
        gc.startup()
        tc.startup()
        self.requests.services = BrokerServices(
            self.broker_id, self.config, self.log_dir, metadata, rm, gc, self.controller,
            producer_ids, self.metrics, self.requests.api_table.api_versions(), tc)
        await self.server.start()
        for server in self.listener_servers:
            await server.start()
        rm.remove_stray_logs(image)
        metadata.load(image)
        # BrokerRegistration, then catch up with the metadata before serving as a live broker
        await metadata.wait_for_version(await self.controller.register_broker(self.broker_id, self.host,
                                                                              self.server.port, self.endpoints))
        self._tasks.append(asyncio.ensure_future(self._housekeeping()))
        self._tasks.append(asyncio.ensure_future(self._heartbeats()))
        self._tasks.append(asyncio.ensure_future(self._isr_expiration()))
        self._tasks.append(asyncio.ensure_future(rm.acked.run()))
        if cfg.get("log.cleaner.enable").lower() == "true":
            self._tasks.append(asyncio.ensure_future(self._log_cleaner()))
        self.state = BrokerState.RUNNING
        self.bus.publish(ev.BrokerStarted(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                          host=self.host, port=self.server.port))
        log.info("broker %d listening on %s:%d", self.broker_id, self.host, self.server.port)

    def _on_delta(self, delta: MetadataDelta, image: MetadataImage) -> None:
        if self.metadata is not None:
            self.metadata.on_delta(delta, image)

    async def stop(self, clean: bool = True, lose_unflushed: bool = False) -> None:
        """Clean stop (flush, checkpoint) or a crash (``clean=False``: sockets dropped, in-flight
        requests lost, nothing checkpointed; with ``lose_unflushed`` also every log write after
        the last fsync, as when the machine loses power). The supervisor tells the controller."""
        if self.state in (BrokerState.STOPPED, BrokerState.DEAD):
            return
        if self.replica_manager is not None:  # what it acknowledged, on the timeline before it goes down
            self.replica_manager.acked.flush()
        if self.state == BrokerState.PAUSED:
            for server in self.servers:
                server.resume()
            self._unpaused.set()
        self.controller.unsubscribe(self._on_delta)
        for t in self._tasks:
            t.cancel()
        self._tasks.clear()
        for server in self.servers:
            await server.stop()
        self.requests.services = None
        if self.replica_manager is not None:
            await self.replica_manager.shutdown()
        if self.group_coordinator is not None:
            self.group_coordinator.shutdown()
        if self.transaction_coordinator is not None:
            await self.transaction_coordinator.shutdown()
        if self.log_manager is not None:
            await self.log_manager.wait_for_writes()  # a checkpoint being written in the background
        lost = self.log_manager.shutdown(clean=clean, lose_unflushed=lose_unflushed) if self.log_manager else {}
        now = self.clock.time_ms()
        for (topic, index), (old, new) in sorted(lost.items()):
            self.bus.publish(ev.Truncated(time_ms=now, broker_id=self.broker_id, topic=topic, partition=index,
                                          old_end_offset=old, new_end_offset=new))
        self.state = BrokerState.STOPPED if clean else BrokerState.DEAD

    async def _housekeeping(self) -> None:
        interval_ms = self.config.get_int("log.retention.check.interval.ms")
        last_retention = self.clock.monotonic()
        assert self.log_manager is not None
        log_manager = self.log_manager
        while True:
            await asyncio.sleep(HOUSEKEEPING_INTERVAL_S)
            try:
                writeback = self.config.get_int("lab.os.writeback.ms")
                if self.state == BrokerState.PAUSED:
                    # Kafka's own tasks (retention, checkpoints) stand still; the OS keeps writing
                    # dirty pages back to disk (lab.os.writeback.ms) as it would under a stopped JVM
                    if writeback >= 0:
                        await log_manager.flush_dirty(writeback)
                    continue
                now = self.clock.monotonic()
                if (now - last_retention) * 1000 >= interval_ms:
                    last_retention = now
                    self.run_retention()
                await log_manager.flush_dirty(writeback if writeback >= 0 else None)
                await log_manager.write_due_checkpoints()
            except Exception:
                log.exception("broker %d housekeeping failed", self.broker_id)

    async def _log_cleaner(self) -> None:
        """Kafka's cleaner thread: compacted logs are cleaned one at a time, the files read and
        written in a worker thread (:mod:`engine.log.cleaner`), then swapped in on the loop."""
        backoff = max(self.config.get_int("log.cleaner.backoff.ms") / 1000, 0.05)
        cleaner = LogCleaner(self.clock)
        assert self.log_manager is not None
        uncleanable: weakref.WeakSet[UnifiedLog] = weakref.WeakSet()  # Kafka's "uncleanable partitions"
        while True:
            cleaned = False
            if self.state == BrokerState.RUNNING:
                for unified in list(self.log_manager.logs.values()):
                    plan = cleaner.plan(unified) if unified not in uncleanable else None
                    if plan is None:
                        continue
                    try:
                        result = await asyncio.to_thread(cleaner.clean, plan)
                    except OSError as e:  # a segment deleted or truncated meanwhile: plan again later
                        log.info("cleaning %s-%d stopped: %s", unified.topic, unified.partition, e)
                        continue
                    except Exception:
                        log.exception("cannot clean %s-%d: it is left uncompacted", unified.topic, unified.partition)
                        uncleanable.add(unified)
                        continue
                    if self.state != BrokerState.RUNNING or not cleaner.swap(plan, result):
                        cleaner.discard(result)
                        continue
                    cleaned = True
                    self._log_cleaned(unified, len(plan.segments), result)
                    await self.log_manager.write_cleaner_checkpoint()
            await asyncio.sleep(0 if cleaned else backoff)

    def _log_cleaned(self, unified: UnifiedLog, segments: int, result: CleaningResult) -> None:
        rm = self.replica_manager
        part = rm.partitions.get((unified.topic, unified.partition)) if rm is not None else None
        if part is not None:
            part.notify()
        log.info("broker %d cleaned %s-%d: %d segment(s), %d → %d bytes, %d records removed, in %d ms",
                 self.broker_id, unified.topic, unified.partition, segments, result.bytes_before, result.bytes_after,
                 result.records_before - result.records_after, result.duration_ms)
        self.bus.publish(ev.LogCleaned(time_ms=self.clock.time_ms(), broker_id=self.broker_id, topic=unified.topic,
                                       partition=unified.partition, segments=segments,
                                       bytes_before=result.bytes_before, bytes_after=result.bytes_after,
                                       records_removed=result.records_before - result.records_after,
                                       duration_ms=result.duration_ms))

    async def _heartbeats(self) -> None:
        interval = self.config.get_int("broker.heartbeat.interval.ms") / 1000
        while True:
            if self.state == BrokerState.RUNNING:
                self.controller.heartbeat(self.broker_id)
            await asyncio.sleep(interval)

    async def _isr_expiration(self) -> None:
        """Kafka's isr-expiration task: every replica.lag.time.max.ms / 2, drop lagging followers."""
        lag_max = self.config.get_int("replica.lag.time.max.ms")
        while True:
            await asyncio.sleep(max(lag_max / 2000, 0.05))
            if self.state == BrokerState.RUNNING and self.replica_manager is not None:
                self.replica_manager.expire_isr()

    # ------------------------------------------------------------------ pause / resume
    def pause(self) -> None:
        """The process hangs, like a SIGSTOPped JVM: no request is read or answered, no heartbeat
        is sent, the replica fetchers stop (the leaders see no fetch: the ISR expiration drops this
        broker after ``replica.lag.time.max.ms``), group-coordinator timers, housekeeping and ISR
        expiration stand still, and metadata from the controller waits. Everything carries on at
        :meth:`resume`; what fell due meanwhile happens then."""
        if self.state != BrokerState.RUNNING:
            return
        self.state = BrokerState.PAUSED
        self._unpaused.clear()
        for server in self.servers:
            server.pause()
        if self.metadata is not None:
            self.metadata.pause()
        if self.group_coordinator is not None:
            self.group_coordinator.timer.pause()
        if self.transaction_coordinator is not None:
            self.transaction_coordinator.timer.pause()
        self.bus.publish(ev.BrokerPaused(time_ms=self.clock.time_ms(), broker_id=self.broker_id))

    def resume(self) -> None:
        if self.state != BrokerState.PAUSED:
            return
        self.state = BrokerState.RUNNING
        if self.metadata is not None:
            self.metadata.resume()  # the deltas that arrived meanwhile, in order
        for server in self.servers:
            server.resume()  # requests that queued up are handled now
        self._unpaused.set()
        if self.group_coordinator is not None:
            self.group_coordinator.timer.resume()
        if self.transaction_coordinator is not None:
            self.transaction_coordinator.timer.resume()
        self.controller.heartbeat(self.broker_id)
        self.bus.publish(ev.BrokerResumed(time_ms=self.clock.time_ms(), broker_id=self.broker_id))

    # ------------------------------------------------------------------ retention
    def run_retention(self) -> None:
        if self.log_manager is not None:
            self.log_manager.run_housekeeping(self._segments_deleted)

    def _segments_deleted(self, unified: UnifiedLog, count: int) -> None:
        rm = self.replica_manager
        part = rm.partitions.get((unified.topic, unified.partition)) if rm is not None else None
        if part is not None:
            part.notify()  # the log start moved: fetch sessions answer it (and engine.observe hears of it)
        else:
            self.tracker.partition_changed(unified.topic, unified.partition)
        self.bus.publish(ev.SegmentsDeleted(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                            topic=unified.topic, partition=unified.partition, count=count,
                                            log_start_offset=unified.log_start_offset))
