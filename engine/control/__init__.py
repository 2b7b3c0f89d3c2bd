"""engine.control — commands to the embedded cluster (the only way the GUI changes it).

:mod:`engine.control.commands` defines every command once, as a typed dataclass with its result type
and its JSON (the GUI builds them; the channel carries them). :class:`ClusterControl` runs them on the
engine loop, dispatching on the type; a command returns its typed result or raises
:class:`~engine.protocol.errors.KafkaError` / ``ValueError`` with a readable message. The channel to the
GUI is :mod:`engine.control.channel`.
"""

from engine.control.cluster_control import ClusterControl
from engine.control.commands import (
    COMMAND_TYPES,
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

__all__ = [
    "COMMAND_TYPES", "AddPartitions", "AlterTopicConfigs", "BrokerCommand", "ClusterControl", "Command", "CreateTopic",
    "DeleteTopic", "ElectPreferredLeaders", "KillBroker", "PauseBroker", "RestartBroker", "ResumeBroker",
    "RunRetention", "SetReplicationDelay", "Snapshot", "StartBroker", "StopBroker",
    "ClearFaults", "DecodeExchange", "InjectFault", "ListConnections", "ListFaults", "WatchXray", "XrayRows",
]
