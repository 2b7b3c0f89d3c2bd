"""Sans-IO parts of the group coordinator: the ``__consumer_offsets`` record formats, the group →
partition mapping, the embedded consumer protocol, and the ClassicGroup state rules."""

from __future__ import annotations

import struct

import pytest
from kio.schema.consumer_protocol_assignment.v3.data import ConsumerProtocolAssignment, TopicPartition
from kio.schema.consumer_protocol_subscription.v1.data import ConsumerProtocolSubscription
from kio.serial import entity_writer

from engine.coordinator import records as rec
from engine.coordinator.consumer_protocol import decode_assignment, decode_subscription
from engine.coordinator.group import (
    COMPLETING_REBALANCE,
    EMPTY,
    PREPARING_REBALANCE,
    STABLE,
    ClassicGroup,
    ClassicGroupMember,
)


def test_java_string_hash_matches_java() -> None:
    # values of "...".hashCode() computed by the JVM
    assert rec.java_string_hash("") == 0
    assert rec.java_string_hash("a") == 97
    assert rec.java_string_hash("hello") == 99162322
    assert rec.java_string_hash("Aa") == rec.java_string_hash("BB") == 2112
    assert rec.java_string_hash("polygenelubricants") == -(2**31)  # Integer.MIN_VALUE
    assert rec.java_string_hash("한글") == 54620 * 31 + 44544  # UTF-16 code units


def test_partition_for_uses_kafka_utils_abs() -> None:
    assert rec.partition_for("polygenelubricants", 50) == 0  # Utils.abs(MIN_VALUE) is 0
    h = rec.java_string_hash("my-group")
    assert rec.partition_for("my-group", 50) == abs(h) % 50
    assert all(0 <= rec.partition_for(f"g{i}", 50) < 50 for i in range(200))


def _pack_str(s: str) -> bytes:
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def test_offset_commit_record_layout_is_kafkas() -> None:
    key = rec.offset_commit_key("g", "t", 3)
    assert key == struct.pack(">h", 1) + _pack_str("g") + _pack_str("t") + struct.pack(">i", 3)
    value = rec.offset_commit_value(rec.OffsetCommitValue(42, 7, "meta", 1_700_000_000_000))
    assert value == struct.pack(">hqi", 3, 42, 7) + _pack_str("meta") + struct.pack(">q", 1_700_000_000_000)
    assert rec.decode_key(key) == rec.OffsetCommitKey("g", "t", 3)
    assert rec.decode_offset_commit_value(value) == rec.OffsetCommitValue(42, 7, "meta", 1_700_000_000_000)


def test_offset_commit_value_older_and_flexible_versions() -> None:
    v1 = struct.pack(">hq", 1, 5) + _pack_str("") + struct.pack(">qq", 10, 20)
    assert rec.decode_offset_commit_value(v1) == rec.OffsetCommitValue(5, -1, "", 10, 20)
    # version 4: compact string (length+1 as uvarint) and an empty tagged-field section
    v4 = struct.pack(">hqi", 4, 9, 2) + bytes([3]) + b"md" + struct.pack(">q", 11) + b"\x00"
    assert rec.decode_offset_commit_value(v4) == rec.OffsetCommitValue(9, 2, "md", 11)
    assert rec.decode_key(struct.pack(">h", 0) + _pack_str("g") + _pack_str("t") + struct.pack(">i", 0)) \
        == rec.OffsetCommitKey("g", "t", 0)
    assert rec.decode_key(struct.pack(">h", 3) + _pack_str("g")) is None  # a KIP-848 record: ignored


def test_group_metadata_roundtrip() -> None:
    members = (rec.MemberMetadata("m-1", "inst", "client", "/127.0.0.1", 300000, 45000, b"sub", b"asg"),
               rec.MemberMetadata("m-2", None, "client", "/127.0.0.1", 300000, 45000, b"", b""))
    value = rec.GroupMetadataValue("consumer", 4, "range", "m-1", 123, members)
    assert rec.decode_key(rec.group_metadata_key("g")) == rec.GroupMetadataKey("g")
    raw = rec.group_metadata_value(value)
    assert raw[:2] == struct.pack(">h", 3)
    assert rec.decode_group_metadata_value(raw) == value
    empty = rec.GroupMetadataValue("consumer", 5, None, None, 456, ())
    assert rec.decode_group_metadata_value(rec.group_metadata_value(empty)) == empty
    with pytest.raises(rec.RecordFormatError):
        rec.decode_group_metadata_value(raw[:20])


def test_consumer_protocol_decoding() -> None:
    import io

    buf = io.BytesIO()
    buf.write(struct.pack(">h", 3))
    entity_writer(ConsumerProtocolAssignment)(buf, ConsumerProtocolAssignment(
        assigned_partitions=(TopicPartition(topic="t", partitions=(1, 0)),), user_data=None))
    assert decode_assignment(buf.getvalue()) == (("t", 0), ("t", 1))
    assert decode_assignment(b"") == ()
    assert decode_assignment(b"\x00") is None
    # a future version is read with the newest schema kio knows
    assert decode_assignment(struct.pack(">h", 9) + buf.getvalue()[2:]) == (("t", 0), ("t", 1))
    buf = io.BytesIO()
    buf.write(struct.pack(">h", 1))
    entity_writer(ConsumerProtocolSubscription)(buf, ConsumerProtocolSubscription(
        topics=("a", "b"), user_data=None, owned_partitions=()))
    assert decode_subscription(buf.getvalue()) == ("a", "b")


def _member(member_id: str, protocols: list[str]) -> ClassicGroupMember:
    return ClassicGroupMember(member_id, None, "c", "/h", 1000, 1000, "consumer", [(p, b"") for p in protocols])


def test_protocol_selection_and_support() -> None:
    group = ClassicGroup("g", 0, 0)
    assert group.supports_protocols("consumer", {"range"})
    assert not group.supports_protocols("", {"range"})
    group.add(_member("a", ["cooperative-sticky", "range"]))
    group.add(_member("b", ["range", "cooperative-sticky"]))
    group.add(_member("c", ["roundrobin", "range"]))
    group.transition_to(PREPARING_REBALANCE, 1)
    assert group.candidate_protocols() == {"range"}
    assert group.select_protocol() == "range"
    assert group.supports_protocols("consumer", {"range"})
    assert not group.supports_protocols("consumer", {"roundrobin"})
    assert not group.supports_protocols("connect", {"range"})
    group.remove("c")
    assert group.candidate_protocols() == {"range", "cooperative-sticky"}
    assert group.leader_id == "a"
    group.remove("a")
    assert group.leader_id == "b"


def test_state_transitions_follow_kafka() -> None:
    group = ClassicGroup("g", 0, 0)
    with pytest.raises(RuntimeError):
        group.transition_to(STABLE, 1)
    group.add(_member("a", ["range"]))
    group.transition_to(PREPARING_REBALANCE, 1)
    group.init_next_generation(2)
    assert (group.state, group.generation_id, group.protocol_name) == (COMPLETING_REBALANCE, 1, "range")
    group.transition_to(STABLE, 3)
    group.transition_to(PREPARING_REBALANCE, 4)
    group.remove("a")
    group.init_next_generation(5)
    assert (group.state, group.generation_id, group.protocol_name) == (EMPTY, 2, None)
