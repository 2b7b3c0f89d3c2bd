"""What a metadata change means for one broker's replica of a partition (Kafka's
``LocalReplicaChanges``: leaders, followers, deletes)."""

from __future__ import annotations

import enum


class PartitionRole(enum.Enum):
    LEADER = "leader"  # became leader (or a new leader epoch)
    FOLLOWER = "follower"  # became follower (or follows a new leader)
    REMOVED = "removed"  # the replica left this broker (topic deleted, replica moved)
