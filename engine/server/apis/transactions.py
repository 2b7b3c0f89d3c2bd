"""Transaction APIs (KIP-98): InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
TxnOffsetCommit, WriteTxnMarkers, and the admin APIs DescribeTransactions and ListTransactions
(KIP-664). The transaction coordinator is :mod:`engine.coordinator.transaction_coordinator`;
transactional offsets are the group coordinator's; WriteTxnMarkers appends the control batches
on this broker's partition leaders.

Old request versions get INVALID_PRODUCER_EPOCH where newer ones get PRODUCER_FENCED (KIP-588),
as Kafka's ``KafkaApis`` answers them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from engine.coordinator.group import OffsetAndMetadata
from engine.coordinator.offsets_log import append_batches_and_wait
from engine.coordinator.records import OFFSETS_TOPIC
from engine.coordinator.transaction_log import STATE_NAMES
from engine.network.dispatch import ApiSpec
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import build_control_batch, read_header
from engine.server.request_context import RequestContext

INIT_PRODUCER_ID, ADD_PARTITIONS_TO_TXN, ADD_OFFSETS_TO_TXN, END_TXN = 22, 24, 25, 26
WRITE_TXN_MARKERS, TXN_OFFSET_COMMIT, DESCRIBE_TRANSACTIONS, LIST_TRANSACTIONS = 27, 28, 65, 66
MARKER_TIMEOUT_MS = 30_000
TopicPartition = tuple[str, int]


def _fenced(error: ErrorCode, version: int, first_fenced_version: int) -> ErrorCode:
    if error == ErrorCode.producer_fenced and version < first_fenced_version:
        return ErrorCode.invalid_producer_epoch
    return error


def _ms(value: Any) -> int:
    return int(value.total_seconds() * 1000) if hasattr(value, "total_seconds") else int(value)


async def handle_init_producer_id(ctx: RequestContext, request: Any) -> dict[str, Any]:
    txn_id = request.transactional_id
    if txn_id is None:  # an idempotent producer
        pid = await ctx.services.producer_ids.generate()
        return {"throttle_time": 0, "error_code": 0, "producer_id": pid, "producer_epoch": 0}
    if txn_id == "":
        error, pid, epoch = ErrorCode.invalid_request, -1, -1
    else:
        error, pid, epoch = await ctx.services.transactions.init_producer_id(
            txn_id, _ms(request.transaction_timeout), int(getattr(request, "producer_id", -1)),
            int(getattr(request, "producer_epoch", -1)))
    return {"throttle_time": 0, "error_code": _fenced(error, ctx.api_version, 4), "producer_id": pid,
            "producer_epoch": epoch}


async def handle_add_partitions_to_txn(ctx: RequestContext, request: Any) -> dict[str, Any]:
    topics = request.v3_and_below_topics
    image = ctx.image
    unknown = {(t.name, int(p)) for t in topics for p in t.partitions
               if t.name not in image.topics or int(p) not in image.topics[t.name].partitions}
    errors: dict[TopicPartition, ErrorCode] = {}
    wanted = {(t.name, int(p)) for t in topics for p in t.partitions}
    if unknown:
        errors = {tp: ErrorCode.unknown_topic_or_partition if tp in unknown else ErrorCode.operation_not_attempted
                  for tp in wanted}
    else:
        error = await ctx.services.transactions.add_partitions(
            request.v3_and_below_transactional_id, int(request.v3_and_below_producer_id),
            int(request.v3_and_below_producer_epoch), wanted)
        errors = dict.fromkeys(wanted, _fenced(error, ctx.api_version, 2))
    return {"throttle_time": 0, "results_by_topic_v3_and_below": [
        {"name": t.name, "results_by_partition": [
            {"partition_index": int(p), "partition_error_code": errors[(t.name, int(p))]} for p in t.partitions]}
        for t in topics]}


async def handle_add_offsets_to_txn(ctx: RequestContext, request: Any) -> dict[str, Any]:
    txns = ctx.services.transactions
    error = await txns.add_partitions(request.transactional_id, int(request.producer_id), int(request.producer_epoch),
                                      {txns.offsets_partition(request.group_id)})
    return {"throttle_time": 0, "error_code": _fenced(error, ctx.api_version, 2)}


async def handle_end_txn(ctx: RequestContext, request: Any) -> dict[str, Any]:
    error = await ctx.services.transactions.end_txn(request.transactional_id, int(request.producer_id),
                                                    int(request.producer_epoch), bool(request.committed))
    return {"throttle_time": 0, "error_code": _fenced(error, ctx.api_version, 2)}


async def handle_txn_offset_commit(ctx: RequestContext, request: Any) -> dict[str, Any]:
    now = ctx.groups.clock.time_ms()
    known = ctx.image.topics
    errors: dict[TopicPartition, ErrorCode] = {}
    offsets: dict[TopicPartition, OffsetAndMetadata] = {}
    for t in request.topics:
        for p in t.partitions:
            tp = (t.name, int(p.partition_index))
            if t.name not in known:
                errors[tp] = ErrorCode.unknown_topic_or_partition
            else:
                offsets[tp] = OffsetAndMetadata(int(p.committed_offset), int(getattr(p, "committed_leader_epoch", -1)),
                                                p.committed_metadata or "", now, -1)
    if offsets:
        errors.update(await ctx.groups.commit_txn_offsets(request.group_id, int(request.producer_id),
                                                          int(request.producer_epoch), offsets))
    return {"throttle_time": 0, "topics": [
        {"name": t.name, "partitions": [{"partition_index": p.partition_index,
                                         "error_code": errors[(t.name, int(p.partition_index))]}
                                        for p in t.partitions]} for t in request.topics]}


async def _write_marker(ctx: RequestContext, pid: int, epoch: int, committed: bool, coordinator_epoch: int,
                        topic: str, index: int) -> ErrorCode:
    """Append one COMMIT/ABORT control batch on this leader (acks=-1)."""
    try:
        part = ctx.replica_manager.leader_partition(topic, index)
    except KafkaError as e:
        return e.code
    batch = build_control_batch(pid, epoch, 1 if committed else 0, coordinator_epoch, ctx.groups.clock.time_ms())
    error = await append_batches_and_wait(part, [(memoryview(bytearray(batch)), read_header(batch))],
                                          MARKER_TIMEOUT_MS)
    if error == ErrorCode.none and topic == OFFSETS_TOPIC:
        ctx.groups.complete_transaction(index, pid, committed)
    return error


async def handle_write_txn_markers(ctx: RequestContext, request: Any) -> dict[str, Any]:
    markers = []
    for m in request.markers:
        jobs = [(t.name, int(p)) for t in m.topics for p in t.partition_indexes]
        results = await asyncio.gather(*(
            _write_marker(ctx, int(m.producer_id), int(m.producer_epoch), bool(m.transaction_result),
                          int(m.coordinator_epoch), topic, index) for topic, index in jobs))
        by_topic: dict[str, list[dict[str, Any]]] = {}
        for (topic, index), error in zip(jobs, results, strict=True):
            by_topic.setdefault(topic, []).append({"partition_index": index, "error_code": error})
        markers.append({"producer_id": m.producer_id,
                        "topics": [{"name": t, "partitions": ps} for t, ps in by_topic.items()]})
    return {"markers": markers}


def handle_describe_transactions(ctx: RequestContext, request: Any) -> dict[str, Any]:
    states = []
    for txn_id in request.transactional_ids:
        error, meta = ctx.services.transactions.describe(txn_id)
        entry: dict[str, Any] = {"error_code": error, "transactional_id": txn_id, "transaction_state": "",
                                 "transaction_timeout": 0, "transaction_start_time": 0, "producer_id": -1,
                                 "producer_epoch": -1, "topics": []}
        if meta is not None:
            by_topic: dict[str, list[int]] = {}
            for t, p in sorted(meta.partitions):
                by_topic.setdefault(t, []).append(p)
            entry.update(transaction_state=meta.state_name, transaction_timeout=meta.timeout_ms,
                         transaction_start_time=meta.start_ms, producer_id=meta.producer_id,
                         producer_epoch=meta.producer_epoch,
                         topics=[{"topic": t, "partitions": ps} for t, ps in by_topic.items()])
        states.append(entry)
    return {"throttle_time": 0, "transaction_states": states}


def handle_list_transactions(ctx: RequestContext, request: Any) -> dict[str, Any]:
    wanted = set(request.state_filters)
    unknown = sorted(wanted - set(STATE_NAMES))
    error, found = ctx.services.transactions.list_transactions(
        wanted, {int(p) for p in request.producer_id_filters}, int(getattr(request, "duration_filter", -1)))
    return {"throttle_time": 0, "error_code": error, "unknown_state_filters": unknown, "transaction_states": [
        {"transactional_id": m.transactional_id, "producer_id": m.producer_id, "transaction_state": m.state_name}
        for m in found]}


TRANSACTION_API_SPECS: list[ApiSpec[RequestContext]] = [
    ApiSpec(INIT_PRODUCER_ID, 0, 5, handle_init_producer_id),
    ApiSpec(ADD_PARTITIONS_TO_TXN, 0, 3, handle_add_partitions_to_txn),
    ApiSpec(ADD_OFFSETS_TO_TXN, 0, 3, handle_add_offsets_to_txn),
    ApiSpec(END_TXN, 0, 3, handle_end_txn),
    ApiSpec(WRITE_TXN_MARKERS, 1, 1, handle_write_txn_markers),
    ApiSpec(TXN_OFFSET_COMMIT, 0, 3, handle_txn_offset_commit),
    ApiSpec(DESCRIBE_TRANSACTIONS, 0, 0, handle_describe_transactions),
    ApiSpec(LIST_TRANSACTIONS, 0, 1, handle_list_transactions),
]
