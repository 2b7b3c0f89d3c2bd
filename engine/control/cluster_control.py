"""ClusterControl: runs :mod:`engine.control.commands` against the embedded cluster, on its loop.

Broker kill / pause / resume / restart, slow motion, preferred election, retention, and the topic
operations (which go through the controller exactly like the Kafka APIs do). ``execute`` dispatches on
the command's type; errors are :class:`~engine.protocol.errors.KafkaError` (a Kafka error name) or
``ValueError`` with a readable message."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, TypeVar, cast

from engine.control import fault_control
from engine.control.commands import (
    MAX_REPLICATION_DELAY_MS,
    AddBroker,
    AddPartitions,
    AlterTopicConfigs,
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
    Mark,
    PauseBroker,
    ReassignPartition,
    RemoveBroker,
    ResetLab,
    RestartBroker,
    ResumeBroker,
    RunRetention,
    SetReplicationDelay,
    Snapshot,
    StartBroker,
    StopBroker,
    TopicPartition,
    WatchXray,
    XrayRows,
)
from engine.control.reset import reset_lab
from engine.observe.events import MarkAdded
from engine.observe.image import ClusterImage
from engine.observe.snapshot import take_snapshot

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster

log = logging.getLogger(__name__)

R = TypeVar("R")


class ClusterControl:
    def __init__(self, cluster: KafkaCluster) -> None:
        self.cluster = cluster

    async def execute(self, command: Command[R]) -> R:
        """Run ``command``; its result is the type the command declares."""
        result: Any
        match command:
            case KillBroker(broker_id=bid, lose_unflushed=lose):
                result = await self._kill_broker(bid, lose)
            case StopBroker(broker_id=bid):
                result = await self._stop_broker(bid)
            case StartBroker(broker_id=bid):
                result = await self._start_broker(bid)
            case RestartBroker(broker_id=bid):
                result = await self._restart_broker(bid)
            case PauseBroker(broker_id=bid):
                b = self._broker(bid)
                b.pause()
                result = b.state
            case ResumeBroker(broker_id=bid):
                b = self._broker(bid)
                b.resume()
                result = b.state
            case AddBroker():
                result = await self.cluster.add_broker()
            case RemoveBroker(broker_id=bid):
                await self.cluster.remove_broker(bid)
                result = None
            case ReassignPartition(topic=topic, partition=p, replicas=replicas):
                error = self.cluster.controller.alter_partition_reassignments(
                    {(topic, p): replicas or None})[(topic, p)]
                if error is not None:
                    raise error
                result = None
            case SetReplicationDelay(ms=ms):
                result = self._set_replication_delay(ms)
            case ElectPreferredLeaders():
                result = self._elect_preferred_leaders()
            case CreateTopic(name=name, partitions=partitions, replication_factor=rf, configs=configs):
                t = self.cluster.controller.create_topic(name, partitions, rf, None, dict(configs))
                result = str(t.topic_id)
            case DeleteTopic(name=name):
                self.cluster.controller.delete_topic(name)
                result = None
            case AddPartitions(name=name, count=count):
                self.cluster.controller.create_partitions(name, count)
                result = None
            case AlterTopicConfigs(name=name, changes=changes):
                self.cluster.controller.alter_topic_configs(name, dict(changes))
                result = None
            case RunRetention():
                self._run_retention()
                result = None
            case Snapshot():
                result = self.image()
            case ResetLab():
                result = await reset_lab(self.cluster, command)
            case Mark(label=label, category=category):
                self.cluster.bus.publish(MarkAdded(time_ms=self.cluster.clock.time_ms(), label=label[:200],
                                                   category=category[:40]))
                result = None
            case InjectFault():
                result = fault_control.inject(self.cluster, command)
            case ClearFaults(fault_id=fault_id):
                result = tuple(self.cluster.faults.clear(fault_id))
            case ListFaults():
                result = tuple(self.cluster.faults.infos())
            case WatchXray(watch=watch, viewer=viewer):
                self.cluster.xray.watch(viewer, watch)
                result = self.cluster.xray.seq
            case XrayRows(after_seq=after, limit=limit):
                result = fault_control.rows_after(self.cluster, after, limit)
            case DecodeExchange(seq=seq):
                result = fault_control.decode(self.cluster, seq)
            case ListConnections():
                result = fault_control.connections(self.cluster)
            case _:
                raise ValueError(f"unknown command {command.kind}")
        return cast(R, result)

    def image(self) -> ClusterImage:
        return take_snapshot(self.cluster)

    # -- brokers ---------------------------------------------------------------------------------
    def _broker(self, broker_id: int) -> Any:
        b = self.cluster.brokers.get(broker_id)
        if b is None:
            raise ValueError(f"no broker {broker_id}; brokers are {sorted(self.cluster.brokers)}")
        return b

    async def _kill_broker(self, broker_id: int, lose_unflushed: bool) -> str:
        """Crash: sockets closed, in-flight requests dropped, nothing checkpointed, and (by default)
        log data not yet fsynced is lost; ``lose_unflushed=False`` is a process crash (kill -9)."""
        b = self._broker(broker_id)
        if b.state in ("dead", "stopped"):
            return str(b.state)
        await self.cluster.kill_broker(b.broker_id, lose_unflushed=lose_unflushed)
        return str(b.state)

    async def _stop_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        await self.cluster.stop_broker(b.broker_id)
        return str(b.state)

    async def _start_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        if b.state in ("running", "paused", "starting"):
            return str(b.state)
        await self.cluster.start_broker(b.broker_id)
        return str(b.state)

    async def _restart_broker(self, broker_id: int) -> str:
        """Start a dead/stopped broker (recovery from its log dir), or bounce a running one."""
        b = self._broker(broker_id)
        if b.state == "paused":
            b.resume()
        if b.state == "running":
            await self.cluster.stop_broker(b.broker_id)
        await self.cluster.start_broker(b.broker_id)
        return str(b.state)

    # -- cluster ---------------------------------------------------------------------------------
    def _set_replication_delay(self, ms: int) -> int:
        if ms < 0 or ms > MAX_REPLICATION_DELAY_MS:
            raise ValueError(f"replication delay must be between 0 and {MAX_REPLICATION_DELAY_MS} ms")
        self.cluster.set_replication_delay(ms)
        return ms

    def _elect_preferred_leaders(self) -> tuple[TopicPartition, ...]:
        results = self.cluster.controller.elect_preferred(None)
        return tuple(sorted((t, p) for (t, p), code in results.items() if code.value == 0))

    def _run_retention(self) -> None:
        for b in self.cluster.brokers.values():
            if b.state == "running":
                b.run_retention()
