"""Typed engine events: everything the GUI (or a test) can watch happen.

Each event is a frozen dataclass with a wall-clock ``time_ms``. ``to_json`` gives the plain dict sent
over the GUI channel (its ``"kind"`` names the type) and ``EngineEvent.from_json`` rebuilds the event
from it: one registry, :data:`EVENT_TYPES`, maps kind names to types. Publish/subscribe through
:class:`EventBus` (no globals)."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from engine.observe import codec

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineEvent:
    kind: ClassVar[str] = "Event"
    time_ms: int

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = codec.encode(self)
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> EngineEvent:
        """The event ``data`` describes (its ``"kind"`` picks the type); ``ValueError`` if it fits none."""
        event: EngineEvent = codec.decode(EngineEvent, data)
        return event


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerStarted(EngineEvent):
    kind: ClassVar[str] = "BrokerStarted"
    broker_id: int
    host: str
    port: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerDown(EngineEvent):
    kind: ClassVar[str] = "BrokerDown"
    broker_id: int
    reason: str  # "killed", "paused", "stopped", "session expired"


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerPaused(EngineEvent):
    kind: ClassVar[str] = "BrokerPaused"
    broker_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerResumed(EngineEvent):
    kind: ClassVar[str] = "BrokerResumed"
    broker_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicCreated(EngineEvent):
    kind: ClassVar[str] = "TopicCreated"
    topic: str
    partitions: int
    replication_factor: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicDeleted(EngineEvent):
    kind: ClassVar[str] = "TopicDeleted"
    topic: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionsAdded(EngineEvent):
    kind: ClassVar[str] = "PartitionsAdded"
    topic: str
    old_count: int
    new_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicConfigChanged(EngineEvent):
    kind: ClassVar[str] = "TopicConfigChanged"
    topic: str
    changes: dict[str, str | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaderElected(EngineEvent):
    kind: ClassVar[str] = "LeaderElected"
    topic: str
    partition: int
    old_leader: int
    new_leader: int
    leader_epoch: int
    reason: str  # "create", "leader down", "preferred", "unclean", "reassign"


@dataclass(frozen=True, slots=True, kw_only=True)
class IsrShrunk(EngineEvent):
    kind: ClassVar[str] = "IsrShrunk"
    topic: str
    partition: int
    old_isr: tuple[int, ...]
    new_isr: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class IsrExpanded(EngineEvent):
    kind: ClassVar[str] = "IsrExpanded"
    topic: str
    partition: int
    old_isr: tuple[int, ...]
    new_isr: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReassignmentChanged(EngineEvent):
    """A partition reassignment (KIP-455) started, completed or was cancelled; ``replicas`` are the
    partition's replicas after it (while it runs: the target and the leaving ones)."""

    kind: ClassVar[str] = "ReassignmentChanged"
    topic: str
    partition: int
    state: str  # "started" | "completed" | "cancelled"
    replicas: tuple[int, ...]
    adding_replicas: tuple[int, ...] = ()
    removing_replicas: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Truncated(EngineEvent):
    kind: ClassVar[str] = "Truncated"
    broker_id: int
    topic: str
    partition: int
    old_end_offset: int
    new_end_offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentsDeleted(EngineEvent):
    kind: ClassVar[str] = "SegmentsDeleted"
    broker_id: int
    topic: str
    partition: int
    count: int
    log_start_offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LogRecovered(EngineEvent):
    kind: ClassVar[str] = "LogRecovered"
    broker_id: int
    topic: str
    partition: int
    log_end_offset: int
    truncated_bytes: int


# ---------------------------------------------------------------- consumer groups (GroupCoordinator)

Assignment = dict[str, tuple[tuple[str, int], ...]]  # member id → (topic, partition) pairs


@dataclass(frozen=True, slots=True, kw_only=True)
class RebalanceStarted(EngineEvent):
    kind: ClassVar[str] = "RebalanceStarted"
    group_id: str
    coordinator: int  # broker id
    generation: int  # the generation being replaced
    members: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RebalanceCompleted(EngineEvent):
    kind: ClassVar[str] = "RebalanceCompleted"
    group_id: str
    coordinator: int
    generation: int  # the new generation
    state: str  # "Stable", or "Empty" when no member rejoined
    protocol: str  # the chosen assignor, "" when empty
    leader: str
    before: Assignment  # the last stable assignment
    after: Assignment
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberJoined(EngineEvent):
    kind: ClassVar[str] = "MemberJoined"
    group_id: str
    member_id: str
    group_instance_id: str | None
    client_id: str
    client_host: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberLeft(EngineEvent):
    kind: ClassVar[str] = "MemberLeft"
    group_id: str
    member_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberExpired(EngineEvent):
    kind: ClassVar[str] = "MemberExpired"
    group_id: str
    member_id: str
    reason: str  # "session timeout" or "rebalance timeout"
    timeout_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OffsetsCommitted(EngineEvent):
    kind: ClassVar[str] = "OffsetsCommitted"
    group_id: str
    member_id: str
    generation: int
    partitions: int  # partitions committed in this request
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupDeleted(EngineEvent):
    kind: ClassVar[str] = "GroupDeleted"
    group_id: str
    reason: str  # "DeleteGroups" or "offsets expired"


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupsLoaded(EngineEvent):
    kind: ClassVar[str] = "GroupsLoaded"
    broker_id: int  # the new coordinator
    partition: int  # of __consumer_offsets
    groups: int
    offsets: int
    duration_ms: int


# ---------------------------------------------------------------------------------------------- lab

@dataclass(frozen=True, slots=True, kw_only=True)
class LabReset(EngineEvent):
    """The lab went back to its starting state (``ResetLab``: a lesson starting or stepping back)."""

    kind: ClassVar[str] = "LabReset"
    topics_deleted: int
    groups_deleted: int
    brokers_started: int
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkAdded(EngineEvent):
    """A labelled marker on the timeline (the ``Mark`` command): a lesson step shown or revealed
    (``category`` "lesson": "Lesson 3 · step 2 — question"), or a teacher's note ("note")."""

    kind: ClassVar[str] = "MarkAdded"
    label: str
    category: str = "note"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordsAcknowledged(EngineEvent):
    """A leader answered Produce requests with success (acks 1 or all): the offsets it acknowledged
    to one producer on one partition since the last such event (``engine.server.acks_record``), as
    ``(first, last)`` ranges — the time machine rebuilds every producer's acks ledger from them."""

    kind: ClassVar[str] = "RecordsAcknowledged"
    broker_id: int  # the leader that acknowledged them
    client_id: str
    producer_id: int  # -1: not an idempotent producer
    topic: str
    partition: int
    acks: str  # "1" or "all"
    ranges: tuple[tuple[int, int], ...]
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionBegun(EngineEvent):
    """A transactional producer added its first partitions (the transaction is Ongoing)."""
    kind: ClassVar[str] = "TransactionBegun"
    broker_id: int  # the transaction coordinator
    transactional_id: str
    producer_id: int
    producer_epoch: int
    partitions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionEnded(EngineEvent):
    """The coordinator wrote the last marker of a transaction: committed, or aborted by the client,
    on a timeout or because a newer producer with the same transactional id fenced it."""
    kind: ClassVar[str] = "TransactionEnded"
    broker_id: int
    transactional_id: str
    producer_id: int
    producer_epoch: int
    committed: bool
    reason: str  # "client", "timeout", "fenced", "failover"
    partitions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProducerFenced(EngineEvent):
    """InitProducerId (or a timeout) bumped a transactional id's epoch: the older producer is a zombie."""
    kind: ClassVar[str] = "ProducerFenced"
    broker_id: int
    transactional_id: str
    producer_id: int
    old_epoch: int
    new_epoch: int
    reason: str  # "new producer", "timeout"


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionsLoaded(EngineEvent):
    kind: ClassVar[str] = "TransactionsLoaded"
    broker_id: int  # the new transaction coordinator
    partition: int  # of __transaction_state
    transactions: int
    pending: int  # transactions whose markers it sends again
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LogCleaned(EngineEvent):
    """The log cleaner compacted a replica's closed segments (cleanup.policy=compact)."""
    kind: ClassVar[str] = "LogCleaned"
    broker_id: int
    topic: str
    partition: int
    segments: int
    bytes_before: int
    bytes_after: int
    records_removed: int
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultInjected(EngineEvent):
    """A fault of the fault palette began (``fault`` is its kind: error, delay, isolate, …)."""

    kind: ClassVar[str] = "FaultInjected"
    fault_id: str
    fault: str
    description: str
    broker_id: int = -1


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultCleared(EngineEvent):
    """A fault ended (cleared, or an error fault's count ran out)."""

    kind: ClassVar[str] = "FaultCleared"
    fault_id: str
    fault: str
    description: str
    broker_id: int = -1


EVENT_TYPES: dict[str, type[EngineEvent]] = {cls.kind: cls for cls in (
    BrokerStarted, BrokerDown, BrokerPaused, BrokerResumed, TopicCreated, TopicDeleted, PartitionsAdded,
    TopicConfigChanged, LeaderElected, IsrShrunk, IsrExpanded, Truncated, SegmentsDeleted, LogRecovered,
    RebalanceStarted, RebalanceCompleted, MemberJoined, MemberLeft, MemberExpired, OffsetsCommitted, GroupDeleted,
    GroupsLoaded, LabReset, MarkAdded, RecordsAcknowledged, TransactionBegun, TransactionEnded, ProducerFenced, TransactionsLoaded, LogCleaned,
    FaultInjected, FaultCleared, ReassignmentChanged,
)}
codec.register_kinds(EngineEvent, EVENT_TYPES)

Listener = Callable[[EngineEvent], None]

# the events that record a decision of the controller (KRaft: a record in the metadata log)
CONTROLLER_DECISIONS = frozenset({
    "BrokerStarted",  # the broker registered with the controller
    "BrokerDown",  # the controller fenced it (session ended or expired)
    "LeaderElected", "IsrShrunk", "IsrExpanded", "TopicCreated", "TopicDeleted", "PartitionsAdded",
    "TopicConfigChanged", "ReassignmentChanged",
})
RECENT_DECISIONS = 200
# frequent bookkeeping for recordings (the acks ledger), not history for late joiners
NOT_IN_HISTORY = frozenset({"RecordsAcknowledged"})


class EventBus:
    """Fan-out of engine events to subscribers, plus a bounded history for late joiners.

    ``publish`` may be called from the engine loop; subscribers must be quick and must not
    block (the GUI bridge only enqueues)."""

    def __init__(self, history: int = 10_000) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self.history: deque[EngineEvent] = deque(maxlen=history)
        # the controller's latest decisions, kept apart so that busy traffic (offset commits, …)
        # never pushes them out; ``decision_count`` counts every one since start
        self.controller_decisions: deque[EngineEvent] = deque(maxlen=RECENT_DECISIONS)
        self.decision_count = 0

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def publish(self, event: EngineEvent) -> None:
        with self._lock:
            if event.kind not in NOT_IN_HISTORY:
                self.history.append(event)
            if event.kind in CONTROLLER_DECISIONS:
                self.controller_decisions.append(event)
                self.decision_count += 1
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a broken subscriber must not break the engine
                log.exception("event listener failed")
