"""The records of ``__consumer_offsets`` in Apache Kafka's own formats, and the group → partition map.

kio does not ship the coordinator record schemas, so they are written here from Kafka's
``group-coordinator/src/main/resources/common/message/``:

- ``OffsetCommitKey`` (key version 0/1: group, topic, partition) with ``OffsetCommitValue``
  (versions 0–4: offset, leaderEpoch (3+), metadata, commitTimestamp, expireTimestamp (1 only));
- ``GroupMetadataKey`` (key version 2: group) with ``GroupMetadataValue`` (versions 0–4:
  protocolType, generation, protocol, leader, currentStateTimestamp (2+), members[memberId,
  groupInstanceId (3+), clientId, clientHost, rebalanceTimeout (1+), sessionTimeout, subscription,
  assignment]).

Every key and value starts with its int16 version; version 4 of the values is flexible (compact
strings, tagged fields). A null value is a tombstone. Like Kafka's ``GroupCoordinatorRecordHelpers``
the engine writes key versions 1 and 2 and the highest non-flexible value version, 3.
Keys of the KIP-848 record types (versions ≥ 3) are recognised and skipped.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

OFFSETS_TOPIC = "__consumer_offsets"

OFFSET_COMMIT_KEY_VERSION = 1
GROUP_METADATA_KEY_VERSION = 2
OFFSET_COMMIT_VALUE_VERSION = 3
GROUP_METADATA_VALUE_VERSION = 3


def java_string_hash(s: str) -> int:
    """``java.lang.String.hashCode()``: 31-based over UTF-16 code units, as a signed int32."""
    h = 0
    data = s.encode("utf-16-be")
    for i in range(0, len(data), 2):
        h = (31 * h + ((data[i] << 8) | data[i + 1])) & 0xFFFFFFFF
    return h - (1 << 32) if h & 0x80000000 else h


def partition_for(group_id: str, num_partitions: int) -> int:
    """``Utils.abs(groupId.hashCode()) % groupMetadataTopicPartitionCount`` (Kafka's
    ``GroupCoordinator.partitionFor``); ``Utils.abs`` maps ``Integer.MIN_VALUE`` to 0."""
    h = java_string_hash(group_id)
    return (0 if h == -(1 << 31) else abs(h)) % num_partitions


# ---------------------------------------------------------------- decoded records


@dataclass(frozen=True, slots=True)
class OffsetCommitKey:
    group: str
    topic: str
    partition: int


@dataclass(frozen=True, slots=True)
class GroupMetadataKey:
    group: str


@dataclass(frozen=True, slots=True)
class OffsetCommitValue:
    offset: int
    leader_epoch: int
    metadata: str
    commit_timestamp: int
    expire_timestamp: int = -1


@dataclass(frozen=True, slots=True)
class MemberMetadata:
    member_id: str
    group_instance_id: str | None
    client_id: str
    client_host: str
    rebalance_timeout: int
    session_timeout: int
    subscription: bytes
    assignment: bytes


@dataclass(frozen=True, slots=True)
class GroupMetadataValue:
    protocol_type: str
    generation: int
    protocol: str | None
    leader: str | None
    current_state_timestamp: int
    members: tuple[MemberMetadata, ...]


# ---------------------------------------------------------------- encoding (non-flexible versions)


def _str(s: str) -> bytes:
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def _nstr(s: str | None) -> bytes:
    return struct.pack(">h", -1) if s is None else _str(s)


def _bytes(b: bytes) -> bytes:
    return struct.pack(">i", len(b)) + b


def offset_commit_key(group: str, topic: str, partition: int) -> bytes:
    return struct.pack(">h", OFFSET_COMMIT_KEY_VERSION) + _str(group) + _str(topic) + struct.pack(">i", partition)


def group_metadata_key(group: str) -> bytes:
    return struct.pack(">h", GROUP_METADATA_KEY_VERSION) + _str(group)


def offset_commit_value(v: OffsetCommitValue) -> bytes:
    return (struct.pack(">hqi", OFFSET_COMMIT_VALUE_VERSION, v.offset, v.leader_epoch) + _str(v.metadata)
            + struct.pack(">q", v.commit_timestamp))


def group_metadata_value(v: GroupMetadataValue) -> bytes:
    out = bytearray(struct.pack(">h", GROUP_METADATA_VALUE_VERSION))
    out += _str(v.protocol_type) + struct.pack(">i", v.generation) + _nstr(v.protocol) + _nstr(v.leader)
    out += struct.pack(">qi", v.current_state_timestamp, len(v.members))
    for m in v.members:
        out += _str(m.member_id) + _nstr(m.group_instance_id) + _str(m.client_id) + _str(m.client_host)
        out += struct.pack(">ii", m.rebalance_timeout, m.session_timeout) + _bytes(m.subscription) + _bytes(m.assignment)
    return bytes(out)


# ---------------------------------------------------------------- decoding (all versions)


class RecordFormatError(ValueError):
    """A key or value that does not follow the schema of its version."""


class _Reader:
    def __init__(self, buf: bytes, flexible: bool = False) -> None:
        self.buf = buf
        self.pos = 0
        self.flexible = flexible

    def _take(self, fmt: str) -> int:
        try:
            (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        except struct.error as e:
            raise RecordFormatError(str(e)) from None
        self.pos += struct.calcsize(fmt)
        return int(value)

    def i16(self) -> int:
        return self._take(">h")

    def i32(self) -> int:
        return self._take(">i")

    def i64(self) -> int:
        return self._take(">q")

    def uvarint(self) -> int:
        result = shift = 0
        while True:
            if self.pos >= len(self.buf):
                raise RecordFormatError("truncated varint")
            b = self.buf[self.pos]
            self.pos += 1
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def _length(self, wide: bool) -> int:
        if self.flexible:
            return self.uvarint() - 1
        return self.i32() if wide else self.i16()

    def _raw(self, n: int) -> bytes:
        if n > len(self.buf) - self.pos:
            raise RecordFormatError("truncated field")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return bytes(out)

    def nstring(self) -> str | None:
        n = self._length(False)
        return None if n < 0 else self._raw(n).decode("utf-8", "replace")

    def string(self) -> str:
        return self.nstring() or ""

    def bytes_(self) -> bytes:
        n = self._length(True)
        return b"" if n < 0 else self._raw(n)

    def array_len(self) -> int:
        return max(self._length(True), 0)

    def tagged_fields(self) -> None:
        if not self.flexible:
            return
        for _ in range(self.uvarint()):
            self.uvarint()  # tag
            self._raw(self.uvarint())


def decode_key(key: bytes) -> OffsetCommitKey | GroupMetadataKey | None:
    """The key of a ``__consumer_offsets`` record; None for record types this coordinator ignores."""
    r = _Reader(key)
    version = r.i16()
    if version in (0, 1):
        return OffsetCommitKey(r.string(), r.string(), r.i32())
    if version == 2:
        return GroupMetadataKey(r.string())
    return None


def decode_offset_commit_value(value: bytes) -> OffsetCommitValue:
    r = _Reader(value)
    version = r.i16()
    r.flexible = version >= 4
    offset = r.i64()
    leader_epoch = r.i32() if version >= 3 else -1
    metadata = r.string()
    commit_ts = r.i64()
    expire_ts = r.i64() if version == 1 else -1
    r.tagged_fields()
    return OffsetCommitValue(offset, leader_epoch, metadata, commit_ts, expire_ts)


def decode_group_metadata_value(value: bytes) -> GroupMetadataValue:
    r = _Reader(value)
    version = r.i16()
    r.flexible = version >= 4
    protocol_type = r.string()
    generation = r.i32()
    protocol = r.nstring()
    leader = r.nstring()
    state_ts = r.i64() if version >= 2 else -1
    members = []
    for _ in range(r.array_len()):
        member_id = r.string()
        instance_id = r.nstring() if version >= 3 else None
        client_id = r.string()
        client_host = r.string()
        rebalance_timeout = r.i32() if version >= 1 else -1
        session_timeout = r.i32()
        subscription = r.bytes_()
        assignment = r.bytes_()
        r.tagged_fields()
        members.append(MemberMetadata(member_id, instance_id, client_id, client_host,
                                      rebalance_timeout if rebalance_timeout >= 0 else session_timeout,
                                      session_timeout, subscription, assignment))
    r.tagged_fields()
    return GroupMetadataValue(protocol_type, generation, protocol, leader, state_ts, tuple(members))
