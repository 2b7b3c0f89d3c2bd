"""One interface over the three schema types: parse (with resolved references) and the BACKWARD check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import avro, json_schema, protobuf, protobuf_diff
from .errors import InvalidSchema

SCHEMA_TYPES = ("JSON", "PROTOBUF", "AVRO")  # the order Confluent's /schemas/types answers


@dataclass
class ParsedSchema:
    schema_type: str
    canonical: str  # stored and answered
    fingerprint: str  # equal for schemas the registry treats as the same (ids are reused for them)
    impl: Any  # avro.AvroSchema | json_schema.JsonSchema | protobuf.ProtobufSchema

    def formatted(self, fmt: str | None) -> str:
        """The schema text for ``?format=``: ``serialized`` is a base64 descriptor for Protobuf."""
        if fmt == "serialized" and self.schema_type == "PROTOBUF":
            return str(self.impl.serialized())
        return self.canonical


def parse(schema_type: str, text: str, references: list[tuple[str, ParsedSchema]]) -> ParsedSchema:
    """Parse ``text`` as ``schema_type``; ``references`` are (reference name, parsed referenced schema)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidSchema("Empty schema")
    for name, ref in references:
        if ref.schema_type != schema_type:
            raise InvalidSchema(f"reference {name!r} is a {ref.schema_type} schema, not {schema_type}")
    if schema_type == "AVRO":
        a = avro.parse(text, [ref.impl for _, ref in references])
        return ParsedSchema("AVRO", a.canonical, a.canonical, a)
    if schema_type == "JSON":
        j = json_schema.parse(text, {name: ref.impl for name, ref in references})
        return ParsedSchema("JSON", j.canonical, j.canonical, j)
    if schema_type == "PROTOBUF":
        p = protobuf.parse(text, {name: ref.impl for name, ref in references})
        return ParsedSchema("PROTOBUF", p.canonical, p.fingerprint, p)
    raise InvalidSchema(f"Unknown schema type {schema_type!r}; supported: {', '.join(SCHEMA_TYPES)}")


def backward_errors(new: ParsedSchema, old: ParsedSchema) -> list[str]:
    """Why ``new`` cannot read what was written with ``old`` (for Avro: reader ``new``, writer ``old``)."""
    if new.schema_type != old.schema_type:
        return [f"{{errorType:'TYPE_CHANGED', description:'The schema type changed from {old.schema_type} "
                f"to {new.schema_type}'}}"]
    if new.schema_type == "AVRO":
        return avro.backward_errors(new.impl, old.impl)
    if new.schema_type == "JSON":
        return json_schema.backward_errors(new.impl, old.impl)
    return protobuf_diff.backward_errors(new.impl, old.impl)
