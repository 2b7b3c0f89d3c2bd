"""engine.control — commands to the embedded cluster (the only way the GUI changes it).

:mod:`engine.control.commands` defines every command once, as a typed dataclass with its result type
and its JSON (the GUI builds them; the channel carries them). :class:`ClusterControl` runs them on the
engine loop, dispatching on the type; a command returns its typed result or raises
:class:`~engine.protocol.errors.KafkaError` / ``ValueError`` with a readable message. The channel to the
GUI is :mod:`engine.control.channel`.

``ClusterControl`` is imported on first use (PEP 562): the app imports :mod:`engine.control.commands`, and
importing this package must not load the whole engine into the GUI process (about 1 s of its start-up).
"""

from typing import TYPE_CHECKING, Any

from engine.control.commands import (
    COMMAND_TYPES,
    AddBroker,
    AddPartitions,
    AlterTopicConfigs,
    BrokerCommand,
    ClearFaults,
    Command,
    CreateTopic,
    DecodeExchange,
    DeleteTopic,
    ElectPreferredLeaders,
    InjectFault,
    KillBroker,
    ListConnections,
    ListFaults,
    PauseBroker,
    ReassignPartition,
    RemoveBroker,
    ResetLab,
    ResetReport,
    RestartBroker,
    ResumeBroker,
    RunRetention,
    SetReplicationDelay,
    Snapshot,
    StartBroker,
    StopBroker,
    WatchXray,
    XrayRows,
)

if TYPE_CHECKING:
    from engine.control.cluster_control import ClusterControl


def __getattr__(name: str) -> Any:
    if name == "ClusterControl":
        from engine.control.cluster_control import ClusterControl

        return ClusterControl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COMMAND_TYPES", "AddPartitions", "AlterTopicConfigs", "BrokerCommand", "ClusterControl", "Command", "CreateTopic",
    "DeleteTopic", "ElectPreferredLeaders", "KillBroker", "PauseBroker", "ResetLab", "ResetReport", "RestartBroker", "ResumeBroker",
    "RunRetention", "SetReplicationDelay", "Snapshot", "StartBroker", "StopBroker",
    "AddBroker", "ReassignPartition", "RemoveBroker",
    "ClearFaults", "DecodeExchange", "InjectFault", "ListConnections", "ListFaults", "WatchXray", "XrayRows",
]
