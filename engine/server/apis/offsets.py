"""ListOffsets, DeleteRecords, OffsetForLeaderEpoch and DescribeLogDirs."""

from __future__ import annotations

import shutil
from typing import Any

from engine.protocol.errors import KafkaError
from engine.server.request_context import RequestContext

EARLIEST = -2
LATEST = -1
MAX_TIMESTAMP = -3
EARLIEST_LOCAL = -4
LATEST_TIERED = -5


def handle_list_offsets(ctx: RequestContext, request: Any) -> dict[str, Any]:
    rm = ctx.replica_manager
    committed = int(getattr(request, "isolation_level", 0)) == 1
    topics = []
    for t in request.topics:
        parts = []
        for p in t.partitions:
            res: dict[str, Any] = {"partition_index": p.partition_index, "error_code": 0, "timestamp": -1,
                                   "offset": -1, "leader_epoch": -1, "old_style_offsets": []}
            try:
                part = rm.leader_partition(t.name, p.partition_index)
                rm.check_leader_epoch(part, int(getattr(p, "current_leader_epoch", -1)))
                unified = part.log
                ts = int(p.timestamp)
                res["leader_epoch"] = part.leader_epoch
                if ts in (EARLIEST, EARLIEST_LOCAL):
                    res["offset"] = unified.log_start_offset
                elif ts in (LATEST, LATEST_TIERED):  # KIP-98: read_committed lists the LSO
                    res["offset"] = unified.last_stable_offset if committed else unified.high_watermark
                elif ts == MAX_TIMESTAMP:
                    off, mts = unified.max_timestamp_offset()
                    res["offset"], res["timestamp"] = off, mts
                else:
                    found = unified.offset_for_timestamp(ts)
                    if found is not None:
                        res["offset"], res["timestamp"] = found
            except KafkaError as e:
                res["error_code"] = e.code
            if ctx.api_version == 0 and res["offset"] >= 0 and int(p.max_num_offsets) > 0:
                res["old_style_offsets"] = [res["offset"]]  # v0 (Burrow, kafka-python 0.10.0): a list
            parts.append(res)
        topics.append({"name": t.name, "partitions": parts})
    return {"throttle_time": 0, "topics": topics}


def handle_delete_records(ctx: RequestContext, request: Any) -> dict[str, Any]:
    rm = ctx.replica_manager
    topics = []
    for t in request.topics:
        parts = []
        for p in t.partitions:
            res: dict[str, Any] = {"partition_index": p.partition_index, "low_watermark": -1, "error_code": 0}
            try:
                res["low_watermark"] = rm.delete_records(t.name, p.partition_index, int(p.offset))
            except KafkaError as e:
                res["error_code"] = e.code
            parts.append(res)
        topics.append({"name": t.name, "partitions": parts})
    return {"throttle_time": 0, "topics": topics}


def handle_offset_for_leader_epoch(ctx: RequestContext, request: Any) -> dict[str, Any]:
    rm = ctx.replica_manager
    topics = []
    for t in request.topics:
        parts = []
        for p in t.partitions:
            res: dict[str, Any] = {"error_code": 0, "partition": p.partition, "leader_epoch": -1, "end_offset": -1}
            try:
                part = rm.leader_partition(t.topic, p.partition)
                rm.check_leader_epoch(part, int(getattr(p, "current_leader_epoch", -1)))
                epoch, end = part.log.epoch_cache.end_offset_for(int(p.leader_epoch), part.log.log_end_offset)
                res["leader_epoch"], res["end_offset"] = epoch, end
            except KafkaError as e:
                res["error_code"] = e.code
            parts.append(res)
        topics.append({"topic": t.topic, "partitions": parts})
    return {"throttle_time": 0, "topics": topics}


def handle_describe_log_dirs(ctx: RequestContext, request: Any) -> dict[str, Any]:
    wanted = None
    if request.topics is not None:
        wanted = {(t.topic, int(p)) for t in request.topics for p in t.partitions}
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for (topic, index), part in sorted(ctx.replica_manager.partitions.items()):
        if wanted is not None and (topic, index) not in wanted:
            continue
        lag = 0
        if not part.is_leader:
            leader = ctx.image.partition(topic, index)
            lag = 0 if leader is None else max(0, part.log.high_watermark - part.log.log_end_offset)
        by_topic.setdefault(topic, []).append({"partition_index": index, "partition_size": part.log.size_bytes,
                                               "offset_lag": lag, "is_future_key": False})
    log_dir = ctx.services.log_dir
    usage = shutil.disk_usage(log_dir)
    return {"throttle_time": 0, "error_code": 0, "results": [{
        "error_code": 0, "log_dir": str(log_dir),
        "topics": [{"name": n, "partitions": ps} for n, ps in sorted(by_topic.items())],
        "total_bytes": usage.total, "usable_bytes": usage.free}]}
