"""Hand-built Fetch response (v0–v16; v0–v3 carry down-converted message sets): a small header per partition, then the stored batches
as separate parts so they are written to the socket without being joined (no copies): bytes, or
a :class:`~engine.protocol.responses.FileRegion` of a segment file that the connection sends
with ``sendfile``."""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass, field

from engine.protocol.frames import write_uvarint
from engine.protocol.responses import FileRegion, RawBody, ResponsePart

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")


uvarint = write_uvarint


@dataclass(slots=True)
class FetchPartitionResult:
    partition: int
    error_code: int = 0
    high_watermark: int = -1
    last_stable_offset: int = -1
    log_start_offset: int = -1
    # never null: Kafka answers every partition, errors included, with (possibly empty) records;
    # librdkafka refuses a null record set ("invalid MessageSetSize -1") and drops the whole response
    records: bytes | memoryview | FileRegion = b""
    aborted_transactions: list[tuple[int, int]] | None = None  # (producer id, first offset); null unless read_committed
    diverging_epoch: tuple[int, int] | None = None  # (epoch, end offset), v12+
    current_leader: tuple[int, int] | None = None  # (leader id, epoch) when NOT_LEADER/FENCED (Kafka: v16+)


@dataclass(slots=True)
class FetchTopicResult:
    name: str
    topic_id: uuid.UUID
    partitions: list[FetchPartitionResult] = field(default_factory=list)


def encode_fetch_response(version: int, topics: list[FetchTopicResult], error_code: int = 0,
                          session_id: int = 0, node_endpoints: list[tuple[int, str, int]] | None = None) -> RawBody:
    flexible = version >= 12
    parts: list[ResponsePart] = []
    buf = bytearray()

    def arr(n: int) -> bytes:
        return uvarint(n + 1) if flexible else _I32.pack(n)

    if version >= 1:
        buf += _I32.pack(0)  # throttle_time_ms
    if version >= 7:
        buf += _I16.pack(error_code) + _I32.pack(session_id)
    buf += arr(len(topics))
    for t in topics:
        if version >= 13:
            buf += t.topic_id.bytes
        else:
            name = t.name.encode()
            buf += (uvarint(len(name) + 1) if flexible else _I16.pack(len(name))) + name
        buf += arr(len(t.partitions))
        for p in t.partitions:
            buf += _I32.pack(p.partition) + _I16.pack(p.error_code) + _I64.pack(p.high_watermark)
            if version >= 4:
                buf += _I64.pack(p.last_stable_offset)
            if version >= 5:
                buf += _I64.pack(p.log_start_offset)
            aborted = p.aborted_transactions
            if version < 4:
                pass  # v0–v3: no transactions
            elif aborted is None:
                buf += uvarint(0) if flexible else _I32.pack(-1)
            else:
                buf += uvarint(len(aborted) + 1) if flexible else _I32.pack(len(aborted))
                for producer_id, first_offset in aborted:
                    buf += _I64.pack(producer_id) + _I64.pack(first_offset) + (b"\0" if flexible else b"")
            if version >= 11:
                buf += _I32.pack(-1)  # preferred read replica
            records = p.records
            n = len(records)
            buf += uvarint(n + 1) if flexible else _I32.pack(n)
            if n > 0:
                parts.append(bytes(buf))
                parts.append(records)
                buf.clear()
            if flexible:
                tags: list[bytes] = []
                if p.diverging_epoch is not None:
                    body = _I32.pack(p.diverging_epoch[0]) + _I64.pack(p.diverging_epoch[1]) + b"\0"
                    tags.append(uvarint(0) + uvarint(len(body)) + body)
                if p.current_leader is not None:
                    body = _I32.pack(p.current_leader[0]) + _I32.pack(p.current_leader[1]) + b"\0"
                    tags.append(uvarint(1) + uvarint(len(body)) + body)
                buf += uvarint(len(tags)) + b"".join(tags)
        if flexible:
            buf += b"\0"
    if flexible:
        if version >= 16 and node_endpoints:
            endpoints = bytearray(uvarint(len(node_endpoints) + 1))
            for node_id, host, port in node_endpoints:
                h = host.encode()
                endpoints += _I32.pack(node_id) + uvarint(len(h) + 1) + h + _I32.pack(port) + uvarint(0) + b"\0"
            buf += uvarint(1) + uvarint(0) + uvarint(len(endpoints)) + endpoints
        else:
            buf += b"\0"
    parts.append(bytes(buf))
    return RawBody(parts, sum(len(x) for x in parts))
