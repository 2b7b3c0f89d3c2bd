"""Sans-IO request header parsing (request header v1/v2), done by hand on the hot path."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from engine.protocol.errors import InvalidRequest

_HEAD = struct.Struct(">hhih")


@dataclass(frozen=True, slots=True)
class RequestHeader:
    api_key: int
    api_version: int
    correlation_id: int
    client_id: str | None
    body_offset: int  # where the request body starts in the frame


def read_uvarint(buf: bytes | bytearray | memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def read_uvarint32(buf: bytes | bytearray | memoryview, pos: int, end: int, what: str) -> tuple[int, int]:
    """An unsigned varint of at most 5 bytes and below 2^32, as Kafka reads lengths and counts
    (``ByteUtils.readUnsignedVarint``); anything else is an :class:`InvalidRequest`."""
    result = shift = 0
    while True:
        if pos >= end:
            raise InvalidRequest(f"{what}: truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            if result > 0xFFFFFFFF:
                raise InvalidRequest(f"{what}: varint overflows 32 bits")
            return result, pos
        shift += 7
        if shift >= 35:
            raise InvalidRequest(f"{what}: varint longer than 5 bytes")


def write_uvarint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def read_varint(buf: bytes | bytearray | memoryview, pos: int) -> tuple[int, int]:
    """Signed (zig-zag) varint, as in record bodies."""
    raw, pos = read_uvarint(buf, pos)
    return (raw >> 1) ^ -(raw & 1), pos


def write_varint(n: int) -> bytes:
    return write_uvarint((n << 1) ^ (n >> 63))


def skip_tagged_fields(buf: bytes | bytearray | memoryview, pos: int) -> int:
    """Skip a tagged-field section, every tag known or not (KIP-482: unknown tags are ignored)."""
    end = len(buf)
    count, pos = read_uvarint32(buf, pos, end, "tagged fields")
    for _ in range(count):
        _tag, pos = read_uvarint32(buf, pos, end, "tagged fields")
        size, pos = read_uvarint32(buf, pos, end, "tagged fields")
        pos += size
        if pos > end:
            raise InvalidRequest("tagged fields: truncated")
    return pos


def parse_request_header(frame: bytes | bytearray | memoryview, flexible_for: object) -> RequestHeader:
    """Parse the request header of one frame (without its 4-byte size prefix).

    ``flexible_for(api_key, version) -> bool | None`` tells whether the request uses header v2
    (tagged fields, all of them skipped); ``None`` means the API/version is unknown, and the header
    is read as v1. A header that cannot be read raises :class:`InvalidRequest`.
    """
    if len(frame) < 10:
        raise InvalidRequest("request shorter than a request header")
    api_key, version, correlation_id, client_len = _HEAD.unpack_from(frame, 0)
    pos = 10
    client_id = None
    if client_len < -1 or pos + client_len > len(frame):
        raise InvalidRequest(f"request header: client id of length {client_len} in a frame of {len(frame)} bytes")
    if client_len >= 0:
        client_id = bytes(frame[pos : pos + client_len]).decode("utf-8", "replace")
        pos += client_len
    if flexible_for(api_key, version):  # type: ignore[operator]
        pos = skip_tagged_fields(frame, pos)
    return RequestHeader(api_key, version, correlation_id, client_id, pos)
