"""ClusterImage building, pushed not crawled (call on the engine loop).

An :class:`ImageBuilder` per cluster keeps the last image and re-describes only what changed since
— the partitions the :class:`~engine.observe.tracker.ChangeTracker` names (each replica reports its
own appends, high-watermark moves, truncations, retention and leadership; metadata deltas report
assignments, leaders and ISRs), the groups when a group event happened or a partition they read
changed, everything when a broker's state changed. Unchanged ``PartitionImage``/``TopicImage``
objects are shared between consecutive images, so a change to one partition costs O(1) parts
(plus re-sorting tuples of references), and the channel can diff images by identity.
"""

from __future__ import annotations

import dataclasses
import os
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage, PartitionRegistration
from engine.metadata.image import TopicImage as MetadataTopic
from engine.observe import events as ev
from engine.observe.image import (
    BrokerImage,
    BrokerSessionImage,
    ClusterImage,
    ControllerImage,
    GroupImage,
    PartitionImage,
    ProduceErrorImage,
    ReplicaImage,
    TopicImage,
)
from engine.protocol.errors import ErrorCode, error_name
from engine.protocol.records import scan_records

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster
    from engine.server.broker import Broker

IMAGE_DECISIONS = 20  # the latest controller decisions an image carries
RECORD_TIMES_KEPT = 10_000  # record timestamps looked up for the lag in time, kept
TopicPartition = tuple[str, int]
_GROUP_EVENTS = ("Rebalance", "Member", "Offsets", "Group")  # event kinds that change a group image


_BUILDERS: weakref.WeakKeyDictionary[KafkaCluster, ImageBuilder] = weakref.WeakKeyDictionary()


def take_snapshot(cluster: KafkaCluster) -> ClusterImage:
    """The cluster as it is now (incremental: see :class:`ImageBuilder`)."""
    builder = _BUILDERS.get(cluster)
    if builder is None:
        builder = _BUILDERS[cluster] = ImageBuilder(cluster)
    return builder.build()


class ImageBuilder:
    def __init__(self, cluster: KafkaCluster) -> None:
        self.cluster = cluster
        self.tracker = cluster.tracker
        self.changes = cluster.tracker.subscribe()
        self._meta: MetadataImage | None = None
        self._delta_version = cluster.controller.image.version  # the last delta this builder received
        self._pending_meta: set[TopicPartition] = set()
        self._pending_topics: set[str] = set()  # created, deleted or reconfigured
        self._partitions: dict[TopicPartition, PartitionImage] = {}
        self._topics: dict[str, TopicImage] = {}
        self._topic_tuple: tuple[TopicImage, ...] = ()
        self._groups: tuple[GroupImage, ...] = ()
        self._record_times: dict[tuple[str, int, int], int] = {}  # (topic, partition, offset) → timestamp
        self._states: dict[int, str] = {}
        self._leaders: dict[int, int] = {}
        self._replicas: dict[int, int] = {}
        cluster.controller.publisher.subscribe(self._on_delta)
        self._unsubscribe_events = cluster.bus.subscribe(self._on_event)

    def close(self) -> None:
        """Stop listening (a builder made for a one-off image)."""
        self.cluster.controller.publisher.unsubscribe(self._on_delta)
        self._unsubscribe_events()
        self.tracker.unsubscribe(self.changes)

    # ------------------------------------------------------------------ what changed
    def _on_delta(self, delta: MetadataDelta, image: MetadataImage) -> None:
        self._delta_version = image.version
        self._pending_meta.update(delta.changed_partitions)
        self._pending_topics.update(delta.created_topics, delta.deleted_topics, delta.config_changed_topics)
        for name, old in delta.deleted_topics.items():
            self._pending_meta.update((name, i) for i in old.partitions)
        if delta.changed_brokers:
            self.changes.everything = True  # fenced/unfenced: online and controller flags everywhere

    def _on_event(self, event: ev.EngineEvent) -> None:
        if event.kind.startswith(_GROUP_EVENTS):
            self.changes.groups = True
        elif event.kind.startswith("Broker"):
            self.changes.everything = True

    # ------------------------------------------------------------------ building
    def build(self) -> ClusterImage:
        cluster = self.cluster
        if cluster.controller.image.version > self._delta_version:
            cluster.controller.publisher.drain()  # deliver the deltas still queued (to everyone) first
        meta = cluster.controller.image
        states = {bid: str(b.state) for bid, b in cluster.brokers.items()}
        dirty, everything, groups_dirty = self.changes.take()
        if states != self._states:
            everything = True
        dirty |= self._pending_meta
        topics_changed = set(self._pending_topics) | {t for t, _ in dirty}
        self._pending_meta, self._pending_topics = set(), set()
        if everything or self._meta is None:
            self._partitions.clear()
            dirty = {(t.name, i) for t in meta.topics.values() for i in t.partitions}
            topics_changed = set(meta.topics) | set(self._topics)
            groups_dirty = True
        self._meta, self._states = meta, states
        for key in dirty:
            reg = meta.partition(*key)
            if reg is None:
                self._partitions.pop(key, None)
            else:
                self._partitions[key] = self._describe_partition(meta.topics[key[0]], key[1], reg)
        if topics_changed:
            for name in topics_changed:
                self._describe_topic(meta, name)
            self._topic_tuple = tuple(self._topics[n] for n in sorted(self._topics))
            self._count_placement(meta)
        if groups_dirty or (dirty and self._groups_read_any(dirty)):
            self._groups = self._describe_groups(meta)
        return ClusterImage(
            time_ms=cluster.clock.time_ms(), cluster_id=meta.cluster_id, controller_id=meta.controller_id,
            metadata_offset=meta.offset, brokers=tuple(self._describe_broker(b, meta) for _, b in
                                                       sorted(cluster.brokers.items())),
            topics=self._topic_tuple, groups=self._groups, replication_delay_ms=cluster.replication_delay_ms,
            controller=_controller(cluster), schema_registry=cluster.schema_registry)

    def _describe_topic(self, meta: MetadataImage, name: str) -> None:
        t = meta.topics.get(name)
        if t is None:
            self._topics.pop(name, None)
            return
        parts = tuple(self._partitions[(name, i)] for i in sorted(t.partitions) if (name, i) in self._partitions)
        old = self._topics.get(name)
        configs = dict(t.configs)
        if old is not None and old.partitions == parts and old.configs == configs:
            return  # keep the same object (identity tells the channel nothing changed)
        self._topics[name] = TopicImage(t.name, str(t.topic_id), t.is_internal, parts, configs)

    def _count_placement(self, meta: MetadataImage) -> None:
        leaders: dict[int, int] = {}
        replicas: dict[int, int] = {}
        for t in self._topic_tuple:
            for p in t.partitions:
                leaders[p.leader] = leaders.get(p.leader, 0) + 1
                for r in p.replicas:
                    replicas[r] = replicas.get(r, 0) + 1
        self._leaders, self._replicas = leaders, replicas

    def _up(self, broker_id: int) -> Broker | None:
        b = self.cluster.brokers.get(broker_id)
        return b if b is not None and b.state.is_up and b.replica_manager is not None else None

    def _describe_partition(self, t: MetadataTopic, index: int, reg: PartitionRegistration) -> PartitionImage:
        leader_broker = self._up(reg.leader)
        leader_part = leader_broker.replica_manager.partitions.get((t.name, index)) \
            if leader_broker is not None and leader_broker.replica_manager is not None else None
        leader_leo = leader_part.log.log_end_offset if leader_part is not None else -1
        states: list[ReplicaImage] = []
        for r in reg.replicas:
            b = self._up(r)
            p = b.replica_manager.partitions.get((t.name, index)) \
                if b is not None and b.replica_manager is not None else None
            if p is None:
                states.append(ReplicaImage(r, b is not None, r in reg.isr, r == reg.leader, -1, -1, -1, 0, -1))
            else:
                states.append(p.describe(reg.isr, reg.leader, True, leader_leo))
        errors = _partition_errors(b.metrics.produce_errors.get((t.name, index)) for b in self.cluster.brokers.values())
        return PartitionImage(
            t.name, index, reg.leader, reg.leader_epoch, reg.replicas, reg.isr, tuple(states),
            leader_part.messages_in if leader_part else 0, leader_part.bytes_in if leader_part else 0,
            leader_part.bytes_out if leader_part else 0, errors, reg.adding_replicas, reg.removing_replicas)

    def _describe_broker(self, b: Broker, meta: MetadataImage) -> BrokerImage:
        m = b.metrics
        return BrokerImage(b.broker_id, b.host, b.port, str(b.state), b.broker_id == meta.controller_id,
                           self._leaders.get(b.broker_id, 0), self._replicas.get(b.broker_id, 0), m.requests,
                           m.bytes_in, m.bytes_out, m.messages_in, str(b.log_dir),
                           _error_images(m.produce_error_totals))

    def _groups_read_any(self, dirty: set[TopicPartition]) -> bool:
        return any((o.topic, o.partition) in dirty for g in self._groups for o in g.offsets)

    def _describe_groups(self, meta: MetadataImage) -> tuple[GroupImage, ...]:
        def leader_stable_offset(topic: str, partition: int) -> int:
            """What a consumer of the partition can reach for sure: the current leader's last stable offset —
            its high watermark unless a transaction is open below it, whose records a group's lag does not
            count (a read_committed consumer cannot read them yet; they may be aborted)."""
            reg = meta.partition(topic, partition)
            lb = self._up(reg.leader) if reg is not None else None
            return lb.replica_manager.local_last_stable_offset(topic, partition) \
                if lb is not None and lb.replica_manager is not None else -1

        groups: list[GroupImage] = []
        for b in self.cluster.brokers.values():
            if str(b.state) == "running" and b.group_coordinator is not None:
                groups.extend(self._with_record_times(g, meta)
                              for g in b.group_coordinator.snapshot_groups(leader_stable_offset))
        groups.sort(key=lambda g: g.group_id)
        return tuple(groups)

    def _with_record_times(self, group: GroupImage, meta: MetadataImage) -> GroupImage:
        """``committed_timestamp_ms`` of every offset with lag: the lag in time."""
        offsets = tuple(dataclasses.replace(o, committed_timestamp_ms=self._record_time(
                            o.topic, o.partition, o.committed_offset, meta)) if o.lag > 0 else o
                        for o in group.offsets)
        return dataclasses.replace(group, offsets=offsets) if offsets != group.offsets else group

    def _record_time(self, topic: str, partition: int, offset: int, meta: MetadataImage) -> int:
        """The timestamp of the record at ``offset`` in the leader's log (-1 unknown); kept, since a
        record's timestamp never changes."""
        key = (topic, partition, offset)
        cached = self._record_times.get(key)
        if cached is not None:
            return cached
        reg = meta.partition(topic, partition)
        lb = self._up(reg.leader) if reg is not None else None
        part = lb.replica_manager.partitions.get((topic, partition)) \
            if lb is not None and lb.replica_manager is not None else None
        if part is None:
            return -1
        try:
            data = part.log.read(offset, 1, part.log.log_end_offset)
            ts = next((t for o, _k, _n, t in scan_records(data)[1] if o >= offset), -1) if data else -1
        except Exception:  # out of range (retention moved past it), a batch cut short: unknown
            return -1
        if len(self._record_times) >= RECORD_TIMES_KEPT:
            self._record_times.clear()
        self._record_times[key] = ts
        return ts


# ---------------------------------------------------------------------- produce errors

def _error_images(totals: dict[int, list[Any]]) -> tuple[ProduceErrorImage, ...]:
    out = []
    for code, (count, message) in totals.items():
        try:
            retriable = bool(ErrorCode(code).retriable)
        except ValueError:
            retriable = False
        out.append(ProduceErrorImage(error_name(code), int(count), retriable, str(message)))
    return tuple(sorted(out, key=lambda e: (-e.count, e.error)))


def _partition_errors(per_broker: Iterable[dict[int, list[Any]] | None]) -> tuple[ProduceErrorImage, ...]:
    """Every broker's error answers for a partition, summed (a former leader's NOT_LEADER_OR_FOLLOWER
    answers count as much as the leader's NOT_ENOUGH_REPLICAS)."""
    totals: dict[int, list[Any]] = {}
    for tally in per_broker:
        for code, (count, message) in (tally or {}).items():
            entry = totals.setdefault(code, [0, ""])
            entry[0] += count
            entry[1] = message or entry[1]
    return _error_images(totals) if totals else ()


# ---------------------------------------------------------------------- the controller

def _controller(cluster: KafkaCluster) -> ControllerImage:
    """The controller's own state: its metadata log, the broker sessions it keeps, its decisions."""
    controller = cluster.controller
    image = controller.image
    clock = cluster.clock
    now_ms, now_mono = clock.time_ms(), clock.monotonic()
    beats = controller.sessions()  # broker id → monotonic time of the last heartbeat
    sessions = []
    for bid in sorted(set(cluster.brokers) | set(image.brokers)):
        reg = image.brokers.get(bid)
        beat = beats.get(bid)
        # wall-clock time of the heartbeat, rounded so an idle image stays unchanged between beats
        last = -1 if beat is None else int(round((now_ms - (now_mono - beat) * 1000) / 100) * 100)
        sessions.append(BrokerSessionImage(bid, reg is not None, reg.fenced if reg is not None else True, last))
    log_path = controller.metadata_log_path
    bus = cluster.bus
    return ControllerImage(
        pid=os.getpid(), metadata_offset=image.offset, metadata_log=str(log_path) if log_path else "",
        session_timeout_ms=cluster.broker_config.get_int("broker.session.timeout.ms"),
        heartbeat_interval_ms=cluster.broker_config.get_int("broker.heartbeat.interval.ms"),
        sessions=tuple(sessions), decisions=_latest_decisions(list(bus.controller_decisions)),
        decision_count=bus.decision_count)


def _latest_decisions(decisions: list[Any]) -> tuple[ev.EngineEvent, ...]:
    """The latest IMAGE_DECISIONS decisions about user topics and brokers, and as many about internal
    topics (a failover moves 50 __consumer_offsets leaders, which must not hide the rest), oldest first."""
    user: list[int] = []
    internal: list[int] = []
    for i in range(len(decisions) - 1, -1, -1):
        bucket = internal if str(getattr(decisions[i], "topic", "")).startswith("__") else user
        if len(bucket) < IMAGE_DECISIONS:
            bucket.append(i)
        if len(user) >= IMAGE_DECISIONS and len(internal) >= IMAGE_DECISIONS:
            break
    return tuple(decisions[i] for i in sorted(user + internal))
