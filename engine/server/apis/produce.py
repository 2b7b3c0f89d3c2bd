"""Produce: parse the request without copying its record sets and hand them to the
ReplicaManager (validate, append on the leader; acks=0/1/all)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from engine.protocol.errors import ErrorCode
from engine.protocol.produce_codec import ProduceRequestData, parse_produce
from engine.protocol.responses import NO_RESPONSE, NoResponse
from engine.server.purgatory import ProducePartitionResult
from engine.server.request_context import RequestContext

log = logging.getLogger(__name__)


def _result(index: int, code: int, base_offset: int = -1, log_start: int = -1, message: str | None = None,
            log_append_time: int = -1) -> dict[str, Any]:
    return {"index": index, "error_code": code, "base_offset": base_offset, "log_append_time": log_append_time,
            "log_start_offset": log_start, "record_errors": [], "error_message": message}


def _refuse_all(request: ProduceRequestData, code: int, message: str | None = None) -> dict[str, Any]:
    return {"responses": [{"name": t.name, "partition_responses": [_result(p.index, code, message=message)
                                                                   for p in t.partitions]}
                          for t in request.topics], "throttle_time": 0}


def _body(request: ProduceRequestData, results: list[ProducePartitionResult]) -> dict[str, Any]:
    """The response in the request's order (``append_records`` answers every partition in order)."""
    it = iter(results)
    responses = []
    for t in request.topics:
        parts = []
        for _p in t.partitions:
            r = next(it)
            parts.append(_result(r.index, r.error_code, r.base_offset, r.log_start_offset, r.error_message,
                                 r.log_append_time))
        responses.append({"name": t.name, "partition_responses": parts})
    return {"responses": responses, "throttle_time": 0}


def handle_produce(ctx: RequestContext, frame: bytearray) -> dict[str, Any] | NoResponse | Awaitable[dict[str, Any]]:
    request = parse_produce(frame, ctx.header.body_offset, ctx.api_version)
    if request.acks not in (0, 1, -1):
        return _refuse_all(request, ErrorCode.invalid_required_acks)
    appended = ctx.replica_manager.append_records(request)
    if request.acks == 0:
        return NO_RESPONSE
    if isinstance(appended, list):
        _acknowledged(ctx, request, appended)
        return _body(request, appended)
    return _finish(ctx, request, appended)


async def _finish(ctx: RequestContext, request: ProduceRequestData,
                  pending: Awaitable[list[ProducePartitionResult]]) -> dict[str, Any]:
    results = await pending
    _acknowledged(ctx, request, results)
    return _body(request, results)


def _acknowledged(ctx: RequestContext, request: ProduceRequestData, results: list[ProducePartitionResult]) -> None:
    """The offsets this answer acknowledges, for the time machine's acks ledger (``acks_record``)."""
    acked = ctx.replica_manager.acked
    for r in results:
        if r.error_code == 0 and r.last_offset >= 0:
            acked.acknowledged(ctx.client_id, r.producer_id, r.topic, r.index, request.acks, r.base_offset,
                               r.last_offset)
