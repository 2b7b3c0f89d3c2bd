"""One record's path through the cluster, step by step, from the images alone.

    key → partitioner → leader append → followers fetch → high watermark → consumer fetch → commit

:class:`RecordFlow` follows one record (topic, partition, offset, and its key when known) and, for each
:class:`~engine.observe.ClusterImage`, says how far it got (:class:`FlowState`): the partitioner's
arithmetic for its key (Kafka's ``murmur2(key) & 0x7fffffff % partitions``, or librdkafka's CRC32, or
sticky for a null key), the leader that appended it, each follower's log end offset against the
record's offset, the leader's high watermark, the highest offset a consumer fetched from the leader
(``ReplicaImage.consumer_fetch_offset``: a consumer that fetches from offset N holds every record
below N) and the groups whose committed offset passed it. Each step keeps the image time it was first
seen done, so a slowed-down cluster (slow motion) shows them one after another.

A record the leader had and then no longer has (acks=1, the leader died before a follower copied it,
and a follower without it became leader) is *lost*.

:func:`newest_record` finds the record a producer just appended anywhere (load generator, produce
dialog, a student's own client): the highest offset that grew between two images.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from clients.partitioners import murmur2
from engine.observe import ClusterImage, PartitionImage, ReplicaImage

STEPS = ("partitioner", "append", "replicate", "high_watermark", "fetch", "commit")


@dataclass(frozen=True)
class TrackedRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None = None
    key_known: bool = False  # False until the key was read (a record found in an image has none yet)
    source: str = ""  # "newest", "produce", "browser"


@dataclass(frozen=True)
class Partitioning:
    """How a partitioner maps the record's key onto the topic's partitions."""

    partitions: int
    murmur2: int | None  # signed 32-bit murmur2 of the key (Kafka's Utils.murmur2); None: null key
    positive: int | None  # murmur2 & 0x7fffffff (Kafka's toPositive)
    murmur2_partition: int | None  # positive % partitions
    crc32: int | None  # librdkafka's consistent_random: crc32(key) (None for a null or empty key)
    crc32_partition: int | None


@dataclass(frozen=True)
class FollowerStep:
    broker_id: int
    log_end_offset: int  # -1: the broker is down
    in_sync: bool
    online: bool

    def has(self, offset: int) -> bool:
        return self.log_end_offset > offset


@dataclass(frozen=True)
class GroupStep:
    group_id: str
    committed_offset: int  # -1: nothing committed for this partition


@dataclass(frozen=True)
class FlowState:
    record: TrackedRecord
    partitioning: Partitioning | None  # None until the key is known
    partition_by: str  # "murmur2", "crc32", "sticky" (null key), "explicit" (neither explains it), ""
    leader: int  # -1 offline
    leader_epoch: int
    leader_leo: int
    high_watermark: int
    followers: tuple[FollowerStep, ...]
    consumer_fetch_offset: int  # -1: no consumer fetched from this partition's leader yet
    groups: tuple[GroupStep, ...]
    lost: bool
    done_ms: dict[str, int] = field(default_factory=dict)  # step → image time it was first seen done

    def done(self, step: str) -> bool:
        return step in self.done_ms

    @property
    def current_step(self) -> str:
        """The first step not done yet ("" when every step is)."""
        return next((s for s in STEPS if s not in self.done_ms), "")


def partitioning(key: bytes | None, partitions: int) -> Partitioning:
    if key is None or partitions <= 0:
        return Partitioning(partitions, None, None, None, None, None)
    h = murmur2(key)
    positive = h & 0x7FFFFFFF
    crc = zlib.crc32(key) & 0xFFFFFFFF if key else None
    return Partitioning(partitions, h, positive, positive % partitions, crc,
                        crc % partitions if crc is not None else None)


def _leader(p: PartitionImage) -> ReplicaImage | None:
    return next((r for r in p.replica_states if r.is_leader and r.log_end_offset >= 0), None)


class RecordFlow:
    """Follows one record through consecutive images (see the module docstring)."""

    def __init__(self, record: TrackedRecord) -> None:
        self.record = record
        self.done_ms: dict[str, int] = {}
        self.appended_seen = False
        self.lost = False
        self.state: FlowState | None = None

    def set_key(self, key: bytes | None) -> None:
        r = self.record
        self.record = TrackedRecord(r.topic, r.partition, r.offset, key, True, r.source)

    def update(self, image: ClusterImage) -> FlowState | None:
        r = self.record
        topic = image.topic(r.topic)
        part = next((p for p in topic.partitions if p.partition == r.partition), None) if topic else None
        if topic is None or part is None:
            self.state = None
            return None
        n = len(topic.partitions)
        now = image.time_ms
        leader = _leader(part)
        parts = partitioning(r.key, n) if r.key_known else None
        by = ""
        if parts is not None:
            if r.key is None:
                by = "sticky"
            elif parts.murmur2_partition == r.partition:
                by = "murmur2"
            elif parts.crc32_partition == r.partition:
                by = "crc32"
            else:
                by = "explicit"
            self._mark("partitioner", now)
        leo = leader.log_end_offset if leader is not None else -1
        hw = leader.high_watermark if leader is not None else -1
        if leader is not None and leo > r.offset:
            self.appended_seen = True
            self._mark("partitioner", now)  # its partition was chosen (the key's arithmetic follows once read)
            self._mark("append", now)
        elif leader is not None and self.appended_seen and leo <= r.offset:
            self.lost = True  # the leader now is one that never had it
        followers = tuple(FollowerStep(x.broker_id, x.log_end_offset, x.in_sync, x.online)
                          for x in part.replica_states if not x.is_leader)
        live = [f for f in followers if f.online and f.in_sync]
        if self.appended_seen and not self.lost and followers and all(f.has(r.offset) for f in live) and live:
            self._mark("replicate", now)
        if not self.lost and hw > r.offset:
            self._mark("high_watermark", now)
            if not followers or not live:
                self._mark("replicate", now)  # RF 1 (or the ISR is the leader alone): nothing to copy
        fetched = max((x.consumer_fetch_offset for x in part.replica_states), default=-1)
        if not self.lost and fetched > r.offset:
            self._mark("fetch", now)
        groups = []
        for g in image.groups:
            o = next((o for o in g.offsets if o.topic == r.topic and o.partition == r.partition), None)
            if o is not None:
                groups.append(GroupStep(g.group_id, o.committed_offset))
        if not self.lost and any(g.committed_offset > r.offset for g in groups):
            self._mark("commit", now)
        self.state = FlowState(r, parts, by, part.leader, part.leader_epoch, leo, hw, followers, fetched,
                               tuple(groups), self.lost, dict(self.done_ms))
        return self.state

    def _mark(self, step: str, now: int) -> None:
        self.done_ms.setdefault(step, now)


def newest_record(previous: ClusterImage | None, image: ClusterImage, topic: str) -> tuple[int, int] | None:
    """(partition, offset) of the newest record appended to ``topic`` since ``previous``: the last
    offset of the partition whose leader's log end offset grew (the busiest one when several did)."""
    t = image.topic(topic)
    if t is None:
        return None
    before: dict[int, int] = {}
    old = previous.topic(topic) if previous is not None else None
    for p in old.partitions if old is not None else ():
        leader = _leader(p)
        if leader is not None:
            before[p.partition] = leader.log_end_offset
    best: tuple[int, int, int] | None = None  # (growth, partition, offset)
    for p in t.partitions:
        leader = _leader(p)
        if leader is None or leader.log_end_offset <= 0:
            continue
        grown = leader.log_end_offset - before.get(p.partition, leader.log_end_offset)
        if grown > 0 and (best is None or grown > best[0]):
            best = (grown, p.partition, leader.log_end_offset - 1)
    return None if best is None else (best[1], best[2])
