"""The request pre-check (engine.protocol.request_check), sans-IO.

Every valid request kio can write must pass the check untouched and be walked to its last byte;
lengths that claim more than the frame holds, nulls where the schema has none, over-long varints
and truncations must be refused before kio allocates anything; unknown tagged fields (KIP-482)
must be dropped, not refused.
"""

from __future__ import annotations

import datetime
import struct
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engine.protocol.errors import InvalidRequest
from engine.protocol.frames import write_uvarint
from engine.protocol.request_check import check_request, request_plan
from engine.protocol.schema import read_request, request_class
from tests.integration.test_protocol_support import API_VERSIONS_SERVED, encode_body, valid_request


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
