"""The request pre-check (engine.protocol.request_check), sans-IO, plus the hypothesis strategies
that build valid requests of every API and version the engine serves (the fuzz test mutates them).

Every valid request kio can write must pass the check untouched and be walked to its last byte;
lengths that claim more than the frame holds, nulls where the schema has none, over-long varints
and truncations must be refused before kio allocates anything; unknown tagged fields (KIP-482)
must be dropped, not refused.
"""

from __future__ import annotations

import datetime
import io
import struct
import typing
import uuid
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from kio.serial import entity_writer

from engine.protocol.errors import InvalidRequest
from engine.protocol.frames import write_uvarint
from engine.protocol.records import build_batch
from engine.protocol.request_check import check_request, request_plan
from engine.protocol.schema import read_request, request_class
from engine.server.apis import build_api_table

API_TABLE = build_api_table()
API_VERSIONS_SERVED = [(s.api_key, v) for s in sorted(API_TABLE.specs.values(), key=lambda s: s.api_key)
                       for v in range(s.min_version, s.max_version + 1)]

# names the fuzz cluster knows: requests about them reach the handlers' real paths
FUZZ_TOPICS = ("fuzz-a", "fuzz-b")
FUZZ_GROUPS = ("fuzz-g",)
_INT_RANGES = {"int8": (-(2**7), 2**7 - 1), "int16": (-(2**15), 2**15 - 1), "uint16": (0, 2**16 - 1),
               "int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# request fields whose value is a time the broker may wait for: keep them short so fuzz frames are answered
_WAIT_FIELDS = {"max_wait", "timeout", "session_timeout", "rebalance_timeout", "timeout_ms"}


def _optional(hint: Any) -> tuple[Any, bool]:
    args = typing.get_args(hint)
    if type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def _string_values(name: str) -> st.SearchStrategy[str]:
    if "group" in name:
        return st.sampled_from(FUZZ_GROUPS)
    if name in ("name", "topic", "topic_name", "resource_name") or "topic" in name:
        return st.sampled_from(FUZZ_TOPICS)
    if "member" in name or "instance" in name:
        return st.sampled_from(["", "m-1"])
    if "protocol" in name:
        return st.sampled_from(["consumer", "range"])
    return st.text(alphabet="abcxyz.-_", max_size=8)


def _leaf(name: str, kafka_type: str) -> st.SearchStrategy[Any]:
    if kafka_type in _INT_RANGES:
        lo, hi = _INT_RANGES[kafka_type]
        if name in ("partition_index", "partition", "index", "partitions", "partition_id"):
            return st.integers(-1, 2)
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
        return _string_values(name)
    if kafka_type == "records":
        return st.sampled_from([build_batch([(None, b"fuzz")]), build_batch([(b"k", b"v"), (None, None)]), b""])
    if kafka_type == "bytes":
        return st.binary(max_size=16)
    raise NotImplementedError(kafka_type)


def entity_strategy(cls: type, tagged: bool = True) -> st.SearchStrategy[Any]:
    """A valid kio entity of ``cls``: small arrays, the fuzz cluster's names, short waits
    (``tagged=False``: its own tagged fields keep their defaults, so kio writes none)."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    for f in fields(cls):
        if not tagged and "tag" in f.metadata:
            continue
        hint, nullable = _optional(hints[f.name])
        kafka_type = f.metadata.get("kafka_type", "")
        if typing.get_origin(hint) is tuple:
            inner, inner_nullable = _optional(typing.get_args(hint)[0])
            item = entity_strategy(inner) if is_dataclass(inner) else _leaf(f.name, kafka_type)
            if inner_nullable:
                item = st.one_of(st.none(), item)
            value: st.SearchStrategy[Any] = st.lists(item, max_size=2).map(tuple)
        elif is_dataclass(hint):
            value = entity_strategy(hint)  # type: ignore[arg-type]
        else:
            value = _leaf(f.name, kafka_type)
        if nullable and kafka_type != "uuid":
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


def _walk_end(api_key: int, version: int, body: bytes) -> int:
    from engine.protocol.request_check import _Walk
    return request_plan(api_key, version).walk(_Walk(body), 0, len(body))


# ---------------------------------------------------------------------------------------------- tests

def test_every_served_version_has_a_plan() -> None:
    for api_key, version in API_VERSIONS_SERVED:
        request_plan(api_key, version)


@settings(max_examples=1500, deadline=None, phases=[Phase.generate], database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_request())
def test_valid_requests_pass_untouched_and_are_walked_to_the_end(req: tuple[int, int, bytes]) -> None:
    api_key, version, body = req
    assert check_request(api_key, version, body, 0) is None
    assert _walk_end(api_key, version, body) == len(body)
    read_request(api_key, version, body, 0)


def _metadata_v12(topics_count_varint: bytes) -> bytes:
    return topics_count_varint + b"\x00\x00\x00"


@pytest.mark.parametrize("api_key, version, body", [
    # the 25-byte request of issue 10: Metadata v12 topics claims 2^32 - 2 entries
    (3, 12, _metadata_v12(b"\xff\xff\xff\xff\x0f")),
    # ListOffsets v8: replica_id, isolation_level, topics compact array of 2^31 entries
    (2, 8, struct.pack(">ib", -1, 0) + b"\x80\x80\x80\x80\x08" + b"\x00"),
    # DescribeLogDirs v4: topics compact array of 2^28 entries
    (35, 4, b"\x80\x80\x80\x80\x01" + b"\x00"),
    # legacy (non-flexible) ListOffsets v1: topics int32 count 100 000 000
    (2, 1, struct.pack(">ii", -1, 100_000_000)),
])
def test_huge_counts_are_refused_before_kio_reads_them(api_key: int, version: int, body: bytes) -> None:
    with pytest.raises(InvalidRequest, match="tried to allocate a collection of size"):
        check_request(api_key, version, body, 0)


@pytest.mark.parametrize("api_key, version, body, match", [
    (3, 12, b"\xff\xff\xff\xff\xff\x01", "varint"),  # 6-byte varint
    (3, 12, b"\xff\xff\xff\xff\x7f\x00\x00\x00", "32 bits"),  # 5 bytes, above 2^32
    (3, 12, b"\x02" + b"\x00" * 16 + b"\xff\xff\x03" + b"\x00\x01\x00\x00", "string of 65534 bytes"),
    (3, 12, b"\x02" + b"\x00" * 16 + b"\x40" + b"\x00\x01\x00\x00", "only"),  # name longer than the frame
    (19, 7, b"\x00" + struct.pack(">i", 100) + b"\x00\x00", "non-nullable"),  # CreateTopics topics null
    (2, 1, struct.pack(">ii", -1, -5), "invalid array length -5"),
    (2, 1, struct.pack(">iih", -1, 1, -2) + struct.pack(">i", 0), "invalid length -2"),
    (2, 1, struct.pack(">iih", -1, 1, -1) + struct.pack(">i", 0), "non-nullable"),
    (3, 12, b"\x01\x00\x00\x05", "tagged fields"),  # 5 tagged fields in 0 bytes
    (3, 12, b"\x01\x00\x00\x01\x07\x09ab", "tag 7 of 9 bytes"),
    (1, 12, b"", "truncated"),
])
def test_malformed_bodies_are_refused(api_key: int, version: int, body: bytes, match: str) -> None:
    with pytest.raises(InvalidRequest, match=match):
        check_request(api_key, version, body, 0)


@settings(max_examples=300, deadline=None, phases=[Phase.generate], database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_request(), st.data())
def test_truncated_requests_never_pass_unless_kio_can_read_them(req: tuple[int, int, bytes], data: Any) -> None:
    api_key, version, body = req
    cut = data.draw(st.integers(0, max(len(body) - 1, 0)))
    short = body[:cut]
    try:
        rewritten = check_request(api_key, version, short, 0)
    except InvalidRequest:
        return
    read_request(api_key, version, rewritten or short, 0)  # whatever passes, kio reads


def _with_unknown_tag(body: bytes, tag: int = 99, value: bytes = b"hello") -> bytes:
    """Add an unknown tag to the top-level tagged fields (the body's last section, empty here)."""
    assert body[-1] == 0
    return body[:-1] + write_uvarint(1) + write_uvarint(tag) + write_uvarint(len(value)) + value


def test_unknown_tags_are_dropped_and_known_ones_kept() -> None:
    body = encode_body(3, 12, read_request(3, 12, b"\x02" + b"\x00" * 16 + b"\x07fuzz-a\x00" + b"\x01\x00\x00", 0))
    with_tag = _with_unknown_tag(body)
    rewritten = check_request(3, 12, with_tag, 0)
    assert rewritten == body
    # a nested unknown tag (inside the topic entry) and an unknown header-like prefix are kept apart
    nested = b"\x02" + b"\x00" * 16 + b"\x07fuzz-a" + b"\x01\x63\x02zz" + b"\x01\x00\x00"
    rewritten = check_request(3, 12, b"HDR" + nested, 3)
    assert rewritten is not None and rewritten[:3] == b"HDR"
    assert read_request(3, 12, rewritten, 3).topics[0].name == "fuzz-a"
    # Fetch v15: cluster_id (tag 0) and replica_state (tag 1, a struct with its own tagged fields)
    # are known; tags 5 and 9 are not, at the top level and inside replica_state
    fetch = request_class(1, 15)(cluster_id="c1", max_wait=datetime.timedelta(0), min_bytes=1, max_bytes=100,
                                 isolation_level=0, session_id=0, session_epoch=-1, topics=(),
                                 forgotten_topics_data=(), rack_id="")
    body = encode_body(1, 15, fetch)
    known_cluster_id = b"\x00\x03\x03c1"  # tag 0, 3 bytes: compact string "c1"
    assert body.endswith(b"\x01" + known_cluster_id)
    prefix = body[: -len(known_cluster_id) - 1]
    state = struct.pack(">iq", 7, 3)
    state_with_unknown = state + b"\x01\x09\x01q"
    sent = (prefix + b"\x03" + known_cluster_id + b"\x01" + bytes([len(state_with_unknown)]) + state_with_unknown
            + b"\x05\x01z")
    rewritten = check_request(1, 15, sent, 0)
    assert rewritten == prefix + b"\x02" + known_cluster_id + b"\x01" + bytes([len(state) + 1]) + state + b"\x00"
    parsed = read_request(1, 15, rewritten, 0)
    assert (parsed.cluster_id, parsed.replica_state.replica_id, parsed.replica_state.replica_epoch) == ("c1", 7, 3)


def test_a_known_tag_must_fill_its_size() -> None:
    body = b"\x00" * 21 + b"\x01\x01\x01" + b"\x01\x00\x05\x03c1zz"  # cluster_id of 5 bytes holding 3
    with pytest.raises(InvalidRequest, match="does not fill"):
        check_request(1, 15, body, 0)


@settings(max_examples=300, deadline=None, phases=[Phase.generate], database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_request([p for p in API_VERSIONS_SERVED if request_class(*p).__flexible__], top_level_tags=False))
def test_an_unknown_top_level_tag_is_ignored_by_every_flexible_version(req: tuple[int, int, bytes]) -> None:
    api_key, version, body = req
    rewritten = check_request(api_key, version, _with_unknown_tag(body), 0)
    assert rewritten == body
