"""MetadataImage: the immutable cluster metadata every broker serves (KRaft's ``MetadataImage``).

The controller builds a new image for every committed change and publishes it; brokers keep a
reference to the latest one (their ``MetadataCache``). Images are never mutated.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

INTERNAL_TOPICS = frozenset({"__consumer_offsets", "__transaction_state"})


@dataclass(frozen=True, slots=True)
class BrokerRegistration:
    broker_id: int
    host: str
    port: int
    fenced: bool = False  # a fenced broker is not alive: no leadership, not in metadata


@dataclass(frozen=True, slots=True)
class PartitionRegistration:
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    leader: int  # -1 when offline
    leader_epoch: int
    partition_epoch: int

    @property
    def preferred_leader(self) -> int:
        return self.replicas[0]


@dataclass(frozen=True, slots=True)
class TopicImage:
    name: str
    topic_id: uuid.UUID
    partitions: Mapping[int, PartitionRegistration]
    configs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_internal(self) -> bool:
        return self.name in INTERNAL_TOPICS


@dataclass(frozen=True, slots=True)
class MetadataImage:
    offset: int
    cluster_id: str
    controller_id: int
    brokers: Mapping[int, BrokerRegistration]
    topics: Mapping[str, TopicImage]
    broker_configs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def topics_by_id(self) -> dict[uuid.UUID, TopicImage]:
        return {t.topic_id: t for t in self.topics.values()}

    def live_brokers(self) -> list[BrokerRegistration]:
        return sorted((b for b in self.brokers.values() if not b.fenced), key=lambda b: b.broker_id)

    def partition(self, topic: str, index: int) -> PartitionRegistration | None:
        t = self.topics.get(topic)
        return None if t is None else t.partitions.get(index)

    def evolve(self, **changes: object) -> MetadataImage:
        return replace(self, **changes)  # type: ignore[arg-type]


def frozen(d: Mapping) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(dict(d))
