"""Turning what the Kafka protocol answered into a :class:`~clients.image.ClusterImage`.

:class:`Fetched` is one poll's answers as plain values (no confluent-kafka types); :class:`Assembler`
builds the image the embedded engine would publish from them, with the engine's own conventions
(:mod:`engine.observe.snapshot`): topics sorted by name, partitions by index, groups by id, a group's
offsets by (topic, partition), lag = max(0, high watermark − committed) and -1 when the high
watermark is unknown, Dead groups left out, leader/replica counts over every topic (internal ones
included). What the protocol cannot tell stays at the engine's "unknown" values: -1 offsets for
followers and for the leader's log end, -1 sizes where DescribeLogDirs did not answer, "" and -1
for a group's leader and generation, ``controller=None``, ``metadata_offset=-1``.

The assembler remembers brokers it has seen (a broker that Metadata stops listing while replicas
still name it is ``dead``, with its last known address) and reuses the previous image's
``PartitionImage`` / ``TopicImage`` / ``GroupImage`` objects when they are unchanged, so consumers
can diff consecutive images by identity as they do the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from clients.image import (
    BrokerImage,
    ClusterImage,
    GroupImage,
    GroupMemberImage,
    GroupOffsetImage,
    PartitionImage,
    ReplicaImage,
    TopicImage,
)
from clients.log_dirs import BrokerLogDirs

Tp = tuple[str, int]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FetchedPartition:
    partition: int
    leader: int  # -1 without a leader
    replicas: tuple[int, ...]
    isr: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FetchedTopic:
    name: str
    topic_id: str  # uuid text as the engine writes it ("" when the cluster has no topic ids)
    internal: bool
    partitions: tuple[FetchedPartition, ...]


@dataclass(frozen=True, slots=True)
class FetchedMember:
    member_id: str
    group_instance_id: str | None
    client_id: str
    host: str
    assignment: tuple[Tp, ...]


@dataclass(frozen=True, slots=True)
class FetchedGroup:
    group_id: str
    state: str  # Kafka's names: Stable, Empty, …
    protocol_type: str
    protocol: str
    coordinator: int
    members: tuple[FetchedMember, ...]


@dataclass
class Fetched:
    """One poll's answers. ``None`` for a part the cluster did not answer (see ``failures``)."""

    time_ms: int
    cluster_id: str
    controller_id: int
    brokers: dict[int, tuple[str, int]]  # live brokers: id → (host, port)
    topics: list[FetchedTopic]
    earliest: dict[Tp, int] = field(default_factory=dict)
    latest: dict[Tp, tuple[int, int]] = field(default_factory=dict)  # (high watermark, leader epoch)
    configs: dict[str, dict[str, str]] | None = None  # overrides per topic
    groups: list[FetchedGroup] | None = None
    committed: dict[str, list[tuple[str, int, int, str]]] | None = None  # group → (topic, partition, offset, metadata)
    log_dirs: dict[int, BrokerLogDirs] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # capability name → why it is missing


class Assembler:
    """Builds consecutive images of one external cluster (keeps what identity sharing needs)."""

    def __init__(self) -> None:
        self.known_brokers: dict[int, tuple[str, int]] = {}
        # the previous poll's inputs and image of each partition and group: same inputs, same object
        self._partitions: dict[Tp, tuple[tuple[Any, ...], PartitionImage]] = {}
        self._topics: dict[str, TopicImage] = {}
        self._groups: dict[str, tuple[tuple[Any, ...], GroupImage]] = {}

    def build(self, f: Fetched) -> ClusterImage:
        self.known_brokers.update(f.brokers)
        live = set(f.brokers)
        partitions: dict[Tp, tuple[tuple[Any, ...], PartitionImage]] = {}
        topics: list[TopicImage] = []
        leaders: dict[int, int] = {}
        replica_counts: dict[int, int] = {}
        named: set[int] = set()
        for t in sorted(f.topics, key=lambda t: t.name):
            parts = []
            for p in sorted(t.partitions, key=lambda p: p.partition):
                key = (t.name, p.partition)
                partitions[key] = self._partition(f, t.name, p, live)
                parts.append(partitions[key][1])
                leaders[p.leader] = leaders.get(p.leader, 0) + 1
                for r in p.replicas:
                    replica_counts[r] = replica_counts.get(r, 0) + 1
                named.update(p.replicas)
            configs = dict(sorted((f.configs or {}).get(t.name, {}).items()))
            topic = TopicImage(t.name, t.topic_id, t.internal, tuple(parts), configs)
            topics.append(_share(self._topics, t.name, topic))
        self._partitions = partitions
        self._topics = {t.name: t for t in topics}
        for bid in named - set(self.known_brokers):
            self.known_brokers[bid] = ("", -1)  # named by replicas, never listed: address unknown
        brokers = []
        for bid in sorted(self.known_brokers):
            host, port = self.known_brokers[bid]
            dirs = f.log_dirs.get(bid)
            brokers.append(BrokerImage(
                bid, host, port, "running" if bid in live else "dead", bid == f.controller_id,
                leaders.get(bid, 0), replica_counts.get(bid, 0), 0, 0, 0, 0,
                ",".join(dirs.log_dirs) if dirs is not None else ""))
        return ClusterImage(time_ms=f.time_ms, cluster_id=f.cluster_id, controller_id=f.controller_id,
                            metadata_offset=-1, brokers=tuple(brokers), topics=tuple(topics),
                            groups=self._build_groups(f), replication_delay_ms=0, controller=None)

    # ------------------------------------------------------------------ partitions
    def _partition(self, f: Fetched, topic: str, p: FetchedPartition, live: set[int]
                   ) -> tuple[tuple[Any, ...], PartitionImage]:
        key = (topic, p.partition)
        hw, epoch = f.latest.get(key, (-1, -1))
        start = f.earliest.get(key, -1)
        sizes = []
        for r in p.replicas:
            dirs = f.log_dirs.get(r)
            on_disk = dirs.replicas.get(key) if dirs is not None else None
            sizes.append(on_disk.size_bytes if on_disk is not None else -1)
        inputs = (p, hw, epoch, start, tuple(sizes), tuple(r in live for r in p.replicas))
        previous = self._partitions.get(key)
        if previous is not None and previous[0] == inputs:
            return previous
        states = []
        for r, size in zip(p.replicas, sizes, strict=True):
            if r == p.leader:
                states.append(ReplicaImage(r, r in live, r in p.isr, True, start, -1, hw, size, 0))
            else:
                states.append(ReplicaImage(r, r in live, r in p.isr, False, -1, -1, -1, size, -1))
        return inputs, PartitionImage(topic, p.partition, p.leader, epoch, p.replicas, p.isr, tuple(states))

    # ------------------------------------------------------------------ groups
    def _build_groups(self, f: Fetched) -> tuple[GroupImage, ...]:
        if f.groups is None:
            self._groups = {}
            return ()
        committed = f.committed or {}
        out: dict[str, tuple[tuple[Any, ...], GroupImage]] = {}
        for g in sorted(f.groups, key=lambda g: g.group_id):
            if g.state == "Dead":
                continue
            rows = tuple(sorted(c for c in committed.get(g.group_id, ()) if c[2] >= 0))
            inputs = (g, rows, tuple(f.latest.get((c[0], c[1]), (-1, -1))[0] for c in rows))
            previous = self._groups.get(g.group_id)
            if previous is not None and previous[0] == inputs:
                out[g.group_id] = previous
                continue
            members = tuple(GroupMemberImage(m.member_id, m.group_instance_id, m.client_id, m.host, m.assignment)
                            for m in g.members)
            offsets = tuple(GroupOffsetImage(topic, partition, offset, hw, max(hw - offset, 0) if hw >= 0 else -1,
                                             metadata)
                            for (topic, partition, offset, metadata), hw in zip(rows, inputs[2], strict=True))
            out[g.group_id] = inputs, GroupImage(g.group_id, g.state, g.protocol_type, g.protocol, -1, "",
                                                 g.coordinator, members, offsets)
        self._groups = out
        return tuple(image for _inputs, image in out.values())

def _share(previous: Mapping[Any, T], key: Any, image: T) -> T:
    """The previous image's object when nothing in it changed (identity tells consumers so)."""
    old = previous.get(key)
    return old if old is not None and old == image else image
