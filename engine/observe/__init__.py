"""engine.observe — the only part of the engine the GUI reads.

- :class:`ClusterImage` (and its parts): immutable, JSON-serialisable snapshots.
- :mod:`engine.observe.events`: typed events and the :class:`EventBus`.
- :func:`take_snapshot`: build a ClusterImage from a running cluster (on its loop).
"""

from engine.observe.events import EngineEvent, EventBus
from engine.observe.image import (
    BrokerImage,
    BrokerSessionImage,
    ClusterImage,
    ControllerImage,
    GroupImage,
    GroupMemberImage,
    GroupOffsetImage,
    PartitionImage,
    ProduceErrorImage,
    ReplicaImage,
    SchemaRegistryImage,
    SegmentImage,
    TopicImage,
)
from engine.observe.snapshot import take_snapshot

__all__ = [
    "BrokerImage", "BrokerSessionImage", "ClusterImage", "ControllerImage", "EngineEvent", "EventBus", "GroupImage",
    "GroupMemberImage", "GroupOffsetImage", "PartitionImage", "ProduceErrorImage", "ReplicaImage", "SchemaRegistryImage",
    "SegmentImage",
    "TopicImage", "take_snapshot",
]
