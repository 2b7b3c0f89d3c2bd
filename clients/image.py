"""The ClusterImage vocabulary, shared with the engine.

The external-cluster source builds the very types the embedded engine publishes, so the GUI cannot
tell the two apart except through the capabilities a source declares. ``engine.observe.image`` (with
``events`` and ``codec``) is pure, immutable dataclasses that import no part of the engine; it is the
one piece of the engine ``clients`` may import (import-linter checks it)."""

from __future__ import annotations

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
    SegmentImage,
    TopicImage,
)

__all__ = [
    "BrokerImage", "BrokerSessionImage", "ClusterImage", "ControllerImage", "GroupImage", "GroupMemberImage",
    "GroupOffsetImage", "PartitionImage", "ProduceErrorImage", "ReplicaImage", "SegmentImage", "TopicImage",
]
