"""Bridge between version-agnostic handler data and kio's per-version message classes.

Handlers build plain ``dict`` trees (field names as in Kafka's JSON schemas, snake_cased as kio
does). :func:`build` turns such a tree into the kio dataclass of the negotiated version, dropping
fields that version lacks and converting ints to the ``timedelta``/``ErrorCode``/``UUID`` types
kio expects. So one handler serves every supported version.
"""

from __future__ import annotations

import datetime
import functools
import io
import struct
import types
import typing
import uuid
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from kio.index import load_payload_module
from kio.schema.errors import ErrorCode
from kio.schema.index import api_key_map
from kio.serial import entity_reader, entity_writer
from kio.static.constants import EntityType

from engine.protocol.legacy_schema import legacy_class

_ENTITY_KIND = {EntityType.request: "Request", EntityType.response: "Response"}


@functools.cache
def message_class(api_key: int, version: int, kind: EntityType) -> Any:
    legacy = legacy_class(api_key, version, kind)
    if legacy is not None:
        return legacy
    module = load_payload_module(api_key, version, kind)  # type: ignore[arg-type]
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "__type__", None) is kind:
            return value
    raise LookupError(f"no {kind.name} class for api {api_key} v{version}")


def request_class(api_key: int, version: int) -> Any:
    return message_class(api_key, version, EntityType.request)


def response_class(api_key: int, version: int) -> Any:
    return message_class(api_key, version, EntityType.response)


def request_name(api_key: int) -> str:
    """Kafka's name of an API, e.g. ``Metadata`` for 3 (``API 99`` when kio does not know it)."""
    name = api_key_map.get(api_key)
    if name is None:
        return f"API {api_key}"
    return "".join(part.capitalize() for part in name.split("_"))


def is_flexible(api_key: int, version: int) -> bool:
    return bool(request_class(api_key, version).__flexible__)


def read_request(api_key: int, version: int, buf: bytes | memoryview, offset: int) -> Any:
    """Parse a request body with kio (``buf`` must be bytes or a read-only memoryview)."""
    value: Any = entity_reader(request_class(api_key, version))(buf, offset)[0]
    return value


def _unwrap_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return next(a for a in typing.get_args(hint) if a is not type(None))
    return hint


@functools.cache
def _field_plan(cls: type) -> tuple[tuple[str, str, Any, bool, object], ...]:
    """(name, kafka_type, nested entity class or None, is_array, default) per field."""
    hints = typing.get_type_hints(cls)
    plan = []
    for f in fields(cls):
        hint = _unwrap_optional(hints[f.name])
        is_array = typing.get_origin(hint) is tuple
        inner = _unwrap_optional(typing.get_args(hint)[0]) if is_array else hint
        nested = inner if is_dataclass(inner) else None
        if f.default is not MISSING:
            default: object = f.default
        elif f.default_factory is not MISSING:
            default = f.default_factory()
        else:
            default = MISSING
        plan.append((f.name, f.metadata.get("kafka_type", ""), nested, is_array, default))
    return tuple(plan)


def field_plans(cls: type) -> None:
    """Make the :func:`build` plans of ``cls`` and of every entity nested in it."""
    for _name, _type, nested, _is_array, _default in _field_plan(cls):
        if nested is not None:
            field_plans(nested)


def _convert(kafka_type: str, value: Any) -> Any:
    if value is None:
        return None
    if kafka_type == "timedelta_i32" or kafka_type == "timedelta_i64":
        return value if isinstance(value, datetime.timedelta) else datetime.timedelta(milliseconds=value)
    if kafka_type == "error_code":
        return value if isinstance(value, ErrorCode) else ErrorCode(value)
    if kafka_type == "uuid":
        return value if isinstance(value, uuid.UUID) else uuid.UUID(bytes=bytes(value))
    if kafka_type == "datetime_i64":
        if isinstance(value, datetime.datetime):
            return value
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)
    return value


_ZERO_DEFAULTS = {
    "bool": False,
    "error_code": ErrorCode.none,
    "timedelta_i32": datetime.timedelta(0),
    "timedelta_i64": datetime.timedelta(0),
    "string": "",
}


def build(cls: type, data: Mapping[str, Any]) -> Any:
    """Build the kio entity ``cls`` from a plain mapping, tolerant of version differences."""
    kwargs: dict[str, Any] = {}
    for name, kafka_type, nested, is_array, default in _field_plan(cls):
        if name in data:
            value = data[name]
            if value is None:
                pass  # a nullable field (e.g. OffsetFetch "all topics")
            elif nested is not None:
                if is_array:
                    value = tuple(v if is_dataclass(v) else build(nested, v) for v in value)
                elif value is not None and not is_dataclass(value):
                    value = build(nested, value)
            elif is_array:
                value = tuple(_convert(kafka_type, v) for v in value)
            else:
                value = _convert(kafka_type, value)
            kwargs[name] = value
        elif default is MISSING:
            if is_array:
                kwargs[name] = ()
            elif kafka_type in _ZERO_DEFAULTS:
                kwargs[name] = _ZERO_DEFAULTS[kafka_type]
            elif kafka_type.startswith(("int", "uint", "float")):
                kwargs[name] = 0
            elif nested is not None:
                kwargs[name] = build(nested, {})
            else:
                kwargs[name] = None
    return cls(**kwargs)


def encode_response(
    api_key: int, version: int, correlation_id: int, data: Mapping[str, Any] | Any
) -> bytes:
    """Size-prefixed response frame: header (v1 when flexible, except ApiVersions) + body."""
    cls = response_class(api_key, version)
    entity: Any = data if is_dataclass(data) else build(cls, data)
    buf = io.BytesIO()
    buf.write(b"\0\0\0\0")
    buf.write(struct.pack(">i", correlation_id))
    if cls.__flexible__ and api_key != 18:
        buf.write(b"\0")  # empty tagged fields of response header v1
    entity_writer(cls)(buf, entity)
    out = buf.getbuffer()
    struct.pack_into(">i", out, 0, len(out) - 4)
    del out
    return buf.getvalue()
