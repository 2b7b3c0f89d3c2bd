"""GroupCoordinator (placeholder until the consumer-groups work lands): one per broker."""

from __future__ import annotations

from typing import Any

from engine.observe.image import GroupImage


class GroupCoordinator:
    def __init__(self, broker: Any) -> None:
        self.broker = broker

    def startup(self) -> None:
        """Called when the broker starts (after its replica manager exists)."""

    def shutdown(self) -> None:
        """Called when the broker stops or is killed."""

    def on_partition_role(self, partition: Any, role: str) -> None:
        """A hosted partition became "leader", "follower" or was "removed"."""

    def snapshot_groups(self) -> tuple[GroupImage, ...]:
        """Groups this broker coordinates, for engine.observe."""
        return ()
