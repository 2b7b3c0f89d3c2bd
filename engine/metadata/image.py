"""MetadataImage: the immutable cluster metadata every broker serves (KRaft's ``MetadataImage``).

The controller folds each batch of records into a :class:`~engine.metadata.delta.MetadataDelta`
and applies it to the current image to get the next one. Images are never mutated; consecutive
images share every topic and partition that did not change. The maps are HAMTs
(``immutables.Map``, the structure behind Python's contextvars): changing one partition of a
3,000-partition cluster copies O(log n) nodes, not the whole map.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import immutables

INTERNAL_TOPICS = frozenset({"__consumer_offsets", "__transaction_state"})

EMPTY_MAP: immutables.Map = immutables.Map()  # type: ignore[type-arg]


@dataclass(frozen=True, slots=True)
class BrokerRegistration:
    broker_id: int
    host: str
    port: int
    fenced: bool = False  # a fenced broker is not alive: no leadership, not in metadata
    # its other listeners (Kafka's BrokerRegistration endpoints): (name, port); ``port`` is PLAINTEXT's
    listeners: tuple[tuple[str, int], ...] = ()

    def port_on(self, listener: str) -> int | None:
        """The broker's port on that listener ("" or PLAINTEXT: ``port``); None if it has none."""
        if not listener or listener == "PLAINTEXT":
            return self.port
        for name, port in self.listeners:
            if name == listener:
                return port
        return None


@dataclass(frozen=True, slots=True)
class PartitionRegistration:
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    leader: int  # -1 when offline
    leader_epoch: int
    partition_epoch: int
    # a reassignment in progress (KIP-455): ``replicas`` is the union of the target and the current
    # replicas; ``adding`` are target replicas catching up, ``removing`` leave once they did
    adding_replicas: tuple[int, ...] = ()
    removing_replicas: tuple[int, ...] = ()

    @property
    def preferred_leader(self) -> int:
        return self.replicas[0]

    @property
    def reassigning(self) -> bool:
        return bool(self.adding_replicas or self.removing_replicas)

    @property
    def target_replicas(self) -> tuple[int, ...]:
        """Where the partition is going (the replicas when no reassignment is in progress)."""
        return tuple(r for r in self.replicas if r not in self.removing_replicas)

    @property
    def original_replicas(self) -> tuple[int, ...]:
        """Where the partition was before the reassignment in progress (what a cancel restores)."""
        return tuple(r for r in self.replicas if r not in self.adding_replicas)


@dataclass(frozen=True, slots=True)
class TopicImage:
    name: str
    topic_id: uuid.UUID
    partitions: Mapping[int, PartitionRegistration] = field(default_factory=lambda: EMPTY_MAP)
    configs: Mapping[str, str] = field(default_factory=lambda: EMPTY_MAP)

    @property
    def is_internal(self) -> bool:
        return self.name in INTERNAL_TOPICS


@dataclass(frozen=True, slots=True)
class MetadataImage:
    offset: int  # the last record of the metadata log this image includes (-1: none)
    cluster_id: str
    controller_id: int  # what Metadata/DescribeCluster answer: a live broker (clients need one)
    brokers: Mapping[int, BrokerRegistration] = field(default_factory=lambda: EMPTY_MAP)
    topics: Mapping[str, TopicImage] = field(default_factory=lambda: EMPTY_MAP)
    topic_names: Mapping[uuid.UUID, str] = field(default_factory=lambda: EMPTY_MAP)  # topic id → name
    version: int = 0  # one more for every committed delta, persisted or not (session records are not)

    def topic_by_id(self, topic_id: uuid.UUID) -> TopicImage | None:
        name = self.topic_names.get(topic_id)
        return None if name is None else self.topics.get(name)

    def live_brokers(self) -> list[BrokerRegistration]:
        return sorted((b for b in self.brokers.values() if not b.fenced), key=lambda b: b.broker_id)

    def partition(self, topic: str, index: int) -> PartitionRegistration | None:
        t = self.topics.get(topic)
        return None if t is None else t.partitions.get(index)

    def evolve(self, **changes: object) -> MetadataImage:
        return replace(self, **changes)  # type: ignore[arg-type]

    @staticmethod
    def empty(cluster_id: str) -> MetadataImage:
        return MetadataImage(offset=-1, cluster_id=cluster_id, controller_id=0)
