"""LogManager: every partition log of one broker's log directory.

On start it loads each ``<topic>-<partition>`` directory, recovering segments after an unclean
shutdown (no ``.kafka_cleanshutdown`` marker), and restores the high watermark, recovery point
and log start offset from Kafka's checkpoint files. A periodic task applies retention and
time-based flushes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from engine.clock import Clock
from engine.config import LogConfig
from engine.log.unified_log import UnifiedLog, dir_name

log = logging.getLogger(__name__)

CLEAN_SHUTDOWN = ".kafka_cleanshutdown"
HW_CHECKPOINT = "replication-offset-checkpoint"
RECOVERY_CHECKPOINT = "recovery-point-offset-checkpoint"
LOG_START_CHECKPOINT = "log-start-offset-checkpoint"
_DIR_RE = re.compile(r"^(.+)-(\d+)$")


def _fsync_all(fds: list[int]) -> None:
    for fd in fds:
        os.fsync(fd)


def read_checkpoint(path: Path) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    if not path.exists():
        return out
    lines = path.read_text().splitlines()
    for line in lines[2:]:
        parts = line.split()
        if len(parts) == 3:
            out[(parts[0], int(parts[1]))] = int(parts[2])
    return out


def write_checkpoint(path: Path, values: dict[tuple[str, int], int]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    body = "".join(f"{t} {p} {o}\n" for (t, p), o in sorted(values.items()))
    tmp.write_text(f"0\n{len(values)}\n{body}")
    os.replace(tmp, path)


class LogManager:
    def __init__(self, log_dir: Path, clock: Clock) -> None:
        self.log_dir = log_dir
        self.clock = clock
        self.logs: dict[tuple[str, int], UnifiedLog] = {}
        log_dir.mkdir(parents=True, exist_ok=True)
        self.clean_shutdown = False
        self._hw: dict[tuple[str, int], int] = {}
        self._recovery: dict[tuple[str, int], int] = {}
        self._start: dict[tuple[str, int], int] = {}

    def startup(self) -> None:
        """Read checkpoints and the clean-shutdown marker (logs are opened lazily per partition)."""
        marker = self.log_dir / CLEAN_SHUTDOWN
        self.clean_shutdown = marker.exists()
        if self.clean_shutdown:
            marker.unlink()
        self._hw = read_checkpoint(self.log_dir / HW_CHECKPOINT)
        self._recovery = read_checkpoint(self.log_dir / RECOVERY_CHECKPOINT)
        self._start = read_checkpoint(self.log_dir / LOG_START_CHECKPOINT)

    def on_disk(self) -> dict[tuple[str, int], uuid.UUID | None]:
        """Partition directories present in the log dir, with the topic id each recorded."""
        out: dict[tuple[str, int], uuid.UUID | None] = {}
        for d in self.log_dir.iterdir():
            m = _DIR_RE.match(d.name)
            if not d.is_dir() or not m:
                continue
            topic_id = None
            meta = d / "partition.metadata"
            if meta.exists():
                for line in meta.read_text().splitlines():
                    if line.startswith("topic_id:"):
                        try:
                            topic_id = uuid.UUID(line.split(":", 1)[1].strip())
                        except ValueError:
                            topic_id = None
            out[(m.group(1), int(m.group(2)))] = topic_id
        return out

    def get_or_create(self, topic: str, partition: int, topic_id: uuid.UUID, config: LogConfig) -> UnifiedLog:
        key = (topic, partition)
        existing = self.logs.get(key)
        if existing is not None:
            existing.config = config
            return existing
        directory = self.log_dir / dir_name(topic, partition)
        if directory.exists():
            opened = UnifiedLog.open(
                directory, topic, partition, topic_id, config, self.clock,
                clean_shutdown=self.clean_shutdown,
                recovery_point=self._recovery.get(key, 0),
                log_start_offset=self._start.get(key, 0),
                high_watermark=self._hw.get(key, 0),
            )
        else:
            opened = UnifiedLog.create(directory, topic, partition, topic_id, config, self.clock)
        self.logs[key] = opened
        return opened

    def delete(self, topic: str, partition: int) -> None:
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
            fds = [s.fileno for s in segments if not s.closed]
            try:
                await asyncio.to_thread(_fsync_all, fds)
            except OSError:
                continue  # the log was closed, deleted or truncated meanwhile
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

    def checkpoint(self) -> None:
        write_checkpoint(self.log_dir / HW_CHECKPOINT, {k: v.high_watermark for k, v in self.logs.items()})
        write_checkpoint(self.log_dir / RECOVERY_CHECKPOINT, {k: v.recovery_point for k, v in self.logs.items()})
        write_checkpoint(self.log_dir / LOG_START_CHECKPOINT, {k: v.log_start_offset for k, v in self.logs.items()})

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
            unified.close()
        if clean:
            (self.log_dir / CLEAN_SHUTDOWN).touch()
        self.logs.clear()
        return lost

