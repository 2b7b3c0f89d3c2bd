"""DescribeConfigs, AlterConfigs and IncrementalAlterConfigs for topics and brokers: a broker's
configs are read-only (set at start) but for its dynamic replication throttle rates (KIP-73),
which AlterConfigs / IncrementalAlterConfigs on resource BROKER "<id>" set on that broker."""

from __future__ import annotations

from typing import Any

from engine.config import BROKER_CONFIGS, TOPIC_CONFIGS, effective_topic_configs, validate_broker_configs
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.replication_quota import DYNAMIC_BROKER_CONFIGS
from engine.server.request_context import RequestContext

TOPIC = 2
BROKER = 4
_SOURCE_IDS = {"TOPIC_CONFIG": 1, "DYNAMIC_BROKER_CONFIG": 2, "DYNAMIC_DEFAULT_BROKER_CONFIG": 3,
               "STATIC_BROKER_CONFIG": 4, "DEFAULT_CONFIG": 5}
_TYPE_IDS = {"boolean": 1, "string": 2, "int": 3, "short": 4, "long": 5, "double": 6, "list": 7, "class": 8,
             "password": 9}
SET, DELETE, APPEND, SUBTRACT = 0, 1, 2, 3


def handle_describe_configs(ctx: RequestContext, request: Any) -> dict[str, Any]:
    results = []
    include_synonyms = bool(getattr(request, "include_synonyms", False))
    include_docs = bool(getattr(request, "include_documentation", False))
    for r in request.resources:
        keys = set(r.configuration_keys) if r.configuration_keys else None
        # Kafka leaves ErrorMessage at its schema default on success: "" (not null)
        res: dict[str, Any] = {"error_code": 0, "error_message": "", "resource_type": r.resource_type,
                               "resource_name": r.resource_name, "configs": []}
        try:
            if r.resource_type == TOPIC:
                t = ctx.image.topics.get(r.resource_name)
                if t is None:
                    raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{r.resource_name}' does not exist.")
                eff = effective_topic_configs(ctx.config, dict(t.configs))
                for name, (value, source) in sorted(eff.items()):
                    if keys is not None and name not in keys:
                        continue
                    defn = TOPIC_CONFIGS[name]
                    synonyms = []
                    if include_synonyms:
                        if source == "TOPIC_CONFIG":
                            synonyms.append({"name": name, "value": value, "source": 1})
                        if defn.broker_synonym:
                            bval = ctx.config.overrides.get(defn.broker_synonym)
                            if bval is not None:
                                synonyms.append({"name": defn.broker_synonym, "value": bval, "source": 4})
                            bdef = BROKER_CONFIGS.get(defn.broker_synonym)
                            synonyms.append({"name": defn.broker_synonym,
                                             "value": bdef.default if bdef else defn.default, "source": 5})
                    res["configs"].append({"name": name, "value": value, "read_only": False,
                                           "config_source": _SOURCE_IDS[source], "is_default": source == "DEFAULT_CONFIG",
                                           "is_sensitive": False, "synonyms": synonyms,
                                           "config_type": _TYPE_IDS[defn.type],
                                           "documentation": defn.doc if include_docs else None})
            elif r.resource_type == BROKER:
                if r.resource_name not in ("", str(ctx.broker_id)):
                    raise KafkaError(ErrorCode.invalid_request, f"Unexpected broker id {r.resource_name}; this is broker {ctx.broker_id}")
                dynamic = ctx.replica_manager.quotas.dynamic
                for name, defn in sorted(BROKER_CONFIGS.items()):
                    if keys is not None and name not in keys:
                        continue
                    overridden = name in ctx.config.overrides
                    source_id = 2 if name in dynamic else 4 if overridden else 5
                    res["configs"].append({"name": name, "value": dynamic.get(name, ctx.config.get(name)),
                                           "read_only": name not in DYNAMIC_BROKER_CONFIGS,
                                           "config_source": source_id, "is_default": source_id == 5,
                                           "is_sensitive": False, "synonyms": [],
                                           "config_type": _TYPE_IDS[defn.type],
                                           "documentation": defn.doc if include_docs else None})
            else:
                raise KafkaError(ErrorCode.invalid_request, f"Unsupported resource type {r.resource_type}")
        except KafkaError as e:
            res["error_code"] = e.code
            res["error_message"] = e.message
        results.append(res)
    return {"throttle_time": 0, "results": results}


async def _alter(ctx: RequestContext, request: Any, incremental: bool) -> dict[str, Any]:
    responses = []
    for r in request.resources:
        res: dict[str, Any] = {"error_code": 0, "error_message": None, "resource_type": r.resource_type,
                               "resource_name": r.resource_name}
        try:
            if r.resource_type == BROKER:
                _alter_broker(ctx, r, incremental, bool(request.validate_only))
                responses.append(res)
                continue
            if r.resource_type != TOPIC:
                raise KafkaError(ErrorCode.invalid_request, f"Unsupported resource type {r.resource_type}")
            t = ctx.image.topics.get(r.resource_name)
            if t is None:
                raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{r.resource_name}' does not exist.")
            current = dict(t.configs)
            changes: dict[str, str | None] = {}
            if incremental:
                for c in r.configs:
                    op = int(c.config_operation)
                    if op == SET:
                        changes[c.name] = c.value
                    elif op == DELETE:
                        changes[c.name] = None
                    elif op in (APPEND, SUBTRACT):
                        items = [x for x in current.get(c.name, effective_topic_configs(ctx.config, current)
                                                        .get(c.name, ("", ""))[0]).split(",") if x]
                        for v in (c.value or "").split(","):
                            if op == APPEND and v not in items:
                                items.append(v)
                            if op == SUBTRACT and v in items:
                                items.remove(v)
                        changes[c.name] = ",".join(items)
                    else:
                        raise KafkaError(ErrorCode.invalid_request, f"Unknown config operation {op}")
            else:  # AlterConfigs replaces the whole set of overrides
                new = {c.name: c.value for c in r.configs}
                changes = {k: None for k in current if k not in new}
                changes.update(new)
            for k in changes:
                if k not in TOPIC_CONFIGS:
                    raise KafkaError(ErrorCode.invalid_config, f"Unknown topic config name: {k}")
            await ctx.controller.alter_topic_configs(r.resource_name, changes,
                                                     validate_only=bool(request.validate_only))
        except KafkaError as e:
            res["error_code"] = e.code
            res["error_message"] = e.message
        responses.append(res)
    return {"throttle_time": 0, "responses": responses}


def _alter_broker(ctx: RequestContext, r: Any, incremental: bool, validate_only: bool) -> None:
    """The dynamic throttle rates of this broker (SET / DELETE; AlterConfigs replaces them all)."""
    if r.resource_name != str(ctx.broker_id):
        raise KafkaError(ErrorCode.invalid_request,
                         f"Kafka Lab keeps dynamic configs per broker: name broker {ctx.broker_id}, not "
                         f"'{r.resource_name}' (cluster-wide defaults are not supported)")
    dynamic = ctx.replica_manager.quotas.dynamic
    changes: dict[str, str | None] = {} if incremental else dict.fromkeys(dynamic)
    for c in r.configs:
        op = int(c.config_operation) if incremental else SET
        if op not in (SET, DELETE):
            raise KafkaError(ErrorCode.invalid_request, f"{c.name} is not a list: APPEND/SUBTRACT do not apply")
        changes[c.name] = c.value if op == SET else None
    for name, value in changes.items():
        if name not in DYNAMIC_BROKER_CONFIGS:
            if name in BROKER_CONFIGS:
                raise KafkaError(ErrorCode.invalid_request, f"Cannot update broker config {name} dynamically: "
                                 "Kafka Lab brokers take it at start (kafkalab serve --config k=v)")
            raise KafkaError(ErrorCode.invalid_config, f"Unknown broker config name: {name}")
        if value is not None:
            validate_broker_configs({name: value})
    if validate_only:
        return
    for name, value in changes.items():
        if value is None:
            dynamic.pop(name, None)
        else:
            dynamic[name] = value


async def handle_alter_configs(ctx: RequestContext, request: Any) -> dict[str, Any]:
    return await _alter(ctx, request, incremental=False)


async def handle_incremental_alter_configs(ctx: RequestContext, request: Any) -> dict[str, Any]:
    return await _alter(ctx, request, incremental=True)
