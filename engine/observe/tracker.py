"""ChangeTracker: the engine's parts say what changed, so images are pushed, not crawled.

Partitions report every change to their replica (append, high watermark, truncation, retention,
leadership); the image builder re-describes only those partitions. Events tell it about brokers
and groups; metadata deltas about assignments, leaders and ISRs."""

from __future__ import annotations

TopicPartition = tuple[str, int]


class ChangeTracker:
    def __init__(self) -> None:
        self.partitions: set[TopicPartition] = set()
        self.everything = True  # the first image, and after a broker's state changed
        self.groups = True

    def partition_changed(self, topic: str, index: int) -> None:
        self.partitions.add((topic, index))

    def groups_changed(self) -> None:
        self.groups = True

    def everything_changed(self) -> None:
        self.everything = True

    def take(self) -> tuple[set[TopicPartition], bool, bool]:
        """(changed partitions, everything changed, groups changed) since the last call."""
        taken = (self.partitions, self.everything, self.groups)
        self.partitions, self.everything, self.groups = set(), False, False
        return taken
