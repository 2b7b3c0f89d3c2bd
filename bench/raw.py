"""Raw broker ceiling: pre-built Produce and Fetch requests replayed over several connections,
with no Kafka client library in the way. The engine against Tansu, same requests, same run.

Workload:

- one topic with ``--partitions`` partitions (default: one per connection), RF 1, created with the
  AdminClient;
- one record batch (magic v2, no compression, ``--batch-bytes`` ≈ 1 MiB of 100-byte records with
  no key, CRC32C computed once) wrapped in one Produce request per partition (``acks=1``, the newest
  Produce version both brokers accept, at most v12), built once and written again and again;
- ``--connections`` TCP connections from ``--load-procs`` separate load processes, each connection
  pipelined with ``--in-flight`` requests outstanding, until ``--records`` have been acknowledged;
- then one Fetch request per produced batch (the newest version both accept, at most v16,
  ``partition_max_bytes`` = one batch, as a consumer with ``max.partition.fetch.bytes`` = 1 MiB
  reading 1 MiB batches), all built before the phase starts, replayed the same way.

Checks: every Produce response has error code 0 on every partition; the Fetch responses have no
error codes and the distinct batches fetched hold exactly the produced record count.

Figures (one line each, ``name: value unit (reference: value unit, ratio x)``, reference = Tansu):
``raw produce rate``, ``raw produce broker CPU (lower is better)`` (s per 10^6 records),
``raw fetch rate``, ``raw fetch bandwidth`` (GB/s of record-batch bytes, 10^9),
``raw fetch broker CPU (lower is better)``, ``raw errors``.

The load processes report their own CPU time; stderr says when one used more than 90% of a
core during a phase (then it, not the broker, may have been the limit).

    .venv/bin/python bench/raw.py [--records N] [--connections N] [--only engine|tansu]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import io
import json
import os
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    STARTERS,
    BenchError,
    BrokerProcess,
    Failed,
    Figure,
    Value,
    create_topic,
    engine_available,
    print_figure,
    short_error,
)

RECORD_BYTES = 100
TARGETS = ("engine", "tansu")
PRODUCE, FETCH, METADATA, API_VERSIONS = 0, 1, 3, 18
PRODUCE_MAX, FETCH_MAX = 12, 16  # the newest shapes this file builds (topic names / topic ids)
PRODUCE_MIN, FETCH_MIN = 9, 12  # flexible versions only (one response parser)
SATURATED = 0.90  # a load process using more than this share of one core may be the limit

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


# --------------------------------------------------------------------------- load process


class LoadConnection(asyncio.BufferedProtocol):
    """One pipelined connection: keeps ``in_flight`` requests outstanding, handles each response
    frame synchronously as it completes (no tasks, no copies beyond the socket read)."""

    def __init__(self, handle: Callable[[memoryview], None], in_flight: int) -> None:
        self.handle = handle
        self.in_flight = in_flight
        self.transport: asyncio.Transport | None = None
        self.requests: list[bytes] = []
        self.sent = 0
        self.received = 0
        self.done: asyncio.Future[None] | None = None
        self._size = bytearray(4)
        self._buf = bytearray(1 << 16)
        self._need = 0  # 0: reading the size prefix
        self._filled = 0
        self.lost: Exception | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = exc or ConnectionError("connection closed by the broker")
        if self.done is not None and not self.done.done():
            self.done.set_exception(self.lost)

    def run(self, requests: list[bytes]) -> asyncio.Future[None]:
        self.requests = requests
        self.sent = self.received = 0
        self.done = asyncio.get_running_loop().create_future()
        if not requests:
            self.done.set_result(None)
        while self.sent < min(self.in_flight, len(requests)):
            self._send_next()
        return self.done

    def _send_next(self) -> None:
        assert self.transport is not None
        self.transport.write(self.requests[self.sent])
        self.sent += 1

    def get_buffer(self, sizehint: int) -> memoryview:
        if not self._need:
            return memoryview(self._size)[self._filled :]
        return memoryview(self._buf)[self._filled : self._need]

    def buffer_updated(self, nbytes: int) -> None:
        self._filled += nbytes
        if not self._need:
            if self._filled < 4:
                return
            (size,) = _I32.unpack(self._size)
            if size > len(self._buf):
                self._buf = bytearray(size)
            self._need, self._filled = size, 0
            return
        if self._filled < self._need:
            return
        frame = memoryview(self._buf)[: self._need]
        self._need = self._filled = 0
        try:
            self.handle(frame)
        except Exception as e:
            if self.done is not None and not self.done.done():
                self.done.set_exception(e)
            return
        finally:
            frame.release()
        self.received += 1
        if self.sent < len(self.requests):
            self._send_next()
        elif self.received >= len(self.requests) and self.done is not None and not self.done.done():
            self.done.set_result(None)


@dataclass
class ConnPlan:
    partition: int
    batches: int  # produce requests to send


@dataclass
class WorkerState:
    produce_errors: int = 0
    fetch_errors: int = 0
    first_error: str = ""
    produced_records: int = 0
    produced_offsets: dict[int, list[int]] = field(default_factory=dict)  # partition -> base offsets
    fetched: dict[tuple[int, int], int] = field(default_factory=dict)  # (partition, base) -> count
    fetched_bytes: int = 0
    fetch_responses: int = 0

    def error(self, msg: str) -> None:
        if not self.first_error:
            self.first_error = msg


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def worker_run(cfg: dict[str, Any]) -> int:
    host, port = cfg["bootstrap"].rsplit(":", 1)
    topic, tid = cfg["topic"], uuid.UUID(cfg["topic_id"])
    pv, fv = int(cfg["produce_version"]), int(cfg["fetch_version"])
    batch, per_batch = build_batch(int(cfg["batch_bytes"]), now_ms=int(cfg["now_ms"]))
    plans = [ConnPlan(**p) for p in cfg["connections"]]
    loop = asyncio.get_running_loop()
    state = WorkerState()
    prebuilt = {p: produce_request(pv, topic, p, batch, correlation_id=p) for p in {c.partition for c in plans}}
    conns: list[LoadConnection] = []
    phase = {"name": "produce"}
    probe: list[int] = []  # batches per response in the calibration fetches

    def handler(partition: int) -> Callable[[memoryview], None]:
        def handle(frame: memoryview) -> None:
            if phase["name"] == "produce":
                errors, offsets = parse_produce_response(frame, pv)
                bad = [e for e in errors if e]
                if bad:
                    state.produce_errors += len(bad)
                    state.error(f"produce error code {bad[0]} on partition {partition}")
                    return
                state.produced_records += per_batch
                state.produced_offsets.setdefault(partition, []).extend(offsets)
            elif phase["name"] == "probe":
                errors, batches, _n = parse_fetch_response(frame, fv)
                probe.append(-1 if errors else len(batches))
            else:
                errors, batches, nbytes = parse_fetch_response(frame, fv)
                state.fetch_responses += 1
                if errors:
                    state.fetch_errors += len(errors)
                    state.error(f"fetch error code {errors[0]} on partition {partition}")
                state.fetched_bytes += nbytes
                for base, count in batches:
                    state.fetched[(partition, base)] = count
        return handle

    for plan in plans:
        factory = functools.partial(LoadConnection, handler(plan.partition), int(cfg["in_flight"]))
        _t, proto = await loop.create_connection(factory, host, int(port))
        conns.append(proto)
    _emit({"ready": True, "records_per_batch": per_batch, "batch_bytes": len(batch)})

    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def phase_run(name: str, requests: list[list[bytes]]) -> dict[str, Any]:
        phase["name"] = name
        cpu0, t0 = _cpu(), time.monotonic()
        try:
            await asyncio.wait_for(asyncio.gather(*(c.run(r) for c, r in zip(conns, requests, strict=True))),
                                   float(cfg["timeout"]))
            failure = ""
        except (TimeoutError, ConnectionError, OSError, ValueError, struct.error, IndexError) as e:
            failure = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        t1, cpu1 = time.monotonic(), _cpu()
        return {"phase": name, "t0": t0, "t1": t1, "cpu": cpu1 - cpu0, "failure": failure}

    line = await reader.readline()
    if line.strip() != b"produce":
        return 1
    res = await phase_run("produce", [[prebuilt[c.partition]] * c.batches for c in plans])
    res.update(records=state.produced_records, errors=state.produce_errors, first_error=state.first_error)
    # the fetch requests are built now, outside the timed phases: one per batch this connection
    # produced, each asking for one batch. Tansu ignores partition_max_bytes and fills max_bytes
    # past the limit (a 1-batch limit brings 2 batches), so a calibration fetch picks the largest
    # limit that brings exactly one batch: every broker then sends every batch exactly once.
    limit = len(batch)
    first = min((offs[0] for offs in state.produced_offsets.values() if offs), default=None)
    if first is not None and not res["failure"]:
        part = next(p for p, offs in state.produced_offsets.items() if offs and offs[0] == first)
        for candidate in (len(batch), len(batch) // 2, 1):
            phase["name"] = "probe"
            probe.clear()
            conn = next(c for c, plan in zip(conns, plans, strict=True) if plan.partition == part)
            await asyncio.wait_for(conn.run([fetch_request(fv, topic, tid, part, first, candidate, -1)]), 30)
            limit = candidate
            if probe == [1]:
                break
    fetches: list[list[bytes]] = []
    taken: dict[int, int] = {}
    for i, c in enumerate(plans):
        offsets = sorted(state.produced_offsets.get(c.partition, []))
        start = taken.get(c.partition, 0)
        mine = offsets[start : start + c.batches]
        taken[c.partition] = start + len(mine)
        fetches.append([fetch_request(fv, topic, tid, c.partition, off, limit, correlation_id=i) for off in mine])
    res["fetch_limit"] = limit
    _emit(res)

    line = await reader.readline()
    if line.strip() != b"fetch":
        return 1
    res = await phase_run("fetch", fetches)
    res.update(records=sum(state.fetched.values()), batches=len(state.fetched), bytes=state.fetched_bytes,
               responses=state.fetch_responses, errors=state.fetch_errors, first_error=state.first_error)
    _emit(res)
    await reader.readline()  # "quit" or EOF
    for conn in conns:
        if conn.transport is not None:
            conn.transport.close()
    return 0


def worker_main() -> int:
    cfg = json.loads(sys.stdin.buffer.readline())
    return asyncio.run(worker_run(cfg))


# --------------------------------------------------------------------------- driver


@dataclass
class PhaseResult:
    records: int = 0
    seconds: float = 0.0
    broker_cpu: float = 0.0
    bytes: int = 0
    errors: int = 0
    responses: int = 0
    client_cpu: list[float] = field(default_factory=list)  # per load process, CPU s / wall s

    @property
    def rec_s(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_per_mrec(self) -> float:
        return self.broker_cpu / (self.records / 1e6) if self.records else 0.0

    @property
    def gb_s(self) -> float:
        return self.bytes / self.seconds / 1e9 if self.seconds > 0 else 0.0


class Worker:
    def __init__(self, cfg: dict[str, Any]) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, start_new_session=True)
        self.send(json.dumps(cfg))

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def receive(self, timeout: float) -> dict[str, Any]:
        import selectors

        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            if not sel.select(timeout):
                raise BenchError(f"load process {self.proc.pid} sent nothing for {timeout:.0f}s")
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError(f"load process {self.proc.pid} exited with code {self.proc.wait(5)}")
        msg: dict[str, Any] = json.loads(line)
        return msg

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.send("quit")
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def plan_connections(batches: int, connections: int, partitions: int) -> list[ConnPlan]:
    return [ConnPlan(partition=c % partitions, batches=batches // connections + (1 if c < batches % connections else 0))
            for c in range(connections)]


@dataclass
class TargetResult:
    produce: PhaseResult | Failed | None = None
    fetch: PhaseResult | Failed | None = None
    failure: str = ""


def run_target(name: str, args: argparse.Namespace, log: Callable[[str], None]) -> TargetResult:
    res = TargetResult()
    if name == "engine" and not engine_available():
        res.failure = "engine/cli/serve.py does not exist yet"
        return res
    try:
        broker = STARTERS[name]()
    except (BenchError, OSError) as e:
        log(f"[{name}] start failed: {e}")
        res.failure = f"start: {short_error(e)}"
        return res
    log(f"[{name}] pid {broker.pid} on {broker.bootstrap}, {broker.settle_note}")
    workers: list[Worker] = []
    try:
        topic = f"bench-raw-{uuid.uuid4().hex[:8]}"
        create_topic(broker.bootstrap, topic, partitions=args.partitions, replication=1)
        versions = api_versions(broker.bootstrap)
        pv = pick_version(versions, PRODUCE, PRODUCE_MIN, PRODUCE_MAX)
        fv = pick_version(versions, FETCH, FETCH_MIN, FETCH_MAX)
        tid = topic_id(broker.bootstrap, topic)
        _batch, per_batch = build_batch(args.batch_bytes)
        n_batches = max(1, -(-args.records // per_batch))
        plans = plan_connections(n_batches, args.connections, args.partitions)
        log(f"[{name}] Produce v{pv}, Fetch v{fv}; {n_batches} batches x {per_batch} records "
            f"({len(_batch)} B) over {args.connections} connections x {args.in_flight} in flight, "
            f"{args.partitions} partitions, {args.load_procs} load process(es)")
        base_cfg = {"bootstrap": broker.bootstrap, "topic": topic, "topic_id": str(tid), "produce_version": pv,
                    "fetch_version": fv, "batch_bytes": args.batch_bytes, "now_ms": int(time.time() * 1000),
                    "in_flight": args.in_flight, "timeout": args.phase_timeout}
        for k in range(args.load_procs):
            mine = [vars(p) for i, p in enumerate(plans) if i % args.load_procs == k]
            if mine:
                workers.append(Worker({**base_cfg, "connections": mine}))
        for w in workers:
            w.receive(60)
        res.produce = _phase(name, "produce", broker, workers, args, log)
        if isinstance(res.produce, PhaseResult) and res.produce.records:
            res.fetch = _phase(name, "fetch", broker, workers, args, log)
            if isinstance(res.fetch, PhaseResult) and res.fetch.records != res.produce.records:
                log(f"[{name}] fetch CHECK FAILED: fetched {res.fetch.records} distinct records, "
                    f"produced {res.produce.records}")
                res.fetch.errors += abs(res.produce.records - res.fetch.records)
        else:
            res.fetch = Failed("nothing produced")
    except (BenchError, OSError) as e:
        log(f"[{name}] FAILED: {e}")
        res.failure = short_error(e)
    finally:
        for w in workers:
            w.stop()
        code = broker.stop()
        log(f"[{name}] stopped (exit code {code})")
    return res


def _phase(name: str, phase: str, broker: BrokerProcess, workers: list[Worker], args: argparse.Namespace,
           log: Callable[[str], None]) -> PhaseResult | Failed:
    cpu0 = broker.cpu_seconds()
    for w in workers:
        w.send(phase)
    try:
        results = [w.receive(args.phase_timeout + 30) for w in workers]
    except BenchError as e:
        log(f"[{name}] {phase} FAILED: {e}")
        return Failed(short_error(e))
    cpu1 = broker.cpu_seconds()
    failures = [r["failure"] for r in results if r["failure"]]
    if failures:
        tail = "" if broker.alive() else f"\n{broker.output_tail()}"
        log(f"[{name}] {phase} FAILED: {failures[0]}{tail}")
        return Failed(failures[0])
    ph = PhaseResult(records=sum(r["records"] for r in results),
                     seconds=max(r["t1"] for r in results) - min(r["t0"] for r in results),
                     broker_cpu=cpu1 - cpu0, bytes=sum(r.get("bytes", 0) for r in results),
                     errors=sum(r["errors"] for r in results), responses=sum(r.get("responses", 0) for r in results),
                     client_cpu=[r["cpu"] / max(r["t1"] - r["t0"], 1e-9) for r in results])
    first = next((r["first_error"] for r in results if r["first_error"]), "")
    log(f"[{name}] {phase}: {ph.records} records in {ph.seconds:.2f}s = {ph.rec_s:,.0f} rec/s, "
        f"broker CPU {ph.broker_cpu:.2f}s ({ph.broker_cpu / ph.seconds:.0%} of a core), errors {ph.errors}"
        + (f" (first: {first})" if first else "")
        + (f", {ph.gb_s:.2f} GB/s, {ph.bytes / max(ph.responses, 1) / 1e6:.2f} MB per response"
           if ph.bytes else ""))
    if "fetch_limit" in results[0]:
        log(f"[{name}] fetch requests ask for partition_max_bytes = max_bytes = {results[0]['fetch_limit']} "
            "(one batch per response)")
    for i, share in enumerate(ph.client_cpu):
        verdict = ("SATURATED: this load process, not the broker, may have been the limit"
                   if share > SATURATED else "not saturated")
        log(f"[{name}] {phase}: load process {i} used {share:.0%} of a core ({verdict})")
    return ph


def _value(res: TargetResult | None, phase: str, get: Callable[[PhaseResult], float]) -> Value:
    if res is None:
        return None
    ph = getattr(res, phase)
    if isinstance(ph, PhaseResult):
        return get(ph)
    if isinstance(ph, Failed):
        return ph
    return Failed(res.failure or "not reached")


def _errors(res: TargetResult | None) -> Value:
    if res is None:
        return None
    done = [p for p in (res.produce, res.fetch) if isinstance(p, PhaseResult)]
    if not done:
        return Failed(res.failure or "no phase completed")
    return sum(p.errors for p in done)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--records", type=int, default=10_000_000, help="records to produce, then fetch (default 10000000)")
    ap.add_argument("--connections", type=int, default=4, help="TCP connections (default 4)")
    ap.add_argument("--in-flight", type=int, default=4, help="requests outstanding per connection (default 4)")
    ap.add_argument("--partitions", type=int, default=0, help="topic partitions (default: one per connection)")
    ap.add_argument("--load-procs", type=int, default=1, help="load processes sharing the connections (default 1)")
    ap.add_argument("--batch-bytes", type=int, default=1_048_576, help="record batch size (default 1 MiB)")
    ap.add_argument("--only", choices=TARGETS, help="run one target only (the other side prints n/a)")
    ap.add_argument("--phase-timeout", type=float, default=120.0, help="abort a phase after this many s")
    args = ap.parse_args(argv)
    if args.worker:
        return worker_main()
    if args.connections < 1 or args.in_flight < 1 or args.load_procs < 1 or args.records < 1:
        ap.error("--records, --connections, --in-flight and --load-procs must be at least 1")
    args.partitions = args.partitions or args.connections
    if not 1 <= args.partitions <= args.connections:
        ap.error("--partitions must be between 1 and --connections")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    targets = [args.only] if args.only else list(TARGETS)
    log(f"raw: {args.records} records of {RECORD_BYTES} B in {args.batch_bytes} B batches, "
        f"targets {', '.join(targets)}")
    results = {t: run_target(t, args, log) for t in targets}
    eng, ref = results.get("engine"), results.get("tansu")
    figures: list[tuple[Figure, str, Callable[[PhaseResult], float]]] = [
        (Figure("raw produce rate", "rec/s"), "produce", lambda p: p.rec_s),
        (Figure("raw produce broker CPU (lower is better)", "s/Mrec", "{:.3f}"), "produce", lambda p: p.cpu_per_mrec),
        (Figure("raw fetch rate", "rec/s"), "fetch", lambda p: p.rec_s),
        (Figure("raw fetch bandwidth", "GB/s", "{:.2f}"), "fetch", lambda p: p.gb_s),
        (Figure("raw fetch broker CPU (lower is better)", "s/Mrec", "{:.3f}"), "fetch", lambda p: p.cpu_per_mrec),
    ]
    ok = True
    for fig, phase, get in figures:
        ev, rv = _value(eng, phase, get), _value(ref, phase, get)
        print_figure(fig, ev, rv)
        ok = ok and not any(isinstance(v, Failed) for v in (ev, rv))
    err_fig = Figure("raw errors (error codes + records missing from the fetch)", "records", "{:d}", ratio=False)
    ev, rv = _errors(eng), _errors(ref)
    print_figure(err_fig, ev, rv)
    ok = ok and all(v in (None, 0) for v in (ev, rv))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
