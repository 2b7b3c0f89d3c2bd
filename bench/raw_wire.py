"""bench/raw.py's wire format: one pre-built record batch (magic v2, CRC32C computed once), Produce and
Fetch requests built with kio and framed by hand, the flexible Produce/Fetch response parsers the load
processes use, and the blocking request helpers of the driver (ApiVersions, Metadata for topic ids)."""

from __future__ import annotations

import io
import socket
import struct
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import BenchError  # noqa: E402  (bench/ is not a package)

RECORD_BYTES = 100
PRODUCE, FETCH, METADATA, API_VERSIONS = 0, 1, 3, 18
PRODUCE_MAX, FETCH_MAX = 12, 16  # the newest shapes this file builds (topic names / topic ids)
PRODUCE_MIN, FETCH_MIN = 9, 12  # flexible versions only (one response parser)

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_BATCH_HEAD = struct.Struct(">qiiBI")  # base offset, length, leader epoch, magic, crc
_BATCH_TAIL = struct.Struct(">hiqqqhii")  # attributes … record count (the CRC covers these on)
_PEEK = struct.Struct(">qi")


# --------------------------------------------------------------------------- record batch


def _varint(n: int) -> bytes:
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def build_batch(batch_bytes: int, record_bytes: int = RECORD_BYTES, now_ms: int | None = None) -> tuple[bytes, int]:
    """One magic-v2 record batch of as many ``record_bytes``-value records (no key, no headers)
    as fit in ``batch_bytes`` (log overhead included), with a correct CRC32C. Returns (batch, count)."""
    import crc32c

    ts = int(time.time() * 1000) if now_ms is None else now_ms
    head_size = _BATCH_HEAD.size + _BATCH_TAIL.size  # 61
    records = bytearray()
    count = 0
    while True:
        value = (b"%010d" % count + b"r" * record_bytes)[:record_bytes]
        body = b"\0" + _varint(0) + _varint(count) + _varint(-1) + _varint(len(value)) + value + _varint(0)
        rec = _varint(len(body)) + body
        if head_size + len(records) + len(rec) > batch_bytes:
            break
        records += rec
        count += 1
    if count == 0:
        raise ValueError(f"--batch-bytes {batch_bytes} holds no {record_bytes}-byte record")
    tail = _BATCH_TAIL.pack(0, count - 1, ts, ts, -1, -1, -1, count) + bytes(records)
    crc = crc32c.crc32c(tail)
    length = len(tail) + 9  # leader epoch (4) + magic (1) + crc (4)
    return _BATCH_HEAD.pack(0, length, -1, 2, crc) + tail, count


# --------------------------------------------------------------------------- requests (kio)


def _kio_class(api_key: int, version: int, name: str, request: bool = True) -> Any:
    from kio.index import load_payload_module
    from kio.static.constants import EntityType

    kind = EntityType.request if request else EntityType.response
    return getattr(load_payload_module(api_key, version, kind), name)  # type: ignore[arg-type]


def _make(cls: Any, **kw: Any) -> Any:
    """Build a kio entity from the keyword arguments its version has (others are dropped)."""
    names = set(cls.__dataclass_fields__)
    return cls(**{k: v for k, v in kw.items() if k in names})


def frame_request(api_key: int, version: int, correlation_id: int, entity: Any, client_id: bytes = b"raw") -> bytes:
    """Size prefix + request header (v2 when flexible, else v1) + kio-encoded body."""
    from kio.serial import entity_writer

    buf = io.BytesIO()
    buf.write(b"\0\0\0\0" + struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id)
    if type(entity).__flexible__:
        buf.write(b"\0")
    entity_writer(type(entity))(buf, entity)
    data = bytearray(buf.getvalue())
    _I32.pack_into(data, 0, len(data) - 4)
    return bytes(data)


def produce_request(version: int, topic: str, partition: int, batch: bytes, correlation_id: int) -> bytes:
    import datetime

    part_cls = _kio_class(PRODUCE, version, "PartitionProduceData")
    topic_cls = _kio_class(PRODUCE, version, "TopicProduceData")
    req_cls = _kio_class(PRODUCE, version, "ProduceRequest")
    req = _make(req_cls, transactional_id=None, acks=1, timeout=datetime.timedelta(seconds=30),
                topic_data=(_make(topic_cls, name=topic,
                                  partition_data=(_make(part_cls, index=partition, records=batch),)),))
    return frame_request(PRODUCE, version, correlation_id, req)


def fetch_request(version: int, topic: str, topic_id: uuid.UUID, partition: int, offset: int, max_bytes: int,
                  correlation_id: int) -> bytes:
    import datetime

    part_cls = _kio_class(FETCH, version, "FetchPartition")
    topic_cls = _kio_class(FETCH, version, "FetchTopic")
    req_cls = _kio_class(FETCH, version, "FetchRequest")
    fp = _make(part_cls, partition=partition, current_leader_epoch=-1, fetch_offset=offset, last_fetched_epoch=-1,
               log_start_offset=-1, partition_max_bytes=max_bytes)
    ft = _make(topic_cls, topic=topic, topic_id=topic_id, partitions=(fp,))
    req = _make(req_cls, replica_id=-1, max_wait=datetime.timedelta(milliseconds=500), min_bytes=1,
                max_bytes=max_bytes, isolation_level=0, session_id=0, session_epoch=-1, topics=(ft,),
                forgotten_topics_data=(), rack_id="")
    return frame_request(FETCH, version, correlation_id, req)


def _read_uvarint(buf: Any, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _skip_tags(buf: Any, pos: int) -> int:
    n, pos = _read_uvarint(buf, pos)
    for _ in range(n):
        _tag, pos = _read_uvarint(buf, pos)
        size, pos = _read_uvarint(buf, pos)
        pos += size
    return pos


def parse_fetch_response(frame: memoryview, version: int) -> tuple[list[int], list[tuple[int, int]], int]:
    """Walk a flexible (v12+) Fetch response frame (correlation id first). Returns
    (error codes, [(batch base offset, record count)], record-set bytes). Only whole batches count."""
    pos = 4
    pos = _skip_tags(frame, pos)  # response header v1
    errors: list[int] = []
    batches: list[tuple[int, int]] = []
    nbytes = 0
    pos += 4  # throttle
    (top_error,) = _I16.unpack_from(frame, pos)
    if top_error:
        errors.append(top_error)
    pos += 6  # error code, session id
    n_topics, pos = _read_uvarint(frame, pos)
    for _ in range(n_topics - 1):
        if version >= 13:
            pos += 16
        else:
            n, pos = _read_uvarint(frame, pos)
            pos += n - 1
        n_parts, pos = _read_uvarint(frame, pos)
        for _p in range(n_parts - 1):
            (code,) = _I16.unpack_from(frame, pos + 4)
            if code:
                errors.append(code)
            pos += 4 + 2 + 8 + 8 + 8
            n_aborted, pos = _read_uvarint(frame, pos)
            for _a in range(n_aborted - 1):
                pos = _skip_tags(frame, pos + 16)
            pos += 4  # preferred read replica
            size, pos = _read_uvarint(frame, pos)
            end = pos + max(size - 1, 0)
            nbytes += end - pos
            while pos + 61 <= end:
                base, length = _PEEK.unpack_from(frame, pos)
                if pos + 12 + length > end:
                    break  # a partial batch at the end of the set
                (count,) = _I32.unpack_from(frame, pos + 57)
                batches.append((base, count))
                pos += 12 + length
            pos = _skip_tags(frame, end)
        pos = _skip_tags(frame, pos)
    return errors, batches, nbytes


def parse_produce_response(frame: memoryview, version: int) -> tuple[list[int], list[int]]:
    """(error codes, base offsets) of every partition in a Produce response frame."""
    from kio.serial import entity_reader

    cls = _kio_class(PRODUCE, version, "ProduceResponse", request=False)
    offset = _skip_tags(frame, 4)
    resp = entity_reader(cls)(bytes(frame), offset)[0]
    errors, offsets = [], []
    for t in resp.responses:
        for p in t.partition_responses:
            errors.append(int(p.error_code.value) if hasattr(p.error_code, "value") else int(p.error_code))
            offsets.append(int(p.base_offset))
    return errors, offsets


# --------------------------------------------------------------------------- blocking helpers (driver)


def blocking_request(bootstrap: str, api_key: int, version: int, entity: Any, timeout: float = 10.0) -> Any:
    from kio.serial import entity_reader

    host, port = bootstrap.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(frame_request(api_key, version, 1, entity))
        head = _recv_exactly(s, 4)
        frame = _recv_exactly(s, _I32.unpack(head)[0])
    resp_cls = _kio_class(api_key, version, type(entity).__name__.replace("Request", "Response"), request=False)
    offset = 4 if api_key == API_VERSIONS or not resp_cls.__flexible__ else _skip_tags(frame, 4)
    return entity_reader(resp_cls)(frame, offset)[0]


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise BenchError("connection closed by the broker")
        buf += chunk
    return bytes(buf)


def api_versions(bootstrap: str) -> dict[int, tuple[int, int]]:
    cls = _kio_class(API_VERSIONS, 0, "ApiVersionsRequest")
    resp = blocking_request(bootstrap, API_VERSIONS, 0, cls())
    return {int(k.api_key): (int(k.min_version), int(k.max_version)) for k in resp.api_keys}


def pick_version(versions: dict[int, tuple[int, int]], api_key: int, lo: int, hi: int) -> int:
    if api_key not in versions:
        raise BenchError(f"the broker does not support api {api_key}")
    bmin, bmax = versions[api_key]
    v = min(bmax, hi)
    if v < max(bmin, lo):
        raise BenchError(f"api {api_key}: broker versions {bmin}..{bmax}, this benchmark needs {lo}..{hi}")
    return v


def topic_id(bootstrap: str, topic: str) -> uuid.UUID:
    req_cls = _kio_class(METADATA, 12, "MetadataRequest")
    topic_cls = _kio_class(METADATA, 12, "MetadataRequestTopic")
    req = req_cls(topics=(topic_cls(topic_id=None, name=topic),), allow_auto_topic_creation=False,
                  include_topic_authorized_operations=False)
    resp = blocking_request(bootstrap, METADATA, 12, req)
    for t in resp.topics:
        if t.name == topic:
            return uuid.UUID(str(t.topic_id))
    raise BenchError(f"metadata has no topic {topic!r}")

