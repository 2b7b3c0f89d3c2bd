"""Leader epoch cache (``leader-epoch-checkpoint``): the start offset of every leader epoch.

Used to answer OffsetsForLeaderEpoch and to truncate divergent history (KIP-101, KIP-279).
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path


class LeaderEpochCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[tuple[int, int]] = []  # (epoch, start offset), ascending
        if path.exists():
            lines = path.read_text().split("\n")
            for line in lines[2:]:
                if line.strip():
                    e, o = line.split()
                    self.entries.append((int(e), int(o)))

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

    def _write(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        lines = "".join(f"{e} {o}\n" for e, o in self.entries)
        body = f"0\n{len(self.entries)}\n{lines}"
        tmp.write_text(body)
        os.replace(tmp, self.path)
