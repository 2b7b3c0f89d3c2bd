"""FileRecords: whole batches of a segment file, to be written to a socket without being copied.

Kafka's ``FileRecords.slice``: a fetch takes a byte range of a segment file at read time and the
network layer sends it with ``sendfile`` (``FileRecords.writeTo`` → ``FileChannel.transferTo``).
Here the range owns a duplicate of the segment's descriptor, taken at read time, so it stays valid
whatever happens to the segment meanwhile:

- the log directory's open-file budget closes the segment's own descriptor: the duplicate is unaffected;
- retention or a topic deletion deletes the segment: the file is unlinked but its bytes stay readable
  through the duplicate until the range is closed (Kafka keeps deleted segments for
  ``file.delete.delay.ms`` for the same reason);
- a truncation (a follower, or a leader that became one, cutting its log) makes the range
  :meth:`intact` no longer, so the connection can refuse to send it. Kafka throws "has been
  truncated during write" and closes the connection; so does ours (``engine.network.server``). A file
  that shrinks behind the engine's back shows as ``sendfile`` returning 0 before the end: the same.

The range is closed after it was sent, when its response is dropped, or when it is collected.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence

from engine.protocol.records import HEADER_SIZE, LOG_OVERHEAD, BatchHeader, read_header

_MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD
WALK_CHUNK = 32 * 1024  # bytes read at a time when walking batch headers


class FileRecords:
    """``size`` bytes at ``position`` of a segment file (whole batches), with its own descriptor."""

    __slots__ = ("fd", "position", "size", "_truncations", "_mark")

    def __init__(self, fd: int, position: int, size: int, truncations: Sequence[int]) -> None:
        self.fd = os.dup(fd)
        self.position = position
        self.size = size
        self._truncations = truncations  # the segment's truncation log (positions it was cut at)
        self._mark = len(truncations)

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return f"FileRecords(position={self.position}, size={self.size})"

    def intact(self) -> bool:
        """True while no truncation since the read cut into the range (so its bytes are the ones read)."""
        log = self._truncations
        if len(log) == self._mark:
            return True
        end = self.position + self.size
        return all(cut >= end for cut in log[self._mark:])

    def read(self) -> bytes:
        """The bytes, copied (for a transport that cannot ``sendfile``)."""
        if self.fd < 0:
            raise OSError(errno.EBADF, "FileRecords already closed")
        data = os.pread(self.fd, self.size, self.position)
        if len(data) != self.size or not self.intact():
            raise OSError(errno.EIO, f"the segment was truncated under a read ({len(data)} of {self.size} bytes)")
        return data

    def __bytes__(self) -> bytes:
        return self.read()

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self) -> None:  # a response that was dropped without being sent
        try:
            self.close()
        except OSError:
            pass


def walk_headers(fd: int, start: int, end: int) -> Iterator[tuple[int, BatchHeader]]:
    """``(position, header)`` of every batch from ``start`` while a whole header fits before ``end``,
    reading the file ``WALK_CHUNK`` bytes at a time (one read per batch only when batches are larger).
    Stops after yielding a header whose length is impossible; the caller validates headers."""
    pos = start
    while pos + HEADER_SIZE <= end:
        chunk = os.pread(fd, min(WALK_CHUNK, end - pos), pos)
        n = len(chunk)
        off = 0
        while off + HEADER_SIZE <= n:
            header = read_header(chunk, off)
            yield pos + off, header
            if header.batch_length < _MIN_BATCH_LENGTH:
                return
            off += header.batch_length + LOG_OVERHEAD
        if n < HEADER_SIZE:  # the file is shorter than the caller thought
            return
        pos += off
