"""The record flow's steps from made-up images: each step is marked when an image first shows it (so a
slowed-down cluster shows them one after another), a record whose leader no longer has it is lost, and
the newest record of a topic is the last offset of the partition that grew."""

from __future__ import annotations

from clients.partitioners import murmur2
from engine.observe import (
    ClusterImage,
    GroupImage,
    GroupOffsetImage,
    PartitionImage,
    ReplicaImage,
    TopicImage,
)
from gui.models.record_flow import RecordFlow, TrackedRecord, newest_record


def image(t: int, leos: dict[int, int], hw: int, leader: int = 0, fetched: int = -1, committed: int = -1,
          dead: tuple[int, ...] = ()) -> ClusterImage:
    replicas = tuple(ReplicaImage(b, b not in dead, b not in dead, b == leader, 0, leos[b] if b not in dead else -1,
                                  hw, 0, 0, (), fetched if b == leader else -1) for b in (0, 1, 2))
    p0 = PartitionImage("t", 0, leader, 0, (0, 1, 2), tuple(b for b in (0, 1, 2) if b not in dead), replicas)
    p1 = PartitionImage("t", 1, leader, 0, (0, 1, 2), (0, 1, 2), tuple(
        ReplicaImage(b, True, True, b == leader, 0, 3, 3, 0, 0) for b in (0, 1, 2)))
    groups = (GroupImage("g", "Stable", "consumer", "range", 1, "m", 0, (), (GroupOffsetImage("t", 0, committed, hw, 0),)),) \
        if committed >= 0 else ()
    return ClusterImage(t, "c", 0, 0, (), (TopicImage("t", "id", False, (p0, p1), {}),), groups)


def test_steps_in_order_then_lost() -> None:
    flow = RecordFlow(TrackedRecord("t", 0, 5, b"user-42", True))
    s = flow.update(image(1000, {0: 6, 1: 5, 2: 5}, 5))
    assert s is not None and s.done("append") and not s.done("replicate") and s.current_step == "replicate"
    assert s.partitioning is not None and s.partitioning.murmur2 == murmur2(b"user-42")
    assert s.partition_by in ("murmur2", "crc32", "explicit")
    s = flow.update(image(2000, {0: 6, 1: 6, 2: 6}, 6))
    assert s is not None and s.done_ms["replicate"] == 2000 and s.done_ms["high_watermark"] == 2000
    assert s.done_ms["append"] == 1000 and s.current_step == "fetch"
    s = flow.update(image(3000, {0: 6, 1: 6, 2: 6}, 6, fetched=6, committed=6))
    assert s is not None and s.done("fetch") and s.done("commit") and s.current_step == ""

    lost = RecordFlow(TrackedRecord("t", 0, 5))
    assert lost.update(image(1000, {0: 6, 1: 5, 2: 5}, 5)).done("append")  # type: ignore[union-attr]
    s = lost.update(image(2000, {0: 6, 1: 5, 2: 5}, 5, leader=1, dead=(0,)))  # the leader died; broker 1 lacks it
    assert s is not None and s.lost and not s.done("high_watermark")


def test_newest_record_is_where_the_log_grew() -> None:
    before = image(1000, {0: 6, 1: 6, 2: 6}, 6)
    assert newest_record(None, before, "t") is None  # nothing grew yet: old records are not "new"
    after = image(2000, {0: 9, 1: 6, 2: 6}, 6)
    assert newest_record(before, after, "t") == (0, 8)
