"""Shared helpers of the protocol tests (this module holds no tests): hypothesis strategies that
build valid requests of every API and version the engine serves, request frames, and a raw-socket
client that notices when the broker closes the connection."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import io
import socket
import struct
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from kio.serial import entity_writer

from engine.protocol.records import build_batch
from engine.protocol.schema import build, request_class
from engine.server.apis import build_api_table

API_TABLE = build_api_table()
API_VERSIONS_SERVED = [(s.api_key, v) for s in sorted(API_TABLE.specs.values(), key=lambda s: s.api_key)
                       for v in range(s.min_version, s.max_version + 1)]

# names the fuzz cluster knows: requests about them reach the handlers' real paths
FUZZ_TOPICS = ("fuzz-a", "fuzz-b")
FUZZ_GROUPS = ("fuzz-g",)
DOOMED_TOPICS = ("fuzz-doomed", "fuzz-a-")
_INT_RANGES = {"int8": (-(2**7), 2**7 - 1), "int16": (-(2**15), 2**15 - 1), "uint16": (0, 2**16 - 1),
               "int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# request fields whose value is a time the broker may wait for: keep them short so fuzz frames are answered
_WAIT_FIELDS = {"max_wait", "timeout", "session_timeout", "rebalance_timeout", "timeout_ms"}


def _optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def _string_values(name: str, topics: tuple[str, ...]) -> st.SearchStrategy[str]:
    if "group" in name:
        return st.sampled_from(FUZZ_GROUPS)
    if name in ("name", "topic", "topic_name", "resource_name") or "topic" in name:
        return st.sampled_from(topics)
    if "member" in name or "instance" in name:
        return st.sampled_from(["", "m-1"])
    if "protocol" in name:
        return st.sampled_from(["consumer", "range"])
    return st.text(alphabet="abcxyz.-_", max_size=8)


def _leaf(name: str, kafka_type: str, topics: tuple[str, ...] = FUZZ_TOPICS) -> st.SearchStrategy[Any]:
    if kafka_type in _INT_RANGES:
        lo, hi = _INT_RANGES[kafka_type]
        if name in ("partition_index", "partition", "index", "partitions", "partition_id"):
            return st.sampled_from([0, 1, 0, 1, -1, 2])
        if name == "acks":
            return st.sampled_from([1, -1, 1, -1, 0, 2])
        if name in _WAIT_FIELDS:
            return st.integers(0, 50)
        return st.one_of(st.sampled_from([-1, 0, 1, 2]), st.integers(lo, hi))
    if kafka_type in ("timedelta_i32", "timedelta_i64"):
        return st.integers(0, 50).map(lambda ms: datetime.timedelta(milliseconds=ms))
    if kafka_type == "bool":
        return st.just(True) if name == "validate_only" else st.booleans()
    if kafka_type == "uuid":
        return st.one_of(st.just(uuid.UUID(int=0)), st.uuids())
    if kafka_type == "float64":
        return st.floats(allow_nan=False)
    if kafka_type == "string":
        return _string_values(name, topics)
    if kafka_type == "records":
        return st.sampled_from([build_batch([(None, b"fuzz")]), build_batch([(b"k", b"v"), (None, None)]), b""])
    if kafka_type == "bytes":
        return st.binary(max_size=16)
    raise NotImplementedError(kafka_type)


@functools.cache
def entity_strategy(cls: type, tagged: bool = True) -> st.SearchStrategy[Any]:
    """A valid kio entity of ``cls``: small arrays, the fuzz cluster's names, short waits
    (``tagged=False``: its own tagged fields keep their defaults, so kio writes none)."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    # DeleteTopics names topics the fuzz cluster may lose
    topics = DOOMED_TOPICS if cls.__name__.startswith("DeleteTopic") else FUZZ_TOPICS
    for f in fields(cls):
        if not tagged and "tag" in f.metadata:
            continue
        hint, nullable = _optional(hints[f.name])
        kafka_type = f.metadata.get("kafka_type", "")
        if typing.get_origin(hint) is tuple:
            inner, inner_nullable = _optional(typing.get_args(hint)[0])
            item = entity_strategy(inner) if is_dataclass(inner) else _leaf(f.name, kafka_type, topics)
            if inner_nullable:
                item = st.one_of(st.none(), item)
            value: st.SearchStrategy[Any] = st.lists(item, max_size=2).map(tuple)
        elif is_dataclass(hint):
            value = entity_strategy(hint)  # type: ignore[arg-type]
        else:
            value = _leaf(f.name, kafka_type, topics)
        if f.name == "transactional_id" and nullable:
            value = st.one_of(st.none(), st.none(), st.none(), value)  # mostly idempotent producers
        elif nullable and kafka_type != "uuid":
            value = st.one_of(st.none(), value)
        kwargs[f.name] = value
    return st.builds(cls, **kwargs)


def encode_body(api_key: int, version: int, entity: Any) -> bytes:
    buf = io.BytesIO()
    entity_writer(request_class(api_key, version))(buf, entity)
    return buf.getvalue()


@st.composite
def valid_request(draw: Callable[..., Any], pairs: list[tuple[int, int]] = API_VERSIONS_SERVED,
                  top_level_tags: bool = True) -> tuple[int, int, bytes]:
    api_key, version = draw(st.sampled_from(pairs))
    entity = draw(entity_strategy(request_class(api_key, version), tagged=top_level_tags))
    return api_key, version, encode_body(api_key, version, entity)


# ---------------------------------------------------------------------------------------------- frames

def is_flexible(api_key: int, version: int) -> bool:
    return bool(request_class(api_key, version).__flexible__)


def request_header(api_key: int, version: int, correlation_id: int, client_id: str | None = "protocol-test",
                   header_tags: bytes = b"\x00") -> bytes:
    """Request header v1, or v2 (with ``header_tags`` as its tagged-field section) for flexible versions."""
    cid = b"\xff\xff" if client_id is None else struct.pack(">h", len(client_id.encode())) + client_id.encode()
    head = struct.pack(">hhi", api_key, version, correlation_id) + cid
    return head + header_tags if is_flexible(api_key, version) else head


def frame(api_key: int, version: int, body: bytes, correlation_id: int = 1, **header: Any) -> bytes:
    payload = request_header(api_key, version, correlation_id, **header) + body
    return struct.pack(">i", len(payload)) + payload


def parse_response(api_key: int, version: int, rest: bytes) -> Any:
    """The kio response of ``rest`` (a response after its correlation id)."""
    from kio.serial import entity_reader

    from engine.protocol.schema import response_class
    cls = response_class(api_key, version)
    offset = 1 if cls.__flexible__ and api_key != 18 else 0  # response header v1's tagged fields
    return entity_reader(cls)(rest, offset)[0]


def minimal_body(api_key: int, version: int, **values: Any) -> bytes:
    """The request with every field at its zero/empty value (arrays empty), ``values`` overriding."""
    return encode_body(api_key, version, build(request_class(api_key, version), values))


_MARK = "NULL-MARKER"


def _null_variants(cls: type, path: str = "") -> Iterator[tuple[str, bool, Any]]:
    """(field path, nullable in this version, entity) with exactly one array/string/bytes field
    null (strings and bytes hold a marker the encoder turns into null, as kio refuses to write a
    null where the schema has none): top-level fields directly, nested ones inside a one-element
    array of their parent."""
    hints = typing.get_type_hints(cls)
    base = build(cls, {f.name: b"" for f in fields(cls) if f.metadata.get("kafka_type") in ("bytes", "records")})
    for f in fields(cls):
        if "tag" in f.metadata:
            continue
        hint = hints[f.name]
        args = typing.get_args(hint)
        nullable = type(None) in args
        inner = next((a for a in args if a is not type(None)), hint) if nullable else hint
        name = f"{path}{f.name}"
        kafka_type = f.metadata.get("kafka_type", "")
        if typing.get_origin(inner) is tuple:
            yield name, nullable, dataclasses.replace(base, **{f.name: None})
            item = typing.get_args(inner)[0]
            if is_dataclass(item):
                for sub, sub_nullable, entity in _null_variants(item, f"{name}[0]."):  # type: ignore[arg-type]
                    yield sub, sub_nullable, dataclasses.replace(base, **{f.name: (entity,)})
        elif kafka_type == "string":
            yield name, nullable, dataclasses.replace(base, **{f.name: _MARK})
        elif kafka_type in ("bytes", "records"):
            yield name, nullable, dataclasses.replace(base, **{f.name: _MARK.encode()})


def null_bodies(api_key: int, version: int, **values: Any) -> Iterator[tuple[str, bool, bytes]]:
    """(field path, nullable in this version, request body with that one field null)."""
    flexible = is_flexible(api_key, version)
    mark = _MARK.encode()
    for path, nullable, entity in _null_variants(request_class(api_key, version)):
        entity = dataclasses.replace(entity, **{k: v for k, v in values.items() if hasattr(entity, k)})
        body = encode_body(api_key, version, entity)
        if mark in body:
            at = body.index(mark)
            if flexible:
                body = body[: at - 1] + b"\x00" + body[at + len(mark):]
            elif body[at - 2: at] == struct.pack(">h", len(mark)) and not path.endswith("records"):
                body = body[: at - 2] + b"\xff\xff" + body[at + len(mark):]
            else:
                body = body[: at - 4] + b"\xff\xff\xff\xff" + body[at + len(mark):]
        yield path, nullable, body


# ---------------------------------------------------------------------------------------------- client

class RawClient:
    """One TCP connection speaking raw frames; ``closed`` once the broker closed it."""

    def __init__(self, bootstrap: str, timeout: float = 10.0) -> None:
        host, port = bootstrap.split(",")[0].rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.closed = False

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            self.closed = True
            return False

    def _read_exactly(self, n: int) -> bytes | None:
        chunks = bytearray()
        while len(chunks) < n:
            try:
                chunk = self.sock.recv(n - len(chunks))
            except (ConnectionResetError, BrokenPipeError):
                chunk = b""
            if not chunk:
                self.closed = True
                return None
            chunks += chunk
        return bytes(chunks)

    def read_response(self) -> tuple[int, bytes] | None:
        """(correlation id, rest of the response) or None when the broker closed the connection."""
        size = self._read_exactly(4)
        if size is None:
            return None
        data = self._read_exactly(struct.unpack(">i", size)[0])
        if data is None:
            return None
        return struct.unpack_from(">i", data)[0], data[4:]

    def request(self, data: bytes) -> tuple[int, bytes] | None:
        if not self.send(data):
            return None
        return self.read_response()

    def close(self) -> None:
        self.sock.close()


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError("VmRSS")
