"""Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete and offset expiration (Kafka's
``OffsetMetadataManager``), as a part of the :class:`GroupCoordinator` (mixed in)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from engine.coordinator import records as rec
from engine.coordinator.consumer_protocol import PROTOCOL_TYPE
from engine.coordinator.group import (
    COMPLETING_REBALANCE,
    DEAD,
    EMPTY,
    PREPARING_REBALANCE,
    STABLE,
    ClassicGroup,
    OffsetAndMetadata,
)
from engine.coordinator.offsets_log import Record
from engine.coordinator.ports import GroupStore
from engine.coordinator.rebalance import Rebalancer
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]
EXPIRATION_KEY = "offsets-expiration"


class OffsetManager(GroupStore):
    """Needs the coordinator's groups, writes and timers (declared by :class:`GroupStore`)."""

    rebalancer: Rebalancer
    active: bool

    def _write(self, index: int, records: list[Record], callback: Callable[[ErrorCode], None]) -> None:
        raise NotImplementedError

    def _owns_loaded(self, index: int) -> bool:
        raise NotImplementedError

    def _remove_group(self, group: ClassicGroup, reason: str) -> None:
        raise NotImplementedError

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
                error = self._validate_offset_commit(group, member_id, instance_id, generation_id) \
                    if group.consumer is None else group.consumer.validate_commit(member_id, generation_id)
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

    def expire_offsets(self) -> None:
        """``cleanupGroupMetadata``: drop expired offsets, then empty groups left without any."""
        try:
            retention_ms = self.config.get_int("offsets.retention.minutes") * 60_000
            now = self.clock.time_ms()
            writes: dict[int, list[Record]] = {}
            for group in list(self.groups.values()):
                if not self._owns_loaded(group.partition):
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
                self.timer.schedule(EXPIRATION_KEY, self.config.get_int("offsets.retention.check.interval.ms"),
                                    self.expire_offsets)
