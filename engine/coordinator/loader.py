"""Loading a ``__consumer_offsets`` partition (Kafka's ``CoordinatorLoaderImpl`` and the replay in
``GroupMetadataManager``/``OffsetMetadataManager``): read every record from the log start to the
log end, keep the latest committed offset and group metadata per key (a tombstone removes it), and
rebuild each group as it was after its last stored generation."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from engine.coordinator import records as rec
from engine.coordinator.group import EMPTY, STABLE, ClassicGroup, ClassicGroupMember, OffsetAndMetadata
from engine.coordinator.offsets_log import read_records
from engine.coordinator.ports import CoordinatorPartition

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]


@dataclass(slots=True)
class LoadedState:
    offsets: dict[str, dict[TopicPartition, OffsetAndMetadata]] = field(default_factory=dict)
    metadata: dict[str, rec.GroupMetadataValue | None] = field(default_factory=dict)
    pending: dict[int, list[tuple[bytes, bytes | None]]] = field(default_factory=dict)  # open transactions

    def group_ids(self) -> set[str]:
        return set(self.metadata) | {g for g, o in self.offsets.items() if o}


async def read_partition(part: CoordinatorPartition, chunk_bytes: int) -> LoadedState:
    """The latest offsets and group metadata in the partition (an unreadable record is skipped
    with a warning; an error while reading leaves what was read so far)."""
    state = LoadedState()
    try:
        async for _offset, key, value in read_records(part, chunk_bytes, state.pending):
            try:
                k = rec.decode_key(key)
                if isinstance(k, rec.OffsetCommitKey):
                    group_offsets = state.offsets.setdefault(k.group, {})
                    if value is None:
                        group_offsets.pop((k.topic, k.partition), None)
                    else:
                        v = rec.decode_offset_commit_value(value)
                        group_offsets[(k.topic, k.partition)] = OffsetAndMetadata(
                            v.offset, v.leader_epoch, v.metadata, v.commit_timestamp, v.expire_timestamp)
                elif isinstance(k, rec.GroupMetadataKey):
                    state.metadata[k.group] = None if value is None else rec.decode_group_metadata_value(value)
            except rec.RecordFormatError as e:
                log.warning("%s-%d: skipping an unreadable record: %s", part.topic, part.index, e)
    except Exception:
        log.exception("loading %s-%d failed; serving what was read", part.topic, part.index)
    return state


def rebuild_group(group_id: str, index: int, meta: rec.GroupMetadataValue | None,
                  offsets: dict[TopicPartition, OffsetAndMetadata], now_ms: int) -> ClassicGroup | None:
    """The group as its last GroupMetadata record and its committed offsets describe it."""
    if meta is None and not offsets:
        return None
    state = STABLE if meta is not None and meta.members else EMPTY
    group = ClassicGroup(group_id, index, now_ms, state)
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
