"""UnifiedLog: the log of one partition replica, a sequence of :class:`LogSegment` files.

Offsets are assigned here (``append_as_leader``); followers append batches as the leader wrote
them (``append_as_follower``). Retention by ``retention.ms``/``retention.bytes`` deletes whole
segments below the high watermark and advances the log start offset, as Kafka's ``UnifiedLog``.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from engine.clock import Clock
from engine.config import LogConfig
from engine.log.epoch_cache import LeaderEpochCache
from engine.log.producer_state import ProducerStateManager
from engine.log.segment import LogSegment
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import (
    HEADER_SIZE,
    BatchHeader,
    assign_offsets,
    decode_batch,
    iter_batches,
    read_header,
    set_log_append_time,
)

log = logging.getLogger(__name__)


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


class UnifiedLog:
    def __init__(self, directory: Path, topic: str, partition: int, topic_id: uuid.UUID,
                 config: LogConfig, clock: Clock) -> None:
        self.directory = directory
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
        self._unflushed_messages = 0
        self._last_flush_ms = clock.time_ms()
        self._first_unflushed_ms = -1  # when the oldest not-yet-fsynced write happened
        self._dirty: list[LogSegment] = []  # rolled segments not fsynced yet
        directory.mkdir(parents=True, exist_ok=True)
        self.epoch_cache = LeaderEpochCache(directory / "leader-epoch-checkpoint")
        meta = directory / "partition.metadata"
        if not meta.exists():
            meta.write_text(f"version: 0\ntopic_id: {topic_id}\n")

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(cls, directory: Path, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig,
               clock: Clock) -> UnifiedLog:
        self = cls(directory, topic, partition, topic_id, config, clock)
        self.segments.append(LogSegment(directory, 0, clock.time_ms(), config.index_interval_bytes))
        return self

    @classmethod
    def open(cls, directory: Path, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig,
             clock: Clock, *, clean_shutdown: bool, recovery_point: int = 0, log_start_offset: int = 0,
             high_watermark: int = 0) -> UnifiedLog:
        self = cls(directory, topic, partition, topic_id, config, clock)
        bases = sorted(int(p.stem) for p in directory.glob("*.log"))
        for base in bases:
            seg = LogSegment(directory, base, clock.time_ms(), config.index_interval_bytes)
            if clean_shutdown and base < recovery_point:
                seg.load()
            else:
                seg.recover(config.max_message_bytes)
            self.segments.append(seg)
        # a segment after a torn one may start past the previous end: drop empty tails beyond
        while len(self.segments) > 1 and self.segments[-1].is_empty:
            self.segments.pop().delete()
        for i in range(len(self.segments) - 1):
            if self.segments[i].next_offset < self.segments[i + 1].base_offset and not clean_shutdown:
                log.warning("%s: gap between segments at %d", directory, self.segments[i].next_offset)
        if not self.segments:
            self.segments.append(LogSegment(directory, max(log_start_offset, 0), clock.time_ms(), config.index_interval_bytes))
        self.log_start_offset = max(log_start_offset, self.segments[0].base_offset)
        if not clean_shutdown:
            self.active_segment.flush()  # what recovery kept is now durable
        self.recovery_point = self.log_end_offset
        self.high_watermark = min(max(high_watermark, self.log_start_offset), self.log_end_offset)
        self.epoch_cache.truncate_from_end(self.log_end_offset)
        self._rebuild_producer_state()
        return self

    def _rebuild_producer_state(self) -> None:
        for seg in self.segments:
            pos = 0
            while pos < seg.size:
                header = read_header(os.pread(seg.fileno, HEADER_SIZE, pos))
                if header.producer_id >= 0:
                    self.producer_state.update(header, header.base_offset, header.max_timestamp)
                pos += header.size

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

    def segment_infos(self) -> tuple[SegmentInfo, ...]:
        return tuple(SegmentInfo(s.base_offset, s.next_offset, s.size, s.first_timestamp, s.max_timestamp, str(s.path))
                     for s in self.segments)

    # ------------------------------------------------------------------ appending
    def append_as_leader(self, batches: list[tuple[memoryview, BatchHeader]], leader_epoch: int) -> AppendInfo:
        now = self.clock.time_ms()
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
            self._append_batch(batch, stored, now)
            self.producer_state.update(stored, offset, stored.max_timestamp)
            offset = stored.next_offset
            n_records += header.record_count
            n_bytes += len(batch)
        self._after_append(n_records, now)
        return AppendInfo(first, offset - 1, now if log_append else -1, self.log_start_offset,
                          records=n_records, bytes=n_bytes)

    def append_as_follower(self, data: bytes) -> int:
        """Append batches replicated from the leader, offsets already assigned. Returns records."""
        now = self.clock.time_ms()
        n = 0
        view = memoryview(data)
        for pos, header in iter_batches(view):
            if header.base_offset < self.log_end_offset:
                continue
            if header.leader_epoch > self.epoch_cache.latest_epoch:
                self.epoch_cache.assign(header.leader_epoch, header.base_offset)
            self._append_batch(view[pos : pos + header.size], header, now)
            self.producer_state.update(header, header.base_offset, header.max_timestamp)
            n += header.record_count
        self._after_append(n, now)
        return n

    def _append_batch(self, batch: memoryview | bytes, header: BatchHeader, now: int) -> None:
        seg = self.active_segment
        if not seg.is_empty and (
            seg.size + len(batch) > self.config.segment_bytes
            or now - seg.created_ms >= self.config.segment_ms
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
        self._dirty.append(self.active_segment)
        seg = LogSegment(self.directory, base, self.clock.time_ms(), self.config.index_interval_bytes)
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
        leo = self.log_end_offset
        if offset < self.log_start_offset or offset > leo:
            raise KafkaError(ErrorCode.offset_out_of_range,
                             f"offset {offset} is outside [{self.log_start_offset}, {leo}]")
        if offset >= upper_bound:
            return b""
        for i in range(self._segment_index(offset), len(self.segments)):
            seg = self.segments[i]
            if seg.next_offset <= offset:
                continue
            data = seg.read(offset, max_bytes, upper_bound)
            if data:
                return data
        return b""

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
        self.high_watermark = min(self.high_watermark, self.log_end_offset)
        self.recovery_point = min(self.recovery_point, self.log_end_offset)
        self.epoch_cache.truncate_from_end(self.log_end_offset)
        self.producer_state.truncate_from(self.log_end_offset)
        return removed

    def truncate_fully_and_start_at(self, offset: int) -> None:
        for seg in self.segments:
            seg.delete()
        self.segments = [LogSegment(self.directory, offset, self.clock.time_ms(), self.config.index_interval_bytes)]
        self.log_start_offset = self.high_watermark = self.recovery_point = offset
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
    def close(self) -> None:
        for seg in self.segments:
            seg.close()

    def delete(self) -> None:
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)
