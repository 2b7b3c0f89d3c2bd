"""UnifiedLog: the log of one partition replica, a sequence of :class:`LogSegment` files.

Offsets are assigned here (``append_as_leader``); followers append batches as the leader wrote them
(``append_as_follower``). Retention by ``retention.ms``/``retention.bytes`` deletes whole segments below the
high watermark and advances the log start offset, as Kafka's ``UnifiedLog``.

Opening a log is Kafka's ``LogLoader``: after a clean shutdown every segment's indexes are verified against
its file; after a crash the segment holding the recovery point and every later one are re-scanned batch by
batch. The log keeps its intact prefix: the first damaged segment is truncated at the damage and every later
segment removed (no silent offset hole), and the whole recovery is reported in one log line.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import crc32c

from engine.clock import Clock
from engine.config import LogConfig
from engine.log.epoch_cache import LeaderEpochCache
from engine.log.file_records import FileRecords
from engine.log.files import OpenFiles, make_private_dir, read_partition_metadata, write_atomic
from engine.log.loader import load_segments
from engine.log.producer_state import ProducerStateManager
from engine.log.segment import LogSegment
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import (
    BatchHeader,
    assign_offsets,
    check_timestamps,
    decode_batch,
    iter_batches,
    set_log_append_time,
)

log = logging.getLogger(__name__)

SENDFILE_MIN_BYTES = 32 * 1024


@dataclass(frozen=True, slots=True)
class AppendInfo:
    first_offset: int
    last_offset: int
    log_append_time: int  # -1 unless LogAppendTime
    log_start_offset: int
    duplicate: bool = False
    records: int = 0
    bytes: int = 0


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    base_offset: int
    next_offset: int
    size: int
    first_timestamp: int
    max_timestamp: int
    path: str


def dir_name(topic: str, partition: int) -> str:
    return f"{topic}-{partition}"


def _storage_error(e: OSError, what: str) -> KafkaError:
    return KafkaError(ErrorCode.kafka_storage_error, f"{what}: {e.strerror or e}")


class UnifiedLog:
    def __init__(self, directory: Path, topic: str, partition: int, topic_id: uuid.UUID,
                 config: LogConfig, clock: Clock, files: OpenFiles | None = None) -> None:
        self.directory = directory
        self.files = files
        self.topic = topic
        self.partition = partition
        self.topic_id = topic_id
        self.config = config
        self.clock = clock
        self.segments: list[LogSegment] = []
        self.log_start_offset = 0
        self.high_watermark = 0
        self.recovery_point = 0
        self.producer_state = ProducerStateManager()
        self.cleaner_offset = -1  # compacted below this offset (the log cleaner's first dirty offset)
        self._unflushed_messages = 0
        self._last_flush_ms = clock.time_ms()
        self._first_unflushed_ms = -1  # when the oldest not-yet-fsynced write happened
        self._dirty: list[LogSegment] = []  # rolled segments not fsynced yet
        make_private_dir(directory)
        self.epoch_cache = LeaderEpochCache(directory / "leader-epoch-checkpoint")
        meta = directory / "partition.metadata"
        recorded = read_partition_metadata(meta)
        if recorded is None:
            if meta.exists():
                log.warning("%s is unreadable: rewriting it with topic id %s", meta, topic_id)
            write_atomic(meta, f"version: 0\ntopic_id: {topic_id}\n".encode())

    def _new_segment(self, base_offset: int) -> LogSegment:
        return LogSegment(self.directory, base_offset, self.clock.time_ms(), self.config.index_interval_bytes, self.files)

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(cls, directory: Path, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig,
               clock: Clock, files: OpenFiles | None = None) -> UnifiedLog:
        self = cls(directory, topic, partition, topic_id, config, clock, files)
        self.segments.append(self._new_segment(0))
        return self

    @classmethod
    def open(cls, directory: Path, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig,
             clock: Clock, *, clean_shutdown: bool, recovery_point: int = 0, log_start_offset: int = 0,
             high_watermark: int = 0, files: OpenFiles | None = None) -> UnifiedLog:
        self = cls(directory, topic, partition, topic_id, config, clock, files)
        self.segments = load_segments(directory, topic, partition, config.max_message_bytes, self._new_segment,
                                      clean_shutdown, recovery_point, "compact" in config.cleanup_policy)
        if not self.segments:
            self.segments.append(self._new_segment(max(log_start_offset, 0)))
        leo = self.log_end_offset
        start = max(log_start_offset, self.segments[0].base_offset)
        if start > leo:
            log.warning("%s-%d: the log start offset %d is beyond the log end %d: starting the log at %d",
                        topic, partition, start, leo, leo)
            start = leo
        self.log_start_offset = start
        self.recovery_point = leo
        # after a crash, recovered segments are dirty (not fsynced by the loader): the flusher moves the recovery point
        if not clean_shutdown and (dirty := [seg for seg in self.segments if seg.next_offset > recovery_point]):
            self.recovery_point = min(max(recovery_point, self.segments[0].base_offset), leo)
            self._dirty, self._first_unflushed_ms = [seg for seg in dirty if seg is not self.active_segment], clock.time_ms()
            self._unflushed_messages = max(1, leo - self.recovery_point)
        self.high_watermark = min(max(high_watermark, self.log_start_offset), leo)
        self.epoch_cache.truncate_from_end(leo)
        self._rebuild_producer_state()
        return self

    def _rebuild_producer_state(self) -> None:
        """Producer state (Kafka rebuilds it from snapshots + the log) and, when the checkpoint was
        unreadable, the leader epoch cache from the epochs stamped on the batches."""
        epochs: list[tuple[int, int]] = []
        rebuild_epochs = self.epoch_cache.needs_rebuild
        for seg in self.segments:
            for header in seg.headers():
                if header.producer_id >= 0:
                    control = seg.read_batch_at(header.base_offset) if header.is_control else None
                    self.producer_state.update(header, header.base_offset, header.max_timestamp, control)
                if rebuild_epochs and (not epochs or header.leader_epoch > epochs[-1][0]):
                    epochs.append((header.leader_epoch, header.base_offset))
        if rebuild_epochs:
            self.epoch_cache.rebuild(epochs)

    # ------------------------------------------------------------------ properties
    @property
    def active_segment(self) -> LogSegment:
        return self.segments[-1]

    @property
    def log_end_offset(self) -> int:
        return self.active_segment.next_offset

    @property
    def size_bytes(self) -> int:
        return sum(s.size for s in self.segments)

    @property
    def last_stable_offset(self) -> int:
        """The LSO: the high watermark, or the first offset of an unfinished transaction below it."""
        first = self.producer_state.first_unstable_offset(self.high_watermark)
        return self.high_watermark if first is None else min(first, self.high_watermark)

    def segment_infos(self) -> tuple[SegmentInfo, ...]:
        return tuple(SegmentInfo(s.base_offset, s.next_offset, s.size, s.first_timestamp, s.max_timestamp, str(s.path))
                     for s in self.segments)

    # ------------------------------------------------------------------ appending
    def append_as_leader(self, batches: list[tuple[memoryview, BatchHeader]], leader_epoch: int) -> AppendInfo:
        now = self.clock.time_ms()
        cfg = self.config
        for _b, h in batches:
            check_timestamps(h, now, cfg.message_timestamp_type, cfg.message_timestamp_before_max_ms,
                             cfg.message_timestamp_after_max_ms)
        # idempotence: a retried batch is answered with its first append's offsets
        if len(batches) == 1:
            dup = self.producer_state.check(batches[0][1])
            if dup is not None:
                return AppendInfo(dup.first_offset, dup.last_offset, -1, self.log_start_offset, duplicate=True)
        else:
            for _b, h in batches:
                if self.producer_state.check(h) is not None:
                    raise KafkaError(ErrorCode.duplicate_sequence_number, "duplicate batch in a multi-batch request")
        log_append = self.config.message_timestamp_type == "LogAppendTime"
        if self.epoch_cache.latest_epoch < leader_epoch:
            self.epoch_cache.assign(leader_epoch, self.log_end_offset)
        first = self.log_end_offset
        offset = first
        n_records = n_bytes = 0
        for batch, header in batches:
            assign_offsets(batch, offset, leader_epoch)
            if log_append:
                buf = bytearray(batch)
                set_log_append_time(buf, now)
                batch = memoryview(buf)
            stored = BatchHeader(offset, header.batch_length, leader_epoch, 2, header.crc, header.attributes,
                                 header.last_offset_delta, header.base_timestamp,
                                 now if log_append else header.max_timestamp, header.producer_id,
                                 header.producer_epoch, header.base_sequence, header.record_count)
            try:
                self._append_batch(batch, stored, now)
            except OSError as e:
                raise _storage_error(e, f"cannot append to {self.topic}-{self.partition}") from e
            self.producer_state.update(stored, offset, stored.max_timestamp, batch if header.is_control else None)
            offset = stored.next_offset
            n_records += header.record_count
            n_bytes += len(batch)
        self._after_append(n_records, now)
        return AppendInfo(first, offset - 1, now if log_append else -1, self.log_start_offset,
                          records=n_records, bytes=n_bytes)

    def append_as_follower(self, data: bytes) -> int:
        """Append batches replicated from the leader, offsets already assigned. Returns records.
        Each batch's CRC and offsets are checked first, as Kafka's ``analyzeAndValidateRecords``
        does for replication too: a corrupt batch stops the append with CORRUPT_MESSAGE."""
        now = self.clock.time_ms()
        n = 0
        view = memoryview(data)
        for pos, header in iter_batches(view):
            if header.base_offset < self.log_end_offset:
                continue
            batch = view[pos : pos + header.size]
            if header.magic != 2 or header.last_offset_delta < 0 or crc32c.crc32c(batch[21:]) != header.crc:
                raise KafkaError(ErrorCode.corrupt_message,
                                 f"{self.topic}-{self.partition}: replicated batch at offset {header.base_offset} is corrupt")
            if header.leader_epoch > self.epoch_cache.latest_epoch:
                self.epoch_cache.assign(header.leader_epoch, header.base_offset)
            self._append_batch(batch, header, now)  # an OSError reaches the fetcher, which backs off
            self.producer_state.update(header, header.base_offset, header.max_timestamp,
                                       batch if header.is_control else None)
            n += header.record_count
        self._after_append(n, now)
        return n

    def _append_batch(self, batch: memoryview | bytes, header: BatchHeader, now: int) -> None:
        seg = self.active_segment
        if not seg.is_empty and (
            seg.size + len(batch) > self.config.segment_bytes
            or now - seg.created_ms >= self.config.segment_ms
            or not seg.can_hold(header)
        ):
            seg = self.roll(header.base_offset)
        seg.append(batch, header)

    def _after_append(self, n_records: int, now: int) -> None:
        if n_records and self._first_unflushed_ms < 0:
            self._first_unflushed_ms = now
        self._unflushed_messages += n_records
        if self._unflushed_messages >= self.config.flush_messages or now - self._last_flush_ms >= self.config.flush_ms:
            self.flush()

    def roll(self, base_offset: int | None = None) -> LogSegment:
        """Start a new segment. The old one is fsynced later, off the request path (as Kafka
        schedules the flush of a rolled segment), unless flush.messages/flush.ms ask sooner."""
        base = self.log_end_offset if base_offset is None else base_offset
        old = self.active_segment
        try:
            old.persist_indexes(final=True)
        except OSError as e:  # harmless: indexes are verified on load and rebuilt when they do not match
            log.warning("%s: could not write the index files of %s: %s", self.directory.name, old.path.name, e)
        seg = self._new_segment(base)
        self._dirty.append(old)
        self.segments.append(seg)
        log.debug("%s-%d: rolled segment at offset %d", self.topic, self.partition, base)
        return seg

    def flush(self) -> None:
        """fsync every dirty segment now (flush.messages, clean shutdown)."""
        for seg in self._dirty:
            if not seg.closed:
                seg.flush()
        self._dirty.clear()
        self.active_segment.flush()
        self._unflushed_messages = 0
        self._first_unflushed_ms = -1
        self._last_flush_ms = self.clock.time_ms()
        self.recovery_point = self.log_end_offset

    def maybe_flush_by_time(self, writeback_ms: int | None = None) -> None:
        """Synchronous form of :meth:`plan_flush` + fsync + :meth:`complete_flush`."""
        plan = self.plan_flush(writeback_ms)
        if plan is not None:
            segments, leo = plan
            for seg in segments:
                if not seg.closed:
                    seg.flush()
            self.complete_flush(segments, leo)

    def plan_flush(self, writeback_ms: int | None) -> tuple[list[LogSegment], int] | None:
        """Due a time-based flush? ``flush.ms``, or the simulated OS writeback: dirty data older
        than ``writeback_ms`` reaches the disk even if Kafka never asks (vm.dirty_expire_centisecs).
        Returns the segments to fsync and the offset they make durable."""
        if not self._unflushed_messages and not self._dirty:
            return None
        now = self.clock.time_ms()
        oldest = self._first_unflushed_ms if self._first_unflushed_ms >= 0 else self._last_flush_ms
        if not (now - self._last_flush_ms >= self.config.flush_ms
                or (writeback_ms is not None and now - oldest >= writeback_ms)):
            return None
        self._unflushed_messages = 0
        self._first_unflushed_ms = -1
        self._last_flush_ms = now
        return [*self._dirty, self.active_segment], self.log_end_offset

    def complete_flush(self, segments: list[LogSegment], durable_offset: int) -> None:
        self._dirty = [s for s in self._dirty if s not in segments]
        if durable_offset <= self.log_end_offset:
            self.recovery_point = max(self.recovery_point, durable_offset)

    # ------------------------------------------------------------------ reading
    def read(self, offset: int, max_bytes: int, upper_bound: int) -> bytes:
        """Whole batches from ``offset`` below ``upper_bound`` (HW for consumers, LEO for
        followers). Raises OFFSET_OUT_OF_RANGE outside [log start, LEO]."""
        found = self._slice(offset, max_bytes, upper_bound)
        if found is None:
            return b""
        seg, position, size = found
        try:
            return seg.read_range(position, size)
        except OSError as e:
            raise _storage_error(e, f"cannot read {self.topic}-{self.partition}") from e

    def read_records(self, offset: int, max_bytes: int, upper_bound: int) -> bytes | FileRecords:
        """What :meth:`read` finds, for a Fetch response: a range of the segment file to be sent
        with ``sendfile`` (:class:`FileRecords`, Kafka's ``FileRecords.slice``), or the bytes when
        they are fewer than :data:`SENDFILE_MIN_BYTES` (one read costs less than dup + sendfile)."""
        found = self._slice(offset, max_bytes, upper_bound)
        if found is None:
            return b""
        seg, position, size = found
        try:
            if size < SENDFILE_MIN_BYTES:
                return seg.read_range(position, size)
            return seg.records(position, size)
        except OSError as e:
            raise _storage_error(e, f"cannot read {self.topic}-{self.partition}") from e

    def _slice(self, offset: int, max_bytes: int, upper_bound: int) -> tuple[LogSegment, int, int] | None:
        leo = self.log_end_offset
        if offset < self.log_start_offset or offset > leo:
            raise KafkaError(ErrorCode.offset_out_of_range,
                             f"offset {offset} is outside [{self.log_start_offset}, {leo}]")
        if offset >= upper_bound:
            return None
        for i in range(self._segment_index(offset), len(self.segments)):
            seg = self.segments[i]
            if seg.next_offset <= offset:
                continue
            found = seg.slice(offset, max_bytes, upper_bound)  # None: the upper bound comes first
            return None if found is None else (seg, found[0], found[1])
        return None

    def _segment_index(self, offset: int) -> int:
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.segments[mid].base_offset <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def offset_for_timestamp(self, timestamp: int) -> tuple[int, int] | None:
        """(offset, timestamp) of the first record with timestamp ≥ ``timestamp`` below HW."""
        for seg in self.segments:
            if seg.max_timestamp < timestamp:
                continue
            base = seg.offset_for_timestamp(timestamp)
            if base is None:
                continue
            raw = seg.read_batch_at(base)
            if raw is None:
                continue
            _h, records = decode_batch(raw)
            for r in records:
                if r.timestamp >= timestamp and r.offset >= self.log_start_offset and r.offset < self.high_watermark:
                    return r.offset, r.timestamp
        return None

    def max_timestamp_offset(self) -> tuple[int, int]:
        best = (-1, -1)
        for seg in self.segments:
            if seg.max_timestamp > best[1]:
                best = (seg.base_offset, seg.max_timestamp)
        return best

    # ------------------------------------------------------------------ truncation / retention
    def truncate_to(self, offset: int) -> int:
        """Remove everything at or after ``offset``. Returns records removed (approx. offsets)."""
        if offset >= self.log_end_offset:
            return 0
        removed = self.log_end_offset - offset
        if offset <= self.segments[0].base_offset:
            self.truncate_fully_and_start_at(offset)
            return removed
        while len(self.segments) > 1 and self.segments[-1].base_offset >= offset:
            self.segments.pop().delete()
        self.segments[-1].truncate_to(offset)
        self.cleaner_offset = min(self.cleaner_offset, offset)
        self.high_watermark = min(self.high_watermark, self.log_end_offset)
        self.recovery_point = min(self.recovery_point, self.log_end_offset)
        self.epoch_cache.truncate_from_end(self.log_end_offset)
        # Kafka's truncateTo → rebuildProducerState: the state of the log that remains (popping the
        # truncated batches off would forget the older ones a retry is deduplicated against)
        self.producer_state = ProducerStateManager()
        self._rebuild_producer_state()
        return removed

    def truncate_fully_and_start_at(self, offset: int) -> None:
        for seg in self.segments:
            seg.delete()
        self.segments = [self._new_segment(offset)]
        self.log_start_offset = self.high_watermark = self.recovery_point = offset
        self.cleaner_offset = min(self.cleaner_offset, offset)
        self.epoch_cache.truncate_from_end(offset)
        self.producer_state = ProducerStateManager()

    def set_log_start_offset(self, offset: int) -> None:
        """DeleteRecords: move the log start offset (never past the high watermark)."""
        if offset > self.high_watermark:
            raise KafkaError(ErrorCode.offset_out_of_range,
                             f"cannot delete records up to {offset}: high watermark is {self.high_watermark}")
        if offset > self.log_start_offset:
            self.log_start_offset = offset
            self.epoch_cache.truncate_from_start(offset)
            self._delete_segments(lambda s, nxt: nxt is not None and nxt.base_offset <= self.log_start_offset)

    def delete_old_segments(self) -> int:
        """Apply retention.ms, retention.bytes and the log start offset. Returns segments deleted."""
        if "delete" not in self.config.cleanup_policy:
            return 0
        now = self.clock.time_ms()
        deleted = 0
        if self.config.retention_ms >= 0:
            limit = now - self.config.retention_ms
            deleted += self._delete_segments(lambda s, nxt: not s.is_empty and s.max_timestamp < limit)
        if self.config.retention_bytes >= 0:
            excess = self.size_bytes - self.config.retention_bytes

            def over(s: LogSegment, nxt: LogSegment | None) -> bool:
                nonlocal excess
                if excess - s.size >= 0:
                    excess -= s.size
                    return True
                return False
            deleted += self._delete_segments(over)
        deleted += self._delete_segments(lambda s, nxt: nxt is not None and nxt.base_offset <= self.log_start_offset)
        return deleted

    def _delete_segments(self, predicate: object) -> int:
        """Delete leading segments while ``predicate(segment, next)`` holds and the segment is
        wholly below the high watermark. The active segment is rolled first when it qualifies."""
        count = 0
        while self.segments:
            seg = self.segments[0]
            nxt = self.segments[1] if len(self.segments) > 1 else None
            if seg.next_offset > self.high_watermark or not predicate(seg, nxt):  # type: ignore[operator]
                break
            if nxt is None:
                if seg.is_empty:
                    break
                nxt = self.roll()
            self.segments.pop(0)
            seg.delete()
            count += 1
            if nxt.base_offset > self.log_start_offset:
                self.log_start_offset = nxt.base_offset
        if count:
            self.epoch_cache.truncate_from_start(self.log_start_offset)
            log.info("%s-%d: deleted %d segment(s); log start offset now %d", self.topic, self.partition,
                     count, self.log_start_offset)
        return count

    # ------------------------------------------------------------------ lifecycle
    def close(self, clean: bool = True) -> None:
        for seg in self.segments:
            seg.close(clean)

    def delete(self) -> None:
        self.close(clean=False)
        shutil.rmtree(self.directory, ignore_errors=True)
