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

from engine.coordinator import records as rec
from engine.coordinator.consumer_protocol import PROTOCOL_TYPE
from engine.coordinator.group import (
    COMPLETING_REBALANCE,
    DEAD,
    EMPTY,
    PREPARING_REBALANCE,
    STABLE,
    ClassicGroup,
    ClassicGroupMember,
    OffsetAndMetadata,
)
from engine.coordinator.offsets_log import Record, append_and_wait, normalize_append_error, read_records
from engine.coordinator.rebalance import Rebalancer
from engine.coordinator.timer import CoordinatorTimer
from engine.observe import events as ev
from engine.observe.image import GroupImage, GroupMemberImage, GroupOffsetImage
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.partition import Partition

log = logging.getLogger(__name__)

OFFSETS_TOPIC = rec.OFFSETS_TOPIC
GROUP_TYPE = "classic"
_EXPIRATION_KEY = "offsets-expiration"

TopicPartition = tuple[str, int]
HighWatermarkLookup = Callable[[str, int], int]  # (topic, partition) → high watermark, -1 unknown


@dataclass(slots=True)
class _OwnedPartition:
    """A ``__consumer_offsets`` partition this broker leads."""

    index: int
    part: Partition
    loading: bool = True
    task: asyncio.Task[None] | None = None


@dataclass(frozen=True, slots=True)
class CoordinatorNode:
    error: ErrorCode
    node_id: int = -1
    host: str = ""
    port: int = -1
    message: str | None = None


class GroupCoordinator:
    def __init__(self, broker: Any) -> None:
        self.broker = broker
        self.broker_id: int = broker.broker_id
        self.config = broker.config
        self.clock = broker.clock
        self.bus: ev.EventBus = broker.bus
        self.timer = CoordinatorTimer(broker.clock)
        self.rebalancer = Rebalancer(self)
        self.groups: dict[str, ClassicGroup] = {}
        self._owned: dict[int, _OwnedPartition] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.active = False

    # ------------------------------------------------------------------ lifecycle
    def startup(self) -> None:
        """Called when the broker starts (after its replica manager exists)."""
        self.active = True
        self.timer.schedule(_EXPIRATION_KEY, self.config.get_int("offsets.retention.check.interval.ms"),
                            self._expire_offsets)

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
        topic = self.broker.image.topics.get(OFFSETS_TOPIC)
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

    def find_coordinator(self, key: str) -> CoordinatorNode:
        """FindCoordinator for a group: the leader of its offsets partition, creating
        ``__consumer_offsets`` on first use (like Kafka's auto topic creation of internal topics)."""
        image = self.broker.image
        if OFFSETS_TOPIC not in image.topics:
            live = len(image.live_brokers())
            rf = min(self.config.get_int("offsets.topic.replication.factor"), live)
            configs = {"cleanup.policy": "compact", "compression.type": "producer",
                       "segment.bytes": self.config.get("offsets.topic.segment.bytes")}
            try:
                self.broker.controller.create_topic(OFFSETS_TOPIC, self.config.get_int("offsets.topic.num.partitions"),
                                                    max(rf, 1), configs=configs)
                log.info("created %s with replication factor %d", OFFSETS_TOPIC, rf)
            except KafkaError as e:
                if e.code != ErrorCode.topic_already_exists:
                    return CoordinatorNode(ErrorCode.coordinator_not_available, message=e.message)
            image = self.broker.image
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
    def on_partition_role(self, partition: Partition, role: str) -> None:
        """A hosted partition became "leader", "follower" or was "removed"."""
        if partition.topic != OFFSETS_TOPIC or not self.active:
            return
        if role == "leader":
            owned = self._owned.get(partition.index)
            if owned is not None and owned.part is partition:
                return  # a new leader epoch on the same replica: the groups stay loaded
            self._unload(partition.index)
            self._load(partition)
        else:
            self._unload(partition.index)

    def _load(self, part: Partition) -> None:
        owned = _OwnedPartition(part.index, part)
        self._owned[part.index] = owned
        if part.log.log_end_offset <= part.log.log_start_offset:
            owned.loading = False  # nothing to read
            return
        owned.task = self._spawn(self._load_partition(owned))

    async def _load_partition(self, owned: _OwnedPartition) -> None:
        started = self.clock.monotonic()
        offsets: dict[str, dict[TopicPartition, OffsetAndMetadata]] = {}
        metadata: dict[str, rec.GroupMetadataValue | None] = {}
        n_offsets = 0
        try:
            async for _offset, key, value in read_records(owned.part, self.config.get_int("offsets.load.buffer.size")):
                try:
                    k = rec.decode_key(key)
                    if isinstance(k, rec.OffsetCommitKey):
                        group_offsets = offsets.setdefault(k.group, {})
                        if value is None:
                            group_offsets.pop((k.topic, k.partition), None)
                        else:
                            v = rec.decode_offset_commit_value(value)
                            group_offsets[(k.topic, k.partition)] = OffsetAndMetadata(
                                v.offset, v.leader_epoch, v.metadata, v.commit_timestamp, v.expire_timestamp)
                    elif isinstance(k, rec.GroupMetadataKey):
                        metadata[k.group] = None if value is None else rec.decode_group_metadata_value(value)
                except rec.RecordFormatError as e:
                    log.warning("%s-%d: skipping an unreadable record: %s", OFFSETS_TOPIC, owned.index, e)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("broker %d: loading %s-%d failed; serving what was read", self.broker_id, OFFSETS_TOPIC,
                          owned.index)
        if self._owned.get(owned.index) is not owned:
            return
        loaded = 0
        for group_id in set(metadata) | {g for g, o in offsets.items() if o}:
            group = self._rebuild_group(group_id, owned.index, metadata.get(group_id), offsets.get(group_id, {}))
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

    def _rebuild_group(self, group_id: str, index: int, meta: rec.GroupMetadataValue | None,
                       offsets: dict[TopicPartition, OffsetAndMetadata]) -> ClassicGroup | None:
        if meta is None and not offsets:
            return None
        now = self.clock.time_ms()
        state = STABLE if meta is not None and meta.members else EMPTY
        group = ClassicGroup(group_id, index, now, state)
        if meta is not None:
            group.protocol_type = meta.protocol_type or None
            group.generation_id = meta.generation
            group.protocol_name = meta.protocol
            if meta.current_state_timestamp >= 0:
                group.state_timestamp = meta.current_state_timestamp
            for m in meta.members:
                group.add(ClassicGroupMember(m.member_id, m.group_instance_id, m.client_id, m.client_host,
                                             m.rebalance_timeout, m.session_timeout, meta.protocol_type,
                                             [(meta.protocol or "", m.subscription)], m.assignment))
            group.leader_id = meta.leader if meta.leader in group.members else group.leader_id
            group.subscribed_topics = group.compute_subscribed_topics()
            if state == STABLE:
                group.last_stable_assignment = group.assignments()
        group.offsets = dict(offsets)
        return group

    def _unload(self, index: int) -> None:
        owned = self._owned.pop(index, None)
        if owned is None:
            return
        if owned.task is not None:
            owned.task.cancel()
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

    def _write(self, index: int, records: list[Record], callback: Callable[[ErrorCode], None]) -> None:
        """Append ``records`` to our offsets partition ``index``; ``callback(normalized error)``."""
        owned = self._owned.get(index)
        if owned is None or not records:
            error = ErrorCode.none if owned is not None else ErrorCode.not_coordinator
            asyncio.get_running_loop().call_soon(callback, error)
            return
        task = self._spawn(append_and_wait(owned.part, records, self.clock.time_ms(),
                                           self.config.get_int("offsets.commit.timeout.ms")))

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

    # ------------------------------------------------------------------ offsets
    def commit_offsets(self, group_id: str, member_id: str, instance_id: str | None, generation_id: int,
                       offsets: dict[TopicPartition, OffsetAndMetadata], api_version: int
                       ) -> asyncio.Future[dict[TopicPartition, ErrorCode]]:
        """OffsetCommit (Kafka's ``OffsetMetadataManager.commitOffset``); resolves once committed."""
        fut: asyncio.Future[dict[TopicPartition, ErrorCode]] = asyncio.get_running_loop().create_future()
        error = self.check_coordinator(group_id, allow_empty=True)
        group = self.groups.get(group_id) if error is None else None
        if error is None:
            if group is None:
                if generation_id < 0:
                    group = self.create_group(group_id)  # a "simple" group: Kafka only stores its offsets
                else:
                    error = ErrorCode.group_id_not_found if api_version >= 9 else ErrorCode.illegal_generation
            else:
                error = self._validate_offset_commit(group, member_id, instance_id, generation_id)
        if error is not None or group is None:
            fut.set_result({tp: error or ErrorCode.unknown_server_error for tp in offsets})
            return fut
        member = group.members.get(member_id)
        if member is not None and group.is_in(STABLE, PREPARING_REBALANCE):
            self.rebalancer.reschedule_heartbeat(group, member)
        max_metadata = self.config.get_int("offset.metadata.max.bytes")
        results: dict[TopicPartition, ErrorCode] = {}
        valid: dict[TopicPartition, OffsetAndMetadata] = {}
        for tp, om in offsets.items():
            if len(om.metadata.encode()) > max_metadata:
                results[tp] = ErrorCode.offset_metadata_too_large
            else:
                valid[tp] = om
        records: list[Record] = [
            (rec.offset_commit_key(group_id, t, p),
             rec.offset_commit_value(rec.OffsetCommitValue(om.offset, om.leader_epoch, om.metadata,
                                                           om.commit_timestamp, om.expire_timestamp)))
            for (t, p), om in valid.items()]

        def done(err: ErrorCode) -> None:
            if err == ErrorCode.none and self.groups.get(group_id) is group:
                group.offsets.update(valid)
                if valid:
                    self.bus.publish(ev.OffsetsCommitted(
                        time_ms=self.clock.time_ms(), group_id=group_id, member_id=member_id, generation=generation_id,
                        partitions=len(valid), topics=tuple(sorted({t for t, _p in valid}))))
            elif err == ErrorCode.none:
                err = ErrorCode.coordinator_not_available  # the group was unloaded or deleted meanwhile
            results.update({tp: err for tp in valid})
            if not fut.done():
                fut.set_result(results)
        self._write(group.partition, records, done)
        return fut

    @staticmethod
    def _validate_offset_commit(group: ClassicGroup, member_id: str, instance_id: str | None,
                                generation_id: int) -> ErrorCode | None:
        """``ClassicGroup.validateOffsetCommit``."""
        if group.is_in(DEAD):
            return ErrorCode.coordinator_not_available
        if generation_id < 0 and group.is_in(EMPTY):
            return None  # admin client or a consumer without group management
        if generation_id >= 0 or member_id or instance_id is not None:
            error = group.validate_member(member_id, instance_id)
            if error is not None:
                return error
            if generation_id != group.generation_id:
                return ErrorCode.illegal_generation
        elif not group.is_in(EMPTY):
            return ErrorCode.unknown_member_id
        if group.is_in(COMPLETING_REBALANCE):
            return ErrorCode.rebalance_in_progress
        return None

    def fetch_offsets(self, group_id: str, partitions: list[TopicPartition] | None
                      ) -> tuple[ErrorCode, list[tuple[TopicPartition, OffsetAndMetadata | None]]]:
        """OffsetFetch: committed offsets (None where nothing is committed); ``partitions=None``
        means every partition the group has committed."""
        error = self.check_coordinator(group_id, allow_empty=True)
        if error is not None:
            return error, []
        group = self.groups.get(group_id)
        committed = group.offsets if group is not None and not group.is_in(DEAD) else {}
        if partitions is None:
            return ErrorCode.none, sorted(committed.items())
        return ErrorCode.none, [(tp, committed.get(tp)) for tp in partitions]

    def delete_offsets(self, group_id: str, partitions: list[TopicPartition]
                       ) -> asyncio.Future[tuple[ErrorCode, dict[TopicPartition, ErrorCode]]]:
        """OffsetDelete (KIP-496): only for topics the group is not subscribed to."""
        fut: asyncio.Future[tuple[ErrorCode, dict[TopicPartition, ErrorCode]]] = \
            asyncio.get_running_loop().create_future()
        error = self.check_coordinator(group_id, allow_empty=True)
        group = self.groups.get(group_id) if error is None else None
        if error is None and (group is None or group.is_in(DEAD)):
            error = ErrorCode.group_id_not_found
        if error is None and group is not None and group.is_in(STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE) \
                and group.protocol_type != PROTOCOL_TYPE:
            error = ErrorCode.non_empty_group
        if error is not None or group is None:
            fut.set_result((error or ErrorCode.unknown_server_error, {}))
            return fut
        results: dict[TopicPartition, ErrorCode] = {}
        deleted: list[TopicPartition] = []
        for t, p in partitions:
            if group.is_subscribed_to_topic(t):
                results[(t, p)] = ErrorCode.group_subscribed_to_topic
            else:
                results[(t, p)] = ErrorCode.none
                if (t, p) in group.offsets:
                    deleted.append((t, p))
        for tp in deleted:
            group.offsets.pop(tp, None)

        def done(err: ErrorCode) -> None:
            if err != ErrorCode.none:
                results.update({tp: err for tp in deleted})
            fut.set_result((ErrorCode.none, results))
        self._write(group.partition, [(rec.offset_commit_key(group_id, t, p), None) for t, p in deleted], done)
        return fut

    # ------------------------------------------------------------------ admin
    def list_groups(self, states: set[str], types: set[str]) -> tuple[ErrorCode, list[ClassicGroup]]:
        """ListGroups (KIP-518 states filter, KIP-848 types filter), case-insensitive."""
        if not self.active:
            return ErrorCode.coordinator_not_available, []
        error = ErrorCode.coordinator_load_in_progress if any(o.loading for o in self._owned.values()) \
            else ErrorCode.none
        if types and GROUP_TYPE not in types:
            return error, []
        groups = [g for g in self.groups.values() if not g.is_in(DEAD) and (not states or g.state.lower() in states)]
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

    def _expire_offsets(self) -> None:
        """``cleanupGroupMetadata``: drop expired offsets, then empty groups left without any."""
        try:
            retention_ms = self.config.get_int("offsets.retention.minutes") * 60_000
            now = self.clock.time_ms()
            writes: dict[int, list[Record]] = {}
            for group in list(self.groups.values()):
                owned = self._owned.get(group.partition)
                if owned is None or owned.loading:
                    continue
                if group.protocol_type is not None and not group.is_in(EMPTY):
                    continue  # a classic group with members keeps its offsets
                expired = [tp for tp, om in group.offsets.items()
                           if (now >= om.expire_timestamp if om.expire_timestamp >= 0 else
                               now - (group.state_timestamp if group.protocol_type is not None else om.commit_timestamp)
                               >= retention_ms)]
                records = writes.setdefault(group.partition, [])
                for t, p in expired:
                    del group.offsets[(t, p)]
                    records.append((rec.offset_commit_key(group.group_id, t, p), None))
                if group.is_in(EMPTY) and not group.offsets:
                    records.append((rec.group_metadata_key(group.group_id), None))
                    self._remove_group(group, "offsets expired")
                if expired:
                    log.info("group %s: %d committed offsets expired", group.group_id, len(expired))
            for index, records in writes.items():
                if records:
                    self._write(index, records, lambda error: None)
        finally:
            if self.active:
                self.timer.schedule(_EXPIRATION_KEY, self.config.get_int("offsets.retention.check.interval.ms"),
                                    self._expire_offsets)

    # ------------------------------------------------------------------ observe
    def snapshot_groups(self, high_watermark: HighWatermarkLookup | None = None) -> tuple[GroupImage, ...]:
        """Groups this broker coordinates, for engine.observe.

        ``high_watermark(topic, partition)`` gives the log end a consumer can reach (the leader's
        high watermark); without it only partitions this broker leads are known (others: -1)."""
        lookup = high_watermark or self._local_high_watermark
        images = []
        for group in sorted(self.groups.values(), key=lambda g: g.group_id):
            if group.is_in(DEAD):
                continue
            members = tuple(GroupMemberImage(m.member_id, m.group_instance_id, m.client_id, m.client_host,
                                             m.decoded_assignment()) for m in group.members.values())
            offsets = []
            for (t, p), om in sorted(group.offsets.items()):
                hw = lookup(t, p)
                offsets.append(GroupOffsetImage(t, p, om.offset, hw, max(hw - om.offset, 0) if hw >= 0 else -1,
                                                om.metadata))
            images.append(GroupImage(group.group_id, group.state, group.protocol_type or "",
                                     group.protocol_name or "", group.generation_id, group.leader_id or "",
                                     self.broker_id, members, tuple(offsets)))
        return tuple(images)

    def _local_high_watermark(self, topic: str, partition: int) -> int:
        part = self.broker.replica_manager.partitions.get((topic, partition))
        return part.high_watermark if part is not None and part.is_leader else -1

