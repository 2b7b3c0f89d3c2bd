"""bench/raw.py's replay clients: a load process (``python bench/raw_replay.py --worker``, started by
:class:`Worker`) replays the pre-built Produce, then Fetch, requests over its pipelined connections when
the driver says so on stdin, and reports each phase as one JSON line (records, bytes, errors, its own
CPU time)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
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

from _harness import BenchError  # noqa: E402  (bench/ is not a package)
from raw_wire import (  # noqa: E402
    build_batch,
    fetch_request,
    parse_fetch_response,
    parse_produce_response,
    produce_request,
)

_I32 = struct.Struct(">i")

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



if __name__ == "__main__":
    if sys.argv[1:] != ["--worker"]:
        sys.exit("usage: raw_replay.py --worker (a load process of bench/raw.py)")
    sys.exit(worker_main())
