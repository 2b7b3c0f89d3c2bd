"""Record batches and the default partitioner's hash, without sockets."""

from __future__ import annotations

import struct

import cramjam
import crc32c
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clients.partitioners import murmur2, partition_for_key
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import (
    WALK_RECORDS_UP_TO,
    build_batch,
    check_timestamps,
    decode_batch,
    validate_batches,
)

# Vectors from Apache Kafka's UtilsTest.testMurmur2
KAFKA_VECTORS = [
    (b"21", -973932308),
    (b"foobar", -790332482),
    (b"a-little-bit-long-string", -985981536),
    (b"a-little-bit-longer-string", -1486304829),
    (b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
    (b"abc", 479470107),
]


@pytest.mark.parametrize(("key", "expected"), KAFKA_VECTORS)
def test_murmur2_matches_the_java_client(key: bytes, expected: int) -> None:
    assert murmur2(key) == expected


def test_partition_for_key_uses_the_positive_hash() -> None:
    assert partition_for_key(b"21", 5) == (-973932308 & 0x7FFFFFFF) % 5


@given(st.lists(st.tuples(st.none() | st.binary(max_size=20), st.none() | st.binary(max_size=200)),
                min_size=1, max_size=30))
def test_batch_round_trip(records: list[tuple[bytes | None, bytes | None]]) -> None:
    raw = build_batch(records, base_offset=0, timestamp_ms=1000)
    [(view, header)] = validate_batches(memoryview(bytearray(raw)), 10**7)
    assert header.record_count == len(records)
    _h, decoded = decode_batch(bytes(view))
    assert [(r.key, r.value) for r in decoded] == records
    assert [r.offset for r in decoded] == list(range(len(records)))


def test_corrupt_batch_is_refused_with_corrupt_message() -> None:
    raw = bytearray(build_batch([(b"k", b"value")]))
    raw[-1] ^= 0xFF
    with pytest.raises(KafkaError) as e:
        validate_batches(memoryview(raw), 10**6)
    assert e.value.code == ErrorCode.corrupt_message


def test_old_magic_is_refused() -> None:
    raw = bytearray(build_batch([(b"k", b"value")]))
    raw[16] = 1
    with pytest.raises(KafkaError) as e:
        validate_batches(memoryview(raw), 10**6)
    assert e.value.code == ErrorCode.unsupported_for_message_format


def test_oversized_batch_is_refused_with_message_too_large() -> None:
    raw = bytearray(build_batch([(None, b"x" * 2000)]))
    with pytest.raises(KafkaError) as e:
        validate_batches(memoryview(raw), 1000)
    assert e.value.code == ErrorCode.message_too_large


# ---------------------------------------------------------------- LogValidator (Kafka's validateBatch)

_HDR = struct.Struct(">qiibIhiqqqhii")
_FIELDS = ("base_offset", "batch_length", "leader_epoch", "magic", "crc", "attributes", "last_offset_delta",
           "base_timestamp", "max_timestamp", "producer_id", "producer_epoch", "base_sequence", "record_count")


def rebatch(raw: bytes, body: bytes | None = None, **fields: int) -> bytearray:
    """``raw`` with header fields replaced (and optionally a new body), CRC recomputed: a batch a
    careless or hostile client could send, valid as far as the CRC goes."""
    values = dict(zip(_FIELDS, _HDR.unpack_from(raw, 0), strict=True))
    body = raw[61:] if body is None else body
    values.update(fields)
    values["batch_length"] = 49 + len(body)
    out = bytearray(_HDR.pack(*values.values()) + body)
    struct.pack_into(">I", out, 17, crc32c.crc32c(bytes(out[21:])))
    return out


def compressed(raw: bytes, codec: int, **fields: int) -> bytearray:
    body = bytes(raw[61:])
    packed = {1: cramjam.gzip.compress, 2: cramjam.snappy.compress_raw, 3: cramjam.lz4.compress,
              4: cramjam.zstd.compress}[codec](body)
    attributes = _HDR.unpack_from(raw, 0)[5] | codec
    return rebatch(raw, bytes(packed), attributes=attributes, **fields)


def refused(batch: bytes | bytearray) -> ErrorCode:
    with pytest.raises(KafkaError) as e:
        validate_batches(memoryview(bytearray(batch)), 10**7)
    return e.value.code


def test_a_batch_claiming_2_to_the_31_records_is_refused() -> None:
    """Issue 10: lastOffsetDelta 2147483646 with a valid CRC made offsets jump by 2^31."""
    raw = build_batch([(None, b"x")])
    assert refused(rebatch(raw, last_offset_delta=2**31 - 2, record_count=2**31 - 1)) == ErrorCode.invalid_record
    # a count the bytes cannot hold, below the 64 MiB ceiling
    assert refused(rebatch(raw, last_offset_delta=999, record_count=1000)) == ErrorCode.corrupt_message


@pytest.mark.parametrize("codec", [1, 2, 3, 4])
def test_compressed_batches_are_checked_without_inflating_them(codec: int) -> None:
    raw = build_batch([(b"k%d" % i, b"v" * 50) for i in range(100)])
    [(_v, header)] = validate_batches(memoryview(compressed(raw, codec)), 10**7)
    assert header.record_count == 100 and header.compression == codec
    assert refused(compressed(raw, codec, last_offset_delta=2**31 - 2, record_count=2**31 - 1)) == ErrorCode.invalid_record
    assert refused(compressed(raw, codec, last_offset_delta=99_999, record_count=100_000)) == ErrorCode.corrupt_message
    bomb = build_batch([(None, b"\0" * 100_000)])  # 100 kB of zeros: decompressed only as far as 7 bytes
    assert validate_batches(memoryview(compressed(bomb, codec)), 10**7)


def test_inconsistent_counts_control_batches_and_missing_sequences_are_invalid_records() -> None:
    raw = build_batch([(None, b"a"), (None, b"b")])
    assert refused(rebatch(raw, last_offset_delta=5)) == ErrorCode.invalid_record
    assert refused(rebatch(raw, record_count=0, last_offset_delta=-1)) == ErrorCode.invalid_record
    assert refused(rebatch(raw, attributes=0x20)) == ErrorCode.invalid_record  # control batch from a client
    assert refused(rebatch(raw, producer_id=7, producer_epoch=0, base_sequence=-1)) == ErrorCode.invalid_record
    assert refused(rebatch(raw, attributes=5)) == ErrorCode.corrupt_message  # no such codec


def test_record_framing_and_offset_deltas_of_small_batches_are_walked() -> None:
    raw = build_batch([(None, b"a"), (None, b"b"), (None, b"c")])
    body = bytearray(raw[61:])
    # second record: length varint, attributes, timestamp delta 0, offset delta 1 → 5
    second = 1 + body[0] // 2
    assert body[second + 3] == 2  # zig-zag 1
    body[second + 3] = 10
    assert refused(rebatch(raw, bytes(body))) == ErrorCode.corrupt_message
    assert refused(rebatch(raw, bytes(raw[61:]) + b"\0\0\0")) == ErrorCode.corrupt_message  # bytes after the last record
    assert refused(rebatch(raw, bytes(raw[61:-4]))) == ErrorCode.corrupt_message  # cut inside the last record


def test_big_uncompressed_batches_check_the_count_and_first_record_only() -> None:
    raw = build_batch([(None, b"v%d" % i) for i in range(WALK_RECORDS_UP_TO + 10)])
    assert validate_batches(memoryview(bytearray(raw)), 10**7)
    body = bytearray(raw[61:])
    body[3] = 8  # the first record's offset delta
    assert refused(rebatch(raw, bytes(body))) == ErrorCode.corrupt_message


def test_timestamps_outside_the_topic_window_are_invalid_timestamps() -> None:
    now = 1_700_000_000_000
    hour = 3_600_000
    [(_v, ok)] = validate_batches(memoryview(bytearray(build_batch([(None, b"x")], timestamp_ms=now + hour))), 10**7)
    check_timestamps(ok, now, "CreateTime", 2**63 - 1, hour)
    [(_v, future)] = validate_batches(memoryview(bytearray(build_batch([(None, b"x")], timestamp_ms=now + hour + 1))), 10**7)
    with pytest.raises(KafkaError) as e:
        check_timestamps(future, now, "CreateTime", 2**63 - 1, hour)
    assert e.value.code == ErrorCode.invalid_timestamp and "out of range" in e.value.message
    [(_v, old)] = validate_batches(memoryview(bytearray(build_batch([(None, b"x")], timestamp_ms=now - 10_000))), 10**7)
    with pytest.raises(KafkaError):
        check_timestamps(old, now, "CreateTime", 5_000, hour)
    check_timestamps(future, now, "LogAppendTime", 0, 0)  # the broker's clock replaces it
    log_append = rebatch(build_batch([(None, b"x")]), attributes=0x08)
    [(_v, h)] = validate_batches(memoryview(log_append), 10**7)
    with pytest.raises(KafkaError) as e:
        check_timestamps(h, now, "LogAppendTime", 0, 0)
    assert e.value.code == ErrorCode.invalid_timestamp
