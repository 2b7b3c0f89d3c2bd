"""engine.observe — the only part of the engine the GUI reads.

- :class:`ClusterImage` (and its parts): immutable, JSON-serialisable snapshots.
- :mod:`engine.observe.events`: typed events and the :class:`EventBus`.

The package itself is the vocabulary only (pure dataclasses, no engine part): importing it loads
nothing else of the engine. Building images is ``engine.observe.snapshot.take_snapshot`` (engine side).
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

__all__ = [
    "BrokerImage", "BrokerSessionImage", "ClusterImage", "ControllerImage", "EngineEvent", "EventBus", "GroupImage",
    "GroupMemberImage", "GroupOffsetImage", "PartitionImage", "ProduceErrorImage", "ReplicaImage", "SchemaRegistryImage",
    "SegmentImage", "TopicImage",
]
