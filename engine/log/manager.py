"""LogManager: every partition log of one broker's log directory.

On start it loads each ``<topic>-<partition>`` directory, recovering segments after an unclean
shutdown (no ``.kafka_cleanshutdown`` marker), and restores the high watermark, recovery point
and log start offset from Kafka's checkpoint files. A checkpoint that cannot be parsed is ignored
with one warning and the log recovers from its own contents, as Kafka's ``LogManager`` does
("resetting the recovery checkpoint to 0"). A periodic task applies retention and time-based
flushes, and writes each checkpoint file at its Kafka interval
(``replica.high.watermark.checkpoint.interval.ms`` 5 s; ``log.flush.offset.checkpoint.interval.ms``
and ``log.flush.start.offset.checkpoint.interval.ms`` 60 s) when its values changed, in a worker
thread (:meth:`LogManager.write_due_checkpoints`). ``cleaner-offset-checkpoint`` (each compacted
log's first dirty offset) is written after each cleaning and at shutdown, and read at start. A partition directory is never deleted because metadata looks odd: it is renamed aside
to ``<topic>-<partition>.<id>-stray`` (Kafka's ``LogManager.asyncDelete(isStray = true)``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.clock import Clock
from engine.config import LogConfig
from engine.log.files import (
    OpenFiles,
    make_private,
    make_private_dir,
    read_partition_metadata,
    read_text_lenient,
    write_atomic,
)
from engine.log.unified_log import UnifiedLog, dir_name

log = logging.getLogger(__name__)

CLEAN_SHUTDOWN = ".kafka_cleanshutdown"
HW_CHECKPOINT = "replication-offset-checkpoint"
RECOVERY_CHECKPOINT = "recovery-point-offset-checkpoint"
LOG_START_CHECKPOINT = "log-start-offset-checkpoint"
CLEANER_CHECKPOINT = "cleaner-offset-checkpoint"
STRAY_SUFFIX = "-stray"
DELETE_SUFFIX = "-delete"
_DIR_RE = re.compile(r"^(.+)-(\d+)$")
_CHECKPOINT_WARN_EVERY_MS = 60_000


def _fsync_paths(paths: list[Path]) -> None:
    """fsync files by path with descriptors of this thread's own (the loop may close its own
    meanwhile); a file deleted in between is skipped."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class CorruptCheckpoint(ValueError):
    pass


@dataclass(slots=True)
class CheckpointFile:
    """One of the three checkpoint files: what it holds, how often, and what it held when written."""

    name: str
    value: Callable[[UnifiedLog], int]
    interval_ms: int
    due_ms: float = 0.0  # monotonic time of the next write (0: at once)
    written: dict[tuple[str, int], int] | None = None  # None: not written by this process yet


def parse_checkpoint(text: str) -> dict[tuple[str, int], int]:
    """Kafka's ``CheckpointFile`` text format: version 0, entry count, "topic partition offset" lines."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0].strip() != "0":
        raise CorruptCheckpoint("the first line is not version 0")
    try:
        count = int(lines[1])
    except ValueError:
        raise CorruptCheckpoint("the second line is not an entry count") from None
    out: dict[tuple[str, int], int] = {}
    for n, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        parts = line.split()
        try:
            if len(parts) != 3 or int(parts[2]) < 0:
                raise ValueError
            out[(parts[0], int(parts[1]))] = int(parts[2])
        except ValueError:
            raise CorruptCheckpoint(f"malformed line {n}: {line[:60]!r}") from None
    if len(out) != count:
        raise CorruptCheckpoint(f"{len(out)} entries where the header says {count}")
    return out


def read_checkpoint(path: Path) -> dict[tuple[str, int], int]:
    """The checkpoint's entries; {} (with a warning) when it is missing or cannot be parsed."""
    if not path.exists():
        return {}
    try:
        return parse_checkpoint(read_text_lenient(path))
    except (CorruptCheckpoint, OSError) as e:
        log.warning("%s is corrupt (%s): ignoring it; the logs recover from their own contents", path, e)
        return {}


def write_checkpoint(path: Path, values: dict[tuple[str, int], int]) -> None:
    body = "".join(f"{t} {p} {o}\n" for (t, p), o in sorted(values.items()))
    write_atomic(path, f"0\n{len(values)}\n{body}".encode())


class LogManager:
    def __init__(self, log_dir: Path, clock: Clock, hw_interval_ms: int = 5000, recovery_interval_ms: int = 60_000,
                 start_interval_ms: int = 60_000) -> None:
        self.log_dir = log_dir
        self.clock = clock
        self.logs: dict[tuple[str, int], UnifiedLog] = {}
        make_private_dir(log_dir)
        make_private(log_dir)
        self.files = OpenFiles.for_broker()
        self.clean_shutdown = False
        self._checkpoint_failed_ms = -_CHECKPOINT_WARN_EVERY_MS
        self.checkpoint_files = [
            CheckpointFile(HW_CHECKPOINT, lambda u: u.high_watermark, hw_interval_ms),
            CheckpointFile(RECOVERY_CHECKPOINT, lambda u: u.recovery_point, recovery_interval_ms),
            CheckpointFile(LOG_START_CHECKPOINT, lambda u: u.log_start_offset, start_interval_ms),
        ]
        self._writing: asyncio.Future[None] | None = None  # the checkpoint write in a worker thread
        self.checkpoint_writes = 0  # files written (tests, and the curious)
        self._hw: dict[tuple[str, int], int] = {}
        self._recovery: dict[tuple[str, int], int] = {}
        self._start: dict[tuple[str, int], int] = {}
        self._cleaner: dict[tuple[str, int], int] = {}  # cleaner-offset-checkpoint of logs not opened yet
        self._cleaner_writing: asyncio.Future[None] | None = None

    def startup(self) -> None:
        """Read checkpoints and the clean-shutdown marker (logs are opened lazily per partition)."""
        self.files = OpenFiles.for_broker()  # the open-file limit may have been raised since __init__
        marker = self.log_dir / CLEAN_SHUTDOWN
        self.clean_shutdown = marker.exists()
        if self.clean_shutdown:
            marker.unlink()
        self._hw = read_checkpoint(self.log_dir / HW_CHECKPOINT)
        self._recovery = read_checkpoint(self.log_dir / RECOVERY_CHECKPOINT)
        self._start = read_checkpoint(self.log_dir / LOG_START_CHECKPOINT)
        self._cleaner = read_checkpoint(self.log_dir / CLEANER_CHECKPOINT)
        strays = []
        for d in self.log_dir.iterdir():
            if d.is_dir() and d.name.endswith(DELETE_SUFFIX):
                shutil.rmtree(d, ignore_errors=True)  # a deletion that a crash interrupted
            elif d.is_dir() and d.name.endswith(STRAY_SUFFIX):
                strays.append(d.name)
        if strays:
            log.info("%s: %d stray partition dir(s) kept aside for inspection: %s", self.log_dir, len(strays),
                     ", ".join(sorted(strays)[:5]) + (" …" if len(strays) > 5 else ""))

    def on_disk(self) -> dict[tuple[str, int], uuid.UUID | None]:
        """Partition directories present in the log dir, with the topic id each recorded
        (None when ``partition.metadata`` is missing or unreadable)."""
        out: dict[tuple[str, int], uuid.UUID | None] = {}
        for d in self.log_dir.iterdir():
            m = _DIR_RE.match(d.name)
            if not d.is_dir() or not m:
                continue
            out[(m.group(1), int(m.group(2)))] = read_partition_metadata(d / "partition.metadata")
        return out

    def rename_aside(self, topic: str, partition: int) -> Path | None:
        """Move a partition directory out of the way without deleting anything (Kafka's stray logs:
        ``<topic>-<partition>.<unique id>-stray``). Returns the new path."""
        self._cleaner.pop((topic, partition), None)
        existing = self.logs.pop((topic, partition), None)
        if existing is not None:
            existing.close()
        src = self.log_dir / dir_name(topic, partition)
        if not src.exists():
            return None
        dst = self.log_dir / f"{dir_name(topic, partition)}.{uuid.uuid4().hex}{STRAY_SUFFIX}"
        os.rename(src, dst)
        return dst

    def get_or_create(self, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig) -> UnifiedLog:
        key = (topic, partition)
        existing = self.logs.get(key)
        if existing is not None:
            existing.config = config
            return existing
        directory = self.log_dir / dir_name(topic, partition)
        cleaned = self._cleaner.pop(key, -1)
        if directory.exists():
            try:
                opened = UnifiedLog.open(
                    directory, topic, partition, topic_id, config, self.clock,
                    clean_shutdown=self.clean_shutdown,
                    recovery_point=self._recovery.get(key, 0),
                    log_start_offset=self._start.get(key, 0),
                    high_watermark=self._hw.get(key, 0),
                    files=self.files,
                )
            except Exception:  # a log that cannot be opened takes its partition offline, not the broker
                aside = self.rename_aside(topic, partition)
                log.exception("%s-%d: cannot open the log; moved it aside to %s (nothing deleted) and starting an "
                              "empty replica", topic, partition, aside)
                opened = UnifiedLog.create(directory, topic, partition, topic_id, config, self.clock, self.files)
            else:  # beyond the log end (a recovery cut the tail): everything is dirty again, as in Kafka
                opened.cleaner_offset = cleaned if cleaned <= opened.log_end_offset else -1
        else:
            opened = UnifiedLog.create(directory, topic, partition, topic_id, config, self.clock, self.files)
        self.logs[key] = opened
        return opened

    def delete(self, topic: str, partition: int) -> None:
        self._cleaner.pop((topic, partition), None)
        existing = self.logs.pop((topic, partition), None)
        if existing is not None:
            existing.delete()
        else:
            shutil.rmtree(self.log_dir / dir_name(topic, partition), ignore_errors=True)

    async def flush_dirty(self, writeback_ms: int | None) -> None:
        """Kafka's log-flusher (``flush.ms``) plus the simulated OS writeback of dirty pages; the
        fsyncs run in a worker thread so the broker keeps serving meanwhile."""
        for unified in list(self.logs.values()):
            plan = unified.plan_flush(writeback_ms)
            if plan is None:
                continue
            segments, durable = plan
            paths = [s.path for s in segments if not s.closed]
            try:
                await asyncio.to_thread(_fsync_paths, paths)
            except OSError as e:
                self._warn_checkpoint(f"fsync of {unified.topic}-{unified.partition} failed: {e}")
                continue
            if self.logs.get((unified.topic, unified.partition)) is unified:
                unified.complete_flush(segments, durable)

    def run_housekeeping(self, on_deleted: Callable[[UnifiedLog, int], None] | None = None) -> None:
        """Retention for every log (Kafka's log-retention task)."""
        for unified in list(self.logs.values()):
            try:
                n = unified.delete_old_segments()
                if n and on_deleted is not None:
                    on_deleted(unified, n)
            except OSError:
                log.exception("housekeeping failed for %s-%d", unified.topic, unified.partition)

    async def write_due_checkpoints(self) -> None:
        """Write each checkpoint file whose interval has passed and whose values changed since it was
        last written, in a worker thread (the loop keeps serving); a failure (e.g. out of
        descriptors) is reported once a minute and retried on the next call. With the recovery
        points, the active segments' new index entries are written (appended) too."""
        now = self.clock.monotonic() * 1000
        due = [c for c in self.checkpoint_files if now >= c.due_ms]
        if not due or (self._writing is not None and not self._writing.done()):
            return
        writes: list[tuple[CheckpointFile, dict[tuple[str, int], int]]] = []
        for c in due:
            c.due_ms = now + c.interval_ms
            values = {k: c.value(u) for k, u in self.logs.items()}
            if values != c.written:
                writes.append((c, values))
            if c.name == RECOVERY_CHECKPOINT:
                self._persist_active_indexes()
        if not writes:
            return
        # shielded: a cancelled caller (the broker stopping) leaves the write to finish, and
        # wait_for_writes() waits for it before anything else writes these files
        self._writing = asyncio.ensure_future(asyncio.to_thread(self._write_files, [(c.name, v) for c, v in writes]))
        self._writing.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved even if unawaited
        try:
            await asyncio.shield(self._writing)
        except OSError as e:
            for c, _v in writes:
                c.due_ms = 0.0  # again on the next call
            self._warn_checkpoint(f"cannot write checkpoints: {e}")
            return
        for c, values in writes:
            c.written = values
        self.checkpoint_writes += len(writes)

    def _write_files(self, files: list[tuple[str, dict[tuple[str, int], int]]]) -> None:
        for name, values in files:
            write_checkpoint(self.log_dir / name, values)

    def _persist_active_indexes(self) -> None:
        try:
            for unified in self.logs.values():
                unified.active_segment.persist_indexes()
        except OSError as e:  # harmless: indexes are verified on load and rebuilt when they do not match
            self._warn_checkpoint(f"cannot write index files: {e}")

    async def wait_for_writes(self) -> None:
        """Until the checkpoint writes in progress (if any) are done."""
        for writing in (self._writing, self._cleaner_writing):
            if writing is not None:
                await asyncio.wait([writing])

    def cleaner_offsets(self) -> dict[tuple[str, int], int]:
        """``cleaner-offset-checkpoint``'s entries: every cleaned log's first dirty offset."""
        out = dict(self._cleaner)
        out.update({k: u.cleaner_offset for k, u in self.logs.items() if u.cleaner_offset >= 0})
        return out

    async def write_cleaner_checkpoint(self) -> None:
        """After a cleaning (Kafka's ``LogCleanerManager.updateCheckpoints``), in a worker thread;
        a failure is reported (once a minute) and the next cleaning or the shutdown writes it."""
        if self._cleaner_writing is not None and not self._cleaner_writing.done():
            await asyncio.wait([self._cleaner_writing])
        values = self.cleaner_offsets()
        self._cleaner_writing = asyncio.ensure_future(
            asyncio.to_thread(write_checkpoint, self.log_dir / CLEANER_CHECKPOINT, values))
        self._cleaner_writing.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            await asyncio.shield(self._cleaner_writing)
        except OSError as e:
            self._warn_checkpoint(f"cannot write {CLEANER_CHECKPOINT}: {e}")
            return
        self.checkpoint_writes += 1

    def checkpoint(self) -> None:
        """Write the three checkpoint files and the active segments' new index entries now, on the
        calling thread (clean shutdown)."""
        self._persist_active_indexes()
        try:
            for c in self.checkpoint_files:
                values = {k: c.value(u) for k, u in self.logs.items()}
                write_checkpoint(self.log_dir / c.name, values)
                c.written = values
                self.checkpoint_writes += 1
            write_checkpoint(self.log_dir / CLEANER_CHECKPOINT, self.cleaner_offsets())
            self.checkpoint_writes += 1
        except OSError as e:
            self._warn_checkpoint(f"cannot write checkpoints: {e}")

    def _warn_checkpoint(self, message: str) -> None:
        now = self.clock.time_ms()
        if now - self._checkpoint_failed_ms >= _CHECKPOINT_WARN_EVERY_MS:
            self._checkpoint_failed_ms = now
            log.warning("%s: %s (retried at the next interval; repeats are not logged for a minute)", self.log_dir, message)

    def shutdown(self, clean: bool = True, lose_unflushed: bool = False) -> dict[tuple[str, int], tuple[int, int]]:
        """Clean: flush everything, checkpoint and leave the clean-shutdown marker.
        Unclean (kill): just close files. With ``lose_unflushed`` every log also loses what was
        written after its last fsync (its recovery point), as after a machine crash.
        Returns {(topic, partition): (old end, new end)} for logs that lost data."""
        lost: dict[tuple[str, int], tuple[int, int]] = {}
        if lose_unflushed and not clean:
            for key, unified in self.logs.items():
                old = unified.log_end_offset
                if unified.recovery_point < old:
                    unified.truncate_to(unified.recovery_point)
                    lost[key] = (old, unified.log_end_offset)
        if clean:
            for unified in self.logs.values():
                unified.flush()
            self.checkpoint()
        for unified in self.logs.values():
            unified.close(clean)
        if clean:
            write_atomic(self.log_dir / CLEAN_SHUTDOWN, b"")
        self.logs.clear()
        return lost

