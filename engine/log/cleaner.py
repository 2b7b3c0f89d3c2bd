"""LogCleaner: compaction of ``cleanup.policy=compact`` logs (Kafka's ``LogCleaner`` / ``Cleaner``).

A log is cleaned when the dirty part of its cleanable segments (those written since the last
cleaning) is at least ``min.cleanable.dirty.ratio`` of their bytes, when a dirty record is older
than ``max.compaction.lag.ms``, or when a tombstone it kept has passed ``delete.retention.ms``.
Cleanable segments are the closed ones wholly below the last stable offset (so below the high
watermark and every open transaction) whose records are all older than ``min.compaction.lag.ms``.

Cleaning builds the offset map (key → latest offset) over the cleanable segments, then writes
each segment again with only the latest record of each key: offsets keep their numbers (the
dropped ones are holes), a batch that keeps all its records is copied as it was, one that keeps
some is rewritten with the same base offset, offset deltas, producer fields, leader epoch and
compression codec. Records without a key are kept; records of aborted transactions are dropped;
control batches (transaction markers) are kept. A tombstone (null value) that is the latest for
its key is kept until ``delete.retention.ms`` after its timestamp (Kafka measures from when the
tombstone was first cleaned, KIP-534's delete horizon; here from the record's own timestamp).

:meth:`LogCleaner.plan` and :meth:`LogCleaner.swap` run on the event loop; :meth:`LogCleaner.clean`
— reading and writing the files — runs in a worker thread and never touches the log's objects.
The cleaned segment is written to ``<partition>/.cleaner/`` and renamed over the old files at the
swap (a reader holding the old file's bytes keeps them). The first dirty offset is the log's
``cleaner_offset``, which the log manager keeps in Kafka's ``cleaner-offset-checkpoint`` (written
after each cleaning and at shutdown, read at start), so a restarted broker does not clean the
clean part again. When a kept tombstone may go is not checkpointed: after a restart it is found
again at the next cleaning that new dirty data causes.
"""

from __future__ import annotations

import logging
import mmap
import os
import shutil
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from engine.clock import Clock
from engine.config import LogConfig
from engine.log.segment import LogSegment
from engine.log.unified_log import UnifiedLog
from engine.protocol.records import decode_batch, iter_batches, read_header, rebuild_batch, scan_records

log = logging.getLogger(__name__)

CLEANER_DIR = ".cleaner"
SEGMENT_FILES = ("path", "index_path", "time_index_path")
MAX_CACHED_RECORDS = 2_000_000  # records whose scan pass 1 keeps for pass 2


@dataclass(slots=True)
class _CleaningState:
    tombstones_due_ms: int = -1  # when the oldest kept tombstone may go (-1: none kept)


@dataclass(slots=True)
class CleaningPlan:
    log: UnifiedLog
    segments: list[LogSegment]
    end_offset: int
    now_ms: int
    config: LogConfig
    aborted: list[tuple[int, int, int]]  # (producer id, first offset, marker offset)
    paths: list[Path]  # the segments' files as they were when planned
    sizes: list[int]
    reason: str


@dataclass(slots=True)
class CleaningResult:
    cleaned: list[LogSegment | None] = field(default_factory=list)  # None: nothing left in that segment
    bytes_before: int = 0
    bytes_after: int = 0
    records_before: int = 0
    records_after: int = 0
    keys: int = 0
    tombstones_due_ms: int = -1
    duration_ms: int = 0


class LogCleaner:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._states: weakref.WeakKeyDictionary[UnifiedLog, _CleaningState] = weakref.WeakKeyDictionary()

    # ------------------------------------------------------------------ on the loop
    def plan(self, unified: UnifiedLog) -> CleaningPlan | None:
        """The segments to clean now, or None (not compacted, nothing cleanable, not dirty enough)."""
        cfg = unified.config
        if "compact" not in cfg.cleanup_policy or len(unified.segments) < 2:
            return None
        now = self.clock.time_ms()
        end = min(unified.active_segment.base_offset, unified.last_stable_offset)
        segments: list[LogSegment] = []
        for seg in unified.segments[:-1]:
            if seg.next_offset > end or (cfg.min_compaction_lag_ms > 0
                                         and seg.max_timestamp > now - cfg.min_compaction_lag_ms):
                break
            segments.append(seg)
        if not segments:
            return None
        state = self._states.setdefault(unified, _CleaningState())
        first_dirty = unified.cleaner_offset
        if first_dirty > unified.log_end_offset:  # Kafka: a checkpoint beyond the log end is reset
            first_dirty = -1
        total = sum(s.size for s in segments)
        dirty = [s for s in segments if s.next_offset > first_dirty and not s.is_empty]
        ratio = sum(s.size for s in dirty) / total if total else 0.0
        reason = ""
        if dirty and ratio >= cfg.min_cleanable_dirty_ratio:
            reason = f"dirty ratio {ratio:.2f}"
        elif dirty and dirty[0].first_timestamp >= 0 and now - dirty[0].first_timestamp >= cfg.max_compaction_lag_ms:
            reason = "max.compaction.lag.ms"
        elif 0 <= state.tombstones_due_ms <= now:
            reason = "tombstones past delete.retention.ms"
        if not reason:
            return None
        aborted = [(a.producer_id, a.first_offset, a.last_offset) for a in unified.producer_state.aborted
                   if a.first_offset < end]
        return CleaningPlan(unified, segments, segments[-1].next_offset, now, cfg, aborted,
                            [s.path for s in segments], [s.size for s in segments], reason)

    def swap(self, plan: CleaningPlan, result: CleaningResult) -> bool:
        """Put the cleaned segments in place of the old ones, if the log still has them all."""
        unified = plan.log
        positions = [next((i for i, s in enumerate(unified.segments) if s is old), -1) for old in plan.segments]
        if -1 in positions or any(old.closed for old in plan.segments) or unified.active_segment in plan.segments \
                or [s.size for s in plan.segments] != plan.sizes:  # deleted or truncated meanwhile
            self.discard(result)
            return False
        for old, new in zip(plan.segments, result.cleaned, strict=True):
            if new is None and old is not unified.segments[0]:
                unified.segments.remove(old)
                old.delete()
                continue
            if new is None:  # the first segment stays, empty, so the log start keeps its segment
                new = LogSegment(old.directory / CLEANER_DIR, old.base_offset, old.created_ms, old.index_interval)
                new.persist_indexes(final=True)
                new.release_file()
            for attr in SEGMENT_FILES:
                os.replace(getattr(new, attr), getattr(old, attr))
                setattr(new, attr, getattr(old, attr))
            new.directory = old.directory
            new._files = unified.files
            old.close(clean=False)  # its files are the new ones now: write nothing
            unified.segments[unified.segments.index(old)] = new
        state = self._states.setdefault(unified, _CleaningState())
        unified.cleaner_offset = plan.end_offset
        state.tombstones_due_ms = result.tombstones_due_ms
        return True

    @staticmethod
    def discard(result: CleaningResult) -> None:
        for seg in result.cleaned:
            if seg is not None:
                seg.delete()

    # ------------------------------------------------------------------ in a worker thread
    def clean(self, plan: CleaningPlan) -> CleaningResult:
        """Read the planned segments and write their cleaned copies (no loop objects touched)."""
        try:
            return self._clean(plan)
        except BaseException:
            shutil.rmtree(plan.log.directory / CLEANER_DIR, ignore_errors=True)
            raise

    def _clean(self, plan: CleaningPlan) -> CleaningResult:
        started = time.monotonic()
        result = CleaningResult()
        work = plan.log.directory / CLEANER_DIR
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(mode=0o700)
        offsets: dict[bytes, int] = {}
        scanned: dict[int, list[tuple[int, bytes | None, bool, int]]] = {}  # pass 1's scans, reused (bounded)
        cached = 0
        for path in plan.paths:  # pass 1: the offset map
            for header, batch in _batches(path):
                if header.is_control or _aborted(plan.aborted, header.producer_id, header.base_offset):
                    continue
                records = scan_records(batch)[1]
                if cached < MAX_CACHED_RECORDS:
                    scanned[header.base_offset] = records
                    cached += len(records)
                for offset, key, _null, _ts in records:
                    if key is not None:
                        offsets[key] = offset
        result.keys = len(offsets)
        horizon = plan.now_ms - plan.config.delete_retention_ms
        for seg, path in zip(plan.segments, plan.paths, strict=True):  # pass 2: the cleaned segments
            out = LogSegment(work, seg.base_offset, seg.created_ms, seg.index_interval)
            for header, batch in _batches(path):
                result.bytes_before += len(batch)
                result.records_before += header.record_count
                if header.is_control:
                    out.append(batch, header)
                    result.bytes_after += len(batch)
                    continue
                if _aborted(plan.aborted, header.producer_id, header.base_offset):
                    continue
                records = scanned.pop(header.base_offset, []) or scan_records(batch)[1]
                kept = []
                for offset, key, null, ts in records:
                    if key is None:
                        kept.append(offset)
                    elif offsets.get(key) == offset:
                        if null and ts <= horizon:
                            continue  # a tombstone past delete.retention.ms
                        if null:
                            due = ts + plan.config.delete_retention_ms
                            if result.tombstones_due_ms < 0 or due < result.tombstones_due_ms:
                                result.tombstones_due_ms = due
                        kept.append(offset)
                if not kept:
                    continue
                if len(kept) == len(records):
                    data = batch
                else:  # decode only the batches that keep some of their records
                    wanted = set(kept)
                    data = rebuild_batch(header, [r for r in decode_batch(batch)[1] if r.offset in wanted])
                out.append(data, header if data is batch else read_header(data))
                result.bytes_after += len(data)
                result.records_after += len(kept)
            if out.is_empty:
                out.delete()
                result.cleaned.append(None)
                continue
            out.persist_indexes(final=True)
            out.flush()
            out.release_file()
            result.cleaned.append(out)
        result.duration_ms = int((time.monotonic() - started) * 1000)
        return result


def _aborted(aborted: list[tuple[int, int, int]], producer_id: int, offset: int) -> bool:
    return producer_id >= 0 and any(p == producer_id and first <= offset < marker for p, first, marker in aborted)


def _batches(path: Path):  # type: ignore[no-untyped-def]
    """(header, batch bytes) of every batch in a segment file (read through mmap)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            return
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            view = memoryview(mm)
            try:
                for pos, header in iter_batches(view):
                    yield header, bytes(view[pos : pos + header.size])
            finally:
                view.release()
