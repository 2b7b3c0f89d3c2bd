"""Produce: validate and append record batches on the leader; acks=0/1/all (DelayedProduce)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from engine.network.dispatch import NO_RESPONSE, RequestContext
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.produce_codec import parse_produce
from engine.protocol.records import validate_batches
from engine.server.partition import Partition

log = logging.getLogger(__name__)


def _result(index: int, code: int, base_offset: int = -1, log_start: int = -1, message: str | None = None,
            log_append_time: int = -1) -> dict[str, Any]:
    return {"index": index, "error_code": code, "base_offset": base_offset, "log_append_time": log_append_time,
            "log_start_offset": log_start, "record_errors": [], "error_message": message}


def handle_produce(ctx: RequestContext, frame: bytearray) -> Any:
    broker = ctx.broker
    request = parse_produce(frame, ctx.header.body_offset, ctx.api_version)
    if request.transactional_id is not None:
        # transactions are not implemented: refuse like a broker without a transaction coordinator
        refused = [{"name": t.name, "partition_responses": [
            _result(p.index, ErrorCode.transactional_id_authorization_failed, message="transactions are not supported")
            for p in t.partitions]} for t in request.topics]
        return {"responses": refused, "throttle_time": 0}
    acks = request.acks
    if acks not in (0, 1, -1):
        invalid = [{"name": t.name, "partition_responses": [_result(p.index, ErrorCode.invalid_required_acks)
                                                              for p in t.partitions]} for t in request.topics]
        return {"responses": invalid, "throttle_time": 0}
    rm = broker.replica_manager
    responses: list[dict[str, Any]] = []
    waits: list[tuple[dict[str, Any], Partition, int]] = []
    appended = 0
    for topic in request.topics:
        results = []
        for p in topic.partitions:
            try:
                part = rm.leader_partition(topic.name, p.index)
                if p.records is None:
                    raise KafkaError(ErrorCode.corrupt_message, "null record set")
                batches = validate_batches(p.records, part.log.config.max_message_bytes)
                info = part.append_as_leader(batches, acks)
                appended += info.records
                res = _result(p.index, 0, info.first_offset, info.log_start_offset, log_append_time=info.log_append_time)
                if acks == -1 and part.high_watermark <= info.last_offset:
                    waits.append((res, part, info.last_offset))
            except KafkaError as e:
                res = _result(p.index, e.code, message=e.message)
                broker.metrics.produce_error(topic.name, p.index, e.code, e.message)
                if e.code not in (ErrorCode.not_leader_or_follower, ErrorCode.unknown_topic_or_partition):
                    log.info("produce to %s-%d refused: %s", topic.name, p.index, e)
            results.append(res)
        responses.append({"name": topic.name, "partition_responses": results})
    broker.metrics.produce_requests += 1
    broker.metrics.messages_in += appended
    if acks == 0:
        return NO_RESPONSE
    body = {"responses": responses, "throttle_time": 0}
    if not waits:
        return body
    return _await_replication(body, waits, request.timeout_ms, broker.metrics)


async def _await_replication(body: dict[str, Any], waits: list[tuple[dict[str, Any], Partition, int]],
                             timeout_ms: int, metrics: Any) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_ms / 1000
    for res, part, last_offset in waits:
        code = await part_wait(part, last_offset, deadline)
        if code != ErrorCode.none:
            res["error_code"] = code
            res["base_offset"] = -1
            res["error_message"] = ("timed out waiting for the in-sync replicas to copy the records"
                                    if code == ErrorCode.request_timed_out else None)
            metrics.produce_error(part.topic, part.index, code, res["error_message"])
    return body


async def part_wait(part: Partition, offset: int, deadline: float) -> ErrorCode:
    loop = asyncio.get_running_loop()
    while part.high_watermark <= offset:
        if not part.is_leader:
            return ErrorCode.not_leader_or_follower
        remaining = deadline - loop.time()
        if remaining <= 0:
            return ErrorCode.request_timed_out
        fut = part.change_future()
        try:
            await asyncio.wait_for(fut, remaining)
        except TimeoutError:
            return ErrorCode.request_timed_out
    if len(part.isr) < part.log.config.min_insync_replicas:
        # Kafka's DelayedProduce (Partition.checkEnoughReplicasReachOffset): the high watermark got
        # there only because the ISR shrank below min.insync.replicas
        return ErrorCode.not_enough_replicas_after_append
    return ErrorCode.none
