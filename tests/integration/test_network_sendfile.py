"""The connection's own byte handling over real loopback sockets, without a broker: requests read
with their size prefix in one go (split anywhere, many per read, past the memory pool), and
responses holding file regions written with sendfile — whole, in request order, and never with
bytes that a truncation changed (the connection closes instead, as Kafka's does)."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import struct
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from engine.log.file_records import FileRecords
from engine.network.server import HEAD_BYTES, Connection, SocketServer
from tests.conftest import wait_for

T = TypeVar("T")
MB = 1 << 20


class Harness:
    """A SocketServer on its own loop thread; requests are ``correlation id, kind, argument``:
    kind ``B`` echoes its bytes, kind ``F`` answers ``size`` bytes of the file at ``position`` as a
    FileRecords part between two byte parts."""

    def __init__(self, path: Path, pool_bytes: int = -1) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR)
        self.truncations: list[int] = []  # what LogSegment.truncate_to records
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = SocketServer("127.0.0.1", 0, 64 * MB, self.handle, pool_bytes)
        self.call(self.server.start())

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def on_loop(self, fn: Callable[[], T]) -> T:
        async def run() -> T:
            return fn()
        return self.call(run())

    def handle(self, conn: Connection, frame: bytearray) -> list[Any]:
        correlation, kind = struct.unpack_from(">ib", frame)
        if kind == ord("B"):
            body = bytes(frame[5:])
            return [struct.pack(">ii", 4 + len(body), correlation) + body]
        position, size = struct.unpack_from(">qi", frame, 5)
        region = FileRecords(self.fd, position, size, self.truncations)
        return [struct.pack(">ii", 4 + 1 + size + 3, correlation) + b"<", region, b">.."]

    @property
    def connection(self) -> Connection:
        conns = wait_for(lambda: self.on_loop(lambda: list(self.server.connections)), what="the connection")
        assert isinstance(conns, list) and len(conns) == 1
        return conns[0]  # type: ignore[no-any-return]

    def close(self) -> None:
        self.call(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
        os.close(self.fd)


@pytest.fixture
def content(tmp_path: Path) -> bytes:
    data = random.Random(3).randbytes(24 * MB)
    (tmp_path / "segment.log").write_bytes(data)
    return data


@pytest.fixture
def harness(tmp_path: Path, content: bytes) -> Iterator[Harness]:
    h = Harness(tmp_path / "segment.log")
    yield h
    h.close()


def connect(h: Harness, rcvbuf: int = 0) -> socket.socket:
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", h.server.port))
    s.settimeout(20)
    return s


def echo(correlation: int, body: bytes) -> bytes:
    return struct.pack(">iib", 5 + len(body), correlation, ord("B")) + body


def fetch(correlation: int, position: int, size: int) -> bytes:
    return struct.pack(">iibqi", 17, correlation, ord("F"), position, size)


def read_exactly(s: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        chunk = s.recv(min(n - len(out), MB))
        if not chunk:
            raise EOFError(len(out))
        out += chunk
    return bytes(out)


def read_frame(s: socket.socket) -> tuple[int, bytes]:
    (size,) = struct.unpack(">i", read_exactly(s, 4))
    frame = read_exactly(s, size)
    return struct.unpack_from(">i", frame)[0], frame[4:]


def read_to_eof(s: socket.socket) -> bytes:
    out = bytearray()
    while chunk := s.recv(MB):
        out += chunk
    return bytes(out)


def test_responses_with_file_regions_arrive_whole_and_in_order(harness: Harness, content: bytes) -> None:
    s = connect(harness, rcvbuf=64 * 1024)
    requests = [fetch(1, 0, 8 * MB), echo(2, b"two"), fetch(3, 5 * MB + 7, 9 * MB), echo(4, b"four"),
                fetch(5, 123, 40_000)]
    s.sendall(b"".join(requests))
    conn = harness.connection
    # the socket filled up: the connection waits to write more (and handles nothing else meanwhile)
    wait_for(lambda: harness.on_loop(lambda: conn._writer is not None and conn._writer.waiting), what="the socket to be full")
    assert harness.on_loop(lambda: len(conn._queue)) == 4
    assert read_frame(s) == (1, b"<" + content[: 8 * MB] + b">..")
    assert read_frame(s) == (2, b"two")
    assert read_frame(s) == (3, b"<" + content[5 * MB + 7 : 14 * MB + 7] + b">..")
    assert read_frame(s) == (4, b"four")
    assert read_frame(s) == (5, b"<" + content[123:40_123] + b">..")
    wait_for(lambda: harness.on_loop(lambda: conn._writer is not None and not conn._writer.waiting and not conn._writer.busy), what="the writer to stop")
    s.close()


def _truncate_then_write_over(h: Harness, cut: int, record: bool) -> None:
    def cut_and_rewrite() -> None:
        os.ftruncate(h.fd, cut)
        if record:
            h.truncations.append(cut)
        os.pwrite(h.fd, b"\xee" * (16 * MB), cut)  # a follower appends what its new leader has
    h.on_loop(cut_and_rewrite)


@pytest.mark.parametrize("record", [True, False], ids=["truncated by the log", "shrunk behind its back"])
def test_a_truncation_under_a_pending_region_closes_the_connection(harness: Harness, record: bool) -> None:
    s = connect(harness, rcvbuf=64 * 1024)
    s.sendall(fetch(1, 0, 20 * MB) + echo(2, b"after"))
    conn = harness.connection
    wait_for(lambda: harness.on_loop(lambda: conn._writer is not None and conn._writer.waiting), what="the socket to be full")
    if record:
        _truncate_then_write_over(harness, 18 * MB, record=True)  # cuts into the region: refused
    else:
        harness.on_loop(lambda: os.ftruncate(harness.fd, 18 * MB))  # sendfile meets the end of the file
    got = read_to_eof(s)
    assert len(got) < 4 + 4 + 1 + 20 * MB + 3, "a whole frame went out with bytes the truncation changed"
    assert b"after" not in got
    s.close()


def test_a_truncation_after_the_region_changes_nothing(harness: Harness, content: bytes) -> None:
    s = connect(harness, rcvbuf=64 * 1024)
    s.sendall(fetch(1, 0, 10 * MB) + echo(2, b"after"))
    conn = harness.connection
    wait_for(lambda: harness.on_loop(lambda: conn._writer is not None and conn._writer.waiting), what="the socket to be full")
    _truncate_then_write_over(harness, 12 * MB, record=True)
    assert read_frame(s) == (1, b"<" + content[: 10 * MB] + b">..")
    assert read_frame(s) == (2, b"after")
    s.close()


def test_requests_split_anywhere_or_many_per_read(harness: Harness) -> None:
    rnd = random.Random(11)
    bodies = [rnd.randbytes(rnd.choice([0, 1, 30, 500, HEAD_BYTES - 9, HEAD_BYTES + 5, 300_000])) for _ in range(60)]
    stream = b"".join(echo(i, b) for i, b in enumerate(bodies))
    s = connect(harness)
    pos = 0
    while pos < len(stream):  # pieces of 1 byte to 40 kB: size prefixes and frames split at every place
        n = rnd.choice([1, 2, 3, 5, 17, 4096, 40_000])
        s.sendall(stream[pos : pos + n])
        pos += n
    for i, body in enumerate(bodies):
        assert read_frame(s) == (i, body)
    s.close()


def test_pipelined_requests_past_a_small_memory_pool(tmp_path: Path, content: bytes) -> None:
    """queued.max.request.bytes smaller than what one read brings: every request is still answered,
    in order, and the pool is empty afterwards."""
    h = Harness(tmp_path / "segment.log", pool_bytes=1000)
    try:
        s = connect(h)
        bodies = [bytes([i]) * (i * 37 % 900) for i in range(200)]
        s.sendall(b"".join(echo(i, b) for i, b in enumerate(bodies)) + fetch(999, 0, 3 * MB))
        for i, body in enumerate(bodies):
            assert read_frame(s) == (i, body)
        assert read_frame(s) == (999, b"<" + content[: 3 * MB] + b">..")
        pool = h.server.memory_pool
        wait_for(lambda: h.on_loop(lambda: pool.used == 0 and pool.waiting == 0), what="the pool to be empty")
        s.close()
    finally:
        h.close()


def test_a_response_dropped_with_its_connection_closes_its_regions(harness: Harness) -> None:
    s = connect(harness, rcvbuf=64 * 1024)
    s.sendall(fetch(1, 0, 20 * MB))
    conn = harness.connection
    wait_for(lambda: harness.on_loop(lambda: conn._writer is not None and conn._writer.waiting), what="the socket to be full")
    before = len(os.listdir("/proc/self/fd"))  # the two sockets, the region's and the writer's descriptors
    s.close()  # the client goes away in the middle of the response
    wait_for(lambda: harness.on_loop(lambda: conn.closed and conn._writer is not None and not conn._writer.busy), what="the connection to close")
    wait_for(lambda: len(os.listdir("/proc/self/fd")) <= before - 4, what="the sockets', region's and writer's descriptors to close")
