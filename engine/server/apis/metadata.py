"""ApiVersions, Metadata and DescribeCluster."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from engine.metadata.image import MetadataImage, TopicImage
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.request_context import RequestContext

UNKNOWN_TOPIC_ID = "00000000-0000-0000-0000-000000000000"


def handle_api_versions(ctx: RequestContext, request: Any) -> dict[str, Any]:
    return {"error_code": 0, "api_keys": ctx.services.api_versions, "throttle_time": 0,
            "finalized_features_epoch": -1}


def _brokers(image: MetadataImage, listener: str) -> list[dict[str, Any]]:
    """The live brokers' endpoints on the listener the request came in on (Kafka: a client bootstrapped on
    a secure port is only ever sent to secure ports); a broker without that listener is left out."""
    out = []
    for b in image.live_brokers():
        port = b.port_on(listener)
        if port is not None:
            out.append({"node_id": b.broker_id, "broker_id": b.broker_id, "host": b.host, "port": port, "rack": None})
    return out


def topic_metadata(image: MetadataImage, t: TopicImage) -> dict[str, Any]:
    live = {b.broker_id for b in image.live_brokers()}
    parts = []
    for index, reg in sorted(t.partitions.items()):
        parts.append({
            "error_code": ErrorCode.leader_not_available if reg.leader == -1 else ErrorCode.none,
            "partition_index": index,
            "leader_id": reg.leader,
            "leader_epoch": reg.leader_epoch,
            "replica_nodes": list(reg.replicas),
            "isr_nodes": list(reg.isr),
            "offline_replicas": [r for r in reg.replicas if r not in live],
        })
    return {"error_code": 0, "name": t.name, "topic_id": t.topic_id, "is_internal": t.is_internal,
            "partitions": parts, "topic_authorized_operations": -2147483648}


def handle_metadata(ctx: RequestContext, request: Any) -> dict[str, Any] | Awaitable[dict[str, Any]]:
    image = ctx.image
    requested = request.topics
    if requested is not None and not (ctx.api_version == 0 and not requested):
        auto_create = bool(getattr(request, "allow_auto_topic_creation", True)) and \
            ctx.config.get_bool("auto.create.topics.enable")
        names = {rt.name for rt in requested if rt.name is not None}
        if auto_create and any(n not in image.topics for n in names):
            return _auto_create_then_answer(ctx, request, sorted(n for n in names if n not in image.topics))
    return _answer(ctx, request, {})


async def _auto_create_then_answer(ctx: RequestContext, request: Any, missing: list[str]) -> dict[str, Any]:
    """auto.create.topics.enable: ask the controller for every missing topic, then answer
    LEADER_NOT_AVAILABLE for those (the client asks again), as Kafka's auto topic creation does."""
    created: dict[str, ErrorCode] = {}
    for name in missing:
        try:
            await ctx.controller.create_topic(name, -1, -1)
            created[name] = ErrorCode.leader_not_available
        except KafkaError as e:
            created[name] = e.code if e.code != ErrorCode.topic_already_exists else ErrorCode.leader_not_available
    return _answer(ctx, request, created)


def _answer(ctx: RequestContext, request: Any, created: dict[str, ErrorCode]) -> dict[str, Any]:
    image = ctx.image
    topics_out: list[dict[str, Any]] = []
    requested = request.topics
    if requested is None or (ctx.api_version == 0 and not requested):
        for ti in sorted(image.topics.values(), key=lambda t: t.name):
            topics_out.append(topic_metadata(image, ti))
    else:
        for rt in requested:
            name = rt.name
            topic_id = getattr(rt, "topic_id", None)
            if ctx.api_version < 12 and (name is None or topic_id is not None):
                # KafkaApis: "Topic name can not be null for version N" / "Topic IDs are not supported in
                # requests for version N" (v10, v11: the fields exist, ids are only used from v12)
                topics_out.append({"error_code": ErrorCode.invalid_request, "name": name or "", "topic_id": None,
                                   "is_internal": False, "partitions": []})
                continue
            if name is None and topic_id is None:  # v12: neither a name nor an id
                topics_out.append({"error_code": ErrorCode.unknown_topic_id, "name": None, "topic_id": None,
                                   "is_internal": False, "partitions": []})
                continue
            if name is None and topic_id is not None:
                by = image.topic_by_id(topic_id)
                if by is None:
                    topics_out.append({"error_code": ErrorCode.unknown_topic_id, "name": None, "topic_id": topic_id,
                                       "is_internal": False, "partitions": []})
                    continue
                name = by.name
            t = image.topics.get(name)
            if name in created:
                topics_out.append({"error_code": created[name], "name": name,
                                   "topic_id": t.topic_id if t is not None else None,
                                   "is_internal": False, "partitions": []})
                continue
            if t is None:
                topics_out.append({"error_code": ErrorCode.unknown_topic_or_partition, "name": name,
                                   "topic_id": None, "is_internal": False, "partitions": []})
                continue
            topics_out.append(topic_metadata(image, t))
    for out in topics_out:
        if out.get("topic_id") is None:
            out["topic_id"] = b"\0" * 16
    return {
        "throttle_time": 0,
        "brokers": _brokers(image, ctx.listener),
        "cluster_id": image.cluster_id,
        "controller_id": image.controller_id,
        "topics": topics_out,
        "cluster_authorized_operations": -2147483648,
    }


def handle_describe_cluster(ctx: RequestContext, request: Any) -> dict[str, Any]:
    image = ctx.image
    return {"throttle_time": 0, "error_code": 0, "error_message": None, "endpoint_type": 1,
            "cluster_id": image.cluster_id, "controller_id": image.controller_id, "brokers": _brokers(image, ctx.listener),
            "cluster_authorized_operations": -2147483648}
