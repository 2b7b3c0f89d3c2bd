"""Models at scale reuse what consecutive images share (the engine's and an external source's images
share unchanged partitions, topics and groups): the placement grid repaints and flashes only the
partition that changed, and group summaries are made again only for a group whose offsets moved —
with the same results as from scratch."""

from __future__ import annotations

import dataclasses

from PySide6.QtTest import QSignalSpy

from engine.observe import (
    BrokerImage,
    ClusterImage,
    GroupImage,
    GroupOffsetImage,
    PartitionImage,
    ReplicaImage,
    TopicImage,
)
from gui.models.group_models import GroupSummaries, leader_offsets, summarize
from gui.models.placement_model import PlacementModel, ReplicaState


def partition(topic: str, n: int, leader: int, hw: int = 10) -> PartitionImage:
    replicas = tuple(ReplicaImage(b, True, True, b == leader, 0, -1, hw if b == leader else -1, -1, -1)
                     for b in (0, 1, 2))
    return PartitionImage(topic, n, leader, 0, (0, 1, 2), (0, 1, 2), replicas)


def cluster(topics: tuple[TopicImage, ...], groups: tuple[GroupImage, ...] = ()) -> ClusterImage:
    brokers = tuple(BrokerImage(b, "h", 9092 + b, "running", b == 0, 0, 0, 0, 0, 0, 0, "") for b in range(3))
    return ClusterImage(0, "c", 0, -1, brokers, topics, groups)


def test_placement_touches_only_the_changed_partition(qapp) -> None:  # type: ignore[no-untyped-def]
    parts = tuple(partition("big", i, i % 3) for i in range(300))
    first = cluster((TopicImage("big", "", False, parts, {}),))
    m = PlacementModel(clock=lambda: 5.0)
    m.set_image(first)
    spy_reset, spy_changed = QSignalSpy(m.modelReset), QSignalSpy(m.dataChanged)
    moved = dataclasses.replace(parts[200], leader=1, leader_epoch=1,
                                replica_states=tuple(dataclasses.replace(r, is_leader=r.broker_id == 1)
                                                     for r in parts[200].replica_states))
    second = cluster((TopicImage("big", "", False, (*parts[:200], moved, *parts[201:]), {}),))
    m.set_image(second)
    assert spy_reset.count() == 0 and spy_changed.count() == 1
    top_left = spy_changed.at(0)[0]
    assert top_left.row() == 200
    assert m.cell("big", 200, 1).state == ReplicaState.LEADER  # type: ignore[union-attr]
    assert m.flash_level(("big", 200)) == 1.0 and m.flash_level(("big", 199)) == 0.0
    scratch = PlacementModel(clock=lambda: 5.0)
    scratch.set_image(second)
    assert all(m.cell("big", i, b) == scratch.cell("big", i, b) for i in range(300) for b in range(3))


def test_group_summaries_reuse_unchanged_groups() -> None:
    parts = tuple(partition("orders", i, 0) for i in range(4))
    topic = TopicImage("orders", "", False, parts, {})

    def group(gid: str, committed: int) -> GroupImage:
        offsets = tuple(GroupOffsetImage("orders", i, committed, 10, 10 - committed) for i in range(4))
        return GroupImage(gid, "Empty", "consumer", "", -1, "", 0, (), offsets)

    a, b = group("a", 3), group("b", 5)
    summaries = GroupSummaries()
    first = summaries.summarize(cluster((topic,), (a, b)))
    assert [s.total_lag for s in first] == [28, 20]
    # b's committed offsets moved; a is the same object and its partitions' offsets did not move
    second = summaries.summarize(cluster((topic,), (a, group("b", 9))))
    assert second[0] is first[0] and second[1] is not first[1] and second[1].total_lag == 4
    # the log end moved under a: its summary is made again
    grown = TopicImage("orders", "", False, tuple(partition("orders", i, 0, hw=20) for i in range(4)), {})
    third = summaries.summarize(cluster((grown,), (a, group("b", 9))))
    assert third[0] is not second[0] and third[0].total_lag == 4 * 17
    image = cluster((grown,), (a,))
    assert summaries.summarize(image) == [summarize(a, leader_offsets(image))]
