"""ClusterImage: an immutable, JSON-serialisable snapshot of everything the engine holds.

This (with the event stream in :mod:`engine.observe.events`) is the only view of the engine the
GUI gets. Snapshots are built on the engine loop by :func:`engine.observe.snapshot.take_snapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.observe import codec
from engine.observe.events import EngineEvent


@dataclass(frozen=True, slots=True)
class SegmentImage:
    base_offset: int
    next_offset: int
    size_bytes: int
    first_timestamp: int
    max_timestamp: int
    path: str


@dataclass(frozen=True, slots=True)
class TransactionMarkImage:
    """A transaction in a replica's log (KIP-98): its producer, first offset, the offset of its
    COMMIT/ABORT marker (a control batch; -1 while the transaction is open) and its outcome."""

    producer_id: int
    first_offset: int
    marker_offset: int
    committed: bool


@dataclass(frozen=True, slots=True)
class ReplicaImage:
    broker_id: int
    online: bool  # the broker hosting it is running
    in_sync: bool
    is_leader: bool
    log_start_offset: int  # -1 when the broker is down
    log_end_offset: int
    high_watermark: int
    size_bytes: int
    lag: int  # leader LEO - this replica's LEO (0 for the leader)
    segments: tuple[SegmentImage, ...] = ()
    # the highest offset a consumer (not a follower) asked this replica for as leader: a consumer holds
    # every record below it (-1: none yet). The record-flow view's "consumer fetched" step.
    consumer_fetch_offset: int = -1
    last_stable_offset: int = -1  # the LSO: read_committed consumers read below it (-1 unknown)
    transactions: tuple[TransactionMarkImage, ...] = ()  # open ones and the most recent completed ones
    cleaner_offset: int = -1  # compacted below this offset (the log cleaner's first dirty offset); -1: never


@dataclass(frozen=True, slots=True)
class ProduceErrorImage:
    """How often brokers answered Produce for a partition (or a broker) with one Kafka error, as the
    broker answered it — a client that retries shows nothing until it gives up, this shows it at once."""

    error: str  # Kafka's name, e.g. NOT_ENOUGH_REPLICAS
    count: int  # cumulative since the engine started
    retriable: bool  # Kafka's RetriableException: a client retries it until delivery.timeout.ms
    message: str = ""  # the broker's last message with it


@dataclass(frozen=True, slots=True)
class PartitionImage:
    topic: str
    partition: int
    leader: int  # -1 when offline
    leader_epoch: int
    replicas: tuple[int, ...]  # assignment order; replicas[0] is the preferred leader
    isr: tuple[int, ...]
    replica_states: tuple[ReplicaImage, ...]
    messages_in: int = 0  # cumulative records appended on the current leader
    bytes_in: int = 0
    bytes_out: int = 0
    produce_errors: tuple[ProduceErrorImage, ...] = ()  # answered by any broker, most frequent first
    # a reassignment in progress (KIP-455): replicas catching up to join, and replicas that leave then
    adding_replicas: tuple[int, ...] = ()
    removing_replicas: tuple[int, ...] = ()

    @property
    def preferred_leader(self) -> int:
        return self.replicas[0] if self.replicas else -1

    @property
    def under_replicated(self) -> bool:
        return len(self.isr) < len(self.replicas)

    @property
    def offline(self) -> bool:
        return self.leader == -1


@dataclass(frozen=True, slots=True)
class TopicImage:
    name: str
    topic_id: str
    internal: bool
    partitions: tuple[PartitionImage, ...]
    configs: dict[str, str]  # overrides only

    @property
    def replication_factor(self) -> int:
        return len(self.partitions[0].replicas) if self.partitions else 0


@dataclass(frozen=True, slots=True)
class BrokerImage:
    broker_id: int
    host: str
    port: int
    state: str  # running | paused | dead | stopped | starting
    # the broker Metadata answers name as "controller" (KRaft brokers name a live broker, since clients
    # cannot reach the controller quorum); the real controller is ClusterImage.controller
    is_controller: bool
    leader_count: int
    replica_count: int
    requests: int
    bytes_in: int  # cumulative request bytes received
    bytes_out: int
    messages_in: int
    log_dir: str
    produce_errors: tuple[ProduceErrorImage, ...] = ()  # this broker's error answers to Produce


@dataclass(frozen=True, slots=True)
class BrokerSessionImage:
    """A broker's session with the controller (KRaft: BrokerRegistration + BrokerHeartbeat; the
    ZooKeeper-era equivalent is the broker's ephemeral znode)."""

    broker_id: int
    registered: bool  # the controller has a registration for it
    fenced: bool  # not alive for the controller: no leadership, left out of metadata
    last_heartbeat_ms: int  # wall clock of the last heartbeat the controller received, -1 never


@dataclass(frozen=True, slots=True)
class ControllerImage:
    """The cluster controller as the engine runs it: one KRaft-style controller (a quorum of one) in
    the engine process, on no broker. It keeps broker sessions, elects leaders, changes ISRs and
    writes every decision to its metadata log, which the brokers apply."""

    pid: int  # the engine process it runs in
    metadata_offset: int  # offset of the last record in the metadata log (-1: empty)
    metadata_log: str  # the log file ("" for a throw-away, in-memory cluster)
    session_timeout_ms: int  # broker.session.timeout.ms
    heartbeat_interval_ms: int  # broker.heartbeat.interval.ms
    sessions: tuple[BrokerSessionImage, ...] = ()
    # the controller's latest decisions, oldest first
    decisions: tuple[EngineEvent, ...] = ()
    decision_count: int = 0  # decisions since the engine started


@dataclass(frozen=True, slots=True)
class GroupMemberImage:
    member_id: str
    group_instance_id: str | None
    client_id: str
    client_host: str
    assignment: tuple[tuple[str, int], ...]  # (topic, partition)


@dataclass(frozen=True, slots=True)
class GroupOffsetImage:
    topic: str
    partition: int
    committed_offset: int
    log_end_offset: int  # what a consumer can reach: the leader's LSO (the HW unless a transaction is open), -1 unknown
    lag: int  # log_end_offset - committed_offset, -1 unknown
    metadata: str = ""
    # the timestamp of the record at the committed offset (the oldest one the group has not consumed):
    # the group is ``time_ms - committed_timestamp_ms`` behind; -1 when it is caught up or unknown
    committed_timestamp_ms: int = -1


@dataclass(frozen=True, slots=True)
class GroupImage:
    group_id: str
    state: str  # Empty | PreparingRebalance | CompletingRebalance | Stable | Dead
    protocol_type: str
    protocol: str  # the chosen assignor, e.g. "range"
    generation: int
    leader: str
    coordinator: int  # broker id
    members: tuple[GroupMemberImage, ...]
    offsets: tuple[GroupOffsetImage, ...]
    group_type: str = "classic"  # "consumer": the KIP-848 consumer protocol (server-side assignment)

    @property
    def total_lag(self) -> int:
        return sum(o.lag for o in self.offsets if o.lag > 0)


@dataclass(frozen=True, slots=True)
class SchemaRegistryImage:
    """The Schema Registry the engine process serves (``kafkalab serve --schema-registry-port``): a
    Confluent-compatible REST API storing its state in the cluster's own ``_schemas`` topic."""

    url: str  # e.g. http://127.0.0.1:8081 ("" until it has bound its port)
    state: str  # starting | running | failed | stopped
    error: str = ""  # why it failed


@dataclass(frozen=True, slots=True)
class ClusterImage:
    time_ms: int
    cluster_id: str
    controller_id: int  # what Metadata answers name as controller (a live broker); see ``controller``
    metadata_offset: int
    brokers: tuple[BrokerImage, ...]
    topics: tuple[TopicImage, ...]
    groups: tuple[GroupImage, ...] = ()
    replication_delay_ms: int = 0  # the "slow motion" setting
    controller: ControllerImage | None = None
    schema_registry: SchemaRegistryImage | None = None  # None: the engine runs none

    def topic(self, name: str) -> TopicImage | None:
        return next((t for t in self.topics if t.name == name), None)

    def broker(self, broker_id: int) -> BrokerImage | None:
        return next((b for b in self.brokers if b.broker_id == broker_id), None)

    def group(self, group_id: str) -> GroupImage | None:
        return next((g for g in self.groups if g.group_id == group_id), None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = codec.encode(self)
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> ClusterImage:
        image: ClusterImage = codec.decode(ClusterImage, data)
        return image
