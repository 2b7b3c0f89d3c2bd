"""ResponseWriter: writes one connection's responses that hold file regions, with ``sendfile``.

Kafka sends a Fetch response as a ``MultiRecordsSend``: the header bytes, then each partition's
``FileRecords`` with ``FileChannel.transferTo`` (``sendfile``), so stored batches go from the
page cache to the socket without passing through the broker's memory. Here buffers go through the
asyncio transport as usual; a file region is written with ``os.sendfile`` straight to the socket,
but only once the transport has written everything queued before it, so the bytes stay in order (over TLS, where
``sendfile`` cannot encrypt, the region is read and written through the transport instead).
When the socket is full the writer waits for it (a writer callback on a duplicate of the socket's
descriptor: the loop refuses one on a descriptor its transport owns) and carries on. The socket is
corked (``TCP_CORK``) while such a response is written, so its header, batches and trailing bytes
leave in full segments rather than a small packet each (on loopback every packet also wakes the
reader).

Before every ``sendfile`` the region is asked whether it is still :meth:`intact` (no truncation cut
into it since it was read); a region that is not, or a file that ends before the region does
(``sendfile`` returns 0), closes the connection: the client never sees a whole frame with bytes
other than the ones read (Kafka: "Size of FileRecords … has been truncated during write").
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from engine.protocol.responses import ResponsePart

log = logging.getLogger(__name__)

BUFFERS = (bytes, bytearray, memoryview)


def close_regions(parts: Iterable[Any]) -> None:
    for part in parts:
        if not isinstance(part, BUFFERS):
            part.close()


class ResponseWriter:
    def __init__(self, transport: asyncio.Transport, paused: Callable[[], bool],
                 on_done: Callable[[], None], on_lost: Callable[[str], None]) -> None:
        self.transport = transport
        self._paused = paused
        self._on_done = on_done  # the whole response is out (called when that happens later)
        self._on_lost = on_lost  # the connection cannot go on: why
        self._loop = asyncio.get_running_loop()
        # over TLS the bytes must pass the encryption: no sendfile, no cork, the regions are read and written
        sock = transport.get_extra_info("socket") if transport.get_extra_info("sslcontext") is None else None
        self._sock = sock
        self._sock_fd = sock.fileno() if sock is not None else -1  # -1: no sendfile, copy the regions
        self._corked = False
        self._out: deque[ResponsePart] = deque()
        self._done = 0  # bytes of the first region already sent
        self._writer_fd = -1  # the duplicate descriptor, made the first time the socket is full
        self.waiting = False  # for the socket to take more

    @property
    def busy(self) -> bool:
        """A response is being written."""
        return bool(self._out)

    def start(self, parts: list[ResponsePart]) -> bool:
        """Write the response ``parts`` (at least one a file region). True when they are all out
        now; else the writer goes on by itself and calls ``on_done``."""
        self._out.extend(parts)
        self._cork(True)
        return self.write()

    def _cork(self, on: bool) -> None:
        if self._sock is not None and on != self._corked and not self.transport.is_closing():
            try:
                self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, on)
            except OSError:  # not TCP (or gone): nothing to coalesce
                self._sock = None
                return
            self._corked = on

    def resume(self) -> None:
        """Go on after a pause (or whenever the socket can take more)."""
        if self.write():
            self._on_done()

    def write(self) -> bool:
        transport = self.transport
        if self._paused() or transport.is_closing():  # like a stopped process: nothing goes out until resume
            self._stop_waiting()
            return False
        out = self._out
        while out:
            part = out[0]
            if isinstance(part, BUFFERS):
                out.popleft()
                transport.write(part)
                continue
            if self._sock_fd < 0:
                try:
                    data = part.read()
                except OSError as e:
                    self._on_lost(str(e))
                    return False
                out.popleft()
                part.close()
                transport.write(data)
                continue
            if transport.get_write_buffer_size():
                self._wait_writable()
                return False
            if not part.intact():
                self._on_lost("the segment was truncated before its bytes were sent")
                return False
            done = self._done
            try:
                sent = os.sendfile(self._sock_fd, part.fd, part.position + done, len(part) - done)
            except (BlockingIOError, InterruptedError):
                self._wait_writable()
                return False
            except OSError as e:  # the peer went away, or the file: the connection cannot go on
                self._on_lost(f"sendfile failed: {e}")
                return False
            if sent == 0:  # the file ended early: it shrank under the read (Kafka: "truncated during write")
                self._on_lost("the segment file shrank before its bytes were sent")
                return False
            done += sent
            if done < len(part):
                self._done = done
                continue  # the socket took part of it: the next call usually finds it full
            self._done = 0
            out.popleft()
            part.close()
        self._stop_waiting()
        self._cork(False)  # what is left goes out now
        return True

    def _wait_writable(self) -> None:
        if self.waiting:
            return
        if self._writer_fd < 0:
            self._writer_fd = os.dup(self._sock_fd)
        self._loop.add_writer(self._writer_fd, self.resume)
        self.waiting = True

    def _stop_waiting(self) -> None:
        if self.waiting:
            self.waiting = False
            if not self._loop.is_closed():
                self._loop.remove_writer(self._writer_fd)

    def close(self) -> None:
        """Drop what is left (closing its regions) and the duplicate descriptor — before the
        transport closes its own, so that the connection really closes."""
        close_regions(self._out)
        self._out.clear()
        self._done = 0
        if self._writer_fd >= 0:
            self._stop_waiting()
            fd, self._writer_fd = self._writer_fd, -1
            os.close(fd)
