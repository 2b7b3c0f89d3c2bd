"""LogSegment: one ``<base offset>.log`` file of record batches plus its sparse indexes.

File names and index entry formats follow Kafka: the offset index holds (relative offset int32,
position int32) pairs, the time index (timestamp int64, relative offset int32) pairs, one entry
every ``index.interval.bytes`` of appended data (Kafka's ``LogSegment.append``: the time index gets
the largest timestamp so far and its batch, and a final entry when the segment becomes inactive).

Indexes live in memory as arrays. Their files are written when the segment rolls or closes cleanly
(Kafka flushes its memory-mapped indexes at the same points); after a crash the unflushed segments
are recovered from the log itself. On load an index is verified entry by entry against the log
(Kafka's ``OffsetIndex``/``TimeIndex.sanityCheck``, stricter) and rebuilt by :meth:`recover` when
it does not match, as Kafka's ``LogLoader`` does on a ``CorruptIndexException``.

Besides the sparse indexes, every batch's position and offsets are kept in memory (16 bytes a
batch: 64 KiB for 4,096 batches), built on append, recovery and load (one pass over the batch
headers, read in chunks): a read finds the exact bytes of whole batches without touching the file,
and hands them out as :class:`~engine.log.file_records.FileRecords` for ``sendfile``.

The ``.log`` file is opened on first use and may be closed again by the log directory's
:class:`~engine.log.files.OpenFiles` budget; every access goes through :meth:`_file`.
"""

from __future__ import annotations

import bisect
import errno
import logging
import os
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import crc32c

from engine.log.file_records import FileRecords, walk_headers
from engine.log.files import OpenFiles, open_private, write_file
from engine.protocol.records import HEADER_SIZE, LOG_OVERHEAD, BatchHeader, read_header

log = logging.getLogger(__name__)

_IDX = struct.Struct(">ii")
_TIDX = struct.Struct(">qi")
MAX_RELATIVE_OFFSET = 2**31 - 1  # index entries hold offsets relative to the base as int32
_MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD
_LOG_FLAGS = os.O_RDWR | os.O_APPEND


def segment_name(base_offset: int) -> str:
    return f"{base_offset:020d}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    data: bytes  # whole batches
    first_offset: int


@dataclass(frozen=True, slots=True)
class Recovered:
    """What :meth:`LogSegment.recover` found: bytes kept and cut, and why it stopped early."""

    valid_bytes: int
    truncated_bytes: int
    reason: str = ""  # empty when the whole file was valid


class LogSegment:
    def __init__(self, directory: Path, base_offset: int, created_ms: int, index_interval: int,
                 files: OpenFiles | None = None) -> None:
        self.base_offset = base_offset
        self.directory = directory
        self.path = directory / f"{segment_name(base_offset)}.log"
        self.index_path = directory / f"{segment_name(base_offset)}.index"
        self.time_index_path = directory / f"{segment_name(base_offset)}.timeindex"
        self.index_interval = index_interval
        self.created_ms = created_ms
        self.closed = False
        self._files = files
        self._fd: int | None = None
        self.size = os.fstat(self._file()).st_size
        self.next_offset = base_offset
        self.max_timestamp = -1
        self.first_timestamp = -1
        self._max_ts_offset = base_offset
        self._idx_off = array("q")
        self._idx_pos = array("q")
        self._ts_ts = array("q")
        self._ts_off = array("q")
        # every batch: position, first and last offset relative to the base (Kafka keeps only the
        # sparse index and scans from it; this is what lets a read skip the scan)
        self._b_pos = array("q")
        self._b_base = array("i")
        self._b_last = array("i")
        self.truncations: list[int] = []  # positions this file was cut at (for FileRecords.intact)
        self._bytes_since_index = 0
        self._idx_written = self._ts_written = -1  # entries already in the index files; -1: rewrite them

    # ------------------------------------------------------------------ descriptors
    def _file(self) -> int:
        fd = self._fd
        if fd is None:
            if self.closed:
                raise OSError(errno.EBADF, f"{self.path} is closed")
            fd = self._fd = open_private(self.path, _LOG_FLAGS)
            if self._files is not None:
                self._files.opened(self)
        elif self._files is not None:
            self._files.touch(self)
        return fd

    def release_file(self) -> None:
        """Close the descriptor (the budget is spent); the next access reopens the file."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    @property
    def has_open_file(self) -> bool:
        return self._fd is not None

    # ------------------------------------------------------------------ writing
    def append(self, data: bytes | memoryview, header: BatchHeader) -> None:
        fd = self._file()
        pos = self.size
        try:
            written = os.write(fd, data)
        except OSError:
            self._undo_append(fd, pos)
            raise
        if written != len(data):
            self._undo_append(fd, pos)
            raise OSError(errno.EIO, f"short write to {self.path} ({written} of {len(data)} bytes)")
        self.size = pos + written
        self._index_batch(header, pos)

    def _undo_append(self, fd: int, pos: int) -> None:
        try:
            os.ftruncate(fd, pos)
        except OSError:
            log.exception("%s: could not undo a failed append", self.path)

    def _index_batch(self, header: BatchHeader, pos: int) -> None:
        """Track timestamps and add index entries for the batch at ``pos`` (Kafka's LogSegment.append)."""
        self._add_batch(header, pos)
        if self._bytes_since_index >= self.index_interval or not self._idx_off:
            self._idx_off.append(header.base_offset)
            self._idx_pos.append(pos)
            self._bytes_since_index = 0
            self._maybe_add_time_entry()
        self._bytes_since_index += header.size

    def _add_batch(self, header: BatchHeader, pos: int) -> None:
        """The batch at ``pos`` in the in-memory batch list, its timestamps and the next offset."""
        ts = header.max_timestamp
        if self.first_timestamp < 0:
            self.first_timestamp = ts
        if ts > self.max_timestamp:
            self.max_timestamp = ts
            self._max_ts_offset = header.base_offset
        self._b_pos.append(pos)
        self._b_base.append(header.base_offset - self.base_offset)
        self._b_last.append(header.last_offset - self.base_offset)
        self.next_offset = header.next_offset

    def _maybe_add_time_entry(self) -> None:
        if self.max_timestamp > (self._ts_ts[-1] if self._ts_ts else -1):
            self._ts_ts.append(self.max_timestamp)
            self._ts_off.append(self._max_ts_offset)

    def can_hold(self, header: BatchHeader) -> bool:
        """False when the batch's offsets do not fit the int32 relative offsets of the indexes
        (Kafka rolls then: ``LogSegment.shouldRoll`` / ``canConvertToRelativeOffset``)."""
        return header.last_offset - self.base_offset <= MAX_RELATIVE_OFFSET

    def flush(self) -> None:
        os.fsync(self._file())

    def persist_indexes(self, final: bool = False) -> None:
        """Write the index entries not yet in the index files (appended; the files are rewritten
        after a truncation or rebuild). Called on roll and clean close, as Kafka flushes its
        memory-mapped indexes, and every second for the active segment (LogManager.checkpoint).
        ``final``: the segment becomes inactive, so the time index gets its last entry."""
        if final:
            self._maybe_add_time_entry()
        base = self.base_offset
        n = len(self._idx_off)
        if self._idx_written != n:
            start = max(self._idx_written, 0)
            data = b"".join(_IDX.pack(self._idx_off[i] - base, self._idx_pos[i]) for i in range(start, n))
            self._write_index_file(self.index_path, data, append=self._idx_written >= 0)
            self._idx_written = n
        n = len(self._ts_ts)
        if self._ts_written != n:
            start = max(self._ts_written, 0)
            data = b"".join(_TIDX.pack(self._ts_ts[i], self._ts_off[i] - base) for i in range(start, n))
            self._write_index_file(self.time_index_path, data, append=self._ts_written >= 0)
            self._ts_written = n

    @staticmethod
    def _write_index_file(path: Path, data: bytes, append: bool) -> None:
        if not append:
            write_file(path, data)
            return
        fd = open_private(path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ reading
    def _batch_index(self, offset: int) -> int:
        """Index of the batch containing ``offset`` (or the first after it); the batch count if none."""
        return bisect.bisect_left(self._b_last, offset - self.base_offset)

    def _batch_end(self, i: int) -> int:
        return self._b_pos[i + 1] if i + 1 < len(self._b_pos) else self.size

    def position_of(self, offset: int) -> int | None:
        """File position of the batch containing ``offset`` (or the first after it)."""
        i = self._batch_index(offset)
        return self._b_pos[i] if i < len(self._b_pos) else None

    def slice(self, offset: int, max_bytes: int, max_offset: int) -> tuple[int, int] | None:
        """``(position, size)`` of whole batches starting at the batch containing ``offset``, up to
        ``max_bytes`` (at least one batch, as KIP-74), none at or beyond ``max_offset``. No file
        access: the batch boundaries are in memory."""
        i = self._batch_index(offset)
        n = len(self._b_pos)
        if i >= n:
            return None
        # batches i .. stop-1: below max_offset, and ending within max_bytes (but at least batch i)
        stop = bisect.bisect_left(self._b_base, max_offset - self.base_offset, i, n)
        if stop == i:
            return None
        start = self._b_pos[i]
        limit = start + max_bytes
        if stop < n and self._b_pos[stop] <= limit:
            return start, self._b_pos[stop] - start
        if stop == n and self.size <= limit:
            return start, self.size - start
        # the last batch that fits is the one before the first batch ending past the limit
        k = bisect.bisect_right(self._b_pos, limit, i + 1, stop)  # batches i .. k-1 start within the limit
        end = self._b_pos[k - 1] if k - 1 > i else self._batch_end(i)
        return start, end - start

    def read(self, offset: int, max_bytes: int, max_offset: int) -> bytes:
        """The bytes of :meth:`slice` (b"" when it is empty)."""
        found = self.slice(offset, max_bytes, max_offset)
        return b"" if found is None else self.read_range(*found)

    def read_range(self, position: int, size: int) -> bytes:
        data = os.pread(self._file(), size, position)
        if len(data) != size:
            raise OSError(errno.EIO, f"{self.path}: {len(data)} of {size} bytes at {position} (file truncated?)")
        return data

    def records(self, position: int, size: int) -> FileRecords:
        """The range as :class:`FileRecords` (its own descriptor: survives eviction and deletion)."""
        return FileRecords(self._file(), position, size, self.truncations)

    def offset_for_timestamp(self, timestamp: int) -> int | None:
        """Base offset of the first batch whose max timestamp is ≥ ``timestamp``. The time index
        is sparse: every batch up to entry i-1's offset is older than entry i-1's timestamp, so the
        scan starts there (Kafka's ``TimeIndex.lookup`` + ``LogSegment.findOffsetByTimestamp``)."""
        if self.max_timestamp < timestamp:
            return None
        i = bisect.bisect_left(self._ts_ts, timestamp)
        start = self._ts_off[i - 1] if i > 0 else self.base_offset
        pos = self.position_of(start)
        fd = self._file()
        while pos is not None and pos < self.size:
            header = read_header(os.pread(fd, HEADER_SIZE, pos))
            if header.max_timestamp >= timestamp:
                return header.base_offset
            pos += header.size
        return None

    def read_batch_at(self, offset: int) -> bytes | None:
        i = self._batch_index(offset)
        if i >= len(self._b_pos):
            return None
        pos = self._b_pos[i]
        return self.read_range(pos, self._batch_end(i) - pos)

    def headers(self) -> Iterator[BatchHeader]:
        """Every batch header, in order (producer-state and leader-epoch rebuilds)."""
        for _pos, header in walk_headers(self._file(), 0, self.size):
            yield header

    # ------------------------------------------------------------------ recovery / truncation
    def _check_header(self, header: BatchHeader, pos: int, file_size: int, max_batch: int) -> str:
        """Why the batch at ``pos`` cannot be part of this segment ("" when it can)."""
        if header.magic != 2:
            return f"a batch with magic {header.magic} at byte {pos}"
        if header.batch_length < _MIN_BATCH_LENGTH or header.size > max_batch:
            return f"a batch length of {header.batch_length} at byte {pos}"
        if pos + header.size > file_size:
            return f"a torn batch at byte {pos} ({file_size - pos} of its {header.size} bytes)"
        if header.last_offset_delta < 0 or header.base_offset < self.next_offset:
            return f"offset {header.base_offset} out of order at byte {pos}"
        if not self.can_hold(header):
            return f"offset {header.last_offset} beyond what the segment can index at byte {pos}"
        return ""

    def recover(self, max_message_bytes: int) -> Recovered:
        """Rebuild the indexes by scanning and validating every batch (CRC, offsets, sizes), and
        truncate at the first invalid one (Kafka's ``LogSegment.recover``). Writes the new index
        files; does not log (the caller reports the whole log's recovery in one line)."""
        fd = self._file()
        file_size = os.fstat(fd).st_size
        self._reset_indexes()
        max_batch = max(max_message_bytes, 1 << 20) * 64
        pos = 0
        reason = ""
        while pos < file_size:
            if pos + HEADER_SIZE > file_size:
                reason = f"a torn batch header at byte {pos} ({file_size - pos} bytes)"
                break
            header = read_header(os.pread(fd, HEADER_SIZE, pos))
            reason = self._check_header(header, pos, file_size, max_batch)
            if reason:
                break
            if crc32c.crc32c(os.pread(fd, header.size - 21, pos + 21)) != header.crc:
                reason = f"a batch with a bad CRC at byte {pos} (offset {header.base_offset})"
                break
            self._index_batch(header, pos)
            pos += header.size
        truncated = file_size - pos
        if truncated:
            os.ftruncate(fd, pos)
            self.truncations.append(pos)
        self.size = pos
        self.persist_indexes()  # _reset_indexes marked the files for a rewrite
        return Recovered(pos, truncated, reason if truncated else "")

    def load(self, max_message_bytes: int) -> str | None:
        """Load the indexes from their files and verify them against the log, whose batch headers
        are all read once (in chunks) for the in-memory batch list; also check that the log ends on
        a batch boundary. Returns why the segment needs :meth:`recover`, or None."""
        fd = self._file()
        size = self.size = os.fstat(fd).st_size
        self._reset_indexes()
        if size == 0:
            return None
        try:
            raw_idx = self.index_path.read_bytes()
            raw_tidx = self.time_index_path.read_bytes()
        except FileNotFoundError as e:
            return f"{Path(e.filename or '').name or 'an index'} is missing"
        if not raw_idx or len(raw_idx) % _IDX.size or len(raw_tidx) % _TIDX.size:
            return f"index sizes {len(raw_idx)}/{len(raw_tidx)} bytes are not whole entries"
        # every batch: whole, in order, ending exactly at the file end
        timed = {self.base_offset + rel: -1 for _ts, rel in _TIDX.iter_unpack(raw_tidx)}
        max_batch = max(max_message_bytes, 1 << 20) * 64
        pos = 0
        for pos, header in walk_headers(fd, 0, size):
            reason = self._check_header(header, pos, size, max_batch)
            if reason:
                self._reset_indexes()
                return f"{self.path.name} has {reason}"
            if header.base_offset in timed:
                timed[header.base_offset] = header.max_timestamp
            self._add_batch(header, pos)
        end = self._batch_end(len(self._b_pos) - 1) if self._b_pos else 0
        if end != size:
            self._reset_indexes()
            return f"{self.path.name} ends with a torn batch header at byte {end}"
        problem = self._load_offset_index(raw_idx, size)
        if problem:
            self._reset_indexes()
            return f"{self.index_path.name}: {problem}"
        self._bytes_since_index = size - self._idx_pos[-1]
        problem = self._load_time_index(raw_tidx, timed)
        if problem:
            self._reset_indexes()
            return f"{self.time_index_path.name}: {problem}"
        self._idx_written, self._ts_written = len(self._idx_off), len(self._ts_ts)
        return None

    def _load_offset_index(self, raw: bytes, size: int) -> str | None:
        prev_off = prev_pos = -1
        for rel, pos in _IDX.iter_unpack(raw):
            offset = self.base_offset + rel
            if rel < 0 or offset <= prev_off or pos <= prev_pos or pos >= size:
                return f"entry ({rel}, {pos}) is out of order or beyond the log's {size} bytes"
            i = bisect.bisect_left(self._b_pos, pos)
            if i >= len(self._b_pos) or self._b_pos[i] != pos or self._b_base[i] != rel:
                return f"entry ({rel}, {pos}) does not point at the batch of offset {offset}"
            self._idx_off.append(offset)
            self._idx_pos.append(pos)
            prev_off, prev_pos = offset, pos
        if self._idx_pos[0] != 0:
            return "the first entry is not at position 0"
        return None

    def _load_time_index(self, raw: bytes, timed: dict[int, int]) -> str | None:
        """Entries in order, each naming a batch's base offset and that batch's max timestamp
        (``timed``: the max timestamp of the batch at each offset the index names, -1 if none)."""
        prev_ts, prev_off = -1, self.base_offset
        for ts, rel in _TIDX.iter_unpack(raw):
            offset = self.base_offset + rel
            if ts <= prev_ts or offset < prev_off or offset >= self.next_offset:
                return f"entry ({ts}, {rel}) is out of order or beyond the log"
            if timed.get(offset) != ts:
                return f"entry ({ts}, {rel}) does not match the batch at offset {offset}"
            self._ts_ts.append(ts)
            self._ts_off.append(offset)
            prev_ts, prev_off = ts, offset
        if not self._ts_ts and (self.first_timestamp >= 0 or self.max_timestamp >= 0):
            return "it is empty but the log has timestamps"
        return None

    def truncate_to(self, offset: int) -> int:
        """Remove every batch at or after ``offset`` (batch granularity). Returns bytes removed."""
        i = self._batch_index(offset)
        if i >= len(self._b_pos):
            return 0
        pos = self._b_pos[i]
        fd = self._file()
        removed = self.size - pos
        os.ftruncate(fd, pos)
        self.truncations.append(pos)
        self.size = pos
        del self._b_pos[i:]
        del self._b_base[i:]
        del self._b_last[i:]
        keep = bisect.bisect_left(self._idx_pos, pos)
        del self._idx_off[keep:]
        del self._idx_pos[keep:]
        keep_t = bisect.bisect_left(self._ts_off, offset)
        del self._ts_ts[keep_t:]
        del self._ts_off[keep_t:]
        self.max_timestamp = self._ts_ts[-1] if self._ts_ts else -1
        self._max_ts_offset = self._ts_off[-1] if self._ts_off else self.base_offset
        if pos == 0:
            self.first_timestamp = -1
        self.next_offset = self.base_offset + self._b_last[-1] + 1 if self._b_last else self.base_offset
        for _p, header in walk_headers(fd, self._idx_pos[-1] if self._idx_pos else 0, self.size):
            if header.max_timestamp > self.max_timestamp:
                self.max_timestamp, self._max_ts_offset = header.max_timestamp, header.base_offset
        self._bytes_since_index = self.size - (self._idx_pos[-1] if self._idx_pos else 0)
        self._idx_written = self._ts_written = -1
        self.persist_indexes()
        return removed

    def _reset_indexes(self) -> None:
        self._idx_off = array("q")
        self._idx_pos = array("q")
        self._ts_ts = array("q")
        self._ts_off = array("q")
        self._b_pos = array("q")
        self._b_base = array("i")
        self._b_last = array("i")
        self._bytes_since_index = 0
        self.max_timestamp = -1
        self.first_timestamp = -1
        self._max_ts_offset = self.base_offset
        self.next_offset = self.base_offset
        self._idx_written = self._ts_written = -1

    # ------------------------------------------------------------------ lifecycle
    @property
    def is_empty(self) -> bool:
        return self.size == 0

    def close(self, clean: bool = True) -> None:
        """Close the file; a clean close first writes the index files (Kafka: on shutdown)."""
        if self.closed:
            return
        if clean:
            try:
                self.persist_indexes(final=True)
            except OSError:
                log.warning("%s: could not write the index files; they are rebuilt on the next start", self.path)
        self.closed = True
        if self._files is not None:
            self._files.closed(self)
        self.release_file()

    def delete(self) -> None:
        self.close(clean=False)
        for p in (self.path, self.index_path, self.time_index_path):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
