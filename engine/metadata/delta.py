"""MetadataDelta: what one batch of metadata records changes (KRaft's ``MetadataDelta``).

The controller replays the records of one commit into a delta and applies it to the current
image to get the next one; brokers receive ``(delta, image)`` and act on what changed — the
partitions whose registration changed, the topics created, deleted or reconfigured, the brokers
registered or (un)fenced — never re-scanning the whole image (Kafka's ``TopicsDelta.localChanges``).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from engine.metadata.image import (
    EMPTY_MAP,
    BrokerRegistration,
    MetadataImage,
    PartitionRegistration,
    TopicImage,
)
from engine.metadata.records import (
    BrokerFencingRecord,
    ConfigRecord,
    MetadataRecord,
    PartitionChangeRecord,
    PartitionRecord,
    ProducerIdsRecord,
    RegisterBrokerRecord,
    RemoveTopicRecord,
    TopicRecord,
    UnregisterBrokerRecord,
)

TopicPartition = tuple[str, int]


class MetadataDelta:
    def __init__(self, base: MetadataImage) -> None:
        self.base = base
        self.records: list[MetadataRecord] = []
        self.changed_partitions: dict[TopicPartition, PartitionRegistration] = {}
        self.created_topics: set[str] = set()
        self.deleted_topics: dict[str, TopicImage] = {}  # name → the topic as it was
        self.config_changed_topics: set[str] = set()
        self.changed_brokers: set[int] = set()
        self.next_producer_id_block: int | None = None
        self._topics: Any = base.topics.mutate()  # type: ignore[attr-defined]
        self._names: Any = base.topic_names.mutate()  # type: ignore[attr-defined]
        self._brokers: Any = base.brokers.mutate()  # type: ignore[attr-defined]
        self._parts: dict[str, Any] = {}  # topic name → partitions mutation
        self._configs: dict[str, Any] = {}  # topic name → configs mutation
        self._image: MetadataImage | None = None

    @classmethod
    def full(cls, image: MetadataImage) -> MetadataDelta:
        """The delta from nothing to ``image``: every topic created, every partition changed (what a
        broker that starts, or catches up after a pause, applies)."""
        delta = cls(MetadataImage.empty(image.cluster_id))
        for t in image.topics.values():
            delta.created_topics.add(t.name)
            for index, reg in t.partitions.items():
                delta.changed_partitions[(t.name, index)] = reg
        delta.changed_brokers.update(image.brokers)
        delta._image = image
        return delta

    # ------------------------------------------------------------------ replay
    def _topic(self, topic_id: uuid.UUID) -> TopicImage | None:
        name = self._names.get(topic_id)
        return None if name is None else self._topics.get(name)

    def _partitions(self, t: TopicImage) -> Any:
        parts = self._parts.get(t.name)
        if parts is None:
            parts = self._parts[t.name] = t.partitions.mutate()  # type: ignore[attr-defined]
        return parts

    def replay(self, record: MetadataRecord) -> None:
        if self._image is not None:
            raise RuntimeError("this delta was already applied")
        self.records.append(record)
        if isinstance(record, TopicRecord):
            self._topics[record.name] = TopicImage(record.name, record.topic_id)
            self._names[record.topic_id] = record.name
            self._parts[record.name] = EMPTY_MAP.mutate()  # type: ignore[attr-defined]
            self._configs[record.name] = EMPTY_MAP.mutate()  # type: ignore[attr-defined]
            self.created_topics.add(record.name)
        elif isinstance(record, PartitionRecord | PartitionChangeRecord):
            t = self._topic(record.topic_id)
            if t is None:
                return
            parts = self._partitions(t)
            old: PartitionRegistration | None = parts.get(record.partition)
            reg = _registration(record, old)
            parts[record.partition] = reg
            self.changed_partitions[(t.name, record.partition)] = reg
        elif isinstance(record, ConfigRecord):
            t = self._topics.get(record.name)
            if t is None:
                return
            configs = self._configs.get(t.name)
            if configs is None:
                configs = self._configs[t.name] = t.configs.mutate()  # type: ignore[attr-defined]
            if record.value is None:
                if record.key in configs:
                    del configs[record.key]
            else:
                configs[record.key] = record.value
            self.config_changed_topics.add(t.name)
        elif isinstance(record, RemoveTopicRecord):
            t = self._topic(record.topic_id)
            if t is None:
                return
            self.deleted_topics[t.name] = self.base.topics.get(t.name, t)
            del self._topics[t.name]
            del self._names[record.topic_id]
            self._parts.pop(t.name, None)
            self._configs.pop(t.name, None)
            self.created_topics.discard(t.name)
            self.config_changed_topics.discard(t.name)
            for key in [k for k in self.changed_partitions if k[0] == t.name]:
                del self.changed_partitions[key]
        elif isinstance(record, ProducerIdsRecord):
            self.next_producer_id_block = record.next_producer_id_block
        elif isinstance(record, RegisterBrokerRecord):
            self._brokers[record.broker_id] = BrokerRegistration(record.broker_id, record.host, record.port,
                                                                 record.fenced, record.listeners)
            self.changed_brokers.add(record.broker_id)
        elif isinstance(record, BrokerFencingRecord):
            b = self._brokers.get(record.broker_id)
            if b is not None:
                self._brokers[record.broker_id] = replace(b, fenced=record.fenced)
                self.changed_brokers.add(record.broker_id)
        elif isinstance(record, UnregisterBrokerRecord):
            if record.broker_id in self._brokers:
                del self._brokers[record.broker_id]
                self.changed_brokers.add(record.broker_id)
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"not a metadata record: {record!r}")

    # ------------------------------------------------------------------ apply
    def apply(self, offset: int) -> MetadataImage:
        """The image after this delta; ``offset`` is the last metadata-log offset it includes."""
        if self._image is not None:
            return self._image
        for name in set(self._parts) | set(self._configs):
            t = self._topics.get(name)
            if t is None:
                continue
            parts = self._parts.get(name)
            configs = self._configs.get(name)
            self._topics[name] = TopicImage(name, t.topic_id,
                                            parts.finish() if parts is not None else t.partitions,
                                            configs.finish() if configs is not None else t.configs)
        brokers = self._brokers.finish()
        live = sorted(b.broker_id for b in brokers.values() if not b.fenced)
        self._image = MetadataImage(
            offset=offset, cluster_id=self.base.cluster_id,
            controller_id=live[0] if live else (min(brokers) if len(brokers) else 0),
            brokers=brokers, topics=self._topics.finish(), topic_names=self._names.finish(),
            version=self.base.version + 1)
        return self._image

    @property
    def image(self) -> MetadataImage:
        if self._image is None:
            raise RuntimeError("the delta has not been applied yet")
        return self._image

    def is_empty(self) -> bool:
        return not self.records and self._image is None


def _registration(record: PartitionRecord | PartitionChangeRecord,
                  old: PartitionRegistration | None) -> PartitionRegistration:
    """Kafka's ``PartitionRegistration.merge``: fields the record leaves out keep their value; every
    change bumps the partition epoch."""
    adding: tuple[int, ...] = ()
    removing: tuple[int, ...] = ()
    if isinstance(record, PartitionRecord):
        replicas, isr, leader, epoch = record.replicas, record.isr, record.leader, record.leader_epoch
    else:
        adding = record.adding_replicas if record.adding_replicas is not None else (old.adding_replicas if old else ())
        removing = record.removing_replicas if record.removing_replicas is not None else \
            (old.removing_replicas if old else ())
        replicas = record.replicas if record.replicas is not None else (old.replicas if old else ())
        isr = record.isr if record.isr is not None else (old.isr if old else replicas)
        leader = record.leader if record.leader is not None else (old.leader if old else -1)
        epoch = record.leader_epoch if record.leader_epoch is not None else (old.leader_epoch if old else 0)
    return PartitionRegistration(replicas=tuple(replicas), isr=tuple(isr), leader=leader, leader_epoch=epoch,
                                 partition_epoch=(old.partition_epoch + 1) if old else 0,
                                 adding_replicas=tuple(adding), removing_replicas=tuple(removing))
