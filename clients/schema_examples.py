"""An example value for a schema, as JSON text: what the produce dialog puts in an empty value box when a
subject is picked, so a student sees the shape the schema asks for and edits it (every example fits its
schema: ``SchemaCodec.validate`` accepts it)."""

from __future__ import annotations

import json
from typing import Any

from clients.serdes import AvroCodec, JsonCodec, ProtobufCodec, SchemaCodec

_AVRO_PRIMITIVES: dict[str, Any] = {"null": None, "boolean": False, "int": 0, "long": 0, "float": 0.0,
                                    "double": 0.0, "bytes": "", "string": ""}


def _avro(schema: Any, named: dict[str, Any], depth: int = 0) -> Any:
    if depth > 8:  # a recursive type: stop where the schema allows it least harmfully
        return None
    if isinstance(schema, list):  # a union: its first branch (Avro's default rule)
        return _avro(schema[0], named, depth) if schema else None
    if isinstance(schema, str):
        if schema in _AVRO_PRIMITIVES:
            return _AVRO_PRIMITIVES[schema]
        return _avro(named.get(schema, "null"), named, depth + 1)
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if schema.get("name") and kind in ("record", "enum", "fixed"):
        named.setdefault(str(schema["name"]), schema)
    if kind == "record":
        return {f["name"]: f["default"] if "default" in f else _avro(f["type"], named, depth + 1)
                for f in schema.get("fields", ())}
    if kind == "enum":
        return (schema.get("symbols") or [""])[0]
    if kind == "array":
        return []
    if kind == "map":
        return {}
    if kind == "fixed":
        return "\u0000" * int(schema.get("size", 0))
    return _avro(kind, named, depth + 1)


def _json(schema: Any, depth: int = 0) -> Any:
    if not isinstance(schema, dict) or depth > 8:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {name: _json(sub, depth + 1) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        return max(0, low) if isinstance(low, int | float) else 0
    if kind == "string":
        return "x" * int(schema.get("minLength", 0))
    if kind == "boolean":
        return False
    return None


def _repeated(field: Any) -> bool:
    repeated = getattr(field, "is_repeated", None)  # protobuf ≥ 6 (``label`` is gone)
    return bool(repeated) if repeated is not None else field.label == 3  # LABEL_REPEATED


def _proto(codec: ProtobufCodec, descriptor: Any, depth: int = 0) -> Any:
    """The message's fields at their defaults, message fields filled in too (well-known types left out:
    their JSON is not an object)."""
    from google.protobuf import message_factory

    value = codec._to_dict(message_factory.GetMessageClass(descriptor)())
    for f in descriptor.fields:
        sub = f.message_type
        if (sub is not None and f.name not in value and depth < 8 and not sub.GetOptions().map_entry
                and not sub.full_name.startswith("google.protobuf.") and not _repeated(f)):
            value[f.name] = _proto(codec, sub, depth + 1)
    return value


def example_value(codec: SchemaCodec) -> str:
    """An example value of ``codec``'s schema, as indented JSON."""
    if isinstance(codec, AvroCodec):
        value = _avro(json.loads(codec.schema), {})
    elif isinstance(codec, JsonCodec):
        value = _json(json.loads(codec.schema))
    elif isinstance(codec, ProtobufCodec):
        value = _proto(codec, codec.first)
    else:
        value = None
    return json.dumps(value, indent=2, ensure_ascii=False)
