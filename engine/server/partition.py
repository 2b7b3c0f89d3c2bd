"""Partition: one broker's replica of a topic partition and, on the leader, the replication
state of its followers (Kafka's ``Partition``): ISR tracking and the high watermark.

Waiting for a partition to change is done two ways: ``change_future()`` (one future, resolved at the
next change: acks=all produce, the coordinator) and ``watch(watcher, token)`` — a fetch session or a
parked fetch registers once and its ``partition_changed(token)`` is called on every change, so an
append costs one call per interested fetch and no future per partition per request."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from engine.clock import Clock
from engine.log.unified_log import AppendInfo, UnifiedLog
from engine.metadata.image import PartitionRegistration
from engine.metadata.roles import PartitionRole
from engine.observe.image import ReplicaImage, SegmentImage, TransactionMarkImage
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import BatchHeader

log = logging.getLogger(__name__)


class PartitionWatcher(Protocol):
    """Told of every change of the partitions it watches (a fetch session, a parked fetch)."""

    def partition_changed(self, token: object) -> None: ...


class FetchClock(Protocol):
    """A follower's fetch session as the leader's follower state sees it: when it last fetched."""

    last_used_ms: int


@dataclass(slots=True)
class FollowerState:
    """What the leader knows of a follower, from its fetch requests.

    A follower in a fetch session (KIP-227) names a partition only when its fetch offset moves; every
    other fetch of the session fetches it too, at the offset the leader has cached (Kafka's incremental
    fetch reads every partition of the session). ``session`` is that session while this partition is
    in it: its ``last_used_ms`` counts as a fetch of this partition, and as a caught-up one while the
    follower's offset is the log end (:meth:`Partition.append_as_leader` records that moment before
    the log end moves), so an idle partition stays in sync without being read on every fetch."""

    log_end_offset: int = -1
    last_fetch_ms: int = -1
    last_caught_up_ms: int = -1
    session: FetchClock | None = None

    def fetch_ms(self) -> int:
        s = self.session
        return self.last_fetch_ms if s is None else max(self.last_fetch_ms, s.last_used_ms)

    def caught_up_ms(self, leader_end_offset: int) -> int:
        s = self.session
        if s is not None and self.log_end_offset >= leader_end_offset:
            return max(self.last_caught_up_ms, s.last_used_ms)
        return self.last_caught_up_ms


class Partition:
    def __init__(self, topic: str, index: int, topic_id: uuid.UUID, broker_id: int, log_: UnifiedLog,
                 clock: Clock, on_change: Callable[[str, int], None] | None = None) -> None:
        self.topic = topic
        self.index = index
        self.topic_id = topic_id
        self.broker_id = broker_id
        self.log = log_
        self.clock = clock
        self.leader_id = -1
        self.leader_epoch = -1
        self.partition_epoch = -1
        self.replicas: tuple[int, ...] = ()
        self.isr: tuple[int, ...] = ()
        self.followers: dict[int, FollowerState] = {}
        self.pending_isr: tuple[int, ...] | None = None  # an AlterPartition in flight
        self._waiters: list[asyncio.Future[None]] = []
        self._watchers: dict[PartitionWatcher, object] = {}  # fetch sessions / parked fetches → their token
        self.messages_in = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.consumer_fetch_offset = -1  # the highest offset a consumer asked this leader for
        self._on_change = on_change  # engine.observe: this replica changed

    @property
    def is_leader(self) -> bool:
        return self.leader_id == self.broker_id

    @property
    def high_watermark(self) -> int:
        return self.log.high_watermark

    # ------------------------------------------------------------------ leadership
    def apply_registration(self, reg: PartitionRegistration) -> PartitionRole | None:
        """Take the controller's view. Returns the new role, or None when the role did not change."""
        was_leader, old_epoch = self.is_leader, self.leader_epoch
        self.replicas, self.isr = reg.replicas, reg.isr
        self.partition_epoch = reg.partition_epoch
        self.pending_isr = None
        self.leader_id, self.leader_epoch = reg.leader, reg.leader_epoch
        role_changed = reg.leader_epoch != old_epoch or was_leader != self.is_leader
        if self.is_leader:
            if role_changed:
                now = self.clock.time_ms()
                self.followers = {r: FollowerState(last_caught_up_ms=now if r in self.isr else -1)
                                  for r in self.replicas if r != self.broker_id}
                if self.log.epoch_cache.latest_epoch < self.leader_epoch:
                    self.log.epoch_cache.assign(self.leader_epoch, self.log.log_end_offset)
            else:  # a reassignment added or removed replicas: new followers start out of sync
                self.followers = {r: self.followers.get(r) or FollowerState(last_caught_up_ms=-1)
                                  for r in self.replicas if r != self.broker_id}
            self.maybe_increment_hw()
            self.notify()
            return PartitionRole.LEADER if role_changed else None
        self.followers = {}
        self.notify()
        return PartitionRole.FOLLOWER if role_changed else None

    # ------------------------------------------------------------------ produce
    def append_as_leader(self, batches: list[tuple[memoryview, BatchHeader]], acks: int) -> AppendInfo:
        if not self.is_leader:
            raise KafkaError(ErrorCode.not_leader_or_follower, f"broker {self.broker_id} is not the leader of {self.topic}-{self.index}")
        min_isr = self.log.config.min_insync_replicas
        if acks == -1 and len(self.isr) < min_isr:
            raise KafkaError(ErrorCode.not_enough_replicas,
                             f"ISR {list(self.isr)} is smaller than min.insync.replicas={min_isr}")
        leo = self.log.log_end_offset
        for state in self.followers.values():
            # a follower in a session was caught up at its last fetch if it had this log end
            s = state.session
            if s is not None and state.log_end_offset >= leo and s.last_used_ms > state.last_caught_up_ms:
                state.last_caught_up_ms = s.last_used_ms
        info = self.log.append_as_leader(batches, self.leader_epoch)
        if not info.duplicate:
            self.messages_in += info.records
            self.bytes_in += info.bytes
        self.maybe_increment_hw()
        self.notify()
        return info

    # ------------------------------------------------------------------ replication (leader side)
    def check_follower(self, replica_id: int, current_leader_epoch: int = -1) -> None:
        """A follower fetch must come from one of the partition's followers (Kafka's
        ``Partition.followerReplicaOrThrow``: UNKNOWN_LEADER_EPOCH when the request names the
        current epoch, else NOT_LEADER_OR_FOLLOWER)."""
        if replica_id == self.broker_id or replica_id not in self.followers:
            code = ErrorCode.unknown_leader_epoch if current_leader_epoch >= 0 else ErrorCode.not_leader_or_follower
            raise KafkaError(code, f"broker {replica_id} is not a follower of {self.topic}-{self.index} "
                                   f"(replicas {list(self.replicas)}, leader epoch {self.leader_epoch})")

    def update_follower_fetch(self, replica_id: int, fetch_offset: int, session: FetchClock | None = None) -> None:
        """Record a follower's position from a fetch that did not diverge (Kafka's
        ``updateFollowerFetchState``). An offset outside [log start, log end] is refused with
        OFFSET_OUT_OF_RANGE before anything moves, as Kafka's read does: recording it would move
        the high watermark over records the follower never copied. Call :meth:`check_follower` first."""
        state = self.followers.get(replica_id)
        if state is None:
            return
        leo, start = self.log.log_end_offset, self.log.log_start_offset
        if not start <= fetch_offset <= leo:
            raise KafkaError(ErrorCode.offset_out_of_range,
                             f"follower {replica_id} fetch offset {fetch_offset} is outside [{start}, {leo}] "
                             f"of {self.topic}-{self.index}")
        now = self.clock.time_ms()
        state.log_end_offset = fetch_offset
        state.last_fetch_ms = now
        state.session = session
        if fetch_offset >= self.log.log_end_offset:
            state.last_caught_up_ms = now
        self.maybe_increment_hw()

    def maybe_increment_hw(self) -> bool:
        if not self.is_leader:
            return False
        leo = self.log.log_end_offset
        new_hw = leo
        for r in self.isr:
            if r == self.broker_id:
                continue
            state = self.followers.get(r)
            new_hw = min(new_hw, state.log_end_offset if state is not None else -1)
        if new_hw > self.log.high_watermark:
            self.log.high_watermark = new_hw
            self.notify()
            return True
        return False

    def isr_candidates(self, lag_time_max_ms: int) -> tuple[int, ...] | None:
        """The ISR the leader should ask for: drop laggards, add caught-up followers; None = no change."""
        if not self.is_leader or self.pending_isr is not None:
            return None
        now = self.clock.time_ms()
        hw = self.log.high_watermark
        leo = self.log.log_end_offset
        epoch_start = next((o for e, o in reversed(self.log.epoch_cache.entries) if e == self.leader_epoch), 0)
        new = [self.broker_id]
        for r in self.replicas:
            if r == self.broker_id:
                continue
            s = self.followers.get(r)
            if r in self.isr:
                caught_up = s.caught_up_ms(leo) if s is not None else -1
                if caught_up >= 0 and now - caught_up <= lag_time_max_ms:
                    new.append(r)
            elif s is not None and s.log_end_offset >= max(hw, epoch_start) and s.log_end_offset >= 0 \
                    and now - s.fetch_ms() <= lag_time_max_ms:
                new.append(r)
        ordered = tuple(r for r in self.replicas if r in new)
        return None if set(ordered) == set(self.isr) else ordered

    # ------------------------------------------------------------------ waiting (purgatory)
    def notify(self) -> None:
        """Something changed (records, high watermark, log start, leadership): wake the purgatory's
        waiters and tell engine.observe."""
        if self._on_change is not None:
            self._on_change(self.topic, self.index)
        if self._watchers:
            for watcher, token in self._watchers.items():
                watcher.partition_changed(token)
        if self._waiters:
            waiters, self._waiters = self._waiters, []
            for f in waiters:
                if not f.done():
                    f.set_result(None)

    def watch(self, watcher: PartitionWatcher, token: object) -> None:
        """Call ``watcher.partition_changed(token)`` at every change until :meth:`unwatch`."""
        self._watchers[watcher] = token

    def unwatch(self, watcher: PartitionWatcher) -> None:
        self._watchers.pop(watcher, None)

    def forget_session(self, replica_id: int, session: FetchClock) -> None:
        """The follower's session no longer fetches this partition."""
        state = self.followers.get(replica_id)
        if state is not None and state.session is session:
            state.last_fetch_ms = state.fetch_ms()
            state.last_caught_up_ms = state.caught_up_ms(self.log.log_end_offset)
            state.session = None

    def count_bytes_out(self, n: int) -> None:
        if n:
            self.bytes_out += n
            if self._on_change is not None:
                self._on_change(self.topic, self.index)

    def note_consumer_fetch(self, fetch_offset: int) -> None:
        """A consumer (not a follower) fetched from ``fetch_offset``: it holds every record before it.
        One comparison per fetched partition; observe hears of it only when the offset moves."""
        if fetch_offset > self.consumer_fetch_offset:
            self.consumer_fetch_offset = fetch_offset
            if self._on_change is not None:
                self._on_change(self.topic, self.index)

    def describe(self, reg_isr: tuple[int, ...], leader: int, online: bool, leader_leo: int) -> ReplicaImage:
        """This replica as engine.observe shows it (``leader_leo``: the leader's log end, -1 unknown)."""
        unified = self.log
        segments = tuple(SegmentImage(s.base_offset, s.next_offset, s.size, s.first_timestamp, s.max_timestamp, s.path)
                         for s in unified.segment_infos())
        is_leader = self.broker_id == leader
        lag = max(0, leader_leo - unified.log_end_offset) if leader_leo >= 0 else -1
        txns = tuple(TransactionMarkImage(*t) for t in unified.producer_state.transactions())
        return ReplicaImage(self.broker_id, online, self.broker_id in reg_isr, is_leader, unified.log_start_offset,
                            unified.log_end_offset, unified.high_watermark, unified.size_bytes,
                            0 if is_leader else lag, segments, self.consumer_fetch_offset,
                            unified.last_stable_offset, txns, unified.cleaner_offset)

    def change_future(self) -> asyncio.Future[None]:
        f: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(f)
        return f
