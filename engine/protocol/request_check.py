"""Bounds-check a request body against its schema before anything is decoded (sans-IO).

kio's native reader sizes a collection from the count on the wire before it reads the entries, so a
25-byte Metadata v12 request whose topics array claims 2^32 entries makes it ask for 34 GB and abort
the whole process. Kafka's generated readers refuse that up front (``"Tried to allocate a collection
of size N, but there are only M bytes remaining."``); :func:`check_request` does the same for every
API and version, walking the body with kio's per-version schema (the dataclass fields and their
``kafka_type``) and checking, before kio runs:

- every array count, string and bytes length against the bytes left in the frame (an array entry
  needs at least one byte), strings at most 32767 bytes, as Kafka's generated code does;
- null only where the schema (that version) allows it: Kafka's ``"non-nullable field topics was
  serialized as null"``;
- unsigned varints at most 5 bytes and below 2^32 (Kafka's ``ByteUtils.readUnsignedVarint``);
- tagged fields (KIP-482): a known tag's value must fill exactly its declared size; unknown tags
  are *ignored*, as the KIP says. kio raises ``KeyError`` on them, so a body carrying unknown tags
  is returned re-encoded without them (the rare case; otherwise nothing is copied).

A request that fails is answered the way Kafka answers an unparsable request: the connection is
closed (``InvalidRequestException`` in ``RequestContext.parseRequest``).
"""

from __future__ import annotations

import functools
import struct
import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any

from engine.protocol.errors import InvalidRequest
from engine.protocol.frames import read_uvarint32, write_uvarint
from engine.protocol.schema import request_class

_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
MAX_STRING_BYTES = 0x7FFF  # Kafka: "string field X had invalid length"

# wire size of kio's fixed-width kafka_types
_FIXED = {"bool": 1, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "error_code": 2, "int32": 4, "uint32": 4,
          "timedelta_i32": 4, "int64": 8, "uint64": 8, "timedelta_i64": 8, "datetime_i64": 8, "float64": 8,
          "uuid": 16}


class _Walk:
    """State of one walk: the frame, and in rewrite mode the parts of the re-encoded frame."""

    __slots__ = ("buf", "unknown_tags", "parts", "copied")

    def __init__(self, buf: bytes | bytearray | memoryview, rewrite_from: int | None = None) -> None:
        self.buf = buf
        self.unknown_tags = 0
        self.parts: list[bytes] | None = None if rewrite_from is None else []
        self.copied = rewrite_from or 0

    def replace(self, start: int, stop: int, data: bytes) -> None:
        assert self.parts is not None
        self.parts.append(bytes(self.buf[self.copied:start]))
        self.parts.append(data)
        self.copied = stop

    def finish(self, stop: int) -> bytes:
        assert self.parts is not None
        self.parts.append(bytes(self.buf[self.copied:stop]))
        return b"".join(self.parts)


class _Op:
    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def walk(self, w: _Walk, pos: int, end: int) -> int:
        raise NotImplementedError

    def min_size(self) -> int:
        return 1


class _Fixed(_Op):
    __slots__ = ("size",)

    def __init__(self, what: str, size: int) -> None:
        super().__init__(what)
        self.size = size

    def walk(self, w: _Walk, pos: int, end: int) -> int:
        pos += self.size
        if pos > end:
            raise InvalidRequest(f"{self.what}: truncated")
        return pos

    def min_size(self) -> int:
        return self.size


class _Sized(_Op):
    """A string, bytes or records field: a length (compact: uvarint length+1; legacy: int16 for
    strings, int32 for bytes) then that many bytes."""

    __slots__ = ("compact", "nullable", "legacy_i16", "max_len")

    def __init__(self, what: str, compact: bool, nullable: bool, string: bool) -> None:
        super().__init__(what)
        self.compact = compact
        self.nullable = nullable
        self.legacy_i16 = string
        self.max_len = MAX_STRING_BYTES if string else None

    def min_size(self) -> int:
        return 1 if self.compact else 2 if self.legacy_i16 else 4

    def walk(self, w: _Walk, pos: int, end: int) -> int:
        if self.compact:
            if pos < end and w.buf[pos] < 0x80:  # the usual one-byte varint
                n = w.buf[pos] - 1
                pos += 1
            else:
                n, pos = read_uvarint32(w.buf, pos, end, self.what)
                n -= 1
        elif self.legacy_i16:
            if pos + 2 > end:
                raise InvalidRequest(f"{self.what}: truncated")
            (n,) = _I16.unpack_from(w.buf, pos)
            pos += 2
        else:
            if pos + 4 > end:
                raise InvalidRequest(f"{self.what}: truncated")
            (n,) = _I32.unpack_from(w.buf, pos)
            pos += 4
        if n < 0:
            if n == -1 and self.nullable:
                return pos
            raise InvalidRequest(f"{self.what}: non-nullable field was serialized as null" if n == -1
                                 else f"{self.what}: invalid length {n}")
        if self.max_len is not None and n > self.max_len:
            raise InvalidRequest(f"{self.what}: string of {n} bytes (at most {self.max_len})")
        if n > end - pos:
            raise InvalidRequest(f"{self.what}: length {n} but only {end - pos} bytes remaining")
        return pos + n


class _Array(_Op):
    __slots__ = ("compact", "nullable", "item")

    def __init__(self, what: str, compact: bool, nullable: bool, item: _Op) -> None:
        super().__init__(what)
        self.compact = compact
        self.nullable = nullable
        self.item = item

    def min_size(self) -> int:
        return 1 if self.compact else 4

    def walk(self, w: _Walk, pos: int, end: int) -> int:
        if self.compact:
            if pos < end and w.buf[pos] < 0x80:  # the usual one-byte varint
                n = w.buf[pos] - 1
                pos += 1
            else:
                n, pos = read_uvarint32(w.buf, pos, end, self.what)
                n -= 1
        else:
            if pos + 4 > end:
                raise InvalidRequest(f"{self.what}: truncated")
            (n,) = _I32.unpack_from(w.buf, pos)
            pos += 4
        if n < 0:
            if n == -1 and self.nullable:
                return pos
            raise InvalidRequest(f"{self.what}: non-nullable field was serialized as null" if n == -1
                                 else f"{self.what}: invalid array length {n}")
        item = self.item
        if n > (end - pos) // item.min_size():
            raise InvalidRequest(f"{self.what}: tried to allocate a collection of size {n}, "
                                 f"but there are only {end - pos} bytes remaining")
        if isinstance(item, _Fixed):
            return pos + n * item.size
        for _ in range(n):
            pos = item.walk(w, pos, end)
        return pos


class _Struct(_Op):
    """An entity: its fields in order, then (flexible versions) its tagged fields."""

    __slots__ = ("ops", "flexible", "tagged", "_min")

    def __init__(self, what: str, ops: list[_Op], flexible: bool, tagged: dict[int, _Op]) -> None:
        super().__init__(what)
        self.ops = ops
        self.flexible = flexible
        self.tagged = tagged
        self._min = sum(op.min_size() for op in ops) + (1 if flexible else 0)

    def min_size(self) -> int:
        return max(self._min, 1)

    def walk(self, w: _Walk, pos: int, end: int) -> int:
        for op in self.ops:
            pos = op.walk(w, pos, end)
        if self.flexible:
            pos = self._walk_tags(w, pos, end)
        return pos

    def _walk_tags(self, w: _Walk, pos: int, end: int) -> int:
        start = pos
        what = f"{self.what} tagged fields"
        count, pos = read_uvarint32(w.buf, pos, end, what)
        if count > (end - pos) // 2:
            raise InvalidRequest(f"{what}: {count} tagged fields but only {end - pos} bytes remaining")
        kept: list[tuple[int, bytes]] | None = None if w.parts is None else []
        for _ in range(count):
            tag, pos = read_uvarint32(w.buf, pos, end, what)
            size, pos = read_uvarint32(w.buf, pos, end, what)
            if size > end - pos:
                raise InvalidRequest(f"{what}: tag {tag} of {size} bytes but only {end - pos} bytes remaining")
            stop = pos + size
            op = self.tagged.get(tag)
            if op is None:
                w.unknown_tags += 1  # KIP-482: unknown tags are ignored
            elif kept is None:
                if op.walk(w, pos, stop) != stop:
                    raise InvalidRequest(f"{op.what}: tagged field does not fill its {size} bytes")
            else:
                sub = _Walk(w.buf, rewrite_from=pos)
                if op.walk(sub, pos, stop) != stop:
                    raise InvalidRequest(f"{op.what}: tagged field does not fill its {size} bytes")
                kept.append((tag, sub.finish(stop)))
            pos = stop
        if kept is not None:
            section = [write_uvarint(len(kept))]
            for tag, data in kept:
                section += [write_uvarint(tag), write_uvarint(len(data)), data]
            w.replace(start, pos, b"".join(section))
        return pos


def _optional(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (types.UnionType, typing.Union) and type(None) in typing.get_args(hint):
        return next(a for a in typing.get_args(hint) if a is not type(None)), True
    return hint, False


def _leaf(what: str, kafka_type: str, flexible: bool, nullable: bool) -> _Op:
    if kafka_type in _FIXED:
        return _Fixed(what, _FIXED[kafka_type])
    if kafka_type == "string":
        return _Sized(what, flexible, nullable, string=True)
    if kafka_type in ("bytes", "records"):
        return _Sized(what, flexible, nullable, string=False)
    raise NotImplementedError(f"{what}: kafka_type {kafka_type!r} is not checked")


@functools.cache
def _struct_plan(cls: type) -> _Struct:
    flexible = bool(cls.__flexible__)  # type: ignore[attr-defined]
    hints = typing.get_type_hints(cls)
    ops: list[_Op] = []
    tagged: dict[int, _Op] = {}
    for f in fields(cls):
        what = f"{cls.__name__}.{f.name}"
        hint, nullable = _optional(hints[f.name])
        kafka_type = f.metadata.get("kafka_type", "")
        if typing.get_origin(hint) is tuple:
            inner, inner_nullable = _optional(typing.get_args(hint)[0])
            item = (_struct_plan(inner) if is_dataclass(inner)  # type: ignore[arg-type]
                    else _leaf(what, kafka_type, flexible, inner_nullable))
            op: _Op = _Array(what, flexible, nullable, item)
        elif is_dataclass(hint):
            if nullable:
                raise NotImplementedError(f"{what}: nullable struct fields are not checked")
            op = _struct_plan(hint)  # type: ignore[arg-type]
        else:
            op = _leaf(what, kafka_type, flexible, nullable)
        if "tag" in f.metadata:
            tagged[int(f.metadata["tag"])] = op
        else:
            ops.append(op)
    # merge runs of fixed-width fields into one step
    merged: list[_Op] = []
    for op in ops:
        if isinstance(op, _Fixed) and merged and isinstance(merged[-1], _Fixed):
            prev = merged.pop()
            op = _Fixed(f"{prev.what}..{op.what.rsplit('.', 1)[-1]}", prev.size + op.size)  # type: ignore[attr-defined]
        merged.append(op)
    return _Struct(cls.__name__, merged, flexible, tagged)


_PLANS: dict[tuple[int, int], _Struct] = {}


def request_plan(api_key: int, version: int) -> _Struct:
    plan = _PLANS.get((api_key, version))
    if plan is None:
        plan = _PLANS[(api_key, version)] = _struct_plan(request_class(api_key, version))
    return plan


def check_request(api_key: int, version: int, buf: bytes | bytearray | memoryview, offset: int,
                  rewrite: bool = True) -> bytes | None:
    """Check the request body starting at ``offset`` of ``buf`` (the frame without its size prefix).

    Raises :class:`InvalidRequest` for a body that cannot be read safely. Returns None when kio may
    read ``buf`` as it is, or (``rewrite``) the whole frame re-encoded without unknown tagged fields.
    """
    plan = request_plan(api_key, version)
    w = _Walk(buf)
    plan.walk(w, offset, len(buf))
    if not w.unknown_tags or not rewrite:
        return None
    rw = _Walk(buf, rewrite_from=0)
    plan.walk(rw, offset, len(buf))
    return rw.finish(len(buf))
