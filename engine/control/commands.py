"""Cluster commands: broker kill / pause / resume / restart, slow motion, preferred election,
and the topic operations (which go through the controller exactly like the Kafka APIs do)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from engine.observe.image import ClusterImage
from engine.observe.snapshot import take_snapshot

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster

log = logging.getLogger(__name__)

COMMANDS = frozenset({
    "kill_broker", "pause_broker", "resume_broker", "restart_broker", "stop_broker", "start_broker",
    "set_replication_delay", "elect_preferred_leaders", "create_topic", "delete_topic", "add_partitions",
    "alter_topic_configs", "run_retention", "snapshot",
})


class ClusterControl:
    def __init__(self, cluster: KafkaCluster) -> None:
        self.cluster = cluster

    def _broker(self, broker_id: int) -> Any:
        b = self.cluster.brokers.get(int(broker_id))
        if b is None:
            raise ValueError(f"no broker {broker_id}; brokers are {sorted(self.cluster.brokers)}")
        return b

    async def kill_broker(self, broker_id: int, lose_unflushed: bool = True) -> str:
        """Crash: sockets closed, in-flight requests dropped, nothing checkpointed, and (by default)
        log data not yet fsynced is lost; ``lose_unflushed=False`` is a process crash (kill -9)."""
        b = self._broker(broker_id)
        if b.state in ("dead", "stopped"):
            return b.state
        await self.cluster.kill_broker(b.broker_id, lose_unflushed=bool(lose_unflushed))
        return b.state

    async def stop_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        await self.cluster.stop_broker(b.broker_id)
        return b.state

    async def pause_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        b.pause()
        return b.state

    async def resume_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        b.resume()
        return b.state

    async def start_broker(self, broker_id: int) -> str:
        b = self._broker(broker_id)
        if b.state in ("running", "paused", "starting"):
            return b.state
        await self.cluster.start_broker(b.broker_id)
        return b.state

    async def restart_broker(self, broker_id: int) -> str:
        """Start a dead/stopped broker (recovery from its log dir), or bounce a running one."""
        b = self._broker(broker_id)
        if b.state == "paused":
            b.resume()
        if b.state == "running":
            await self.cluster.stop_broker(b.broker_id)
        await self.cluster.start_broker(b.broker_id)
        return b.state

    async def set_replication_delay(self, ms: int) -> int:
        """Slow motion: every follower fetch waits ``ms`` first (0 = full speed)."""
        ms = int(ms)
        if ms < 0 or ms > 60_000:
            raise ValueError("replication delay must be between 0 and 60000 ms")
        self.cluster.set_replication_delay(ms)
        return ms

    async def elect_preferred_leaders(self) -> dict[str, str]:
        results = self.cluster.controller.elect_preferred(None)
        return {f"{t}-{p}": code.name.upper() for (t, p), code in results.items() if code.value == 0}

    async def create_topic(self, name: str, partitions: int, replication_factor: int,
                           configs: dict[str, str] | None = None) -> str:
        t = self.cluster.controller.create_topic(name, int(partitions), int(replication_factor), None, configs or {})
        return str(t.topic_id)

    async def delete_topic(self, name: str) -> None:
        self.cluster.controller.delete_topic(name)

    async def add_partitions(self, name: str, count: int) -> None:
        self.cluster.controller.create_partitions(name, int(count))

    async def alter_topic_configs(self, name: str, changes: dict[str, str | None]) -> None:
        self.cluster.controller.alter_topic_configs(name, changes)

    async def run_retention(self) -> None:
        for b in self.cluster.brokers.values():
            if b.state == "running":
                b.run_retention()

    async def snapshot(self) -> dict[str, Any]:
        return take_snapshot(self.cluster).to_json()

    def image(self) -> ClusterImage:
        return take_snapshot(self.cluster)

    async def execute(self, command: str, args: dict[str, Any]) -> Any:
        if command not in COMMANDS:
            raise ValueError(f"unknown command {command!r}")
        return await getattr(self, command)(**args)
