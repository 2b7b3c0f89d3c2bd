"""GroupCoordinator: one per broker, for the groups whose ``__consumer_offsets`` partition it leads.

As in Apache Kafka (``GroupCoordinatorService`` / ``GroupMetadataManager`` /
``OffsetMetadataManager``, and the 3.x ``kafka.coordinator.group.GroupCoordinator``):

- a group lives in partition ``abs(groupId.hashCode()) % offsets.topic.num.partitions`` of
  ``__consumer_offsets``; the leader of that partition is the group's coordinator, every other
  broker answers ``NOT_COORDINATOR``;
- becoming leader of such a partition loads it (``COORDINATOR_LOAD_IN_PROGRESS`` meanwhile):
  committed offsets and group metadata are rebuilt from the records; losing leadership unloads
  its groups (parked requests get ``NOT_COORDINATOR``);
- every change that must survive a failover — committed offsets, a generation's assignment, a
  deleted group — is a record appended with ``acks=-1`` and answered only once committed;
- offsets of empty groups expire after ``offsets.retention.minutes`` (KIP-211).

The rebalance protocol itself (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) is in
:mod:`engine.coordinator.rebalance`. Handlers in :mod:`engine.server.apis.groups` call the
methods here; everything runs on the broker's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.coordinator import records as rec
from engine.coordinator.group import DEAD, EMPTY, ClassicGroup
from engine.coordinator.loader import read_partition, rebuild_group
from engine.coordinator.offset_manager import EXPIRATION_KEY, OffsetManager
from engine.coordinator.offsets_log import Record, append_and_wait, normalize_append_error
from engine.coordinator.ports import CoordinatorPartition, HighWatermarkLookup
from engine.coordinator.rebalance import Rebalancer
from engine.coordinator.timer import CoordinatorTimer
from engine.coordinator.txn_offsets import TxnOffsetManager
from engine.metadata.cache import MetadataCache
from engine.metadata.channel import ControllerChannel
from engine.metadata.roles import PartitionRole
from engine.observe import events as ev
from engine.observe.image import GroupImage, GroupMemberImage, GroupOffsetImage
from engine.protocol.errors import ErrorCode, KafkaError

log = logging.getLogger(__name__)

OFFSETS_TOPIC = rec.OFFSETS_TOPIC
GROUP_TYPE = "classic"


def group_type(group: ClassicGroup) -> str:
    """KIP-848's group type: ``consumer`` for a consumer-protocol group, else ``classic``."""
    return "consumer" if group.consumer is not None else GROUP_TYPE


def group_state(group: ClassicGroup) -> str:
    return group.consumer.state if group.consumer is not None else group.state

TopicPartition = tuple[str, int]


@dataclass(slots=True)
class _OwnedPartition:
    """A ``__consumer_offsets`` partition this broker leads."""

    index: int
    part: CoordinatorPartition
    loading: bool = True
    task: asyncio.Task[None] | None = None


@dataclass(frozen=True, slots=True)
class CoordinatorNode:
    error: ErrorCode
    node_id: int = -1
    host: str = ""
    port: int = -1
    message: str | None = None


class GroupCoordinator(OffsetManager, TxnOffsetManager):
    def __init__(self, broker_id: int, config: BrokerConfig, clock: Clock, bus: ev.EventBus, metadata: MetadataCache,
                 controller: ControllerChannel, local_high_watermark: HighWatermarkLookup) -> None:
        self.broker_id = broker_id
        self.config = config
        self.clock = clock
        self.bus = bus
        self.metadata = metadata
        self.controller = controller
        self._local_high_watermark = local_high_watermark
        self.timer = CoordinatorTimer(clock)
        self.rebalancer = Rebalancer(self)
        self.groups: dict[str, ClassicGroup] = {}
        self._owned: dict[int, _OwnedPartition] = {}
        self.pending_txn = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.active = False

    # ------------------------------------------------------------------ lifecycle
    def startup(self) -> None:
        """Called when the broker starts (after its replica manager exists)."""
        self.active = True
        self.timer.schedule(EXPIRATION_KEY, self.config.get_int("offsets.retention.check.interval.ms"),
                            self.expire_offsets)

    def shutdown(self) -> None:
        """Called when the broker stops or is killed."""
        self.active = False
        for index in list(self._owned):
            self._unload(index)
        self.timer.cancel_all()
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ------------------------------------------------------------------ where groups live
    def num_offsets_partitions(self) -> int:
        topic = self.metadata.image.topics.get(OFFSETS_TOPIC)
        if topic is not None and topic.partitions:
            return len(topic.partitions)
        return int(self.config.get_int("offsets.topic.num.partitions"))

    def partition_for(self, group_id: str) -> int:
        return rec.partition_for(group_id, self.num_offsets_partitions())

    def check_coordinator(self, group_id: str | None, allow_empty: bool = False) -> ErrorCode | None:
        """Kafka's ``validateGroupStatus``: None when this broker may serve ``group_id`` now."""
        if group_id is None or (group_id == "" and not allow_empty):
            return ErrorCode.invalid_group_id
        if not self.active:
            return ErrorCode.coordinator_not_available
        owned = self._owned.get(self.partition_for(group_id))
        if owned is None:
            return ErrorCode.not_coordinator
        if owned.loading:
            return ErrorCode.coordinator_load_in_progress
        return None

    async def find_coordinator(self, key: str) -> CoordinatorNode:
        """FindCoordinator for a group: the leader of its offsets partition, creating
        ``__consumer_offsets`` on first use (like Kafka's auto topic creation of internal topics)."""
        image = self.metadata.image
        if OFFSETS_TOPIC not in image.topics:
            live = len(image.live_brokers())
            rf = min(self.config.get_int("offsets.topic.replication.factor"), live)
            configs = {"cleanup.policy": "compact", "compression.type": "producer",
                       "segment.bytes": self.config.get("offsets.topic.segment.bytes")}
            try:
                await self.controller.create_topic(OFFSETS_TOPIC, self.config.get_int("offsets.topic.num.partitions"),
                                                   max(rf, 1), configs=configs)
                log.info("created %s with replication factor %d", OFFSETS_TOPIC, rf)
            except KafkaError as e:
                if e.code != ErrorCode.topic_already_exists:
                    return CoordinatorNode(ErrorCode.coordinator_not_available, message=e.message)
            # the topic's metadata reaches this broker on the next turn of the loop
            await self.metadata.wait_until(lambda img: OFFSETS_TOPIC in img.topics, timeout_s=5.0)
            image = self.metadata.image
        topic = image.topics.get(OFFSETS_TOPIC)
        if topic is None:
            return CoordinatorNode(ErrorCode.coordinator_not_available, message="the offsets topic is being created")
        reg = topic.partitions.get(rec.partition_for(key, len(topic.partitions)))
        broker = image.brokers.get(reg.leader) if reg is not None else None
        if broker is None or broker.fenced:
            return CoordinatorNode(ErrorCode.coordinator_not_available,
                                   message="The coordinator is not available.")
        return CoordinatorNode(ErrorCode.none, broker.broker_id, broker.host, broker.port)

    # ------------------------------------------------------------------ load / unload
    def on_partition_role(self, partition: CoordinatorPartition, role: PartitionRole) -> None:
        """A hosted partition became leader or follower, or was removed."""
        if partition.topic != OFFSETS_TOPIC or not self.active:
            return
        if role == PartitionRole.LEADER:
            owned = self._owned.get(partition.index)
            if owned is not None and owned.part is partition:
                return  # a new leader epoch on the same replica: the groups stay loaded
            self._unload(partition.index)
            self._load(partition)
        else:
            self._unload(partition.index)

    def _load(self, part: CoordinatorPartition) -> None:
        owned = _OwnedPartition(part.index, part)
        self._owned[part.index] = owned
        if part.log.log_end_offset <= part.log.log_start_offset:
            owned.loading = False  # nothing to read
            return
        owned.task = self._spawn(self._load_partition(owned))

    async def _load_partition(self, owned: _OwnedPartition) -> None:
        started = self.clock.monotonic()
        state = await read_partition(owned.part, self.config.get_int("offsets.load.buffer.size"))
        if self._owned.get(owned.index) is not owned:
            return
        self.load_pending(owned.index, state.pending)
        loaded = n_offsets = 0
        now = self.clock.time_ms()
        for group_id in state.group_ids():
            group = rebuild_group(group_id, owned.index, state.metadata.get(group_id), state.offsets.get(group_id, {}),
                                  now)
            if group is None:
                continue
            self.groups[group_id] = group
            self.rebalancer.on_loaded(group)
            loaded += 1
            n_offsets += len(group.offsets)
        owned.loading = False
        duration = int((self.clock.monotonic() - started) * 1000)
        log.info("broker %d loaded %s-%d: %d groups, %d offsets in %d ms", self.broker_id, OFFSETS_TOPIC,
                 owned.index, loaded, n_offsets, duration)
        self.bus.publish(ev.GroupsLoaded(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                         partition=owned.index, groups=loaded, offsets=n_offsets,
                                         duration_ms=duration))

    def _owns_loaded(self, index: int) -> bool:
        owned = self._owned.get(index)
        return owned is not None and not owned.loading

    def _unload(self, index: int) -> None:
        owned = self._owned.pop(index, None)
        if owned is None:
            return
        if owned.task is not None:
            owned.task.cancel()
        self.pending_txn.pop(index, None)
        unloaded = [g for g in self.groups.values() if g.partition == index]
        for group in unloaded:
            self.rebalancer.on_unloaded(group)
            del self.groups[group.group_id]
        if unloaded:
            log.info("broker %d unloaded %d groups of %s-%d", self.broker_id, len(unloaded), OFFSETS_TOPIC, index)

    # ------------------------------------------------------------------ groups
    def create_group(self, group_id: str) -> ClassicGroup:
        group = ClassicGroup(group_id, self.partition_for(group_id), self.clock.time_ms())
        self.groups[group_id] = group
        return group

    def _write(self, index: int, records: list[Record], callback: Callable[[ErrorCode], None],
               producer: tuple[int, int] | None = None) -> None:
        """Append ``records`` to our offsets partition ``index`` (transactional for ``producer``);
        ``callback(normalized error)``."""
        owned = self._owned.get(index)
        if owned is None or not records:
            error = ErrorCode.none if owned is not None else ErrorCode.not_coordinator
            asyncio.get_running_loop().call_soon(callback, error)
            return
        task = self._spawn(append_and_wait(owned.part, records, self.clock.time_ms(),
                                           self.config.get_int("offsets.commit.timeout.ms"), producer))

        def done(t: asyncio.Task[ErrorCode]) -> None:
            if t.cancelled():
                return
            exc = t.exception()
            error = ErrorCode.unknown_server_error if exc is not None else normalize_append_error(t.result())
            if exc is not None:
                log.error("coordinator write failed", exc_info=exc)
            try:
                callback(error)
            except Exception:
                log.exception("coordinator write callback failed")
        task.add_done_callback(done)

    def store_group(self, group: ClassicGroup, assignment: dict[str, bytes], callback: Callable[[ErrorCode], None]) -> None:
        """Write the GroupMetadata record of the current generation (``storeGroup``)."""
        members = tuple(
            rec.MemberMetadata(m.member_id, m.group_instance_id, m.client_id, m.client_host, m.rebalance_timeout_ms,
                               m.session_timeout_ms, m.metadata(group.protocol_name), assignment.get(m.member_id, b""))
            for m in group.members.values()) if not group.is_in(EMPTY) else ()
        value = rec.GroupMetadataValue(group.protocol_type or "", group.generation_id, group.protocol_name,
                                       group.leader_id, group.state_timestamp, members)
        self._write(group.partition, [(rec.group_metadata_key(group.group_id), rec.group_metadata_value(value))],
                    callback)

    # ------------------------------------------------------------------ admin
    def list_groups(self, states: set[str], types: set[str]) -> tuple[ErrorCode, list[ClassicGroup]]:
        """ListGroups (KIP-518 states filter, KIP-848 types filter), case-insensitive."""
        if not self.active:
            return ErrorCode.coordinator_not_available, []
        error = ErrorCode.coordinator_load_in_progress if any(o.loading for o in self._owned.values()) \
            else ErrorCode.none
        groups = [g for g in self.groups.values() if not g.is_in(DEAD) and (not states or group_state(g).lower() in states)
                  and (not types or group_type(g) in types)]
        return error, sorted(groups, key=lambda g: g.group_id)

    def describe_group(self, group_id: str) -> tuple[ErrorCode, ClassicGroup | None]:
        error = self.check_coordinator(group_id, allow_empty=True)
        if error is not None:
            return error, None
        group = self.groups.get(group_id)
        return ErrorCode.none, (group if group is not None and not group.is_in(DEAD) else None)

    def delete_groups(self, group_ids: Iterable[str]) -> asyncio.Future[dict[str, ErrorCode]]:
        """DeleteGroups: only empty groups; their offsets and metadata get tombstones."""
        fut: asyncio.Future[dict[str, ErrorCode]] = asyncio.get_running_loop().create_future()
        results: dict[str, ErrorCode] = {}
        writes: dict[int, tuple[list[Record], list[str]]] = {}
        for group_id in group_ids:
            error = self.check_coordinator(group_id, allow_empty=True)
            group = self.groups.get(group_id) if error is None else None
            if error is None and (group is None or group.is_in(DEAD)):
                error = ErrorCode.group_id_not_found
            if error is None and group is not None and not group.is_in(EMPTY):
                error = ErrorCode.non_empty_group
            if error is not None or group is None:
                results[group_id] = error or ErrorCode.unknown_server_error
                continue
            records, ids = writes.setdefault(group.partition, ([], []))
            records.extend(self._tombstones(group))
            ids.append(group_id)
            self._remove_group(group, "DeleteGroups")
        pending = len(writes)
        if not pending:
            fut.set_result(results)
            return fut

        def make_done(ids: list[str]) -> Callable[[ErrorCode], None]:
            def done(err: ErrorCode) -> None:
                nonlocal pending
                results.update({g: err for g in ids})
                pending -= 1
                if pending == 0 and not fut.done():
                    fut.set_result(results)
            return done
        for index, (records, ids) in writes.items():
            self._write(index, records, make_done(ids))
        return fut

    @staticmethod
    def _tombstones(group: ClassicGroup) -> list[Record]:
        out: list[Record] = [(rec.offset_commit_key(group.group_id, t, p), None) for t, p in group.offsets]
        out.append((rec.group_metadata_key(group.group_id), None))
        return out

    def _remove_group(self, group: ClassicGroup, reason: str) -> None:
        group.transition_to(DEAD, self.clock.time_ms())
        self.groups.pop(group.group_id, None)
        self.bus.publish(ev.GroupDeleted(time_ms=self.clock.time_ms(), group_id=group.group_id, reason=reason))

    # ------------------------------------------------------------------ observe
    def snapshot_groups(self, high_watermark: HighWatermarkLookup | None = None) -> tuple[GroupImage, ...]:
        """Groups this broker coordinates, for engine.observe.

        ``high_watermark(topic, partition)`` gives the log end a consumer can reach (the snapshot passes the
        leader's last stable offset, so open transactions are not lag); without it only partitions this
        broker leads are known, by their high watermark (others: -1)."""
        lookup = high_watermark or self._local_high_watermark
        images = []
        for group in sorted(self.groups.values(), key=lambda g: g.group_id):
            if group.is_in(DEAD):
                continue
            consumer = group.consumer
            if consumer is not None:
                members = tuple(GroupMemberImage(m.member_id, m.instance_id, m.client_id, m.client_host,
                                                 tuple((t, p) for t in sorted(m.assigned) for p in sorted(m.assigned[t])))
                                for m in consumer.members.values())
            else:
                members = tuple(GroupMemberImage(m.member_id, m.group_instance_id, m.client_id, m.client_host,
                                                 m.decoded_assignment()) for m in group.members.values())
            offsets = []
            for (t, p), om in sorted(group.offsets.items()):
                hw = lookup(t, p)
                offsets.append(GroupOffsetImage(t, p, om.offset, hw, max(hw - om.offset, 0) if hw >= 0 else -1,
                                                om.metadata))
            if consumer is not None:
                images.append(GroupImage(group.group_id, consumer.state, "consumer", consumer.assignor,
                                         consumer.group_epoch, "", self.broker_id, members, tuple(offsets), "consumer"))
            else:
                images.append(GroupImage(group.group_id, group.state, group.protocol_type or "",
                                         group.protocol_name or "", group.generation_id, group.leader_id or "",
                                         self.broker_id, members, tuple(offsets)))
        return tuple(images)
