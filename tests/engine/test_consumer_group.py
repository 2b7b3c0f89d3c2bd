"""KIP-848 consumer group state (engine.coordinator.consumer_group): epochs, server-side assignment
and revoke-before-assign reconciliation, driven heartbeat by heartbeat as a client would."""

from __future__ import annotations

from typing import Any

from engine.coordinator.consumer_group import ConsumerGroup, HeartbeatResult
from engine.protocol.errors import ErrorCode

COUNTS = {"t": 4}


def beat(group: ConsumerGroup, member_id: str, epoch: int, subscribed: list[str] | None = None,
         owned: dict[str, set[int]] | None = None, assignor: str | None = None, now: int = 0) -> HeartbeatResult:
    kw: dict[str, Any] = {"instance_id": None, "rack_id": None, "client_id": "c", "client_host": "/h",
                          "rebalance_timeout_ms": 1000, "now_ms": now, "partition_counts": lambda t: COUNTS.get(t, 0)}
    return group.heartbeat(member_id, epoch, subscribed=subscribed, assignor=assignor, owned=owned, **kw)


def test_a_second_member_gets_partitions_only_after_the_first_released_them() -> None:
    g = ConsumerGroup("g")
    a = beat(g, "a", 0, ["t"])
    assert a.error == ErrorCode.none and a.assignment == {"t": {0, 1, 2, 3}} and a.member_epoch == 1
    b = beat(g, "b", 0, ["t"])
    assert b.assignment == {} and g.state == "Reconciling"  # a still owns everything
    a2 = beat(g, "a", a.member_epoch, owned={"t": {0, 1, 2, 3}})
    assert a2.assignment is not None and len(a2.assignment["t"]) == 2
    assert a2.member_epoch == a.member_epoch  # revoking: its epoch stays
    b2 = beat(g, "b", b.member_epoch)
    assert b2.assignment is None  # a has not let go yet
    a3 = beat(g, "a", a2.member_epoch, owned=a2.assignment)
    assert a3.member_epoch == g.group_epoch
    b3 = beat(g, "b", b2.member_epoch)
    assert b3.assignment == {"t": {0, 1, 2, 3} - a2.assignment["t"]} and b3.member_epoch == g.group_epoch
    assert g.state == "Stable"


def test_range_assigns_contiguous_ranges_by_member_id() -> None:
    g = ConsumerGroup("g")
    beat(g, "a", 0, ["t"], assignor="range")
    beat(g, "b", 0, ["t"], assignor="range")
    assert g.assignor == "range" and g.target == {"a": {"t": {0, 1}}, "b": {"t": {2, 3}}}


def test_fencing_leaving_and_unknown_members() -> None:
    g = ConsumerGroup("g")
    a = beat(g, "a", 0, ["t"])
    assert beat(g, "a", a.member_epoch + 5).error == ErrorCode.fenced_member_epoch
    assert beat(g, "x", 3).error == ErrorCode.unknown_member_id
    assert beat(g, "a", 0, ["t"], assignor="sticky").error == ErrorCode.unsupported_assignor
    assert g.validate_commit("a", a.member_epoch) is None
    assert g.validate_commit("a", a.member_epoch - 1) == ErrorCode.stale_member_epoch
    left = beat(g, "a", -1)
    assert left.member_epoch == -1 and not g.members and g.state == "Empty"


def test_a_member_whose_heartbeats_stop_is_expired() -> None:
    g = ConsumerGroup("g")
    beat(g, "a", 0, ["t"], now=0)
    beat(g, "b", 0, ["t"], now=40_000)
    assert g.expire(now_ms=50_000, session_timeout_ms=45_000) == ["a"]
    assert list(g.members) == ["b"]
