"""SocketServer: one asyncio listener per broker; Connection: frames in, responses out in order.

Like Kafka's ``SocketServer``/``Processor``, a connection handles one request at a time (the
channel is "muted" while a request is in progress), so responses go out in request order.
Frames are read straight into their own buffers (``BufferedProtocol``); a frame larger than
``socket.request.max.bytes`` or one that cannot be parsed closes the connection, as in Kafka.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import struct
from collections import deque
from collections.abc import Callable
from typing import Any

from engine.network.dispatch import NoResponse, RawBody, RequestContext
from engine.protocol.frames import RequestHeader

log = logging.getLogger(__name__)

_SIZE = struct.Struct(">i")
MAX_QUEUED_FRAMES = 32

FrameHandler = Callable[["Connection", bytearray], Any]


class Connection(asyncio.BufferedProtocol):
    def __init__(self, server: SocketServer) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self._size_buf = bytearray(4)
        self._frame: bytearray | None = None
        self._filled = 0
        self._queue: deque[bytearray] = deque()
        self._busy = False
        self._paused = False
        self._task: asyncio.Task[None] | None = None
        self.closed = False
        self.peer: tuple[str, int] = ("", 0)
        self.id = ""

    # ------------------------------------------------------------------ asyncio protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername") or ("", 0)
        self.peer = (str(peer[0]), int(peer[1]))
        local = transport.get_extra_info("sockname") or ("", 0)
        self.id = f"{local[0]}:{local[1]}-{self.peer[0]}:{self.peer[1]}"
        self.server.connections.add(self)
        if self.server.paused:
            transport.pause_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server.connections.discard(self)
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def get_buffer(self, sizehint: int) -> memoryview:
        if self._frame is None:
            return memoryview(self._size_buf)[self._filled :]
        return memoryview(self._frame)[self._filled :]

    def buffer_updated(self, nbytes: int) -> None:
        self._filled += nbytes
        if self._frame is None:
            if self._filled < 4:
                return
            (size,) = _SIZE.unpack(self._size_buf)
            if size <= 0 or size > self.server.max_request_size:
                log.warning("closing connection %s: request size %d outside 1..%d (socket.request.max.bytes)",
                            self.id, size, self.server.max_request_size)
                self.abort()
                return
            self._frame = bytearray(size)
            self._filled = 0
            return
        if self._filled < len(self._frame):
            return
        frame, self._frame, self._filled = self._frame, None, 0
        self._queue.append(frame)
        if len(self._queue) >= MAX_QUEUED_FRAMES and not self._paused and self.transport is not None:
            self._paused = True
            self.transport.pause_reading()
        if not self._busy:
            self._drain()

    def eof_received(self) -> bool | None:
        return None

    # ------------------------------------------------------------------ processing
    def _drain(self) -> None:
        while self._queue and not self.closed and not self.server.paused:
            frame = self._queue.popleft()
            try:
                result = self.server.handle_frame(self, frame)
            except Exception:
                log.exception("closing connection %s after a request it could not handle", self.id)
                self.abort()
                return
            if inspect.isawaitable(result):
                self._busy = True
                self._task = asyncio.ensure_future(self._await(result))
                return
            self.send(result)
        if self._paused and not self.closed and self.transport is not None:
            self._paused = False
            self.transport.resume_reading()

    async def _await(self, awaitable: Any) -> None:
        try:
            result = await awaitable
        except asyncio.CancelledError:
            return
        except Exception:
            log.exception("closing connection %s after a failed request", self.id)
            self.abort()
            return
        if self.server.paused:
            await self.server.wait_resumed()
        self._busy = False
        self.send(result)
        self._drain()

    def resume_processing(self) -> None:
        if not self._busy:
            self._drain()

    def send(self, response: Any) -> None:
        """``response`` is None (nothing to send), bytes (whole frame), or list of buffers."""
        if response is None or self.closed or self.transport is None:
            return
        if isinstance(response, (bytes, bytearray)):
            self.transport.write(response)
        else:
            for part in response:
                self.transport.write(part)

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


class SocketServer:
    """Listens on ``host:port`` (0 = an OS-chosen port) and hands frames to ``handle_frame``."""

    def __init__(self, host: str, port: int, max_request_size: int, handle_frame: Callable[[Connection, bytearray], Any]) -> None:
        self.host = host
        self.requested_port = port
        self.port = port
        self.max_request_size = max_request_size
        self.handle_frame = handle_frame
        self.connections: set[Connection] = set()
        self.paused = False
        self._resumed: asyncio.Event | None = None
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: Connection(self), self.host, self.requested_port,
                                                reuse_address=True, backlog=256)
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
            if conn.transport is not None:
                conn.transport.pause_reading()

    def resume(self) -> None:
        self.paused = False
        if self._resumed is not None:
            self._resumed.set()
        for conn in self.connections:
            if conn.transport is not None and not conn._paused:
                conn.transport.resume_reading()
            conn.resume_processing()

    @property
    def listening(self) -> bool:
        return self._server is not None


def frame_response(header: RequestHeader, flexible_header: bool, body: RawBody) -> list[bytes | memoryview]:
    """Size prefix + response header + raw body parts."""
    head_len = 4 + (1 if flexible_header else 0)
    prefix = _SIZE.pack(head_len + body.size) + _SIZE.pack(header.correlation_id) + (b"\0" if flexible_header else b"")
    return [prefix, *body.parts]


__all__ = ["Connection", "SocketServer", "RequestContext", "NoResponse", "RawBody", "frame_response"]
