"""The controller's metadata log: KRaft-style records, one JSON object per line.

Kafka keeps cluster metadata as records in the ``__cluster_metadata`` log (KIP-500). Kafka Lab
does the same with readable JSON lines (``TopicRecord``, ``PartitionRecord``,
``PartitionChangeRecord``, ``ConfigRecord``, ``RemoveTopicRecord``) so a student can open the file
and see every decision the controller made. Replayed on start.

Every append is one ``write`` + ``fsync``, so a crash can only leave a *torn tail*: an incomplete
last line, dropped on replay (Kafka truncates an unflushed log at its first invalid batch). A bad
line with valid records after it is not a torn write but damage: replay stops with a
:class:`CorruptMetadataLog` that names the line, instead of guessing (dropping everything after
it would make every partition look like a stray log).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.log.files import StorageError, make_private_dir, open_private

log = logging.getLogger(__name__)


class CorruptMetadataLog(StorageError):
    """The metadata log is damaged somewhere other than its tail."""


class MetadataLog:
    def __init__(self, directory: Path | None) -> None:
        self.path = directory / "metadata.log" if directory else None
        self._fd: int | None = None
        self.next_offset = 0
        if directory is not None:
            make_private_dir(directory)

    def replay(self, apply: Callable[[dict[str, Any]], None]) -> None:
        """Apply every record in order; drop a torn tail; raise :class:`CorruptMetadataLog` when a
        record in the middle cannot be read or applied."""
        if self.path is None or not self.path.exists():
            return
        data = self.path.read_bytes()
        good: list[tuple[int, int, dict[str, Any]]] = []  # (line number, byte position, record)
        bad: tuple[int, int, str] | None = None
        pos = 0
        lines = data.split(b"\n")
        for n, line in enumerate(lines, start=1):
            if n == len(lines):  # after the last newline: empty, or a write that never completed
                if line and bad is None:
                    bad = (n, pos, "no end of line")
                break
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("type"), str):
                    raise ValueError("not a metadata record")
            except ValueError as e:
                if bad is None:
                    bad = (n, pos, str(e).split(":")[0])
            else:
                if bad is not None:
                    raise CorruptMetadataLog(
                        f"{self.path}: line {bad[0]} (byte {bad[1]}) is not a valid record ({bad[2]}) but "
                        f"{len(lines) - 1 - bad[0]} more lines follow it, a valid record on line {n}: the file is damaged in the middle, not torn at its end. Kafka Lab will not guess "
                        f"which topics, partitions and leaders it described. Restore the file, or delete line "
                        f"{bad[0]} to drop only that record, and start again.")
                good.append((n, pos, record))
            pos += len(line) + 1
        if bad is not None:
            log.warning("metadata log %s: dropping a torn tail of %d bytes at byte %d (line %d, %s): the last "
                        "write before a crash did not complete; %d records kept", self.path, len(data) - bad[1],
                        bad[1], bad[0], bad[2], len(good))
            os.truncate(self.path, bad[1])
        for n, at, record in good:
            try:
                apply(record)
            except (KeyError, ValueError, TypeError, AttributeError, LookupError) as e:
                raise CorruptMetadataLog(
                    f"{self.path}: the {record.get('type')} on line {n} (byte {at}) cannot be applied "
                    f"({e.__class__.__name__}: {e}). Restore the file, or delete that line, and start again.") from None
            self.next_offset += 1

    def append(self, records: list[dict[str, Any]]) -> int:
        """Append and fsync (metadata is always durable). Returns the last offset."""
        self.next_offset += len(records)
        if self.path is not None:
            if self._fd is None:
                self._fd = open_private(self.path, os.O_WRONLY | os.O_APPEND)
            os.write(self._fd, b"".join(json.dumps(r, separators=(",", ":")).encode() + b"\n" for r in records))
            os.fsync(self._fd)
        return self.next_offset - 1

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
