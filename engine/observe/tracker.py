"""ChangeTracker: the engine's parts say what changed, so images are pushed, not crawled.

Partitions report every change to their replica (append, high watermark, truncation, retention,
leadership); image builders re-describe only those partitions. Events tell them about brokers and
groups; metadata deltas about assignments, leaders and ISRs. Each builder has its own
:class:`ChangeSet`, so two builders never take each other's changes."""

from __future__ import annotations

TopicPartition = tuple[str, int]


class ChangeSet:
    def __init__(self) -> None:
        self.partitions: set[TopicPartition] = set()
        self.everything = True  # the first image
        self.groups = True

    def take(self) -> tuple[set[TopicPartition], bool, bool]:
        """(changed partitions, everything changed, groups changed) since the last call."""
        taken = (self.partitions, self.everything, self.groups)
        self.partitions, self.everything, self.groups = set(), False, False
        return taken


class ChangeTracker:
    def __init__(self) -> None:
        self._sets: list[ChangeSet] = []

    def subscribe(self) -> ChangeSet:
        changes = ChangeSet()
        self._sets.append(changes)
        return changes

    def unsubscribe(self, changes: ChangeSet) -> None:
        if changes in self._sets:
            self._sets.remove(changes)

    def partition_changed(self, topic: str, index: int) -> None:
        for s in self._sets:
            s.partitions.add((topic, index))

    def groups_changed(self) -> None:
        for s in self._sets:
            s.groups = True

    def everything_changed(self) -> None:
        for s in self._sets:
            s.everything = True
