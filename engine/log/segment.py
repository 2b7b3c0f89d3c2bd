"""LogSegment: one ``<base offset>.log`` file of record batches plus its sparse indexes.

File names and index entry formats follow Kafka: the offset index holds (relative offset int32,
position int32) pairs, the time index (timestamp int64, relative offset int32), one entry every
``index.interval.bytes`` of appended data. Indexes are kept in memory as arrays and appended to
their files; a segment whose shutdown was not clean is re-scanned (``recover``).
"""

from __future__ import annotations

import bisect
import logging
import os
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path

import crc32c

from engine.protocol.records import HEADER_SIZE, LOG_OVERHEAD, BatchHeader, read_header

log = logging.getLogger(__name__)

_PEEK = struct.Struct(">qi")  # base offset, batch length
_IDX = struct.Struct(">ii")
_TIDX = struct.Struct(">qi")


def segment_name(base_offset: int) -> str:
    return f"{base_offset:020d}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    data: bytes  # whole batches
    first_offset: int


class LogSegment:
    def __init__(self, directory: Path, base_offset: int, created_ms: int, index_interval: int) -> None:
        self.base_offset = base_offset
        self.directory = directory
        self.path = directory / f"{segment_name(base_offset)}.log"
        self.index_path = directory / f"{segment_name(base_offset)}.index"
        self.time_index_path = directory / f"{segment_name(base_offset)}.timeindex"
        self.index_interval = index_interval
        self.created_ms = created_ms
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        self._idx_fd = os.open(self.index_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        self._tidx_fd = os.open(self.time_index_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        self.size = os.fstat(self._fd).st_size
        self.next_offset = base_offset
        self.max_timestamp = -1
        self.first_timestamp = -1
        self._idx_off = array("q")
        self._idx_pos = array("q")
        self._ts_ts = array("q")
        self._ts_off = array("q")
        self._bytes_since_index = 0
        self.closed = False

    # ------------------------------------------------------------------ writing
    def append(self, data: bytes | memoryview, header: BatchHeader) -> None:
        pos = self.size
        os.write(self._fd, data)
        self.size += len(data)
        if self._bytes_since_index >= self.index_interval or not self._idx_off:
            self._add_index(header.base_offset, pos)
        self._bytes_since_index += len(data)
        self._note_timestamp(header)
        self.next_offset = header.next_offset

    def _add_index(self, offset: int, pos: int, write: bool = True) -> None:
        self._idx_off.append(offset)
        self._idx_pos.append(pos)
        self._bytes_since_index = 0
        if write:
            os.write(self._idx_fd, _IDX.pack(offset - self.base_offset, pos))

    def _note_timestamp(self, header: BatchHeader, write: bool = True) -> None:
        if self.first_timestamp < 0:
            self.first_timestamp = header.max_timestamp
        if header.max_timestamp > self.max_timestamp:
            self.max_timestamp = header.max_timestamp
            self._ts_ts.append(header.max_timestamp)
            self._ts_off.append(header.base_offset)
            if write:
                os.write(self._tidx_fd, _TIDX.pack(header.max_timestamp, header.base_offset - self.base_offset))

    def flush(self) -> None:
        os.fsync(self._fd)

    # ------------------------------------------------------------------ reading
    def _peek(self, pos: int) -> tuple[int, int, int]:
        """(base offset, total size, last offset) of the batch at ``pos``."""
        raw = os.pread(self._fd, 27, pos)
        base, length = _PEEK.unpack_from(raw, 0)
        last_delta = struct.unpack_from(">i", raw, 23)[0]
        return base, length + LOG_OVERHEAD, base + last_delta

    def position_of(self, offset: int) -> int | None:
        """File position of the batch containing ``offset`` (or the first after it)."""
        i = bisect.bisect_right(self._idx_off, offset) - 1
        pos = self._idx_pos[i] if i >= 0 else 0
        while pos < self.size:
            _base, size, last = self._peek(pos)
            if last >= offset:
                return pos
            pos += size
        return None

    def read(self, offset: int, max_bytes: int, max_offset: int) -> bytes:
        """Whole batches starting at the batch containing ``offset``, up to ``max_bytes``
        (at least one batch, as KIP-74), none at or beyond ``max_offset``."""
        pos = self.position_of(offset)
        if pos is None:
            return b""
        want = min(max(max_bytes, HEADER_SIZE), self.size - pos)
        chunk = os.pread(self._fd, want, pos)
        end = 0
        while end + LOG_OVERHEAD <= len(chunk):
            base, length = _PEEK.unpack_from(chunk, end)
            if base >= max_offset:
                break
            size = length + LOG_OVERHEAD
            if end + size > len(chunk):
                if end == 0:  # first batch bigger than max_bytes: return it whole
                    chunk = os.pread(self._fd, size, pos)
                    end = size
                break
            end += size
        return chunk[:end] if end < len(chunk) else chunk

    def offset_for_timestamp(self, timestamp: int) -> int | None:
        """Base offset of the first batch whose max timestamp is ≥ ``timestamp``."""
        i = bisect.bisect_left(self._ts_ts, timestamp)
        if i >= len(self._ts_ts):
            return None
        start = self._ts_off[i - 1] if i > 0 else self.base_offset
        pos = self.position_of(start) or 0
        while pos < self.size:
            header = read_header(os.pread(self._fd, HEADER_SIZE, pos))
            if header.max_timestamp >= timestamp:
                return header.base_offset
            pos += header.size
        return None

    def read_batch_at(self, offset: int) -> bytes | None:
        pos = self.position_of(offset)
        if pos is None:
            return None
        _b, size, _l = self._peek(pos)
        return os.pread(self._fd, size, pos)

    # ------------------------------------------------------------------ recovery / truncation
    def recover(self, max_message_bytes: int) -> int:
        """Rebuild indexes by scanning and validating every batch; truncate a torn or corrupt
        tail. Returns the number of bytes truncated."""
        file_size = os.fstat(self._fd).st_size
        self._reset_indexes()
        pos = 0
        while pos + HEADER_SIZE <= file_size:
            head = os.pread(self._fd, HEADER_SIZE, pos)
            header = read_header(head)
            size = header.size
            if header.magic != 2 or size < HEADER_SIZE or pos + size > file_size or size > max(max_message_bytes, 1 << 20) * 64:
                break
            body = os.pread(self._fd, size - 21, pos + 21)
            if crc32c.crc32c(body) != header.crc:
                break
            if self._bytes_since_index >= self.index_interval or not self._idx_off:
                self._add_index(header.base_offset, pos, write=False)
            self._bytes_since_index += size
            self._note_timestamp(header, write=False)
            self.next_offset = header.next_offset
            pos += size
        truncated = file_size - pos
        if truncated:
            log.warning("%s: truncating %d bytes of torn or corrupt data at position %d", self.path, truncated, pos)
            os.ftruncate(self._fd, pos)
        self.size = pos
        self._rewrite_index_files()
        return truncated

    def load(self) -> None:
        """Load indexes from their files after a clean shutdown (scan only past the last entry)."""
        raw = os.pread(self._idx_fd, os.fstat(self._idx_fd).st_size, 0)
        self._reset_indexes()
        for rel, pos in _IDX.iter_unpack(raw[: len(raw) // 8 * 8]):
            if pos <= self.size:
                self._idx_off.append(self.base_offset + rel)
                self._idx_pos.append(pos)
        raw = os.pread(self._tidx_fd, os.fstat(self._tidx_fd).st_size, 0)
        for ts, rel in _TIDX.iter_unpack(raw[: len(raw) // 12 * 12]):
            self._ts_ts.append(ts)
            self._ts_off.append(self.base_offset + rel)
            self.max_timestamp = max(self.max_timestamp, ts)
            if self.first_timestamp < 0:
                self.first_timestamp = ts
        pos = self._idx_pos[-1] if self._idx_pos else 0
        while pos < self.size:
            base, size, last = self._peek(pos)
            self.next_offset = last + 1
            pos += size
        self._bytes_since_index = self.size - (self._idx_pos[-1] if self._idx_pos else 0)

    def truncate_to(self, offset: int) -> int:
        """Remove every batch at or after ``offset`` (batch granularity). Returns bytes removed."""
        pos = self.position_of(offset)
        if pos is None:
            return 0
        removed = self.size - pos
        os.ftruncate(self._fd, pos)
        self.size = pos
        keep = bisect.bisect_left(self._idx_pos, pos)
        del self._idx_off[keep:]
        del self._idx_pos[keep:]
        keep_t = bisect.bisect_left(self._ts_off, offset)
        del self._ts_ts[keep_t:]
        del self._ts_off[keep_t:]
        self.max_timestamp = self._ts_ts[-1] if self._ts_ts else -1
        if not self._ts_ts:
            self.first_timestamp = -1
        self.next_offset = self.base_offset
        p = self._idx_pos[-1] if self._idx_pos else 0
        while p < self.size:
            _b, size, last = self._peek(p)
            self.next_offset = last + 1
            p += size
        self._bytes_since_index = self.size - (self._idx_pos[-1] if self._idx_pos else 0)
        self._rewrite_index_files()
        return removed

    def _reset_indexes(self) -> None:
        self._idx_off = array("q")
        self._idx_pos = array("q")
        self._ts_ts = array("q")
        self._ts_off = array("q")
        self._bytes_since_index = 0
        self.max_timestamp = -1
        self.first_timestamp = -1
        self.next_offset = self.base_offset

    def _rewrite_index_files(self) -> None:
        os.ftruncate(self._idx_fd, 0)
        os.ftruncate(self._tidx_fd, 0)
        if self._idx_off:
            os.write(self._idx_fd, b"".join(_IDX.pack(o - self.base_offset, p) for o, p in zip(self._idx_off, self._idx_pos, strict=True)))
        if self._ts_ts:
            os.write(self._tidx_fd, b"".join(_TIDX.pack(t, o - self.base_offset) for t, o in zip(self._ts_ts, self._ts_off, strict=True)))

    # ------------------------------------------------------------------ lifecycle
    @property
    def fileno(self) -> int:
        return self._fd

    @property
    def is_empty(self) -> bool:
        return self.size == 0

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            for fd in (self._fd, self._idx_fd, self._tidx_fd):
                os.close(fd)

    def delete(self) -> None:
        self.close()
        for p in (self.path, self.index_path, self.time_index_path):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
