"""Record batches and the default partitioner's hash, without sockets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.murmur2 import murmur2, partition_for_key
from engine.protocol.records import build_batch, decode_batch, validate_batches

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
