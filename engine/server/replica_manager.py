"""ReplicaManager: the partitions a broker hosts and every read and write of their logs (Kafka's
``ReplicaManager``): metadata deltas make replicas leaders, followers or gone; ``append_records``
(Produce, acks 0/1/all with :class:`DelayedProduce`), ``fetch_messages`` (consumers and followers,
long-poll with :func:`delayed_fetch`), ``delete_records``; the ISR changes leaders ask the
controller for (AlterPartition); and the follower fetchers (:class:`ReplicaFetcherManager`).

Handlers call in here (KafkaApis → ReplicaManager → Partition → UnifiedLog); nothing here calls
back up into the broker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from engine.clock import Clock
from engine.config import BrokerConfig, log_config_for
from engine.log.manager import STRAY_SUFFIX, LogManager
from engine.metadata.cache import MetadataCache
from engine.metadata.channel import ControllerChannel, IsrChange
from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage, PartitionRegistration, TopicImage
from engine.metadata.roles import PartitionRole
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.fetch_codec import FetchPartitionResult
from engine.protocol.message_sets import up_convert
from engine.protocol.produce_codec import ProduceRequestData
from engine.protocol.records import validate_batches
from engine.server.acks_record import AcksRecord
from engine.server.fetch_manager import FetchAnswer, FetchContext, FetchManager, FetchRequestData
from engine.server.fetch_session import CachedPartition, FetchSession
from engine.server.metrics import BrokerMetrics
from engine.server.partition import Partition
from engine.server.purgatory import DelayedProduce, FetchWake, ProducePartitionResult, delayed_fetch
from engine.server.replica_fetcher import FetcherContext, ReplicaFetcherManager
from engine.server.replication_quota import LEADER_REPLICAS, ReplicationQuotas
from engine.server.slow_motion import SlowMotion

log = logging.getLogger(__name__)

RoleListener = Callable[[Partition, PartitionRole], None]
TopicPartition = tuple[str, int]


INSPECT_CLIENT_ID = "kafkalab-inspect"


@dataclass(frozen=True, slots=True)
class FetchParams:
    """The request-level part of a Fetch (Kafka's ``FetchParams``)."""

    version: int
    replica_id: int  # ≥ 0: a follower broker; -1: a consumer
    max_wait_s: float
    min_bytes: int
    max_bytes: int
    read_committed: bool
    # an inspection read (the app's own look at a record, client.id INSPECT_CLIENT_ID): not a consumer
    # fetch in ReplicaImage.consumer_fetch_offset, so the record-flow view does not count itself
    inspect: bool = False

    @property
    def is_follower(self) -> bool:
        return self.replica_id >= 0


class _FetchRead:
    """One Fetch's reading: the partitions read so far (in order) and the bytes they bring."""

    __slots__ = ("params", "session", "done", "total", "max_bytes")

    def __init__(self, params: FetchParams, session: FetchSession | None) -> None:
        self.params = params
        self.session = session
        self.done: dict[CachedPartition, None] = {}
        self.total = 0
        self.max_bytes = params.max_bytes if params.version >= 3 else 2**31 - 1


class ReplicaManager:
    def __init__(self, broker_id: int, config: BrokerConfig, log_manager: LogManager, clock: Clock,
                 bus: ev.EventBus, metadata: MetadataCache, controller: ControllerChannel, metrics: BrokerMetrics,
                 slow_motion: SlowMotion, unpaused: asyncio.Event,
                 on_partition_change: Callable[[str, int], None] | None = None) -> None:
        self.broker_id = broker_id
        self.config = config
        self.log_manager = log_manager
        self.clock = clock
        self.bus = bus
        self.metadata = metadata
        self.controller = controller
        self.metrics = metrics
        self.slow_motion = slow_motion
        self.on_partition_change = on_partition_change  # engine.observe's change tracker
        self.partitions: dict[TopicPartition, Partition] = {}
        self.role_listeners: list[RoleListener] = []
        self.quotas = ReplicationQuotas(broker_id, clock.monotonic)  # replication throttles (KIP-73)
        self.acked = AcksRecord(broker_id, clock, bus)  # what it acknowledged: the time machine's acks ledger
        self.fetcher_manager = ReplicaFetcherManager(FetcherContext(broker_id, config, metadata, clock, bus,
                                                                    slow_motion, unpaused, self.quotas))
        self.role_listeners.append(self.fetcher_manager.on_partition_role)
        self._isr_requests: set[asyncio.Task[None]] = set()
        self._isr_batch: list[tuple[Partition, IsrChange]] = []
        self.fetch_manager = FetchManager(config.get_int("max.incremental.fetch.session.cache.slots"), clock.time_ms)

    # ------------------------------------------------------------------ metadata
    def apply_delta(self, delta: MetadataDelta, image: MetadataImage) -> None:
        """Act on what changed for this broker: deleted topics lose their replicas, changed
        partitions become leader/follower (or leave), reconfigured topics get their new log config."""
        for name, old in delta.deleted_topics.items():
            for index in old.partitions:
                part = self.partitions.get((name, index))
                if part is not None and part.topic_id == old.topic_id:
                    self._remove((name, index))
        for name in delta.config_changed_topics:
            t = image.topics.get(name)
            if t is None:
                continue
            log_config = log_config_for(self.config, t.configs)
            for index in t.partitions:
                part = self.partitions.get((name, index))
                if part is not None:
                    part.log.config = log_config
        for (name, index), reg in delta.changed_partitions.items():
            t = image.topics.get(name)
            if t is not None:
                self._apply_registration(t, index, reg)

    def _apply_registration(self, topic: TopicImage, index: int, reg: PartitionRegistration) -> None:
        key = (topic.name, index)
        part = self.partitions.get(key)
        if self.broker_id not in reg.replicas:
            if part is not None:
                self._remove(key)
            return
        if part is not None and part.topic_id != topic.topic_id:
            self._remove(key)  # the topic was deleted and re-created with the same name
            part = None
        if part is None:
            log_config = log_config_for(self.config, topic.configs)
            unified = self.log_manager.get_or_create(topic.name, index, topic.topic_id, log_config)
            if unified.topic_id != topic.topic_id:
                self.log_manager.rename_aside(topic.name, index)
                unified = self.log_manager.get_or_create(topic.name, index, topic.topic_id, log_config)
            part = Partition(topic.name, index, topic.topic_id, self.broker_id, unified, self.clock,
                             self.on_partition_change)
            self.partitions[key] = part
        old_replicas = part.replicas
        role = part.apply_registration(reg)
        if part.is_leader and (role is not None or reg.replicas != old_replicas):
            # followers that do not fetch this partition from here yet: their parked fetches answer now,
            # so their next (incremental) request names it
            for replica in reg.replicas:
                if replica != self.broker_id:
                    self.fetch_manager.interrupt_follower(replica)
        if role is not None:
            for listener in list(self.role_listeners):
                listener(part, role)

    def remove_stray_logs(self, image: MetadataImage) -> None:
        """Move aside the logs on disk that the controller's metadata does not assign to this
        broker (a topic deleted while the broker was down, an old incarnation of a re-created
        topic — or metadata that was lost). Never deleted: renamed to ``<dir>.<id>-stray`` as
        Kafka does with stray replicas, so nothing is lost if the metadata was what went wrong."""
        moved: list[str] = []
        for (topic, index), topic_id in sorted(self.log_manager.on_disk().items()):
            t = image.topics.get(topic)
            reg = t.partitions.get(index) if t else None
            if t is None or reg is None or self.broker_id not in reg.replicas or (topic_id and topic_id != t.topic_id):
                try:
                    self.log_manager.rename_aside(topic, index)
                except OSError as e:
                    log.error("broker %d: cannot move the stray log %s-%d aside: %s", self.broker_id, topic, index, e)
                    continue
                moved.append(f"{topic}-{index}")
        if moved:
            log.warning("broker %d: %d partition log(s) on disk are not assigned to this broker by the controller's "
                        "metadata; renamed aside to <dir>.<id>%s, not deleted: %s", self.broker_id, len(moved),
                        STRAY_SUFFIX, ", ".join(moved[:8]) + (" …" if len(moved) > 8 else ""))

    def _remove(self, key: TopicPartition) -> None:
        part = self.partitions.pop(key)
        part.leader_id = -1
        part.notify()
        for listener in list(self.role_listeners):
            listener(part, PartitionRole.REMOVED)
        self.log_manager.delete(*key)

    # ------------------------------------------------------------------ lookups
    def leader_partition(self, topic: str, index: int) -> Partition:
        part = self.partitions.get((topic, index))
        if part is None:
            if self.metadata.image.partition(topic, index) is None:
                raise KafkaError(ErrorCode.unknown_topic_or_partition, f"{topic}-{index} does not exist")
            raise KafkaError(ErrorCode.not_leader_or_follower, f"broker {self.broker_id} hosts no replica of {topic}-{index}")
        if not part.is_leader:
            raise KafkaError(ErrorCode.not_leader_or_follower,
                             f"broker {self.broker_id} is not the leader of {topic}-{index} (leader: {part.leader_id})")
        return part

    @staticmethod
    def check_leader_epoch(part: Partition, current_leader_epoch: int) -> None:
        if current_leader_epoch < 0:
            return
        if current_leader_epoch < part.leader_epoch:
            raise KafkaError(ErrorCode.fenced_leader_epoch, "the request's leader epoch is older than the current one")
        if current_leader_epoch > part.leader_epoch:
            raise KafkaError(ErrorCode.unknown_leader_epoch, "the request's leader epoch is newer than this broker knows")

    def local_high_watermark(self, topic: str, index: int) -> int:
        """The high watermark of a partition this broker leads (-1 otherwise)."""
        part = self.partitions.get((topic, index))
        return part.high_watermark if part is not None and part.is_leader else -1

    def local_last_stable_offset(self, topic: str, index: int) -> int:
        """The last stable offset of a partition this broker leads (-1 otherwise): its high watermark, or the
        first offset of a transaction still open below it."""
        part = self.partitions.get((topic, index))
        return part.log.last_stable_offset if part is not None and part.is_leader else -1

    # ------------------------------------------------------------------ produce
    def append_records(self, request: ProduceRequestData
                       ) -> list[ProducePartitionResult] | Awaitable[list[ProducePartitionResult]]:
        """Validate and append every partition's batches on the leader. acks=0/1 answer at once;
        acks=all returns an awaitable that completes when the ISR has the records."""
        acks = request.acks
        results: list[ProducePartitionResult] = []
        waits: list[tuple[ProducePartitionResult, Partition, int]] = []
        appended = 0
        for topic in request.topics:
            for p in topic.partitions:
                res = ProducePartitionResult(topic.name, p.index)
                try:
                    part = self.leader_partition(topic.name, p.index)
                    if p.records is None:
                        raise KafkaError(ErrorCode.corrupt_message, "null record set")
                    records = up_convert(p.records) if request.legacy else p.records
                    batches = validate_batches(records, part.log.config.max_message_bytes)
                    info = part.append_as_leader(batches, acks)
                    appended += info.records
                    res.base_offset, res.log_start_offset = info.first_offset, info.log_start_offset
                    res.log_append_time = info.log_append_time
                    if not info.duplicate and info.records:
                        res.last_offset, res.producer_id = info.last_offset, batches[0][1].producer_id
                    if acks == -1 and part.high_watermark <= info.last_offset:
                        waits.append((res, part, info.last_offset))
                except KafkaError as e:
                    res.error_code, res.error_message = e.code, e.message
                    self.metrics.produce_error(topic.name, p.index, e.code, e.message)
                    if e.code not in (ErrorCode.not_leader_or_follower, ErrorCode.unknown_topic_or_partition):
                        log.info("produce to %r partition %d refused: %s", topic.name, p.index, e)
                results.append(res)
        self.metrics.produce_requests += 1
        self.metrics.messages_in += appended
        if not waits:
            return results
        return self._await_replication(results, DelayedProduce(waits, request.timeout_ms))

    async def _await_replication(self, results: list[ProducePartitionResult],
                                 delayed: DelayedProduce) -> list[ProducePartitionResult]:
        def failed(res: ProducePartitionResult) -> None:
            self.metrics.produce_error(res.topic, res.index, res.error_code, res.error_message)
        await delayed.complete(failed)
        return results

    # ------------------------------------------------------------------ fetch
    def fetch_messages(self, params: FetchParams, request: FetchRequestData) -> FetchAnswer | Awaitable[FetchAnswer]:
        """Read the fetch's partitions (consumers below the high watermark, followers to the log end,
        after recording the follower's position) — all of them, or for an incremental fetch of a
        session (KIP-227) those with something pending; answer at once when ``min_bytes`` are there,
        an error showed or nothing can arrive, else wait in the purgatory."""
        self.metrics.fetch_requests += 1
        context = self.fetch_manager.new_context(params.version, params.replica_id, request)
        if context.error != ErrorCode.none:
            return context.answer({}, self.metadata.image)
        read = _FetchRead(params, context.session)
        touched, errors = self._read(read, context.slots)
        follower_in_slow_motion = params.is_follower and self.slow_motion.on  # no parked fetches then
        # nothing to wait on: no hosted partition read (an incremental fetch waits on its session)
        idle = not context.session.partitions if context.incremental and context.session else not touched
        if read.total >= params.min_bytes or params.max_wait_s <= 0 or errors or idle or follower_in_slow_motion:
            return context.answer(read.done, self.metadata.image)
        return self._delayed_fetch(context, read)

    async def _delayed_fetch(self, context: FetchContext, read: _FetchRead) -> FetchAnswer:
        params = read.params
        session = context.session
        wake = session.wake if session is not None else FetchWake()
        if session is None:  # a sessionless fetch watches its partitions while it waits
            for cp in context.slots:
                if cp.part is not None:
                    cp.part.watch(wake, cp)

        def reread(changed: list[object]) -> tuple[int, bool]:
            _touched, errors = self._read(read, changed)  # type: ignore[arg-type]
            return read.total, errors
        try:
            await delayed_fetch(wake, reread, params.max_wait_s, params.min_bytes, read.total, params.is_follower,
                                self.slow_motion)
        finally:
            if session is None:
                for cp in context.slots:
                    if cp.part is not None:
                        cp.part.unwatch(wake)
        return context.answer(read.done, self.metadata.image)

    def _read(self, read: _FetchRead, slots: list[CachedPartition]) -> tuple[bool, bool]:
        """Read ``slots`` (again), each replacing its last result; returns (a hosted partition was
        read, an error showed)."""
        params = read.params
        session = read.session
        errors = touched = False
        image = self.metadata.image
        for cp in slots:
            previous = cp.result
            if previous is not None and cp in read.done:
                read.total -= len(previous.records)
            read.done[cp] = None
            r = cp.result = FetchPartitionResult(cp.partition)
            if not cp.topic and cp.topic_id is not None:
                known = image.topic_by_id(cp.topic_id)
                cp.topic = known.name if known is not None else ""
            hosted = self.partitions.get((cp.topic, cp.partition)) if cp.topic else None
            if session is not None:
                session.watch(cp, hosted)
            else:
                cp.part = hosted
            throttled = False
            try:
                if not cp.topic:
                    raise KafkaError(ErrorCode.unknown_topic_id, "unknown topic id")
                part = self.leader_partition(cp.topic, cp.partition)
                current_epoch = cp.current_leader_epoch
                self.check_leader_epoch(part, current_epoch)
                touched = True
                unified = part.log
                if params.is_follower:
                    # validate first, and record the follower's position only for a fetch that
                    # does not diverge (Kafka's Partition.fetchRecords)
                    part.check_follower(params.replica_id, current_epoch)
                    diverging = _diverging(part, cp)
                    if diverging is not None:
                        r.diverging_epoch = diverging
                        r.high_watermark = unified.high_watermark
                        r.log_start_offset = unified.log_start_offset
                        continue
                    # an OFFSET_OUT_OF_RANGE answer still tells the follower where to truncate
                    r.high_watermark, r.log_start_offset = unified.high_watermark, unified.log_start_offset
                    part.update_follower_fetch(params.replica_id, cp.fetch_offset, session)
                    if params.replica_id not in part.isr:
                        self.maybe_update_isr(part)
                    upper = unified.log_end_offset
                    throttled = self._leader_throttled(part, params.replica_id, image)
                    if throttled and self.quotas.leader.exceeded():
                        # over the leader's replication quota: left out of this response (KIP-73),
                        # and read again by the session once the quota has drained
                        if session is not None:
                            self._retry_when_free(session, cp)
                        continue
                else:
                    upper = unified.high_watermark
                    if not params.inspect:
                        part.note_consumer_fetch(cp.fetch_offset)
                r.high_watermark = unified.high_watermark
                r.last_stable_offset = unified.last_stable_offset
                r.log_start_offset = unified.log_start_offset
                if params.read_committed and not params.is_follower:  # KIP-98: up to the LSO
                    upper = min(upper, r.last_stable_offset)
                    r.aborted_transactions = unified.producer_state.aborted_transactions(cp.fetch_offset, upper)
                max_bytes = cp.partition_max_bytes
                remaining = read.max_bytes - read.total
                limit = min(max_bytes, remaining) if read.total else max_bytes
                data = unified.read_records(cp.fetch_offset, max(limit, 1), upper)
                r.records = data
                read.total += len(data)
                part.count_bytes_out(len(data))
                if params.is_follower and throttled:
                    self.quotas.leader.record(len(data))
            except KafkaError as e:
                errors = True
                r.error_code = int(e.code)
                # KIP-951: Kafka names the current leader (and its endpoint) from v16 only; older
                # clients (kafka-python at v12) would route to a leader whose address they lack
                if e.code in (ErrorCode.not_leader_or_follower, ErrorCode.fenced_leader_epoch) \
                        and params.version >= 16:
                    reg = image.partition(cp.topic, cp.partition)
                    if reg is not None:
                        r.current_leader = (reg.leader, reg.leader_epoch)
        return touched, errors

    def _leader_throttled(self, part: Partition, replica_id: int, image: MetadataImage) -> bool:
        """Kafka's ``shouldLeaderThrottle``: a follower out of the ISR fetching a throttled replica."""
        if replica_id in part.isr or not self.quotas.leader.enabled:
            return False
        topic = image.topics.get(part.topic)
        return topic is not None and self.quotas.is_throttled(topic.configs, LEADER_REPLICAS, part.index)

    def _retry_when_free(self, session: FetchSession, cp: CachedPartition) -> None:
        def again() -> None:
            if not session.closed and session.partitions.get(session.key(cp)) is cp:
                session.wake.partition_changed(cp)
        asyncio.get_running_loop().call_later(self.quotas.leader.seconds_until_free() + 0.01, again)

    # ------------------------------------------------------------------ delete records
    def delete_records(self, topic: str, index: int, offset: int) -> int:
        """DeleteRecords on the leader: move the log start offset; returns the new low watermark."""
        part = self.leader_partition(topic, index)
        if offset == -1:
            offset = part.high_watermark
        if offset < 0:
            raise KafkaError(ErrorCode.offset_out_of_range, "negative offset")
        part.log.set_log_start_offset(offset)
        part.notify()
        return part.log.log_start_offset

    # ------------------------------------------------------------------ ISR (AlterPartition)
    def maybe_update_isr(self, part: Partition) -> None:
        """Ask the controller for an ISR change when followers fell behind or caught up; one change in
        flight per partition, and the changes of one turn of the loop go in one AlterPartition request
        (one controller commit: a broker restart that brings 3,000 replicas back in sync is a few
        commits, not 3,000). The new ISR arrives with the next metadata delta."""
        new_isr = part.isr_candidates(self.config.get_int("replica.lag.time.max.ms"))
        if new_isr is None:
            return
        part.pending_isr = new_isr
        self._isr_batch.append((part, IsrChange(part.topic, part.index, part.leader_epoch, new_isr,
                                                part.partition_epoch)))
        if len(self._isr_batch) == 1:
            asyncio.get_running_loop().call_soon(self._send_isr_batch)

    def _send_isr_batch(self) -> None:
        batch, self._isr_batch = self._isr_batch, []
        if batch:
            task = asyncio.ensure_future(self._alter_partitions(batch))
            self._isr_requests.add(task)
            task.add_done_callback(self._isr_requests.discard)

    async def _alter_partitions(self, batch: list[tuple[Partition, IsrChange]]) -> None:
        try:
            results = await self.controller.alter_partition(self.broker_id, [c for _p, c in batch])
        except KafkaError as e:
            results = {(c.topic, c.partition): e for _p, c in batch}
        for part, change in batch:
            result = results.get((change.topic, change.partition))
            if isinstance(result, KafkaError):
                log.info("broker %d: AlterPartition %s-%d → %s refused: %s", self.broker_id, part.topic, part.index,
                         list(change.new_isr), result)
                if part.pending_isr == change.new_isr and part.partition_epoch == change.partition_epoch:
                    part.pending_isr = None  # try again at the next check

    def expire_isr(self) -> None:
        """Kafka's isr-expiration task: drop followers that lag more than replica.lag.time.max.ms."""
        for part in list(self.partitions.values()):
            self.maybe_update_isr(part)

    # ------------------------------------------------------------------ lifecycle
    def notify_all(self) -> None:
        """Wake every waiter (slow motion changed: parked follower fetches answer now)."""
        for part in self.partitions.values():
            part.notify()

    async def shutdown(self) -> None:
        self.fetch_manager.close_all()
        await self.fetcher_manager.shutdown()
        for task in list(self._isr_requests):
            task.cancel()
        for part in self.partitions.values():
            part.leader_id = -1
            part.notify()
        self.partitions.clear()


def _diverging(part: Partition, cp: CachedPartition) -> tuple[int, int] | None:
    """KIP-320 diverging epoch check: the follower's last fetched epoch ends earlier here."""
    last_epoch = cp.last_fetched_epoch
    if last_epoch < 0:
        return None
    epoch, end = part.log.epoch_cache.end_offset_for(last_epoch, part.log.log_end_offset)
    if epoch == -1 and end == -1:
        return None
    if epoch != last_epoch or end < cp.fetch_offset:
        return (epoch, end)
    return None
