"""What a client connection shows of itself on the wire, noted by the request tap (the clients view).

Per connection, while the tap is on: the topics it produces to and fetches from, the consumer group
it belongs to (group id and member id from JoinGroup/SyncGroup/Heartbeat/OffsetCommit or the KIP-848
ConsumerGroupHeartbeat), and for a producer the ``acks`` of its Produce requests, whether it is
idempotent (an InitProducerId request, or a producer id in its record batches) and its transactional
id (InitProducerId/Produce)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PRODUCE, FETCH, OFFSET_COMMIT, JOIN_GROUP, HEARTBEAT, LEAVE_GROUP, SYNC_GROUP = 0, 1, 8, 11, 12, 13, 14
INIT_PRODUCER_ID, CONSUMER_GROUP_HEARTBEAT = 22, 68
PROFILED_APIS = frozenset({PRODUCE, FETCH, OFFSET_COMMIT, JOIN_GROUP, HEARTBEAT, LEAVE_GROUP, SYNC_GROUP,
                           INIT_PRODUCER_ID, CONSUMER_GROUP_HEARTBEAT})
_PRODUCER_ID_AT = 43  # v2 record batch: baseOffset 8, length 4, leaderEpoch 4, magic 1, crc 4, attributes 2,
# lastOffsetDelta 4, baseTimestamp 8, maxTimestamp 8 → producerId (int64), producerEpoch (int16)


@dataclass(slots=True)
class ClientProfile:
    produces: dict[str, None] = field(default_factory=dict)  # topics, in the order first seen
    fetches: dict[str, None] = field(default_factory=dict)
    group_id: str = ""
    member_id: str = ""
    acks: int | None = None  # of the last Produce request
    idempotent: bool = False
    transactional_id: str = ""


def note_request(profile: ClientProfile, api_key: int, request: Any,
                 topic_names: Callable[[], Mapping[uuid.UUID, str]]) -> None:
    """Note what one (kio-read) request says about its client."""
    if api_key == PRODUCE:
        profile.acks = int(request.acks)
        if request.transactional_id:
            profile.transactional_id = str(request.transactional_id)
        for t in request.topic_data:
            profile.produces[t.name] = None
            if not profile.idempotent:
                for p in t.partition_data:
                    if _producer_id(p.records) >= 0:
                        profile.idempotent = True
                        break
    elif api_key == FETCH:
        names: Mapping[uuid.UUID, str] | None = None
        for t in request.topics:
            name = getattr(t, "topic", "") or ""
            if not name and getattr(t, "topic_id", None) is not None:
                names = topic_names() if names is None else names
                name = names.get(t.topic_id, "")
            if name:
                profile.fetches[name] = None
    elif api_key == INIT_PRODUCER_ID:
        profile.idempotent = True
        if request.transactional_id:
            profile.transactional_id = str(request.transactional_id)
    elif api_key == LEAVE_GROUP:
        if request.group_id == profile.group_id:
            profile.member_id = ""
    elif api_key in (JOIN_GROUP, SYNC_GROUP, HEARTBEAT, OFFSET_COMMIT, CONSUMER_GROUP_HEARTBEAT):
        group = str(request.group_id or "")
        if group:
            if group != profile.group_id:
                profile.member_id = ""
            profile.group_id = group
            member = str(getattr(request, "member_id", "") or "")
            if member:
                profile.member_id = member


def _producer_id(records: Any) -> int:
    """The producer id of the first (v2) record batch of a produce partition, -1 when none."""
    if not records or len(records) < _PRODUCER_ID_AT + 8 or records[16] != 2:
        return -1
    return int.from_bytes(bytes(records[_PRODUCER_ID_AT:_PRODUCER_ID_AT + 8]), "big", signed=True)
