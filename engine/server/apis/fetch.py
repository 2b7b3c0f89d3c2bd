"""Fetch: consumers read below the high watermark, followers (replica id ≥ 0) up to the log end
and report their position to the leader. Long-poll by ``max_wait_ms``/``min_bytes`` (DelayedFetch)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from engine.network.dispatch import RawBody, RequestContext
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.fetch_codec import FetchPartitionResult, FetchTopicResult, encode_fetch_response
from engine.server.partition import Partition

log = logging.getLogger(__name__)


def _replica_id(request: Any) -> int:
    state = getattr(request, "replica_state", None)
    if state is not None and state.replica_id >= 0:
        return int(state.replica_id)
    return int(getattr(request, "replica_id", -1))


def handle_fetch(ctx: RequestContext, request: Any) -> RawBody | Any:
    broker = ctx.broker
    broker.metrics.fetch_requests += 1
    version = ctx.api_version
    replica_id = _replica_id(request)
    # Kafka: aborted transactions are null for READ_UNCOMMITTED and a list for READ_COMMITTED
    read_committed = int(getattr(request, "isolation_level", 0)) == 1
    by_id = broker.image.topics_by_id
    wanted: list[tuple[str, Any, list[Any]]] = []
    for t in request.topics:
        name = getattr(t, "topic", None)
        topic_id = getattr(t, "topic_id", None)
        if name is None and topic_id is not None:
            ti = by_id.get(topic_id)
            name = ti.name if ti is not None else None
        wanted.append((name or "", topic_id, list(t.partitions)))

    def read_all(update_followers: bool) -> tuple[list[FetchTopicResult], int, list[Partition]]:
        remaining = int(request.max_bytes) if version >= 3 else 2**31 - 1
        total = 0
        touched: list[Partition] = []
        results = []
        for name, topic_id, parts in wanted:
            tr = FetchTopicResult(name, topic_id or (broker.image.topics[name].topic_id if name in broker.image.topics else _ZERO))
            for fp in parts:
                r = FetchPartitionResult(fp.partition)
                try:
                    if not name:
                        raise KafkaError(ErrorCode.unknown_topic_id, "unknown topic id")
                    part = broker.replica_manager.leader_partition(name, fp.partition)
                    broker.replica_manager.check_leader_epoch(part, int(getattr(fp, "current_leader_epoch", -1)))
                    touched.append(part)
                    unified = part.log
                    if replica_id >= 0:
                        # validate first, and record the follower's position only for a fetch that
                        # does not diverge (Kafka's Partition.fetchRecords)
                        part.check_follower(replica_id, int(getattr(fp, "current_leader_epoch", -1)))
                        diverging = _diverging(part, fp)
                        if diverging is not None:
                            r.diverging_epoch = diverging
                            r.high_watermark = unified.high_watermark
                            r.log_start_offset = unified.log_start_offset
                            tr.partitions.append(r)
                            continue
                        if update_followers:
                            # an OFFSET_OUT_OF_RANGE answer still tells the follower where to truncate
                            r.high_watermark, r.log_start_offset = unified.high_watermark, unified.log_start_offset
                            part.update_follower_fetch(replica_id, int(fp.fetch_offset))
                            if replica_id not in part.isr:
                                broker.maybe_update_isr(part)
                        upper = unified.log_end_offset
                    else:
                        upper = unified.high_watermark
                    r.high_watermark = unified.high_watermark
                    r.last_stable_offset = unified.high_watermark
                    r.log_start_offset = unified.log_start_offset
                    if read_committed:
                        r.aborted_transactions = []  # no transactions here, so none aborted
                    limit = min(int(fp.partition_max_bytes), remaining) if total else int(fp.partition_max_bytes)
                    data = unified.read(int(fp.fetch_offset), max(limit, 1), upper)
                    r.records = data
                    total += len(data)
                    remaining -= len(data)
                    part.bytes_out += len(data)
                except KafkaError as e:
                    r.error_code = int(e.code)
                    # KIP-951: Kafka names the current leader (and its endpoint) from v16 only; older
                    # clients (kafka-python at v12) would route to a leader whose address they lack
                    if e.code in (ErrorCode.not_leader_or_follower, ErrorCode.fenced_leader_epoch) and version >= 16:
                        p = broker.image.partition(name, fp.partition)
                        if p is not None:
                            r.current_leader = (p.leader, p.leader_epoch)
                tr.partitions.append(r)
            results.append(tr)
        return results, total, touched

    results, total, touched = read_all(True)
    max_wait_s = request.max_wait.total_seconds() if hasattr(request.max_wait, "total_seconds") else int(request.max_wait) / 1000
    errors = any(p.error_code for t in results for p in t.partitions)
    slow_follower = replica_id >= 0 and broker.replication_delay_ms > 0  # slow motion: no parked fetches
    if total >= int(request.min_bytes) or max_wait_s <= 0 or errors or not touched or slow_follower:
        return _encode(broker, version, results)
    return _delayed(ctx, read_all, touched, max_wait_s, int(request.min_bytes), version, replica_id >= 0)


async def _delayed(ctx: RequestContext, read_all: Any, touched: list[Partition], max_wait_s: float, min_bytes: int,
                   version: int, follower: bool) -> RawBody:
    broker = ctx.broker
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_wait_s
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        await broker.replica_manager.wait_for_any(touched, remaining)
        if follower and broker.replication_delay_ms > 0:
            break  # slow motion switched on: answer now, the follower's next fetch comes later
        results, total, touched = read_all(False)
        errors = any(p.error_code for t in results for p in t.partitions)
        if total >= min_bytes or errors:
            return _encode(broker, version, results)
    results, _total, _touched = read_all(False)
    return _encode(broker, version, results)


def _encode(broker: Any, version: int, results: list[FetchTopicResult]) -> RawBody:
    endpoints = None
    leaders = {p.current_leader[0] for t in results for p in t.partitions if p.current_leader}
    if version >= 16 and leaders:  # Kafka lists the endpoints of the leaders it names
        endpoints = [(b.broker_id, b.host, b.port) for b in broker.image.live_brokers() if b.broker_id in leaders]
    return encode_fetch_response(version, results, node_endpoints=endpoints)


def _diverging(part: Partition, fp: Any) -> tuple[int, int] | None:
    """KIP-320 diverging epoch check: the follower's last fetched epoch ends earlier here."""
    last_epoch = int(getattr(fp, "last_fetched_epoch", -1))
    if last_epoch < 0:
        return None
    epoch, end = part.log.epoch_cache.end_offset_for(last_epoch, part.log.log_end_offset)
    if epoch == -1 and end == -1:
        return None
    if epoch != last_epoch or end < int(fp.fetch_offset):
        return (epoch, end)
    return None





_ZERO = uuid.UUID(int=0)
