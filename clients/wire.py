"""Confluent's wire format for records serialized with a Schema Registry, and what decoding one found.

A framed key or value is ``0x00`` (the magic byte), the schema id as a 4-byte big-endian integer, then
the payload: Avro binary, JSON text, or — for Protobuf — the message indexes (which message of the
``.proto`` file: a zigzag varint count then zigzag varint indexes, the single byte ``0x00`` for the
first message) followed by the Protobuf message (Confluent's ``AbstractKafkaSchemaSerDe``).
Schema ids start at 1, so a value beginning with five zero bytes is not taken as framed.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from dataclasses import dataclass
from typing import Any

MAGIC = 0
HEADER_SIZE = 5
TYPES = ("AVRO", "JSON", "PROTOBUF")
TYPE_NAMES = {"AVRO": "Avro", "JSON": "JSON Schema", "PROTOBUF": "Protobuf"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A key or value in the wire format, decoded (``error`` empty) or not (``error`` says why)."""

    schema_id: int
    schema_type: str = ""  # AVRO | JSON | PROTOBUF ("" when the schema is unknown)
    subject: str = ""  # the subject (and version) the id is registered under, "" unknown
    version: int = -1
    text: str = ""  # the decoded value as JSON
    error: str = ""  # unknown id, unreachable registry, bytes the schema does not read
    message: str = ""  # Protobuf: the message type read

    @property
    def ok(self) -> bool:
        return not self.error

    def label(self) -> str:
        """``Avro · users-value v2 · id 3``."""
        parts = [TYPE_NAMES.get(self.schema_type, self.schema_type)] if self.schema_type else []
        if self.subject:
            parts.append(f"{self.subject} v{self.version}" if self.version > 0 else self.subject)
        parts.append(f"id {self.schema_id}")
        return " · ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """For exports: the schema's id, type, subject and version."""
        out: dict[str, Any] = {"id": self.schema_id}
        if self.schema_type:
            out["type"] = self.schema_type
        if self.subject:
            out["subject"] = self.subject
            out["version"] = self.version
        if self.message:
            out["message"] = self.message
        return out


def schema_id_of(data: bytes | None) -> int | None:
    """The schema id of a framed key or value, None when ``data`` is not in the wire format."""
    if data is None or len(data) < HEADER_SIZE or data[0] != MAGIC:
        return None
    schema_id = int.from_bytes(data[1:HEADER_SIZE], "big")
    return schema_id if schema_id > 0 else None


def frame(schema_id: int, payload: bytes) -> bytes:
    return bytes([MAGIC]) + schema_id.to_bytes(4, "big") + payload


# -- Protobuf message indexes -------------------------------------------------------------------------

def _zigzag_varint(n: int) -> bytes:
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode_message_indexes(indexes: list[int]) -> bytes:
    if indexes == [0]:
        return b"\x00"  # Confluent's shortcut for the first message
    return _zigzag_varint(len(indexes)) + b"".join(_zigzag_varint(i) for i in indexes)


def read_message_indexes(data: bytes, pos: int = 0) -> tuple[list[int], int]:
    """The message indexes at ``data[pos:]`` and where the message starts; ``ValueError`` if truncated."""
    def varint(p: int) -> tuple[int, int]:
        shift = result = 0
        while True:
            if p >= len(data) or shift > 63:
                raise ValueError("the message indexes are cut short")
            b = data[p]
            result |= (b & 0x7F) << shift
            p += 1
            if not b & 0x80:
                return (result >> 1) ^ -(result & 1), p
            shift += 7

    count, pos = varint(pos)
    if count == 0:
        return [0], pos
    if count < 0 or count > 100:
        raise ValueError(f"{count} message indexes: not Confluent's Protobuf framing")
    indexes = []
    for _ in range(count):
        i, pos = varint(pos)
        indexes.append(i)
    return indexes, pos


# -- values as JSON -----------------------------------------------------------------------------------

def jsonable(value: Any) -> Any:
    """Avro's decoded values as JSON: bytes as Avro's JSON encoding does (one character per byte),
    decimals, dates, times and UUIDs as text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _json_default(value: Any) -> Any:
    """What ``json`` cannot write itself, as :func:`jsonable` writes it."""
    if isinstance(value, bytes | bytearray | decimal.Decimal | dt.datetime | dt.date | dt.time | uuid.UUID):
        return jsonable(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


def to_json_text(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON text (no walk over the value first: ``json`` calls back for what it cannot write)."""
    if indent is None:
        return _COMPACT.encode(value)
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_json_default)
