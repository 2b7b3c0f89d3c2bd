"""Follower replication: one ReplicaFetcher per (follower broker, leader broker), fetching over
the real Fetch protocol with ``replica_id`` set (Kafka's ``ReplicaFetcherThread``).

Divergence is resolved with the diverging-epoch field of Fetch v12+ (KIP-320): when the
follower's last fetched epoch ends earlier on the leader, the follower truncates to that end
offset — this is how a former leader loses its unreplicated acks=1 records, exactly as in Kafka.
A "slow motion" delay (``replication_delay_ms``) holds each fetch so a class can watch followers lag.

Each fetcher keeps a fetch session (KIP-227) with its leader (:class:`FetchSessionHandler`): after
one full request, a request lists only the partitions whose fetch offset (or epoch) moved — those
that got records — and the leader answers only partitions with news, so an idle follower of
thousands of partitions sends and parses almost nothing. A session error or a failed request makes
the next request a full one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.metadata.cache import MetadataCache
from engine.metadata.roles import PartitionRole
from engine.network.client import KafkaConnection
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode
from engine.server.fetch_session import INITIAL_EPOCH
from engine.server.fetch_session_handler import FetchSessionHandler, PartitionData
from engine.server.partition import Partition
from engine.server.replication_quota import FOLLOWER_REPLICAS, ReplicationQuotas
from engine.server.slow_motion import SlowMotion

log = logging.getLogger(__name__)

FETCH_VERSION = 12


@dataclass(frozen=True, slots=True)
class FetcherContext:
    """What a follower's fetchers need of their broker."""

    broker_id: int
    config: BrokerConfig
    metadata: MetadataCache  # where the leaders are
    clock: Clock
    bus: ev.EventBus
    slow_motion: SlowMotion
    unpaused: asyncio.Event  # cleared while the broker is paused: fetchers stand still
    quotas: ReplicationQuotas  # replication throttles (KIP-73)

    async def wait_unpaused(self) -> None:
        await self.unpaused.wait()


class ReplicaFetcher:
    def __init__(self, ctx: FetcherContext, leader_id: int) -> None:
        self.ctx = ctx
        self.leader_id = leader_id
        self.partitions: dict[tuple[str, int], Partition] = {}
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._conn: KafkaConnection | None = None
        self._stopping = False
        self.session = FetchSessionHandler()
        self._wanted: dict[tuple[str, int], PartitionData] = {}  # every partition's fetch parameters
        self._changed: set[tuple[str, int]] | None = None  # keys whose parameters may have moved; None: all

    def add(self, part: Partition) -> None:
        """Fetch ``part`` from now on. A fetch parked at the leader is not given up (its answer would be
        lost with it, and the session with that answer: the next request would be a full one, of every
        partition): the leader answers it early when it gets a partition this follower must fetch
        (``FetchManager.interrupt_follower``), and the next request of the session names the new one."""
        key = (part.topic, part.index)
        self.partitions[key] = part
        self._mark(key)
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._run())

    def remove(self, part: Partition) -> None:
        self.partitions.pop((part.topic, part.index), None)
        self._mark((part.topic, part.index))

    def _mark(self, key: tuple[str, int]) -> None:
        if self._changed is not None:
            self._changed.add(key)

    def _fetch_parameters(self, max_bytes: int) -> tuple[dict[tuple[str, int], PartitionData], set[tuple[str, int]] | None]:
        """Every partition's fetch parameters, and the keys that may have moved since the last
        request (None: all of them — a full request recomputes everything)."""
        changed, self._changed = self._changed, set()
        if changed is None or self.session.epoch == INITIAL_EPOCH:
            self._wanted = {key: _parameters(part, max_bytes) for key, part in self.partitions.items()}
            return self._wanted, None
        wanted = self._wanted
        for key in changed:
            part = self.partitions.get(key)
            if part is None:
                wanted.pop(key, None)
            else:
                wanted[key] = _parameters(part, max_bytes)
        return wanted, changed

    async def stop(self) -> None:
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            # asyncio.wait never raises the task's own CancelledError into this (the caller's) task
            await asyncio.wait([task], timeout=5)
        await self._close()

    async def _close(self) -> None:
        self.session.handle_error()  # whatever was in flight is lost: the next request is full
        self._changed = None
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def _run(self) -> None:
        cfg = self.ctx.config
        backoff = cfg.get_int("replica.fetch.backoff.ms") / 1000
        while not self._stopping:
            if not self.partitions:
                self._wake.clear()
                await self._wake.wait()
                continue
            await self.ctx.wait_unpaused()  # a paused broker's fetchers stand still
            await self.ctx.slow_motion.wait()
            extra = self.ctx.slow_motion.follower_delay_ms.get(self.ctx.broker_id, 0)  # fault slow-follower
            if extra > 0:
                await asyncio.sleep(extra / 1000)
            try:
                await self._fetch_once()
            except asyncio.CancelledError:
                raise
            except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError) as e:
                log.info("broker %d: fetch from leader %d failed (%s); retrying", self.ctx.broker_id,
                         self.leader_id, e.__class__.__name__)
                await self._close()
                await asyncio.sleep(backoff)
            except Exception:
                log.exception("broker %d: replica fetcher for leader %d failed", self.ctx.broker_id, self.leader_id)
                await self._close()
                await asyncio.sleep(backoff)

    async def _fetch_once(self) -> None:
        ctx = self.ctx
        leader = ctx.metadata.image.brokers.get(self.leader_id)
        if leader is None or leader.fenced or ctx.slow_motion.replication_cut(ctx.broker_id, self.leader_id):
            await asyncio.sleep(0.1)  # (fault isolate: no fetch reaches the leader)
            return
        if self._conn is None or (self._conn.host, self._conn.port) != (leader.host, leader.port):
            await self._close()
            self._conn = KafkaConnection(leader.host, leader.port, f"replica-fetcher-{ctx.broker_id}",
                                         timeout_s=ctx.config.get_int("replica.socket.timeout.ms") / 1000)
            await self._conn.connect()
        cfg = ctx.config
        wanted, changed = self._fetch_parameters(cfg.get_int("replica.fetch.max.bytes"))
        throttled = self._throttled()
        if throttled and ctx.quotas.follower.exceeded():
            # over the follower's replication quota: throttled partitions sit this fetch out (the
            # session forgets them; they are marked so the next request names them again)
            wanted = {k: d for k, d in wanted.items() if k not in throttled}
            for key in throttled:
                self._mark(key)
            if changed is not None:
                changed |= throttled
            if not wanted:
                await asyncio.sleep(min(ctx.quotas.follower.seconds_until_free(), 1.0))
                return
        plan = self.session.build(wanted, changed)
        topics: dict[str, list[dict[str, Any]]] = {}
        for (topic, index), d in plan.to_send.items():
            topics.setdefault(topic, []).append({
                "partition": index, "current_leader_epoch": d.current_leader_epoch, "fetch_offset": d.fetch_offset,
                "last_fetched_epoch": d.last_fetched_epoch, "log_start_offset": d.log_start_offset,
                "partition_max_bytes": d.max_bytes})
        forgotten: dict[str, list[int]] = {}
        for topic, index in plan.forgotten:
            forgotten.setdefault(topic, []).append(index)
        # in slow motion the follower does not park a long-poll at the leader: records appended
        # while it waits are shipped by its next (delayed) fetch, so the lag is visible
        max_wait = 0 if ctx.slow_motion.fetch_delay_ms(ctx.broker_id) else cfg.get_int("replica.fetch.wait.max.ms")
        request = {"replica_id": ctx.broker_id, "max_wait": max_wait,
                   "min_bytes": 1, "max_bytes": cfg.get_int("replica.fetch.response.max.bytes"),
                   "isolation_level": 0, "session_id": plan.session_id, "session_epoch": plan.epoch,
                   "topics": [{"topic": t, "partitions": ps} for t, ps in topics.items()],
                   "forgotten_topics_data": [{"topic": t, "partitions": ps} for t, ps in forgotten.items()],
                   "rack_id": ""}
        try:
            response = await self._conn.request(1, FETCH_VERSION, request)
        except BaseException:
            self.session.handle_error()
            raise
        await ctx.wait_unpaused()  # paused while the fetch was in flight: handle it on resume
        if not self.session.handle_response(plan, int(response.error_code), int(response.session_id)):
            log.info("broker %d: fetch session %d with leader %d: %s; the next fetch is a full one", ctx.broker_id,
                     plan.session_id, self.leader_id, ErrorCode(response.error_code).name)
            return
        for t in response.responses:
            for p in t.partitions:
                key = (t.topic, p.partition_index)
                self._mark(key)
                fetched = self.partitions.get(key)
                sent = wanted.get(key)
                if fetched is None or fetched.is_leader or sent is None or sent.fetch_offset != fetched.log.log_end_offset:
                    continue
                if key in throttled:
                    ctx.quotas.follower.record(len(p.records or b""))
                self._handle_partition(fetched, p)

    def _throttled(self) -> set[tuple[str, int]]:
        """Kafka's ``shouldFollowerThrottle``: this broker's partitions out of the ISR listed in their
        topic's ``follower.replication.throttled.replicas`` (when a follower rate is set)."""
        quotas = self.ctx.quotas
        if not quotas.follower.enabled:
            return set()
        topics = self.ctx.metadata.image.topics
        out: set[tuple[str, int]] = set()
        for key, part in self.partitions.items():
            topic = topics.get(key[0])
            if topic is not None and self.ctx.broker_id not in part.isr \
                    and quotas.is_throttled(topic.configs, FOLLOWER_REPLICAS, key[1]):
                out.add(key)
        return out

    def _handle_partition(self, part: Partition, p: Any) -> None:
        unified = part.log
        code = ErrorCode(p.error_code)
        ctx = self.ctx
        if code == ErrorCode.none:
            diverging = p.diverging_epoch
            if diverging is not None and diverging.epoch >= 0 and diverging.end_offset >= 0:
                old = unified.log_end_offset
                target = min(int(diverging.end_offset), old)
                unified.epoch_cache.truncate_epochs_after(int(diverging.epoch))
                if target < old:
                    unified.truncate_to(target)
                    log.info("broker %d: %s-%d truncated %d → %d (diverging epoch %d)", ctx.broker_id,
                             part.topic, part.index, old, unified.log_end_offset, diverging.epoch)
                    ctx.bus.publish(ev.Truncated(time_ms=ctx.clock.time_ms(), broker_id=ctx.broker_id,
                                                    topic=part.topic, partition=part.index, old_end_offset=old,
                                                    new_end_offset=unified.log_end_offset))
                    part.notify()
                return
            if p.records:
                unified.append_as_follower(bytes(p.records))
            if p.log_start_offset > unified.log_start_offset and p.log_start_offset <= unified.high_watermark:
                unified.set_log_start_offset(p.log_start_offset)
            new_hw = min(int(p.high_watermark), unified.log_end_offset)
            if new_hw > unified.high_watermark:
                unified.high_watermark = new_hw
            part.notify()
        elif code == ErrorCode.offset_out_of_range:
            leo = unified.log_end_offset
            if p.log_start_offset > leo or leo < p.log_start_offset:
                unified.truncate_fully_and_start_at(int(p.log_start_offset))
            elif p.high_watermark >= 0 and leo > p.high_watermark:
                unified.truncate_to(int(p.high_watermark))
            ctx.bus.publish(ev.Truncated(time_ms=ctx.clock.time_ms(), broker_id=ctx.broker_id,
                                            topic=part.topic, partition=part.index, old_end_offset=leo,
                                            new_end_offset=unified.log_end_offset))
            part.notify()
        elif code in (ErrorCode.not_leader_or_follower, ErrorCode.fenced_leader_epoch, ErrorCode.unknown_leader_epoch,
                      ErrorCode.unknown_topic_or_partition):
            pass  # metadata will move this partition to the right fetcher
        else:
            log.warning("broker %d: fetch of %s-%d from %d failed: %s", ctx.broker_id, part.topic, part.index,
                        self.leader_id, code.name)


def _parameters(part: Partition, max_bytes: int) -> PartitionData:
    unified = part.log
    return PartitionData(unified.log_end_offset, part.leader_epoch, unified.epoch_cache.latest_epoch,
                         unified.log_start_offset, max_bytes)


class ReplicaFetcherManager:
    def __init__(self, ctx: FetcherContext) -> None:
        self.ctx = ctx
        self.fetchers: dict[int, ReplicaFetcher] = {}
        self._assigned: dict[tuple[str, int], int] = {}

    def on_partition_role(self, part: Partition, role: PartitionRole) -> None:
        key = (part.topic, part.index)
        current = self._assigned.pop(key, None)
        if current is not None and current in self.fetchers:
            self.fetchers[current].remove(part)
        if role == PartitionRole.FOLLOWER and part.leader_id >= 0:
            fetcher = self.fetchers.get(part.leader_id)
            if fetcher is None:
                fetcher = self.fetchers[part.leader_id] = ReplicaFetcher(self.ctx, part.leader_id)
            fetcher.add(part)
            self._assigned[key] = part.leader_id

    async def shutdown(self) -> None:
        for f in self.fetchers.values():
            await f.stop()
        self.fetchers.clear()
        self._assigned.clear()
