"""AlterPartitionReassignments and ListPartitionReassignments (KIP-455), forwarded to the controller."""

from __future__ import annotations

from typing import Any

from engine.protocol.errors import ErrorCode
from engine.server.request_context import RequestContext


async def handle_alter_partition_reassignments(ctx: RequestContext, request: Any) -> dict[str, Any]:
    targets: dict[tuple[str, int], tuple[int, ...] | None] = {}
    for t in request.topics:
        for p in t.partitions:
            targets[(t.name, int(p.partition_index))] = None if p.replicas is None else tuple(int(r) for r in p.replicas)
    allow_rf_change = bool(getattr(request, "allow_replication_factor_change", True))
    refused: dict[tuple[str, int], str] = {}
    if not allow_rf_change:  # KIP-860: refuse a target that changes the replication factor
        for (topic, index), target in list(targets.items()):
            reg = ctx.image.partition(topic, index)
            if target is not None and reg is not None and len(target) != len(reg.target_replicas):
                refused[(topic, index)] = (f"The replication factor is changed from {len(reg.target_replicas)} "
                                           f"to {len(target)}")
                del targets[(topic, index)]
    results = await ctx.controller.alter_partition_reassignments(targets) if targets else {}
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for t in request.topics:
        for p in t.partitions:
            key = (t.name, int(p.partition_index))
            error = results.get(key)
            message: str | None
            if key in refused:
                code, message = ErrorCode.invalid_replication_factor, refused[key]
            elif error is not None:
                code, message = error.code, error.message
            else:
                code, message = ErrorCode.none, None
            by_topic.setdefault(t.name, []).append({"partition_index": key[1], "error_code": code,
                                                    "error_message": message})
    return {"throttle_time": 0, "error_code": 0, "error_message": None,
            "responses": [{"name": name, "partitions": ps} for name, ps in by_topic.items()]}


async def handle_list_partition_reassignments(ctx: RequestContext, request: Any) -> dict[str, Any]:
    wanted = None
    if request.topics is not None:
        wanted = [(t.name, int(i)) for t in request.topics for i in t.partition_indexes]
    ongoing = await ctx.controller.list_partition_reassignments(wanted)
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for (topic, index), reg in sorted(ongoing.items()):
        by_topic.setdefault(topic, []).append({"partition_index": index, "replicas": list(reg.replicas),
                                               "adding_replicas": list(reg.adding_replicas),
                                               "removing_replicas": list(reg.removing_replicas)})
    return {"throttle_time": 0, "error_code": 0, "error_message": None,
            "topics": [{"name": name, "partitions": ps} for name, ps in by_topic.items()]}
