"""Leader epoch cache (``leader-epoch-checkpoint``): the start offset of every leader epoch.

Used to answer OffsetsForLeaderEpoch and to truncate divergent history (KIP-101, KIP-279).
A checkpoint that cannot be parsed is ignored with a warning (``needs_rebuild``): the log then
rebuilds the cache from the partition leader epoch stamped on every batch it holds.
"""

from __future__ import annotations

import bisect
import logging
from pathlib import Path

from engine.log.files import read_text_lenient, write_atomic

log = logging.getLogger(__name__)


def parse_epoch_checkpoint(text: str) -> list[tuple[int, int]]:
    """Kafka's ``LeaderEpochCheckpointFile`` format: version 0, a count, then "epoch offset" lines.
    Raises ValueError on anything else."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0].strip() != "0":
        raise ValueError("the first line is not version 0")
    count = int(lines[1])
    entries: list[tuple[int, int]] = []
    for line in lines[2:]:
        if line.strip():
            e, o = line.split()
            entries.append((int(e), int(o)))
    if len(entries) != count:
        raise ValueError(f"{len(entries)} entries where the header says {count}")
    if any(b[0] <= a[0] or b[1] < a[1] for a, b in zip(entries, entries[1:], strict=False)) or any(e < 0 or o < 0 for e, o in entries):
        raise ValueError("entries are not ascending")
    return entries


class LeaderEpochCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[tuple[int, int]] = []  # (epoch, start offset), ascending
        self.needs_rebuild = False
        if path.exists():
            try:
                self.entries = parse_epoch_checkpoint(read_text_lenient(path))
            except (ValueError, OSError) as e:
                log.warning("%s is corrupt (%s): ignoring it and rebuilding the leader epochs from the log", path, e)
                self.needs_rebuild = True

    @property
    def latest_epoch(self) -> int:
        return self.entries[-1][0] if self.entries else -1

    def assign(self, epoch: int, start_offset: int) -> None:
        if self.entries and epoch <= self.entries[-1][0]:
            return
        # drop entries whose start offset is beyond the new one (after truncation)
        while self.entries and self.entries[-1][1] > start_offset:
            self.entries.pop()
        self.entries.append((epoch, start_offset))
        self._write()

    def end_offset_for(self, epoch: int, log_end_offset: int) -> tuple[int, int]:
        """(largest epoch ≤ ``epoch``, its end offset) as Kafka's ``endOffsetFor``."""
        if not self.entries or epoch < self.entries[0][0]:
            return -1, -1
        if epoch >= self.entries[-1][0]:
            return self.entries[-1][0], log_end_offset
        epochs = [e for e, _ in self.entries]
        i = bisect.bisect_right(epochs, epoch)
        return self.entries[i - 1][0], self.entries[i][1]

    def truncate_from_end(self, end_offset: int) -> None:
        before = len(self.entries)
        self.entries = [(e, o) for e, o in self.entries if o < end_offset]
        if len(self.entries) != before:
            self._write()

    def truncate_epochs_after(self, epoch: int) -> None:
        before = len(self.entries)
        self.entries = [(e, o) for e, o in self.entries if e <= epoch]
        if len(self.entries) != before:
            self._write()

    def truncate_from_start(self, start_offset: int) -> None:
        kept = [(e, o) for e, o in self.entries if o > start_offset]
        older = [(e, o) for e, o in self.entries if o <= start_offset]
        if older:
            kept.insert(0, (older[-1][0], start_offset))
        if kept != self.entries:
            self.entries = kept
            self._write()

    def rebuild(self, epochs: list[tuple[int, int]]) -> None:
        """Replace the entries with (epoch, first offset) pairs found in the log's batches."""
        self.entries = []
        for epoch, offset in epochs:
            if epoch >= 0 and (not self.entries or epoch > self.entries[-1][0]):
                self.entries.append((epoch, offset))
        self.needs_rebuild = False
        self._write()

    def _write(self) -> None:
        lines = "".join(f"{e} {o}\n" for e, o in self.entries)
        write_atomic(self.path, f"0\n{len(self.entries)}\n{lines}".encode())
