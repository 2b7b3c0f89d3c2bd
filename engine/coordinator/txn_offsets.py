"""Transactional offset commits (KIP-98: TxnOffsetCommit, and the COMMIT/ABORT markers that reach
``__consumer_offsets``), as a part of the :class:`GroupCoordinator` (mixed in) — Kafka's
``OffsetMetadataManager`` pending transactional offsets.

A TxnOffsetCommit is written to the group's ``__consumer_offsets`` partition as a transactional
batch of the producer (its id and epoch) and kept *pending*: OffsetFetch does not answer it. When
the transaction coordinator's WriteTxnMarkers appends the COMMIT marker to that partition the
pending offsets become the group's committed offsets; an ABORT drops them. A coordinator that
loads the partition finds the same: committed transactions' offsets at their marker, open ones
pending (:func:`engine.coordinator.offsets_log.read_records`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from engine.coordinator import records as rec
from engine.coordinator.group import DEAD, ClassicGroup, OffsetAndMetadata
from engine.coordinator.offsets_log import Record
from engine.coordinator.ports import GroupStore
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode

TopicPartition = tuple[str, int]
PendingOffsets = dict[int, dict[str, dict[TopicPartition, OffsetAndMetadata]]]  # producer id → group → offsets


class TxnOffsetManager(GroupStore):
    pending_txn: dict[int, PendingOffsets]  # __consumer_offsets partition → pending offsets

    def _write(self, index: int, records: list[Record], callback: Callable[[ErrorCode], None],
               producer: tuple[int, int] | None = None) -> None:
        raise NotImplementedError

    def partition_for(self, group_id: str) -> int:
        raise NotImplementedError

    def commit_txn_offsets(self, group_id: str, producer_id: int, producer_epoch: int,
                           offsets: dict[TopicPartition, OffsetAndMetadata]
                           ) -> asyncio.Future[dict[TopicPartition, ErrorCode]]:
        """TxnOffsetCommit (Kafka's ``OffsetMetadataManager.commitTransactionalOffset``)."""
        fut: asyncio.Future[dict[TopicPartition, ErrorCode]] = asyncio.get_running_loop().create_future()
        error = self.check_coordinator(group_id)
        group = self.groups.get(group_id) if error is None else None
        if error is None and group is not None and group.is_in(DEAD):
            error = ErrorCode.coordinator_not_available
        if error is not None:
            fut.set_result(dict.fromkeys(offsets, error))
            return fut
        index = self.partition_for(group_id)
        records: list[Record] = [
            (rec.offset_commit_key(group_id, t, p),
             rec.offset_commit_value(rec.OffsetCommitValue(om.offset, om.leader_epoch, om.metadata,
                                                           om.commit_timestamp, om.expire_timestamp)))
            for (t, p), om in offsets.items()]

        def done(err: ErrorCode) -> None:
            if err == ErrorCode.none:
                pending = self.pending_txn.setdefault(index, {}).setdefault(producer_id, {})
                pending.setdefault(group_id, {}).update(offsets)
            if not fut.done():
                fut.set_result(dict.fromkeys(offsets, err))
        self._write(index, records, done, (producer_id, producer_epoch))
        return fut

    def complete_transaction(self, index: int, producer_id: int, committed: bool) -> None:
        """A marker reached ``__consumer_offsets`` partition ``index``: materialize or drop."""
        by_group = self.pending_txn.get(index, {}).pop(producer_id, {})
        if not committed:
            return
        for group_id, offsets in by_group.items():
            group = self.groups.get(group_id)
            if group is None or group.is_in(DEAD):
                group = self.create_group(group_id)
            group.offsets.update(offsets)
            self.bus.publish(ev.OffsetsCommitted(
                time_ms=self.clock.time_ms(), group_id=group_id, member_id="", generation=-1,
                partitions=len(offsets), topics=tuple(sorted({t for t, _p in offsets}))))

    def has_pending_txn_offsets(self, group: ClassicGroup, tp: TopicPartition) -> bool:
        """Kafka's ``hasPendingTransactionalOffsets`` (OffsetFetch with require_stable answers
        UNSTABLE_OFFSET_COMMIT for such a partition)."""
        return any(tp in by_group.get(group.group_id, {})
                   for by_group in self.pending_txn.get(group.partition, {}).values())

    def load_pending(self, index: int, pending: dict[int, list[Record]]) -> None:
        """Offsets of transactions open when ``index`` was loaded."""
        out: PendingOffsets = {}
        for pid, records in pending.items():
            for key, value in records:
                try:
                    k = rec.decode_key(key)
                    if isinstance(k, rec.OffsetCommitKey) and value is not None:
                        v = rec.decode_offset_commit_value(value)
                        out.setdefault(pid, {}).setdefault(k.group, {})[(k.topic, k.partition)] = OffsetAndMetadata(
                            v.offset, v.leader_epoch, v.metadata, v.commit_timestamp, v.expire_timestamp)
                except rec.RecordFormatError:
                    continue
        if out:
            self.pending_txn[index] = out
