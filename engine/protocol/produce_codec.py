"""Hand parser for Produce requests (v0–v11): slices the record sets out of the request frame
without copying them (kio would copy every record set into ``bytes``).

The broker runs :func:`engine.protocol.request_check.check_request` on the frame first, so every
count and length here is already known to fit in the frame."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from engine.protocol.errors import InvalidRequest
from engine.protocol.frames import read_uvarint, skip_tagged_fields

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")


@dataclass(slots=True)
class ProducePartition:
    index: int
    records: memoryview | None


@dataclass(slots=True)
class ProduceTopic:
    name: str
    partitions: list[ProducePartition]


@dataclass(slots=True)
class ProduceRequestData:
    transactional_id: str | None
    acks: int
    timeout_ms: int
    topics: list[ProduceTopic]
    legacy: bool = False  # v0–v2: message sets of magic 0/1, converted to a v2 batch on append


def parse_produce(frame: bytearray | memoryview, pos: int, version: int) -> ProduceRequestData:
    view = memoryview(frame)
    flexible = version >= 9

    def string(pos: int) -> tuple[str | None, int]:
        if flexible:
            n, pos = read_uvarint(view, pos)
            n -= 1
        else:
            (n,) = _I16.unpack_from(view, pos)
            pos += 2
        if n < 0:
            return None, pos
        try:
            return bytes(view[pos : pos + n]).decode(), pos + n
        except UnicodeDecodeError as e:
            raise InvalidRequest(f"ProduceRequest: a string is not UTF-8 ({e.reason})") from None

    def array_len(pos: int) -> tuple[int, int]:
        if flexible:
            n, pos = read_uvarint(view, pos)
            return n - 1, pos
        (n,) = _I32.unpack_from(view, pos)
        return n, pos + 4

    txn, pos = string(pos) if version >= 3 else (None, pos)  # v0–v2 have no transactional id
    acks, timeout = struct.unpack_from(">hi", view, pos)
    pos += 6
    n_topics, pos = array_len(pos)
    topics: list[ProduceTopic] = []
    for _ in range(max(n_topics, 0)):
        name, pos = string(pos)
        n_parts, pos = array_len(pos)
        parts: list[ProducePartition] = []
        for _p in range(max(n_parts, 0)):
            (index,) = _I32.unpack_from(view, pos)
            pos += 4
            if flexible:
                size, pos = read_uvarint(view, pos)
                size -= 1
            else:
                (size,) = _I32.unpack_from(view, pos)
                pos += 4
            records = None
            if size >= 0:
                if pos + size > len(view):
                    raise InvalidRequest("ProduceRequest: truncated")
                records = view[pos : pos + size]
                pos += size
            if flexible:
                pos = skip_tagged_fields(view, pos)
            parts.append(ProducePartition(index, records))
        if flexible:
            pos = skip_tagged_fields(view, pos)
        topics.append(ProduceTopic(name or "", parts))
    return ProduceRequestData(txn, acks, timeout, topics, version < 3)
