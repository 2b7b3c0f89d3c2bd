"""Broker: one Kafka broker — socket server, request dispatch, replica manager, log manager.

Brokers share no mutable state with each other: they learn metadata from the controller's
published images and (for replication) fetch from each other over TCP.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from pathlib import Path
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.controller.controller import Controller
from engine.controller.image import MetadataImage
from engine.coordinator.group_coordinator import GroupCoordinator
from engine.log.manager import LogManager
from engine.log.unified_log import UnifiedLog
from engine.network.dispatch import NoResponse, RawBody, RequestContext
from engine.network.server import Connection, SocketServer, frame_response
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, InvalidRequest, KafkaError
from engine.protocol.frames import RequestHeader, parse_request_header
from engine.protocol.request_check import check_request
from engine.protocol.schema import encode_response, is_flexible, read_request, request_name
from engine.server.apis import API_VERSIONS, build_api_table
from engine.server.partition import Partition
from engine.server.replica_fetcher import ReplicaFetcherManager
from engine.server.replica_manager import ReplicaManager

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL_S = 1.0


def _named(error: InvalidRequest, header: RequestHeader) -> InvalidRequest:
    """Name the request an :class:`InvalidRequest` is about, for the one log line it gets."""
    error.request = (f"{request_name(header.api_key)} v{header.api_version} request (correlation id "
                     f"{header.correlation_id}, client id {header.client_id!r})")
    return error


class BrokerMetrics:
    """Cumulative counters; rates are derived by whoever samples them."""

    def __init__(self) -> None:
        self.requests = 0
        self.produce_requests = 0
        self.fetch_requests = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.messages_in = 0
        # Produce answers that were errors: (topic, partition, error code) → [count, last message]
        self.produce_errors: dict[tuple[str, int, int], list[Any]] = {}

    def produce_error(self, topic: str, partition: int, code: int, message: str | None) -> None:
        entry = self.produce_errors.setdefault((topic, partition, int(code)), [0, ""])
        entry[0] += 1
        entry[1] = message or entry[1]


class Broker:
    def __init__(self, broker_id: int, host: str, port: int, log_dir: Path, config: BrokerConfig,
                 controller: Controller, clock: Clock, bus: ev.EventBus) -> None:
        self.broker_id = broker_id
        self.host = host
        self.config = config
        self.controller = controller
        self.clock = clock
        self.bus = bus
        self.log_dir = log_dir
        self.state = "stopped"  # stopped | starting | running | paused | dead
        self.api_table = build_api_table()
        self.metrics = BrokerMetrics()
        self.server = SocketServer(host, port, config.get_int("socket.request.max.bytes"), self.handle_frame,
                                   config.get_int("queued.max.request.bytes"))
        self.log_manager = LogManager(log_dir, clock)
        self.replica_manager = ReplicaManager(broker_id, config, self.log_manager, clock, bus)
        self.image: MetadataImage = controller.image
        self.group_coordinator = GroupCoordinator(self)
        self.fetcher_manager = ReplicaFetcherManager(self)
        self.replication_delay_ms = 0  # "slow motion": each follower fetch waits this long
        self._tasks: list[asyncio.Task[Any]] = []
        self._unpaused = asyncio.Event()  # clear while paused: background work waits on it
        self._unpaused.set()
        self._pending_image: MetadataImage | None = None  # published while paused, applied on resume
        self._flexible_cache: dict[tuple[int, int], bool] = {}

    @property
    def port(self) -> int:
        return self.server.port

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self.state = "starting"
        self.log_manager = LogManager(self.log_dir, self.clock)
        self.replica_manager = ReplicaManager(self.broker_id, self.config, self.log_manager, self.clock, self.bus)
        self.log_manager.startup()
        self.group_coordinator = GroupCoordinator(self)
        self.fetcher_manager = ReplicaFetcherManager(self)
        self.replica_manager.role_listeners.append(self.fetcher_manager.on_partition_role)
        self.replica_manager.role_listeners.append(self.group_coordinator.on_partition_role)
        self.group_coordinator.startup()
        await self.server.start()
        self.image = self.controller.image
        self.replica_manager.remove_stray_logs(self.image)
        self.controller.add_listener(self._on_image)
        self.controller.register_broker(self.broker_id, self.host, self.server.port)
        self._on_image(self.image, self.controller.image)
        self._tasks.append(asyncio.ensure_future(self._housekeeping()))
        self._tasks.append(asyncio.ensure_future(self._heartbeats()))
        self._tasks.append(asyncio.ensure_future(self._isr_expiration()))
        self.state = "running"
        self.bus.publish(ev.BrokerStarted(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                          host=self.host, port=self.server.port))
        log.info("broker %d listening on %s:%d", self.broker_id, self.host, self.server.port)

    async def stop(self, clean: bool = True, reason: str = "stopped", lose_unflushed: bool = False) -> None:
        """Clean stop (flush, checkpoint) or a crash (``clean=False``: sockets dropped, in-flight
        requests lost, nothing checkpointed; with ``lose_unflushed`` also every log write after
        the last fsync, as when the machine loses power)."""
        if self.state in ("stopped", "dead"):
            return
        if self.state == "paused":
            self.server.resume()
            self._unpaused.set()
            self._pending_image = None
        self.controller.remove_listener(self._on_image)
        for t in self._tasks:
            t.cancel()
        self._tasks.clear()
        await self.server.stop()
        await self.fetcher_manager.shutdown()
        self.group_coordinator.shutdown()
        self.controller.fence_broker(self.broker_id, reason)
        self.replica_manager.shutdown()
        lost = self.log_manager.shutdown(clean=clean, lose_unflushed=lose_unflushed)
        now = self.clock.time_ms()
        for (topic, index), (old, new) in sorted(lost.items()):
            self.bus.publish(ev.Truncated(time_ms=now, broker_id=self.broker_id, topic=topic, partition=index,
                                          old_end_offset=old, new_end_offset=new))
        self.state = "stopped" if clean else "dead"

    def _on_image(self, old: MetadataImage, new: MetadataImage) -> None:
        if self.state == "paused":
            self._pending_image = new  # a hung broker learns the news when it wakes up
            return
        self.image = new
        self.replica_manager.apply_image(new)

    async def wait_unpaused(self) -> None:
        """Return at once unless the broker is paused; then when it resumes."""
        await self._unpaused.wait()

    async def _housekeeping(self) -> None:
        interval_ms = self.config.get_int("log.retention.check.interval.ms")
        last_retention = self.clock.monotonic()
        while True:
            await asyncio.sleep(HOUSEKEEPING_INTERVAL_S)
            try:
                if self.state == "paused":
                    # Kafka's own tasks (retention, checkpoints) stand still; the OS keeps writing
                    # dirty pages back to disk (lab.os.writeback.ms) as it would under a stopped JVM
                    writeback = self.config.get_int("lab.os.writeback.ms")
                    if writeback >= 0:
                        await self.log_manager.flush_dirty(writeback)
                    continue
                now = self.clock.monotonic()
                if (now - last_retention) * 1000 >= interval_ms:
                    last_retention = now
                    self.run_retention()
                writeback = self.config.get_int("lab.os.writeback.ms")
                await self.log_manager.flush_dirty(writeback if writeback >= 0 else None)
                self.log_manager.checkpoint()
            except Exception:
                log.exception("broker %d housekeeping failed", self.broker_id)

    async def _heartbeats(self) -> None:
        interval = self.config.get_int("broker.heartbeat.interval.ms") / 1000
        while True:
            if self.state == "running":
                self.controller.heartbeat(self.broker_id)
            await asyncio.sleep(interval)

    async def _isr_expiration(self) -> None:
        """Kafka's isr-expiration task: every replica.lag.time.max.ms / 2, drop lagging followers."""
        lag_max = self.config.get_int("replica.lag.time.max.ms")
        while True:
            await asyncio.sleep(max(lag_max / 2000, 0.05))
            if self.state != "running":
                continue
            for part in list(self.replica_manager.partitions.values()):
                self.maybe_update_isr(part)

    def maybe_update_isr(self, part: Partition) -> None:
        """Ask the controller for an ISR change (AlterPartition) when followers fell behind or caught up."""
        new_isr = part.isr_candidates(self.config.get_int("replica.lag.time.max.ms"))
        if new_isr is None:
            return
        try:
            self.controller.alter_partition(part.topic, part.index, self.broker_id, part.leader_epoch, new_isr,
                                            part.partition_epoch)
        except KafkaError as e:
            log.info("broker %d: AlterPartition %s-%d → %s refused: %s", self.broker_id, part.topic, part.index,
                     list(new_isr), e)

    # ------------------------------------------------------------------ pause / resume
    def pause(self) -> None:
        """The process hangs, like a SIGSTOPped JVM: no request is read or answered, no heartbeat
        is sent, the replica fetchers stop (the leaders see no fetch: the ISR expiration drops this
        broker after ``replica.lag.time.max.ms``), group-coordinator timers, housekeeping and ISR
        expiration stand still, and metadata from the controller waits. Everything carries on at
        :meth:`resume`; what fell due meanwhile happens then."""
        if self.state != "running":
            return
        self.state = "paused"
        self._unpaused.clear()
        self.server.pause()
        self.group_coordinator.timer.pause()
        self.bus.publish(ev.BrokerPaused(time_ms=self.clock.time_ms(), broker_id=self.broker_id))

    def resume(self) -> None:
        if self.state != "paused":
            return
        self.state = "running"
        pending, self._pending_image = self._pending_image, None
        if pending is not None:
            self._on_image(self.image, pending)
        self.server.resume()  # requests that queued up are handled now
        self._unpaused.set()
        self.group_coordinator.timer.resume()
        self.controller.heartbeat(self.broker_id)
        self.bus.publish(ev.BrokerResumed(time_ms=self.clock.time_ms(), broker_id=self.broker_id))

    def run_retention(self) -> None:
        self.log_manager.run_housekeeping(self._segments_deleted)

    def _segments_deleted(self, unified: UnifiedLog, count: int) -> None:
        self.bus.publish(ev.SegmentsDeleted(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                            topic=unified.topic, partition=unified.partition, count=count,
                                            log_start_offset=unified.log_start_offset))

    def after_log_start_moved(self, part: Partition) -> None:
        part.notify()

    # ------------------------------------------------------------------ requests
    def _flexible(self, api_key: int, version: int) -> bool | None:
        key = (api_key, version)
        cached = self._flexible_cache.get(key)
        if cached is None:
            if not self.api_table.supports(api_key, version):
                return None
            cached = self._flexible_cache[key] = is_flexible(api_key, version)
        return cached

    def handle_frame(self, conn: Connection, frame: bytearray) -> Any:
        """Parse and dispatch one request frame. A frame that cannot be parsed raises
        :class:`InvalidRequest` (the connection is closed, as Kafka does): the body is bounds-checked
        against its schema before kio reads it (:func:`check_request`)."""
        self.metrics.requests += 1
        self.metrics.bytes_in += len(frame) + 4
        header = parse_request_header(frame, self._flexible)
        spec = self.api_table.get(header.api_key)
        if spec is None or not (spec.min_version <= header.api_version <= spec.max_version):
            if header.api_key == API_VERSIONS:
                # KIP-511: answer an unknown ApiVersions version with v0 and UNSUPPORTED_VERSION
                return encode_response(API_VERSIONS, 0, header.correlation_id, {
                    "error_code": ErrorCode.unsupported_version, "api_keys": self.api_table.api_versions()})
            raise _named(InvalidRequest(f"unsupported API {header.api_key} v{header.api_version}"), header)
        ctx = RequestContext(header, conn.peer[0], conn.peer[1], conn.id, self)
        try:
            # a raw handler (Produce) skips every tagged field itself: no need to drop unknown ones
            checked = check_request(header.api_key, header.api_version, frame, header.body_offset, rewrite=not spec.raw)
            if spec.raw:
                result = spec.handler(ctx, frame)
            else:
                try:
                    request = read_request(header.api_key, header.api_version,
                                           bytes(frame) if checked is None else checked, header.body_offset)
                except Exception as e:  # kio: bad UTF-8, a bool that is neither 0 nor 1, ...
                    raise InvalidRequest(f"{type(e).__name__}: {e}") from None
                result = spec.handler(ctx, request)
        except InvalidRequest as e:
            raise _named(e, header) from None
        if inspect.isawaitable(result):
            return self._finish(header, result)
        return self._encode(header, result)

    async def _finish(self, header: RequestHeader, awaitable: Any) -> Any:
        return self._encode(header, await awaitable)

    def _encode(self, header: RequestHeader, body: Any) -> Any:
        if isinstance(body, NoResponse):
            return None
        if isinstance(body, RawBody):
            self.metrics.bytes_out += body.size
            flexible = bool(self._flexible(header.api_key, header.api_version)) and header.api_key != API_VERSIONS
            return frame_response(header, flexible, body)
        out = encode_response(header.api_key, header.api_version, header.correlation_id, body)
        self.metrics.bytes_out += len(out)
        return out

