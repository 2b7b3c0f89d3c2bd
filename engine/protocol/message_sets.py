"""Message formats v0 and v1 (the "message sets" of Kafka before 0.11) converted to and from the v2
record batches the log stores, as Kafka 3.x does for old clients:

- :func:`up_convert`: the message set of a Produce v0–v2 request becomes one v2 batch (Kafka's
  ``LogValidator.convertAndAssignOffsetsNonCompressed``): keys, values and timestamps kept (magic 0
  has none: ``NO_TIMESTAMP``), compressed wrapper messages unpacked. The batch is written
  uncompressed.
- :func:`down_convert`: the v2 batches a Fetch v0–v3 answers become messages of the magic the
  client can read (0 for Fetch v0–v1, 1 for v2–v3; Kafka's ``RecordsUtil.downConvert``): one
  uncompressed message per record with its absolute offset; control batches are left out, headers
  are lost (v0/v1 have none), a partial batch at the end is dropped.

Only the old versions pay for this: the v3+ Produce and v4+ Fetch paths never call it.
"""

from __future__ import annotations

import struct
import zlib

import crc32c

from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.frames import write_varint
from engine.protocol.records import (
    HEADER_SIZE,
    NO_TIMESTAMP,
    TIMESTAMP_TYPE_BIT,
    decode_batch,
    decompress,
    read_header,
)

_ENTRY = struct.Struct(">qi")  # offset, message size
_MESSAGE = struct.Struct(">Ibb")  # crc, magic, attributes
_CODEC_MASK = 0x07


def _bytes(buf: bytes, pos: int, end: int) -> tuple[bytes | None, int]:
    if pos + 4 > end:
        raise KafkaError(ErrorCode.corrupt_message, "truncated message")
    (n,) = struct.unpack_from(">i", buf, pos)
    pos += 4
    if n < 0:
        return None, pos
    if pos + n > end:
        raise KafkaError(ErrorCode.corrupt_message, "truncated message")
    return buf[pos : pos + n], pos + n


def read_messages(data: bytes) -> list[tuple[int, bytes | None, bytes | None]]:
    """(timestamp, key, value) of every message of a v0/v1 message set, compressed ones unpacked.
    Raises CORRUPT_MESSAGE (bad CRC, truncated) or UNSUPPORTED_FOR_MESSAGE_FORMAT (a v2 batch)."""
    out: list[tuple[int, bytes | None, bytes | None]] = []
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < _ENTRY.size + _MESSAGE.size:
            raise KafkaError(ErrorCode.corrupt_message, "truncated message set")
        _offset, size = _ENTRY.unpack_from(data, pos)
        start = pos + _ENTRY.size
        stop = start + size
        if size < _MESSAGE.size + 8 or stop > end:
            raise KafkaError(ErrorCode.corrupt_message, "message size does not match the message set")
        crc, magic, attributes = _MESSAGE.unpack_from(data, start)
        if magic not in (0, 1):
            raise KafkaError(ErrorCode.unsupported_for_message_format,
                             f"magic {magic} in a message set of a Produce v0-v2 request")
        if zlib.crc32(data[start + 4 : stop]) != crc:
            raise KafkaError(ErrorCode.corrupt_message, "message CRC mismatch")
        p = start + _MESSAGE.size
        timestamp = NO_TIMESTAMP
        if magic == 1:
            (timestamp,) = struct.unpack_from(">q", data, p)
            p += 8
        key, p = _bytes(data, p, stop)
        value, p = _bytes(data, p, stop)
        codec = attributes & _CODEC_MASK
        if codec:
            inner = read_messages(decompress(codec, value or b""))
            if magic == 1 and attributes & TIMESTAMP_TYPE_BIT:
                inner = [(timestamp, k, v) for _t, k, v in inner]
            out.extend(inner)
        else:
            out.append((timestamp, key, value))
        pos = stop
    return out


def _field(b: bytes | None) -> bytes:
    return write_varint(-1) if b is None else write_varint(len(b)) + b


def up_convert(records: memoryview | bytes) -> memoryview:
    """The v2 batch (base offset 0, no producer id) holding the messages of a v0/v1 message set."""
    messages = read_messages(bytes(records))
    if not messages:
        return memoryview(bytearray())
    stamps = [t for t, _k, _v in messages]
    base_ts = stamps[0]
    max_ts = max(stamps)
    body = bytearray()
    for i, (ts, key, value) in enumerate(messages):
        delta = 0 if base_ts == NO_TIMESTAMP or ts == NO_TIMESTAMP else ts - base_ts
        rec = b"\x00" + write_varint(delta) + write_varint(i) + _field(key) + _field(value) + write_varint(0)
        body += write_varint(len(rec)) + rec
    n = len(messages)
    tail = struct.pack(">hiqqqhii", 0, n - 1, base_ts, max_ts, -1, -1, -1, n) + body
    return memoryview(bytearray(struct.pack(">qiibI", 0, len(tail) + 9, 0, 2, crc32c.crc32c(tail)) + tail))


def down_convert(data: bytes | memoryview, magic: int) -> bytes:
    """The records of stored v2 batches as a v0 or v1 message set."""
    out = bytearray()
    pos, end = 0, len(data)
    while end - pos >= HEADER_SIZE:
        header = read_header(data, pos)
        if header.magic != 2 or pos + header.size > end:
            break  # a partial batch at the end of the fetch
        if not header.is_control:
            _h, records = decode_batch(data[pos : pos + header.size])
            attributes = header.attributes & TIMESTAMP_TYPE_BIT if magic == 1 else 0
            for r in records:
                msg = bytearray(struct.pack(">bb", magic, attributes))
                if magic == 1:
                    msg += struct.pack(">q", r.timestamp)
                for b in (r.key, r.value):
                    msg += struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + b
                crc = zlib.crc32(msg)
                out += _ENTRY.pack(r.offset, len(msg) + 4) + struct.pack(">I", crc) + msg
        pos += header.size
    return bytes(out)
