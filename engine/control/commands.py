"""The commands the GUI (and ``kafkalab serve``'s console) sends the engine: one frozen dataclass each,
defined once here and used at every hop — built by the views, carried by the bridge and the channel
as JSON, run by :class:`~engine.control.cluster_control.ClusterControl`, which dispatches on the type.

``Command[R]`` says what its result is: ``cmd.to_json()`` / ``Command.from_json(data)`` carry the command
(``{"kind": "KillBroker", "broker_id": 2, "lose_unflushed": true}``), ``cmd.result_to_json(result)`` /
``cmd.result_from_json(data)`` carry its result back. Decoding checks every field's type, so a
malformed request is refused before anything runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from engine.observe import codec
from engine.observe.image import ClusterImage
from engine.observe.xray import ClientConnection, ExchangeRow, FaultInfo

R = TypeVar("R")

TopicPartition = tuple[str, int]
MAX_REPLICATION_DELAY_MS = 60_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Command(Generic[R]):
    """A request to the engine whose result is an ``R``."""

    result_type: ClassVar[Any] = None  # the hint ``R`` stands for (None: no result)

    @property
    def kind(self) -> str:
        return type(self).__name__

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = codec.encode(self)
        return data

    @staticmethod
    def from_json(data: Any) -> Command[Any]:
        """The command ``data`` describes; ``ValueError`` naming what is wrong with it otherwise."""
        command: Command[Any] = codec.decode(Command, data)
        return command

    def result_to_json(self, result: R) -> Any:
        return codec.encode(result)

    def result_from_json(self, data: Any) -> R:
        result: R = codec.decode(self.result_type, data)
        return result


# ------------------------------------------------------------------------------------------ brokers

@dataclass(frozen=True, slots=True, kw_only=True)
class BrokerCommand(Command[str]):
    """A command to one broker; the result is the broker's state afterwards (``BrokerImage.state``)."""

    result_type: ClassVar[Any] = str
    broker_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class KillBroker(BrokerCommand):
    """A crash: sockets closed, in-flight requests dropped, nothing checkpointed. ``lose_unflushed``:
    the machine crashed, so log data not yet on disk is lost; ``False`` is ``kill -9`` of the process
    (the OS page cache keeps every write)."""

    lose_unflushed: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class StopBroker(BrokerCommand):
    """A clean shutdown (checkpoints written, ``.kafka_cleanshutdown`` left behind)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StartBroker(BrokerCommand):
    """Start a dead or stopped broker (log recovery from its log dir); a running one is left alone."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RestartBroker(BrokerCommand):
    """Start a dead or stopped broker, or bounce a running (or paused) one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseBroker(BrokerCommand):
    """Freeze the broker like a SIGSTOPped JVM: no answers, no heartbeats, sockets stay open."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeBroker(BrokerCommand):
    """Let a paused broker run again (queued work runs, overdue timers fire)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AddBroker(Command[int]):
    """A new broker joins the running cluster (the next id and port); the result is its id. It hosts
    nothing until a reassignment (or a new topic) puts replicas on it."""

    result_type: ClassVar[Any] = int


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveBroker(Command[None]):
    """Stop a broker and unregister it; refused while it hosts replicas (move them first)."""

    broker_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReassignPartition(Command[None]):
    """Move a partition to ``replicas`` (KIP-455: new replicas catch up and join the ISR, then the
    old ones leave); empty ``replicas`` cancels the reassignment in progress."""

    topic: str
    partition: int
    replicas: tuple[int, ...] = ()


# ------------------------------------------------------------------------------------------ cluster

@dataclass(frozen=True, slots=True, kw_only=True)
class SetReplicationDelay(Command[int]):
    """Slow motion: every follower fetch waits ``ms`` first (0 = full speed); the result is the delay."""

    result_type: ClassVar[Any] = int
    ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectPreferredLeaders(Command[tuple[TopicPartition, ...]]):
    """A preferred-leader election over every partition; the result lists the partitions whose
    leadership moved back to their preferred replica."""

    result_type: ClassVar[Any] = tuple[TopicPartition, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRetention(Command[None]):
    """Apply ``retention.ms`` / ``retention.bytes`` on every running broker now."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot(Command[ClusterImage]):
    """The cluster's image as of now."""

    result_type: ClassVar[Any] = ClusterImage


# ------------------------------------------------------------------------------------------- topics

@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTopic(Command[str]):
    """CreateTopics through the controller; the result is the new topic's id."""

    result_type: ClassVar[Any] = str
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteTopic(Command[None]):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AddPartitions(Command[None]):
    """Grow ``name`` to ``count`` partitions (never fewer: Kafka answers INVALID_PARTITIONS)."""

    name: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AlterTopicConfigs(Command[None]):
    """Set (a string) or remove (``None``: back to the default) topic config overrides."""

    name: str
    changes: dict[str, str | None]


# ---------------------------------------------------------------------------------------------- lab

@dataclass(frozen=True, slots=True)
class ResetReport:
    """What :class:`ResetLab` did, and how long the lab took to be back at its starting state."""

    topics_deleted: tuple[str, ...]
    groups_deleted: tuple[str, ...]
    groups_in_use: tuple[str, ...]  # groups with connected members: Kafka refuses to delete them (NON_EMPTY_GROUP)
    brokers_started: tuple[int, ...]  # dead or stopped brokers started again
    brokers_resumed: tuple[int, ...]  # paused brokers let go
    duration_ms: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetLab(Command[ResetReport]):
    """Put the lab back at its starting state without restarting the engine (a lesson's first step, and
    how the lesson player steps back): every broker running (paused ones resumed, dead or stopped ones
    started), slow motion off, every topic whose name does not begin with ``_`` deleted (``__consumer_offsets``
    and other infrastructure topics stay), every consumer group without members deleted, and every broker's
    metadata caught up with the controller before the answer. ``keep_topics``: names to leave alone."""

    result_type: ClassVar[Any] = ResetReport
    keep_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark(Command[None]):
    """Put a labelled marker on the cluster's timeline (the time machine): the engine publishes a
    ``MarkAdded`` event, so every recording (the app's ring, ``serve --record``) carries it. The lesson
    player marks each step shown and revealed (``category`` "lesson"); a teacher's "Add marker…" is a "note"."""

    label: str
    category: str = "note"


# ------------------------------------------------------------------------------ faults and x-ray

FAULT_KINDS = ("error", "delay", "isolate", "isolate-clients", "slow-follower", "drop", "disk-full")


@dataclass(frozen=True, slots=True, kw_only=True)
class InjectFault(Command[FaultInfo]):
    """Start a fault (``engine.server.faults``): ``fault`` is one of :data:`FAULT_KINDS`. ``error``
    takes ``api``, ``error`` (a Kafka error name) and optionally ``topic``, ``partition``, ``broker_id``,
    ``count`` (-1: until cleared); ``delay`` and ``slow-follower`` take ``broker_id`` and ``ms``; the
    others ``broker_id``. The result is the fault as listed (``drop`` acts once and is not listed)."""

    result_type: ClassVar[Any] = FaultInfo
    fault: str
    broker_id: int = -1
    api: str = ""
    error: str = ""
    topic: str | None = None
    partition: int | None = None
    count: int = -1
    ms: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ClearFaults(Command[tuple[FaultInfo, ...]]):
    """End one fault (``fault_id``) or every one (``None``); the result lists those ended."""

    result_type: ClassVar[Any] = tuple[FaultInfo, ...]
    fault_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFaults(Command[tuple[FaultInfo, ...]]):
    result_type: ClassVar[Any] = tuple[FaultInfo, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchXray(Command[int]):
    """Someone looks at the X-ray (``watch``) or no longer does: the tap records exchanges only while
    at least one watcher (or ``--protocol-log``, or a request fault) needs them. The result is the
    sequence number of the newest row so far. Viewers are named (``viewer``), so saying it again is
    harmless: a view repeats it while visible, and a restarted engine hears of it too."""

    result_type: ClassVar[Any] = int
    watch: bool
    viewer: str = "gui"


@dataclass(frozen=True, slots=True, kw_only=True)
class XrayRows(Command[tuple[ExchangeRow, ...]]):
    """The X-ray rows after ``after_seq`` (at most ``limit``, the newest)."""

    result_type: ClassVar[Any] = tuple[ExchangeRow, ...]
    after_seq: int = 0
    limit: int = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodeExchange(Command[dict[str, Any]]):
    """The decoded request and response trees of X-ray row ``seq`` (``ValueError`` once its frames
    are no longer kept)."""

    result_type: ClassVar[Any] = dict[str, Any]
    seq: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ListConnections(Command[tuple[ClientConnection, ...]]):
    """Every client connection of every running broker (the clients view)."""

    result_type: ClassVar[Any] = tuple[ClientConnection, ...]


COMMAND_TYPES: dict[str, type[Command[Any]]] = {cls.__name__: cls for cls in (
    KillBroker, StopBroker, StartBroker, RestartBroker, PauseBroker, ResumeBroker, SetReplicationDelay,
    ElectPreferredLeaders, RunRetention, Snapshot, CreateTopic, DeleteTopic, AddPartitions, AlterTopicConfigs,
    ResetLab, Mark, AddBroker, RemoveBroker, ReassignPartition,
    InjectFault, ClearFaults, ListFaults, WatchXray, XrayRows, DecodeExchange, ListConnections,
)}
codec.register_kinds(Command, COMMAND_TYPES)
