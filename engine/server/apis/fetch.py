"""Fetch: consumers read below the high watermark, followers (replica id ≥ 0) up to the log end
and report their position to the leader; long-poll by ``max_wait_ms``/``min_bytes``; fetch sessions
(KIP-227, v7+: ``session_id``, ``session_epoch``, ``forgotten_topics_data``). The reading is the
ReplicaManager's; this module turns the kio request into its parameters and the answer into a
response written as a list of buffers."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable
from typing import Any

from engine.metadata.image import MetadataImage
from engine.protocol.fetch_codec import FetchTopicResult, encode_fetch_response
from engine.protocol.message_sets import down_convert
from engine.protocol.responses import RawBody
from engine.server.fetch_manager import FetchAnswer, FetchRequestData, FetchTopic, ForgottenTopic
from engine.server.replica_manager import INSPECT_CLIENT_ID, FetchParams
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
                         int(getattr(request, "max_bytes", 0x7FFFFFFF)), int(getattr(request, "isolation_level", 0)) == 1,
                         inspect=ctx.client_id == INSPECT_CLIENT_ID)
    topics: list[FetchTopic] = []
    for t in request.topics:
        name, topic_id = _topic(image, t)
        topics.append(FetchTopic(name, topic_id, list(t.partitions)))
    data = FetchRequestData(topics)
    if version >= 7:
        data.session_id, data.session_epoch = int(request.session_id), int(request.session_epoch)
        for t in request.forgotten_topics_data:
            name, topic_id = _topic(image, t)
            data.forgotten.append(ForgottenTopic(name, topic_id, [int(p) for p in t.partitions]))
    answer = ctx.replica_manager.fetch_messages(params, data)
    if isinstance(answer, FetchAnswer):
        return _encode(ctx.image, version, answer, ctx.listener)
    return _finish(ctx, version, answer)


def _topic(image: MetadataImage, t: Any) -> tuple[str, Any]:
    """(name, topic id) of a request topic: v13+ names topics by id ("" when the id is unknown)."""
    name = getattr(t, "topic", None)
    topic_id = getattr(t, "topic_id", None)
    if name is None and topic_id is not None:
        ti = image.topic_by_id(topic_id)
        name = ti.name if ti is not None else None
    return name or "", topic_id


def _down_convert(results: list[FetchTopicResult], magic: int) -> None:
    for t in results:
        for p in t.partitions:
            records = p.records
            if not isinstance(records, (bytes, memoryview)):
                try:
                    data = records.read()
                except OSError:
                    data = b""
                records.close()
                records = data
            p.records = down_convert(records, magic) if len(records) else b""


async def _finish(ctx: RequestContext, version: int, pending: Awaitable[FetchAnswer]) -> RawBody:
    return _encode(ctx.image, version, await pending, ctx.listener)


def _encode(image: MetadataImage, version: int, answer: FetchAnswer, listener: str = "PLAINTEXT") -> RawBody:
    results = answer.topics
    endpoints = None
    leaders = {p.current_leader[0] for t in results for p in t.partitions if p.current_leader}
    if version >= 16 and leaders:  # Kafka lists the endpoints of the leaders it names
        endpoints = [(b.broker_id, b.host, port) for b in image.live_brokers()
                     if b.broker_id in leaders and (port := b.port_on(listener)) is not None]
    if version < 4:  # v0–v3 read message sets of magic 0 (v0–v1) or 1 (v2–v3): down-convert
        _down_convert(results, 0 if version < 2 else 1)
    body = encode_fetch_response(version, results, error_code=answer.error_code, session_id=answer.session_id,
                                 node_endpoints=endpoints)
    # the response holds the file regions now; a fetch session keeps its results for the next
    # incremental answer, and must not keep their descriptors open with them
    for t in results:
        for p in t.partitions:
            p.records = b""
    return body
