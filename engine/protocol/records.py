"""Record batch v2 (magic 2): header access, validation, in-place patching, decoding, encoding.

Batches are stored exactly as the producer sent them; the broker only rewrites the base offset
and the partition leader epoch, which the CRC does not cover (see Kafka's ``DefaultRecordBatch``).
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import cramjam
import crc32c

from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.frames import read_varint, write_varint

HEADER_SIZE = 61
LOG_OVERHEAD = 12  # base offset + batch length
_HDR = struct.Struct(">qiibIhiqqqhii")
# base_offset, batch_length, leader_epoch, magic, crc, attributes, last_offset_delta,
# base_timestamp, max_timestamp, producer_id, producer_epoch, base_sequence, record_count

COMPRESSION_NAMES = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
TIMESTAMP_TYPE_BIT = 0x08
TRANSACTIONAL_BIT = 0x10
CONTROL_BIT = 0x20


@dataclass(frozen=True, slots=True)
class BatchHeader:
    base_offset: int
    batch_length: int
    leader_epoch: int
    magic: int
    crc: int
    attributes: int
    last_offset_delta: int
    base_timestamp: int
    max_timestamp: int
    producer_id: int
    producer_epoch: int
    base_sequence: int
    record_count: int

    @property
    def size(self) -> int:
        return self.batch_length + LOG_OVERHEAD

    @property
    def last_offset(self) -> int:
        return self.base_offset + self.last_offset_delta

    @property
    def next_offset(self) -> int:
        return self.base_offset + self.last_offset_delta + 1

    @property
    def compression(self) -> int:
        return self.attributes & 0x07

    @property
    def is_control(self) -> bool:
        return bool(self.attributes & CONTROL_BIT)

    @property
    def is_transactional(self) -> bool:
        return bool(self.attributes & TRANSACTIONAL_BIT)

    @property
    def last_sequence(self) -> int:
        if self.base_sequence < 0:
            return -1
        return (self.base_sequence + self.last_offset_delta) % (2**31)


def read_header(buf: bytes | memoryview | bytearray, pos: int = 0) -> BatchHeader:
    return BatchHeader(*_HDR.unpack_from(buf, pos))


def iter_batches(buf: bytes | memoryview | bytearray) -> Iterator[tuple[int, BatchHeader]]:
    """Yield (position, header) for each complete batch in ``buf``; stops at a partial one."""
    pos, end = 0, len(buf)
    while pos + HEADER_SIZE <= end:
        header = read_header(buf, pos)
        if header.batch_length < HEADER_SIZE - LOG_OVERHEAD or pos + header.size > end:
            return
        yield pos, header
        pos += header.size


def validate_batches(records: memoryview, max_message_bytes: int) -> list[tuple[memoryview, BatchHeader]]:
    """Split a produce request's ``records`` into v2 batches and validate each (magic, sizes, CRC).

    Raises :class:`KafkaError` with ``CORRUPT_MESSAGE``, ``UNSUPPORTED_FOR_MESSAGE_FORMAT``,
    ``MESSAGE_TOO_LARGE`` or ``INVALID_RECORD`` as Kafka's ``LogValidator`` would.
    """
    out: list[tuple[memoryview, BatchHeader]] = []
    pos, end = 0, len(records)
    if end == 0:
        raise KafkaError(ErrorCode.corrupt_message, "empty record set")
    while pos < end:
        if end - pos < HEADER_SIZE:
            if end - pos >= 17 and records[pos + 16] != 2:
                raise KafkaError(ErrorCode.unsupported_for_message_format, "only magic v2 is supported")
            raise KafkaError(ErrorCode.corrupt_message, "truncated record batch")
        header = read_header(records, pos)
        if header.magic != 2:
            raise KafkaError(ErrorCode.unsupported_for_message_format, f"record batch magic {header.magic} is not supported; use magic 2")
        size = header.size
        if header.batch_length < HEADER_SIZE - LOG_OVERHEAD or pos + size > end:
            raise KafkaError(ErrorCode.corrupt_message, "record batch length does not match the request")
        if size > max_message_bytes:
            raise KafkaError(ErrorCode.message_too_large, f"batch of {size} bytes exceeds max.message.bytes {max_message_bytes}")
        batch = records[pos : pos + size]
        if crc32c.crc32c(batch[21:]) != header.crc:
            raise KafkaError(ErrorCode.corrupt_message, "record batch CRC mismatch")
        if header.record_count <= 0 or header.last_offset_delta != header.record_count - 1:
            raise KafkaError(ErrorCode.invalid_record, "record count does not match the last offset delta")
        out.append((batch, header))
        pos += size
    return out


def assign_offsets(batch: bytearray | memoryview, base_offset: int, leader_epoch: int) -> None:
    """Patch base offset and partition leader epoch in place (not covered by the CRC)."""
    struct.pack_into(">q", batch, 0, base_offset)
    struct.pack_into(">i", batch, 12, leader_epoch)


def set_log_append_time(batch: bytearray, timestamp_ms: int) -> None:
    """LogAppendTime topics: set the timestamp type bit and max timestamp, then re-CRC."""
    attributes = struct.unpack_from(">h", batch, 21)[0] | TIMESTAMP_TYPE_BIT
    struct.pack_into(">h", batch, 21, attributes)
    struct.pack_into(">q", batch, 35, timestamp_ms)
    struct.pack_into(">I", batch, 17, crc32c.crc32c(memoryview(batch)[21:]))


# ---------------------------------------------------------------- decoding (views, search)


@dataclass(frozen=True, slots=True)
class Record:
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes | None], ...]
    size: int


_varint = read_varint


def _bytes_field(buf: bytes, pos: int) -> tuple[bytes | None, int]:
    length, pos = _varint(buf, pos)
    if length < 0:
        return None, pos
    return buf[pos : pos + length], pos + length


_XERIAL = b"\x82SNAPPY\x00"


def decompress(codec: int, data: bytes) -> bytes:
    if codec == 0:
        return data
    if codec == 1:
        return bytes(cramjam.gzip.decompress(data))
    if codec == 2:
        if data.startswith(_XERIAL):
            out, pos = bytearray(), 16
            while pos < len(data):
                (n,) = struct.unpack_from(">i", data, pos)
                out += bytes(cramjam.snappy.decompress_raw(data[pos + 4 : pos + 4 + n]))
                pos += 4 + n
            return bytes(out)
        return bytes(cramjam.snappy.decompress_raw(data))
    if codec == 3:
        return bytes(cramjam.lz4.decompress(data))
    if codec == 4:
        return bytes(cramjam.zstd.decompress(data))
    raise KafkaError(ErrorCode.corrupt_message, f"unknown compression codec {codec}")


def decode_batch(batch: bytes | memoryview) -> tuple[BatchHeader, list[Record]]:
    header = read_header(batch)
    body = decompress(header.compression, bytes(batch[HEADER_SIZE : header.size]))
    records: list[Record] = []
    pos = 0
    log_append = bool(header.attributes & TIMESTAMP_TYPE_BIT)
    for _ in range(header.record_count):
        length, pos = _varint(body, pos)
        start = pos
        pos += 1  # attributes
        ts_delta, pos = _varint(body, pos)
        off_delta, pos = _varint(body, pos)
        key, pos = _bytes_field(body, pos)
        value, pos = _bytes_field(body, pos)
        n_headers, pos = _varint(body, pos)
        headers = []
        for _h in range(n_headers):
            hkey, pos = _bytes_field(body, pos)
            hval, pos = _bytes_field(body, pos)
            headers.append(((hkey or b"").decode("utf-8", "replace"), hval))
        pos = start + length
        ts = header.max_timestamp if log_append else header.base_timestamp + ts_delta
        records.append(Record(header.base_offset + off_delta, ts, key, value, tuple(headers), length))
    return header, records


# ---------------------------------------------------------------- encoding (internal producers)


_zigzag = write_varint


def _field(b: bytes | None) -> bytes:
    if b is None:
        return _zigzag(-1)
    return _zigzag(len(b)) + b


def build_batch(
    records: Sequence[tuple[bytes | None, bytes | None]],
    *,
    base_offset: int = 0,
    timestamp_ms: int | None = None,
    headers: Sequence[Sequence[tuple[str, bytes | None]]] | None = None,
    producer_id: int = -1,
    producer_epoch: int = -1,
    base_sequence: int = -1,
    attributes: int = 0,
) -> bytes:
    """Encode an uncompressed v2 batch of (key, value) records, as a Kafka client would."""
    ts = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    body = bytearray()
    for i, (key, value) in enumerate(records):
        hdrs = headers[i] if headers else ()
        rec = bytearray(b"\x00")
        rec += _zigzag(0) + _zigzag(i) + _field(key) + _field(value) + _zigzag(len(hdrs))
        for hk, hv in hdrs:
            rec += _field(hk.encode()) + _field(hv)
        body += _zigzag(len(rec)) + rec
    n = len(records)
    tail = struct.pack(">hiqqqhii", attributes, n - 1, ts, ts, producer_id, producer_epoch, base_sequence, n) + body
    crc = crc32c.crc32c(tail)
    return struct.pack(">qiibI", base_offset, len(tail) + 9, 0, 2, crc) + tail
