"""Fetch: consumers read below the high watermark, followers (replica id ≥ 0) up to the log end
and report their position to the leader; long-poll by ``max_wait_ms``/``min_bytes``. The reading
is the ReplicaManager's; this module turns the kio request into its parameters and the results into
a response written as a list of buffers."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable
from typing import Any

from engine.metadata.image import MetadataImage
from engine.protocol.fetch_codec import FetchTopicResult, encode_fetch_response
from engine.protocol.responses import RawBody
from engine.server.replica_manager import FetchParams, FetchTopic
from engine.server.request_context import RequestContext


def _replica_id(request: Any) -> int:
    state = getattr(request, "replica_state", None)
    if state is not None and state.replica_id >= 0:
        return int(state.replica_id)
    return int(getattr(request, "replica_id", -1))


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, datetime.timedelta) else int(value) / 1000


def handle_fetch(ctx: RequestContext, request: Any) -> RawBody | Awaitable[RawBody]:
    version = ctx.api_version
    image = ctx.image
    # Kafka: aborted transactions are null for READ_UNCOMMITTED and a list for READ_COMMITTED
    params = FetchParams(version, _replica_id(request), _seconds(request.max_wait), int(request.min_bytes),
                         int(request.max_bytes), int(getattr(request, "isolation_level", 0)) == 1)
    topics: list[FetchTopic] = []
    for t in request.topics:
        name = getattr(t, "topic", None)
        topic_id = getattr(t, "topic_id", None)
        if name is None and topic_id is not None:
            ti = image.topic_by_id(topic_id)
            name = ti.name if ti is not None else None
        topics.append(FetchTopic(name or "", topic_id, list(t.partitions)))
    results = ctx.replica_manager.fetch_messages(params, topics)
    if isinstance(results, list):
        return _encode(ctx.image, version, results)
    return _finish(ctx, version, results)


async def _finish(ctx: RequestContext, version: int, pending: Awaitable[object]) -> RawBody:
    results = await pending
    assert isinstance(results, list)
    return _encode(ctx.image, version, results)


def _encode(image: MetadataImage, version: int, results: list[FetchTopicResult]) -> RawBody:
    endpoints = None
    leaders = {p.current_leader[0] for t in results for p in t.partitions if p.current_leader}
    if version >= 16 and leaders:  # Kafka lists the endpoints of the leaders it names
        endpoints = [(b.broker_id, b.host, b.port) for b in image.live_brokers() if b.broker_id in leaders]
    return encode_fetch_response(version, results, node_endpoints=endpoints)
