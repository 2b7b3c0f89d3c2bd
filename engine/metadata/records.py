"""Typed metadata records: every decision of the controller, as KRaft writes them to
``__cluster_metadata`` (KIP-500, KIP-631). Kafka Lab writes them as readable JSON lines; the JSON
keeps the field names of the first version of the lab's metadata log, so old data dirs replay.

Each record is a frozen dataclass with ``to_json()``; :func:`record_from_json` reads one back (a
malformed line raises ``KeyError``/``ValueError``/``TypeError``, which replay reports as damage).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class TopicRecord:
    """A topic was created (its partitions follow as :class:`PartitionRecord` s)."""

    TYPE: ClassVar[str] = "TopicRecord"
    name: str
    topic_id: uuid.UUID

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "name": self.name, "topic_id": str(self.topic_id)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TopicRecord:
        return cls(str(d["name"]), uuid.UUID(d["topic_id"]))


@dataclass(frozen=True, slots=True)
class PartitionRecord:
    """A partition was created with its replica assignment, ISR and first leader."""

    TYPE: ClassVar[str] = "PartitionRecord"
    topic_id: uuid.UUID
    partition: int
    replicas: tuple[int, ...]
    isr: tuple[int, ...]
    leader: int
    leader_epoch: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "topic_id": str(self.topic_id), "partition": self.partition,
                "replicas": list(self.replicas), "isr": list(self.isr), "leader": self.leader,
                "leader_epoch": self.leader_epoch}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PartitionRecord:
        replicas = tuple(int(r) for r in d.get("replicas", ()))
        return cls(uuid.UUID(d["topic_id"]), int(d["partition"]), replicas,
                   tuple(int(r) for r in d["isr"]) if "isr" in d else replicas,
                   int(d.get("leader", -1)), int(d.get("leader_epoch", 0)))


@dataclass(frozen=True, slots=True)
class PartitionChangeRecord:
    """A change to one partition: a new leader (and epoch), ISR or replica set, or the replicas a
    reassignment adds and removes (KIP-455: ``()`` clears them); ``None`` fields are unchanged
    (Kafka's ``PartitionChangeRecord``)."""

    TYPE: ClassVar[str] = "PartitionChangeRecord"
    topic_id: uuid.UUID
    partition: int
    leader: int | None = None
    leader_epoch: int | None = None
    isr: tuple[int, ...] | None = None
    replicas: tuple[int, ...] | None = None
    adding_replicas: tuple[int, ...] | None = None
    removing_replicas: tuple[int, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.TYPE, "topic_id": str(self.topic_id), "partition": self.partition}
        if self.leader is not None:
            d["leader"] = self.leader
        if self.leader_epoch is not None:
            d["leader_epoch"] = self.leader_epoch
        if self.isr is not None:
            d["isr"] = list(self.isr)
        if self.replicas is not None:
            d["replicas"] = list(self.replicas)
        if self.adding_replicas is not None:
            d["adding_replicas"] = list(self.adding_replicas)
        if self.removing_replicas is not None:
            d["removing_replicas"] = list(self.removing_replicas)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PartitionChangeRecord:
        return cls(uuid.UUID(d["topic_id"]), int(d["partition"]),
                   int(d["leader"]) if "leader" in d else None,
                   int(d["leader_epoch"]) if "leader_epoch" in d else None,
                   tuple(int(r) for r in d["isr"]) if "isr" in d else None,
                   tuple(int(r) for r in d["replicas"]) if "replicas" in d else None,
                   _ints(d, "adding_replicas"), _ints(d, "removing_replicas"))


def _ints(d: dict[str, Any], key: str) -> tuple[int, ...] | None:
    return tuple(int(r) for r in d[key]) if key in d else None


@dataclass(frozen=True, slots=True)
class ConfigRecord:
    """A topic config override was set (``value``) or removed (``None``)."""

    TYPE: ClassVar[str] = "ConfigRecord"
    name: str  # the topic
    key: str
    value: str | None

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "name": self.name, "key": self.key, "value": self.value}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ConfigRecord:
        value = d["value"]
        return cls(str(d["name"]), str(d["key"]), None if value is None else str(value))


@dataclass(frozen=True, slots=True)
class RemoveTopicRecord:
    TYPE: ClassVar[str] = "RemoveTopicRecord"
    topic_id: uuid.UUID

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "topic_id": str(self.topic_id)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RemoveTopicRecord:
        return cls(uuid.UUID(d["topic_id"]))


@dataclass(frozen=True, slots=True)
class ProducerIdsRecord:
    """A block of producer ids was handed out; the next block starts here (KIP-730)."""

    TYPE: ClassVar[str] = "ProducerIdsRecord"
    next_producer_id_block: int

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "next_producer_id_block": self.next_producer_id_block}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ProducerIdsRecord:
        return cls(int(d["next_producer_id_block"]))


@dataclass(frozen=True, slots=True)
class RegisterBrokerRecord:
    """A broker registered (started). Session state: kept in memory, not in the metadata log."""

    TYPE: ClassVar[str] = "RegisterBrokerRecord"
    broker_id: int
    host: str
    port: int
    fenced: bool = False
    listeners: tuple[tuple[str, int], ...] = ()  # (name, port) of its listeners besides PLAINTEXT

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "broker_id": self.broker_id, "host": self.host, "port": self.port,
                "fenced": self.fenced, "listeners": [list(x) for x in self.listeners]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RegisterBrokerRecord:
        return cls(int(d["broker_id"]), str(d["host"]), int(d["port"]), bool(d.get("fenced", False)),
                   tuple((str(n), int(p)) for n, p in d.get("listeners", ())))


@dataclass(frozen=True, slots=True)
class BrokerFencingRecord:
    """A broker was fenced (dead or silent: no leadership) or unfenced (alive again)."""

    TYPE: ClassVar[str] = "BrokerFencingRecord"
    broker_id: int
    fenced: bool

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "broker_id": self.broker_id, "fenced": self.fenced}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BrokerFencingRecord:
        return cls(int(d["broker_id"]), bool(d["fenced"]))


@dataclass(frozen=True, slots=True)
class UnregisterBrokerRecord:
    """A broker was removed from the cluster (Kafka's ``UnregisterBrokerRecord``, KIP-631)."""

    TYPE: ClassVar[str] = "UnregisterBrokerRecord"
    broker_id: int

    def to_json(self) -> dict[str, Any]:
        return {"type": self.TYPE, "broker_id": self.broker_id}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> UnregisterBrokerRecord:
        return cls(int(d["broker_id"]))


MetadataRecord = (TopicRecord | PartitionRecord | PartitionChangeRecord | ConfigRecord | RemoveTopicRecord
                  | ProducerIdsRecord | RegisterBrokerRecord | BrokerFencingRecord | UnregisterBrokerRecord)

RECORD_TYPES: dict[str, Any] = {cls.TYPE: cls for cls in (
    TopicRecord, PartitionRecord, PartitionChangeRecord, ConfigRecord, RemoveTopicRecord, ProducerIdsRecord,
    RegisterBrokerRecord, BrokerFencingRecord, UnregisterBrokerRecord)}


def record_from_json(d: dict[str, Any]) -> MetadataRecord:
    """The typed record of one JSON object; ``ValueError`` for an unknown type."""
    cls = RECORD_TYPES.get(d.get("type", ""))
    if cls is None:
        raise ValueError(f"unknown metadata record type {d.get('type')!r}")
    record: MetadataRecord = cls.from_json(d)
    return record
