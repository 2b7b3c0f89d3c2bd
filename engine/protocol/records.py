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
_XERIAL = b"\x82SNAPPY\x00"  # the snappy framing of Java clients (xerial snappy-java)
_XERIAL_BLOCK = 32 * 1024  # snappy-java's default block size


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


MIN_RECORD_SIZE = 7  # DefaultRecord: length, attributes, timestamp/offset deltas, key, value, header count
WALK_RECORDS_UP_TO = 16  # uncompressed batches this small are checked record by record
MAX_RECORDS_PER_BATCH = (64 << 20) // MIN_RECORD_SIZE  # what 64 MiB of uncompressed records can hold
NO_TIMESTAMP = -1


def validate_batches(records: memoryview, max_message_bytes: int) -> list[tuple[memoryview, BatchHeader]]:
    """Split a produce request's ``records`` into v2 batches and validate each as Kafka's
    ``LogValidator.validateBatch`` and ``DefaultRecordBatch`` do before the broker assigns offsets:
    magic, sizes, CRC, a record count that matches ``lastOffsetDelta`` and that the bytes can hold,
    offset deltas 0, 1, … (record by record for small uncompressed batches, the first record for
    big ones; compressed batches are decompressed only as far as the count needs), no control
    batches from clients, a sequence number when there is a producer id.

    Raises :class:`KafkaError` with ``CORRUPT_MESSAGE``, ``UNSUPPORTED_FOR_MESSAGE_FORMAT``,
    ``MESSAGE_TOO_LARGE`` or ``INVALID_RECORD``. Timestamps are checked at append, where the
    topic's ``message.timestamp.*`` configs are known (:func:`check_timestamps`).
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
        _validate_batch_header(header)
        _validate_record_count(header, batch)
        out.append((batch, header))
        pos += size
    return out


def _validate_batch_header(header: BatchHeader) -> None:
    count = header.record_count
    if count <= 0:
        raise KafkaError(ErrorCode.invalid_record, f"Invalid reported count for record batch: {count}")
    if header.last_offset_delta != count - 1:
        raise KafkaError(ErrorCode.invalid_record,
                         f"Inconsistent batch offset range [0, {header.last_offset_delta}] and count of records {count}")
    if count > MAX_RECORDS_PER_BATCH:
        raise KafkaError(ErrorCode.invalid_record,
                         f"a batch of {count} records is more than {MAX_RECORDS_PER_BATCH} records can fit in 64 MiB")
    if header.is_control:
        raise KafkaError(ErrorCode.invalid_record, "Clients are not allowed to write control records")
    if header.producer_id >= 0 and header.base_sequence < 0:
        raise KafkaError(ErrorCode.invalid_record,
                         f"Invalid sequence number {header.base_sequence} in record batch with producerId {header.producer_id}")
    if header.compression > 4:
        raise KafkaError(ErrorCode.corrupt_message, f"unknown compression codec {header.compression}")


def _validate_record_count(header: BatchHeader, batch: memoryview) -> None:
    """Do the batch's bytes hold ``record_count`` records with offset deltas 0, 1, …?"""
    count = header.record_count
    body = batch[HEADER_SIZE:]
    if header.compression == 0:
        if count * MIN_RECORD_SIZE > len(body):
            raise KafkaError(ErrorCode.corrupt_message,
                             f"a batch of {len(body)} record bytes cannot hold the {count} records it declares")
        problem = _walk_records(body, count if count <= WALK_RECORDS_UP_TO else 1, whole=count <= WALK_RECORDS_UP_TO)
    else:
        problem = _check_compressed(header.compression, body, count)
    if problem:
        raise KafkaError(ErrorCode.corrupt_message, problem)


def _walk_records(body: memoryview | bytes, count: int, whole: bool, partial: bool = False) -> str:
    """Walk the first ``count`` records (DefaultRecord framing and offset deltas); with ``whole``
    they must end exactly at the end of ``body`` ("Incorrect declared batch size"). ``partial``:
    ``body`` is only the start of the records, so a record may run past its end. One-byte varints
    are decoded inline: this runs on the produce path."""
    pos, end = 0, len(body)
    try:
        for i in range(count):
            b = body[pos]
            if b < 0x80:
                length, start = (b >> 1) ^ -(b & 1), pos + 1
            else:
                length, start = read_varint(body, pos)
            if length < MIN_RECORD_SIZE - 1 or (start + length > end and not partial):
                return f"record {i} declares {length} bytes, past the end of its batch"
            p = start + 1  # attributes
            if body[p] < 0x80:  # timestamp delta
                p += 1
            else:
                _ts, p = read_varint(body, p)
            b = body[p]
            delta = (b >> 1) ^ -(b & 1) if b < 0x80 else read_varint(body, p)[0]
            if delta != i:
                return f"record {i} has offset delta {delta}, not {i}"
            pos = start + length
    except (IndexError, ValueError):
        return "a record is cut short by the end of its batch"
    if whole and pos != end:
        return f"{end - pos} bytes follow the last of the batch's {count} records"
    return ""


def _check_compressed(codec: int, body: memoryview, count: int) -> str:
    """Decompress just enough to know ``count`` records fit (at least 7 bytes each), and check the
    first record; never more than that, so a small batch cannot expand into gigabytes here."""
    need = count * MIN_RECORD_SIZE
    try:
        if codec == 2:
            chunks = _snappy_chunks(bytes(body))
            total = sum(cramjam.snappy.decompress_raw_len(c) for c in chunks)
            if total < need:
                return f"{total} decompressed bytes cannot hold the {count} records the batch declares"
            if total > MAX_RECORDS_PER_BATCH * MIN_RECORD_SIZE:
                return f"the batch decompresses to {total} bytes"
            out = b"".join(bytes(cramjam.snappy.decompress_raw(c)) for c in chunks)
            partial = False
        else:
            buf = bytearray(need + 64)  # + room for the first record's header fields
            module = {1: cramjam.gzip, 3: cramjam.lz4, 4: cramjam.zstd}[codec]
            try:
                got = module.decompress_into(body, buf)
                partial = False
            except cramjam.DecompressionError as e:
                if "whole buffer" not in str(e):  # more output than the buffer: enough records fit
                    raise
                got, partial = len(buf), True
            if got < need:
                return f"{got} decompressed bytes cannot hold the {count} records the batch declares"
            out = bytes(buf[:got])
    except (cramjam.DecompressionError, ValueError, struct.error) as e:
        return f"the {COMPRESSION_NAMES[codec]} data does not decompress ({e})"
    return _walk_records(out, 1, whole=False, partial=partial)


def _snappy_chunks(data: bytes) -> list[bytes]:
    """Raw snappy blocks, unwrapping the xerial framing Java clients use."""
    if not data.startswith(_XERIAL):
        return [data]
    chunks, pos = [], 16
    while pos < len(data):
        (n,) = struct.unpack_from(">i", data, pos)
        if n < 0 or pos + 4 + n > len(data):
            raise ValueError("xerial snappy chunk runs past the batch")
        chunks.append(data[pos + 4 : pos + 4 + n])
        pos += 4 + n
    return chunks


def check_timestamps(header: BatchHeader, now_ms: int, timestamp_type: str, before_max_ms: int,
                     after_max_ms: int) -> None:
    """``message.timestamp.before.max.ms`` / ``after.max.ms`` (KIP-937), as ``LogValidator.validateTimestamp``
    but from the batch header: its first (base) and largest timestamps. Raises INVALID_TIMESTAMP."""
    log_append_batch = bool(header.attributes & TIMESTAMP_TYPE_BIT)
    if timestamp_type == "CreateTime" and header.max_timestamp != NO_TIMESTAMP:
        low, high = now_ms - before_max_ms, now_ms + after_max_ms
        for ts in (header.base_timestamp, header.max_timestamp):
            if ts != NO_TIMESTAMP and not low <= ts <= high:
                raise KafkaError(ErrorCode.invalid_timestamp,
                                 f"Timestamp {ts} of message with offset {header.base_offset} is out of range. "
                                 f"The timestamp should be within [{low}, {high}]")
    elif log_append_batch:
        raise KafkaError(ErrorCode.invalid_timestamp,
                         "Invalid timestamp type in message: the producer should not set the LogAppendTime type")


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



def decompress(codec: int, data: bytes) -> bytes:
    if codec == 0:
        return data
    if codec == 1:
        return bytes(cramjam.gzip.decompress(data))
    if codec == 2:
        return b"".join(bytes(cramjam.snappy.decompress_raw(c)) for c in _snappy_chunks(data))
    if codec == 3:
        return bytes(cramjam.lz4.decompress(data))
    if codec == 4:
        return bytes(cramjam.zstd.decompress(data))
    raise KafkaError(ErrorCode.corrupt_message, f"unknown compression codec {codec}")


def compress(codec: int, data: bytes) -> bytes:
    """``data`` compressed as Kafka's Java clients write it (snappy in xerial framing, LZ4 frames)."""
    if codec == 1:
        return bytes(cramjam.gzip.compress(data))
    if codec == 2:
        out = bytearray(_XERIAL + struct.pack(">ii", 1, 1))
        for pos in range(0, len(data), _XERIAL_BLOCK):
            block = bytes(cramjam.snappy.compress_raw(data[pos : pos + _XERIAL_BLOCK]))
            out += struct.pack(">i", len(block)) + block
        return bytes(out)
    if codec == 3:
        return bytes(cramjam.lz4.compress(data))
    if codec == 4:
        return bytes(cramjam.zstd.compress(data))
    return data


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


def control_type(batch: bytes | memoryview) -> int:
    """The ControlRecordType of a control batch (0 ABORT, 1 COMMIT; -1 when unreadable): the
    first record's key is ``version int16, type int16`` (Kafka's ``ControlRecordType.parse``)."""
    try:
        _h, records = decode_batch(batch)
        key = records[0].key if records else None
        return struct.unpack_from(">h", key, 2)[0] if key is not None and len(key) >= 4 else -1
    except (ValueError, IndexError, struct.error):
        return -1


def build_control_batch(producer_id: int, producer_epoch: int, control: int, coordinator_epoch: int,
                        timestamp_ms: int) -> bytes:
    """An end-transaction marker (Kafka's ``EndTransactionMarker``): one control record, key
    ``version 0, type``, value ``version 0, coordinator epoch``, in a transactional control batch."""
    key = struct.pack(">hh", 0, control)
    value = struct.pack(">hi", 0, coordinator_epoch)
    return build_batch([(key, value)], timestamp_ms=timestamp_ms, producer_id=producer_id,
                       producer_epoch=producer_epoch, attributes=TRANSACTIONAL_BIT | CONTROL_BIT)


def rebuild_batch(header: BatchHeader, records: Sequence[Record]) -> bytes:
    """A batch of ``records`` (a subset of the batch ``header`` describes), as the log cleaner
    writes it (Kafka's ``MemoryRecords.filterTo``): the same base offset, offset deltas, last
    offset delta, producer id/epoch/base sequence, leader epoch and attributes — the compression
    codec included: the kept records are compressed again with it."""
    body = bytearray()
    for r in records:
        rec = bytearray(b"\x00")
        rec += _zigzag(r.timestamp - header.base_timestamp) + _zigzag(r.offset - header.base_offset)
        rec += _field(r.key) + _field(r.value) + _zigzag(len(r.headers))
        for hk, hv in r.headers:
            rec += _field(hk.encode()) + _field(hv)
        body += _zigzag(len(rec)) + rec
    tail = struct.pack(">hiqqqhii", header.attributes, header.last_offset_delta, header.base_timestamp,
                       header.max_timestamp, header.producer_id, header.producer_epoch, header.base_sequence,
                       len(records)) + compress(header.compression, bytes(body))
    crc = crc32c.crc32c(tail)
    return struct.pack(">qiibI", header.base_offset, len(tail) + 9, header.leader_epoch, 2, crc) + tail


def _zz(buf: bytes, pos: int) -> tuple[int, int]:
    """A zig-zag varint, inlined for the cleaner's scan (no nested call)."""
    shift = raw = 0
    while True:
        b = buf[pos]
        pos += 1
        raw |= (b & 0x7F) << shift
        if b < 0x80:
            return (raw >> 1) ^ -(raw & 1), pos
        shift += 7


def scan_records(batch: bytes | memoryview) -> tuple[BatchHeader, list[tuple[int, bytes | None, bool, int]]]:
    """(offset, key, value is null, timestamp) of every record — what the log cleaner needs,
    without decoding values and headers."""
    header = read_header(batch)
    body = decompress(header.compression, bytes(batch[HEADER_SIZE : header.size]))
    out: list[tuple[int, bytes | None, bool, int]] = []
    pos = 0
    base, base_ts = header.base_offset, header.base_timestamp
    log_append = bool(header.attributes & TIMESTAMP_TYPE_BIT)
    for _ in range(header.record_count):
        length, pos = _zz(body, pos)
        end = pos + length
        ts_delta, pos = _zz(body, pos + 1)
        off_delta, pos = _zz(body, pos)
        key_len, pos = _zz(body, pos)
        key = body[pos : pos + key_len] if key_len >= 0 else None
        value_len, _p = _zz(body, pos + max(key_len, 0))
        out.append((base + off_delta, key, value_len < 0, header.max_timestamp if log_append else base_ts + ts_delta))
        pos = end
    return header, out
