"""ElectLeaders (InitProducerId is in :mod:`engine.server.apis.transactions`)."""

from __future__ import annotations

from typing import Any

from engine.metadata.channel import PREFERRED_ELECTION, UNCLEAN_ELECTION
from engine.protocol.errors import ErrorCode
from engine.server.request_context import RequestContext


async def handle_elect_leaders(ctx: RequestContext, request: Any) -> dict[str, Any]:
    election_type = int(getattr(request, "election_type", 0))
    targets = None
    if request.topic_partitions is not None:
        targets = [(t.topic, int(p)) for t in request.topic_partitions for p in t.partitions]
    results = await ctx.controller.elect_leaders(
        PREFERRED_ELECTION if election_type == 0 else UNCLEAN_ELECTION, targets)
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for (topic, p), code in sorted(results.items()):
        if targets is None and code == ErrorCode.election_not_needed:
            continue
        by_topic.setdefault(topic, []).append({"partition_id": p, "error_code": code, "error_message": None})
    return {"throttle_time": 0, "error_code": 0,
            "replica_election_results": [{"topic": t, "partition_result": ps} for t, ps in by_topic.items()]}
