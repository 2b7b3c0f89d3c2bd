"""CreateTopics, DeleteTopics, CreatePartitions: forwarded to the controller (as KRaft brokers do)."""

from __future__ import annotations

from typing import Any

from engine.config import effective_topic_configs
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.request_context import RequestContext

_SOURCE_IDS = {"TOPIC_CONFIG": 1, "DYNAMIC_BROKER_CONFIG": 2, "DYNAMIC_DEFAULT_BROKER_CONFIG": 3,
               "STATIC_BROKER_CONFIG": 4, "DEFAULT_CONFIG": 5}


def _check_partition_counts(ctx: RequestContext, counts: list[int]) -> KafkaError | None:
    """Kafka's ``ReplicationControlManager.validateTotalNumberOfPartitions``: a request creating more
    than MAX_PARTITIONS_PER_BATCH partitions fails as a whole (POLICY_VIOLATION) before anything is
    allocated; the lab makes that bound a config and adds one per topic."""
    limit = ctx.config.get_int("lab.max.partitions.per.request")
    if sum(max(c, 0) for c in counts) > limit:
        return KafkaError(ErrorCode.policy_violation, "Excessively large number of partitions per request "
                          f"(lab.max.partitions.per.request={limit}).")
    return None


def _check_topic_partitions(ctx: RequestContext, count: int) -> None:
    limit = ctx.config.get_int("lab.max.partitions.per.topic")
    if count > limit:
        raise KafkaError(ErrorCode.invalid_partitions,
                         f"Number of partitions {count} is larger than lab.max.partitions.per.topic={limit}.")


async def handle_create_topics(ctx: RequestContext, request: Any) -> dict[str, Any]:
    results = []
    seen: set[str] = set()
    default_partitions = ctx.config.get_int("num.partitions")
    counts = [len(t.assignments) if t.assignments else default_partitions if t.num_partitions == -1
              else int(t.num_partitions) for t in request.topics]
    too_many = _check_partition_counts(ctx, counts)
    for t, count in zip(request.topics, counts, strict=True):
        res: dict[str, Any] = {"name": t.name, "topic_id": b"\0" * 16, "error_code": 0, "error_message": None,
                               "num_partitions": -1, "replication_factor": -1, "configs": []}
        try:
            if too_many is not None:
                raise too_many
            if t.name in seen:
                raise KafkaError(ErrorCode.invalid_request, f"Create topics request contains topic '{t.name}' twice")
            seen.add(t.name)
            _check_topic_partitions(ctx, count)
            assignments = {a.partition_index: list(a.broker_ids) for a in t.assignments} or None
            configs = {c.name: c.value for c in t.configs}
            created = await ctx.controller.create_topic(t.name, int(t.num_partitions), int(t.replication_factor),
                                                     assignments, configs, validate_only=bool(getattr(request, "validate_only", False)))
            parts = created.partitions
            res["num_partitions"] = len(parts) if parts else int(t.num_partitions)
            res["replication_factor"] = len(next(iter(parts.values())).replicas) if parts else int(t.replication_factor)
            if not bool(getattr(request, "validate_only", False)):
                res["topic_id"] = created.topic_id
            eff = effective_topic_configs(ctx.config, dict(created.configs))
            res["configs"] = [{"name": k, "value": v, "read_only": False, "config_source": _SOURCE_IDS[s],
                               "is_sensitive": False} for k, (v, s) in sorted(eff.items())]
        except KafkaError as e:
            res["error_code"] = e.code
            res["error_message"] = e.message
            res["configs"] = []  # Kafka: an empty list (the field is nullable, but never null here)
        results.append(res)
    return {"throttle_time": 0, "topics": results}


async def handle_delete_topics(ctx: RequestContext, request: Any) -> dict[str, Any]:
    responses = []
    names = list(getattr(request, "topic_names", ()) or ())
    items: list[tuple[str | None, Any]] = [(n, None) for n in names]
    for t in getattr(request, "topics", ()) or ():
        items.append((t.name, t.topic_id))
    for name, topic_id in items:
        res: dict[str, Any] = {"name": name, "topic_id": topic_id or b"\0" * 16, "error_code": 0, "error_message": None}
        try:
            image = ctx.image
            if name is None and topic_id is not None and topic_id.int != 0:
                res["name"] = await ctx.controller.delete_topic_by_id(topic_id)
            else:
                existing = image.topics.get(name or "")
                if existing is not None:
                    res["topic_id"] = existing.topic_id
                await ctx.controller.delete_topic(name or "")
        except KafkaError as e:
            res["error_code"] = e.code
            res["error_message"] = e.message
        responses.append(res)
    return {"throttle_time": 0, "responses": responses}


async def handle_create_partitions(ctx: RequestContext, request: Any) -> dict[str, Any]:
    results = []
    image = ctx.image
    added = [int(t.count) - len(image.topics[t.name].partitions) if t.name in image.topics else 0
             for t in request.topics]
    too_many = _check_partition_counts(ctx, added)
    for t in request.topics:
        res: dict[str, Any] = {"name": t.name, "error_code": 0, "error_message": None}
        try:
            if too_many is not None:
                raise too_many
            _check_topic_partitions(ctx, int(t.count))
            assignments = [list(a.broker_ids) for a in t.assignments] if t.assignments else None
            await ctx.controller.create_partitions(t.name, int(t.count), assignments,
                                                   validate_only=bool(getattr(request, "validate_only", False)))
        except KafkaError as e:
            res["error_code"] = e.code
            res["error_message"] = e.message
        results.append(res)
    return {"throttle_time": 0, "results": results}
