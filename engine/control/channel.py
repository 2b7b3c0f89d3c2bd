"""The GUI ↔ engine channel (engine side) — to be implemented with the desktop app.

``serve_control(cluster, port, token) -> int`` starts a loopback JSON-lines server and returns
its port."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster


async def serve_control(cluster: KafkaCluster, port: int, token: str) -> int:
    raise NotImplementedError("the control channel is not implemented yet")
