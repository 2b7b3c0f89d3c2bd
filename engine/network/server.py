"""SocketServer: one asyncio listener per broker; Connection: frames in, responses out in order.

Like Kafka's ``SocketServer``/``Processor``, a connection handles one request at a time (the
channel is "muted" while a request is in progress), so responses go out in request order.
Frames are read straight into their own buffers (``BufferedProtocol``): a frame up to
:data:`EAGER_FRAME_BYTES` gets its whole buffer at once (the fast path); a larger one starts there
and doubles as its bytes arrive, so a 4-byte size prefix alone never commits more than that.
Buffers are counted in the broker's :class:`MemoryPool` (``queued.max.request.bytes``) until their
request has been handled; while the pool is used up, connections stop reading.

A frame larger than ``socket.request.max.bytes`` or one that cannot be parsed closes the
connection, as in Kafka; an unparsable request is logged as one WARNING line (rate-limited,
with the API, version and peer), not a traceback.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import struct
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from engine.network.memory_pool import MemoryPool
from engine.network.response_writer import BUFFERS, ResponseWriter, close_regions
from engine.network.security import ANONYMOUS, PLAINTEXT, ListenerSecurity
from engine.protocol.errors import InvalidRequest
from engine.protocol.frames import RequestHeader
from engine.protocol.responses import RawBody, ResponsePart

log = logging.getLogger(__name__)

_SIZE = struct.Struct(">i")
MAX_QUEUED_FRAMES = 32
# a request with a 1 MiB batch (plus its own fields) gets its whole buffer at once; a larger one grows
EAGER_FRAME_BYTES = (1 << 20) + (64 << 10)
HEAD_BYTES = 16 * 1024  # size prefixes and small requests are read together into a buffer this size

FrameHandler = Callable[["Connection", bytearray], Any]


class LogLimiter:
    """Token bucket for log lines: ``burst`` at once, then ``per_second``; counts what it drops."""

    def __init__(self, per_second: float = 2.0, burst: int = 10, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self.suppressed = 0

    def allow(self) -> bool:
        now = self.clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.per_second)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        self.suppressed += 1
        return False

    def take_suppressed(self) -> str:
        n, self.suppressed = self.suppressed, 0
        return f" ({n} more not logged)" if n else ""


class Connection(asyncio.BufferedProtocol):
    def __init__(self, server: SocketServer) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        # input: bytes land in the head buffer until a frame's size is known, then in the frame's own
        self._head = bytearray(HEAD_BYTES)
        self._head_start = self._head_end = 0  # the head's unparsed bytes
        self._frame: bytearray | None = None
        self._frame_size = 0  # of the frame being read (its size prefix is consumed); 0 between frames
        self._filled = 0
        self._queue: deque[bytearray] = deque()
        self._busy = False
        self._reading = True
        self._waiting_memory = False  # reading stopped until the memory pool has room
        self._reserved = 0  # bytes this connection holds in the pool (frame being read + queued + in progress)
        self._task: asyncio.Task[None] | None = None
        self._writer: ResponseWriter | None = None  # writes responses that hold file regions
        self._sending = False  # it is writing one: no further request is handled meanwhile
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.peer: tuple[str, int] = ("", 0)
        self.id = ""
        # who the client is (ApiVersions v3+, KIP-511) and, while the X-ray tap is on, what it did
        self.client_software = ""
        self.client_id = ""
        self.since = time.time()
        self.requests = self.bytes_in = self.bytes_out = 0
        self.api_counts: dict[int, int] = {}
        self.profile: Any = None  # the tap's ClientProfile: what it produces, fetches, its group, its producer
        # the listener it came in on and who it is (engine.network.security): a SASL listener's
        # connections start with the authenticator as their frame handler, every other one with the server's
        self.listener = server.listener_name
        self.principal = ANONYMOUS
        self.handle_frame: FrameHandler = server.handle_frame

    # ------------------------------------------------------------------ asyncio protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._loop = asyncio.get_running_loop()
        peer = transport.get_extra_info("peername") or ("", 0)
        self.peer = (str(peer[0]), int(peer[1]))
        local = transport.get_extra_info("sockname") or ("", 0)
        self.id = f"{local[0]}:{local[1]}-{self.peer[0]}:{self.peer[1]}"
        self.server.connections.add(self)
        if self.server.authenticator is not None:  # once per connection: the PLAINTEXT path pays nothing per request
            self.handle_frame = self.server.authenticator(self)
        self.update_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server.connections.discard(self)
        self._waiting_memory = False
        self.server.memory_pool.forget(self)
        self._frame = None
        self._frame_size = 0
        self._head_start = self._head_end = 0
        self._queue.clear()
        self._release(self._reserved)
        self._drop_output()
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def get_buffer(self, sizehint: int) -> memoryview:
        if self._waiting_memory:  # bytes arrived although reading is paused (a transport that cannot
            self.server.memory_pool.cancel(self)  # stop a read in flight): take them rather than misparse
            self._memory_available()
        if self._frame is None:
            start, end = self._head_start, self._head_end
            if start:  # move the unparsed bytes to the front (a few bytes of a size prefix, usually none)
                self._head[: end - start] = self._head[start:end]
                self._head_start, self._head_end = 0, end - start
            return memoryview(self._head)[self._head_end :]
        return memoryview(self._frame)[self._filled :]

    def buffer_updated(self, nbytes: int) -> None:
        if self.closed:
            return
        if self._frame is None:
            self._head_end += nbytes
            self._pump()
        else:
            self._filled += nbytes
            if self._filled < self._frame_size:
                if self._filled == len(self._frame):  # a large request filled its buffer: grow it
                    if self.server.memory_pool.may_grow(self):
                        self._grow()
                    else:
                        self._wait_for_memory()
                return
            self._frame_complete()
            self._pump()
        if not self._busy and not self._sending:
            self._drain()

    def _pump(self, force: bool = False) -> None:
        """Take whole frames out of the head buffer; begin the frame whose bytes run past it (the
        rest is read straight into its own buffer). A small request arrives with its size prefix in
        one read. ``force``: begin the next frame even if the memory pool has no room (it was
        granted, or its bytes arrived anyway)."""
        head = self._head
        while not self.closed and self._frame is None:
            start, end = self._head_start, self._head_end
            if not self._frame_size:
                if end - start < 4:
                    break
                (size,) = _SIZE.unpack_from(head, start)
                if size <= 0 or size > self.server.max_request_size:
                    self.server.note_invalid_request(self, InvalidRequest(
                        f"request size {size} outside 1..{self.server.max_request_size} (socket.request.max.bytes)"))
                    self.abort()
                    return
                self._frame_size = size
                start = self._head_start = start + 4
            if not force and not self.server.memory_pool.has_room():
                self._wait_for_memory()  # queued.max.request.bytes used up: stop reading until requests finish
                return
            force = False
            self._begin_frame()
            frame = self._frame
            assert frame is not None
            n = min(end - start, self._frame_size)
            if n:
                frame[:n] = head[start : start + n]
                self._head_start = start + n
                self._filled = n
            if n == self._frame_size:
                self._frame_complete()
        if self._head_start == self._head_end:
            self._head_start = self._head_end = 0

    def _frame_complete(self) -> None:
        frame, self._frame, self._filled = self._frame, None, 0
        assert frame is not None
        if self._frame_size > EAGER_FRAME_BYTES:
            self.server.memory_pool.done_growing(self)
        self._frame_size = 0
        self._queue.append(frame)
        if len(self._queue) >= MAX_QUEUED_FRAMES:
            self.update_reading()

    def _begin_frame(self) -> None:
        size = self._frame_size
        first = min(size, EAGER_FRAME_BYTES)
        self._charge(first)
        self._frame = bytearray(first)
        self._filled = 0
        if first < size:
            self.server.memory_pool.start_growing(self)

    def _grow(self) -> None:
        """Double a large request's buffer (never past the request); the old one is dropped after the
        copy. (Growing copies instead of resizing in place: the transport may still hold a view.)"""
        old = self._frame
        assert old is not None
        grown = bytearray(min(self._frame_size, 2 * len(old)))
        grown[: self._filled] = old
        self._charge(len(grown) - len(old))
        self._frame = grown

    def _charge(self, size: int) -> None:
        self.server.memory_pool.charge(size)
        self._reserved += size

    def _wait_for_memory(self) -> None:
        self._waiting_memory = True
        self.server.memory_pool.wait(self, self._memory_available)
        self.update_reading()

    def _memory_available(self) -> None:
        self._waiting_memory = False
        if self.closed:
            return
        if self._frame is None:
            self._pump(force=True)
            if self._queue and not self._busy and not self._sending and self._loop is not None:
                self._loop.call_soon(self.resume_processing)  # not inside the pool's wake
        else:
            self._grow()
        self.update_reading()

    def _release(self, size: int) -> None:
        size = min(size, self._reserved)
        if size > 0:
            self._reserved -= size
            self.server.memory_pool.release(size)

    def update_reading(self) -> None:
        """Read from the socket unless the broker is paused, the request queue is full or the
        memory pool has no room for the next request."""
        if self.transport is None or self.closed:
            return
        want = not (self.server.paused or self._waiting_memory or len(self._queue) >= MAX_QUEUED_FRAMES)
        if want != self._reading:
            self._reading = want
            if want:
                self.transport.resume_reading()
            else:
                self.transport.pause_reading()

    def eof_received(self) -> bool | None:
        return None

    # ------------------------------------------------------------------ processing
    def _drain(self) -> None:
        while self._queue and not self.closed and not self.server.paused and not self._sending:
            frame = self._queue.popleft()
            try:
                result = self.handle_frame(self, frame)
            except InvalidRequest as e:
                self.server.note_invalid_request(self, e)
                self.abort()
                return
            except Exception:
                self.server.note_failed_request(self)
                self.abort()
                return
            if inspect.isawaitable(result):
                self._busy = True
                self._task = asyncio.ensure_future(self._await(result, len(frame)))
                self._task.add_done_callback(functools.partial(_drop_if_cancelled, pending=result))
                return
            self._release(len(frame))
            self.send(result)
        self.update_reading()

    async def _await(self, awaitable: Any, size: int) -> None:
        try:
            result = await awaitable
        except asyncio.CancelledError:
            return
        except InvalidRequest as e:
            self.server.note_invalid_request(self, e)
            self.abort()
            return
        except Exception:
            self.server.note_failed_request(self)
            self.abort()
            return
        self._release(size)
        if self.server.paused:
            await self.server.wait_resumed()
        self._busy = False
        self.send(result)
        self._drain()

    def resume_processing(self) -> None:
        if self._sending and self._writer is not None:
            self._writer.resume()
        elif not self._busy:
            self._drain()

    def send(self, response: Any) -> None:
        """``response`` is None (nothing to send), bytes (whole frame), or a list of buffers and file
        regions. Buffers go to the transport; a response with a file region is written by the
        :class:`ResponseWriter`, and no further request is handled until it is out (Kafka mutes a
        channel until its response is sent)."""
        if response is None:
            return
        if self.closed or self.transport is None:
            if isinstance(response, list):
                close_regions(response)
            return
        if isinstance(response, (bytes, bytearray)):
            self.transport.write(response)
            return
        for part in response:
            if not isinstance(part, BUFFERS):
                break
        else:
            write = self.transport.write
            for part in response:
                write(part)
            return
        if self._writer is None:
            self._writer = ResponseWriter(self.transport, lambda: self.server.paused, self._response_written,
                                          self._response_lost)
        self._sending = not self._writer.start(response)

    def _response_written(self) -> None:
        self._sending = False
        if not self._busy:
            self._drain()

    def _response_lost(self, why: str) -> None:
        log.info("closing connection from %s:%d in the middle of a response: %s", self.peer[0], self.peer[1], why)
        self.abort()

    def _drop_output(self) -> None:
        self._sending = False
        if self._writer is not None:
            self._writer.close()

    def close_after(self, response: bytes) -> None:
        """Send this last response, then close (Kafka, after a failed SASL authentication)."""
        if self.transport is not None and not self.closed:
            self.transport.write(response)
            self.closed = True
            self.transport.close()

    def abort(self) -> None:
        self.closed = True
        self._drop_output()
        if self.transport is not None:
            self.transport.abort()


def _drop_if_cancelled(task: asyncio.Task[None], *, pending: Any) -> None:
    """A request's task was cancelled (its connection closed: a broker killed, a client gone): when that
    happened before the task first ran, the handler's coroutine was never started — close it."""
    if task.cancelled():
        close_unstarted(pending)


def close_unstarted(awaitable: Any, depth: int = 0) -> None:
    """Close a coroutine that never started, and the never-started coroutines it was handed (a handler's
    answer wrapped as ``_finish(header, handle_find_coordinator(…))``, a fetch's ``_delayed_fetch``), so
    a dropped request leaves no "coroutine … was never awaited" behind. Started coroutines are left to
    the cancellation that reaches them."""
    if depth > 8 or not inspect.iscoroutine(awaitable) or inspect.getcoroutinestate(awaitable) != "CORO_CREATED":
        return
    frame = awaitable.cr_frame
    held = list(frame.f_locals.values()) if frame is not None else []  # (an unstarted frame holds its arguments)
    awaitable.close()
    for value in held:
        close_unstarted(value, depth + 1)


class SocketServer:
    """Listens on ``host:port`` (0 = an OS-chosen port) and hands frames to ``handle_frame``."""

    def __init__(self, host: str, port: int, max_request_size: int, handle_frame: Callable[[Connection, bytearray], Any],
                 queued_max_request_bytes: int = -1, security: ListenerSecurity | None = None) -> None:
        self.host = host
        self.listener_name = security.name if security is not None else PLAINTEXT
        self.ssl_context = security.ssl_context if security is not None else None
        self.authenticator = security.authenticator if security is not None else None
        self.requested_port = port
        self.port = port
        self.max_request_size = max_request_size
        self.handle_frame = handle_frame
        self.memory_pool = MemoryPool(queued_max_request_bytes)
        self.log_limiter = LogLimiter()
        self.connections: set[Connection] = set()
        self.paused = False
        self._resumed: asyncio.Event | None = None
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: Connection(self), self.host, self.requested_port,
                                                reuse_address=True, backlog=256, ssl=self.ssl_context)
        self.port = self._server.sockets[0].getsockname()[1]
        self.requested_port = self.port  # a restarted broker comes back on the same address

    async def stop(self) -> None:
        """Stop listening and drop every connection (in-flight requests are lost)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for conn in list(self.connections):
            conn.abort()
        self.connections.clear()

    def note_invalid_request(self, conn: Connection, error: InvalidRequest) -> None:
        """One concise line per closed connection, rate-limited (a fuzzing client sends thousands)."""
        if self.log_limiter.allow():
            log.warning("closing connection from %s:%d after an invalid %s: %s%s", conn.peer[0], conn.peer[1],
                        error.request or "request", error, self.log_limiter.take_suppressed())
        else:
            log.debug("closing connection from %s:%d after an invalid %s: %s", conn.peer[0], conn.peer[1],
                      error.request or "request", error)

    def note_failed_request(self, conn: Connection) -> None:
        """A request the broker failed to handle (a bug): the traceback, rate-limited. Call from ``except``."""
        if self.log_limiter.allow():
            log.exception("closing connection from %s:%d after a request it could not handle%s",
                          conn.peer[0], conn.peer[1], self.log_limiter.take_suppressed())

    async def wait_resumed(self) -> None:
        if self._resumed is None:
            self._resumed = asyncio.Event()
        await self._resumed.wait()

    def pause(self) -> None:
        """Stop reading from every connection, including ones accepted while paused."""
        self.paused = True
        if self._resumed is None:
            self._resumed = asyncio.Event()
        self._resumed.clear()
        for conn in self.connections:
            conn.update_reading()

    def resume(self) -> None:
        self.paused = False
        if self._resumed is not None:
            self._resumed.set()
        for conn in list(self.connections):
            conn.update_reading()
            conn.resume_processing()

    @property
    def listening(self) -> bool:
        return self._server is not None


def frame_response(header: RequestHeader, flexible_header: bool, body: RawBody) -> list[ResponsePart]:
    """Size prefix + response header + raw body parts."""
    head_len = 4 + (1 if flexible_header else 0)
    prefix = _SIZE.pack(head_len + body.size) + _SIZE.pack(header.correlation_id) + (b"\0" if flexible_header else b"")
    parts = body.parts
    if parts and type(parts[0]) is bytes and len(parts[0]) <= 1024:  # one small write instead of two
        return [prefix + parts[0], *parts[1:]]
    return [prefix, *parts]


__all__ = ["Connection", "SocketServer", "frame_response"]
