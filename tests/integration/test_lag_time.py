"""Lag in time: the image carries, per committed offset with lag, the timestamp of the record at that
offset (the oldest one the group has not consumed), read from the partition leader's log; the groups
view shows how far behind that is and when the lag clears at the current rates."""

from __future__ import annotations

from engine.observe.image import GroupImage, GroupOffsetImage
from gui.models.group_models import LagClock, OffsetRow, duration_text, summarize
from tests.conftest import RunningCluster, wait_for
from tests.integration.test_groups_support import (
    closer,
    commit_confluent,
    confluent_consumer,
    create_topic,
    group_image,
    produce,
)

__all__ = ["closer"]
BASE = 1_700_000_000_000


def test_the_image_knows_when_the_oldest_unconsumed_record_was_written(cluster: RunningCluster, closer) -> None:  # type: ignore[no-untyped-def]
    bs = cluster.bootstrap_servers
    create_topic(bs, "aged", partitions=1, rf=3)
    produce(bs, "aged", [f"r{i}".encode() for i in range(10)], partition=0,
            timestamps=[BASE + i * 60_000 for i in range(10)])  # one a minute
    consumer = closer(confluent_consumer(bs, "slow-readers"))
    commit_confluent(consumer, "aged", {0: 4})

    def offset() -> GroupOffsetImage | None:
        g = group_image(cluster, "slow-readers")
        o = g.offsets[0] if g is not None and g.offsets else None
        return o if o is not None and o.lag == 6 else None
    o = wait_for(offset, 15, "the group's committed offset with lag 6")
    assert o.committed_timestamp_ms == BASE + 4 * 60_000  # the record at offset 4

    commit_confluent(consumer, "aged", {0: 10})  # caught up: nothing behind
    caught = wait_for(lambda: (g := group_image(cluster, "slow-readers")) is not None and g.offsets[0].lag == 0
                      and g.offsets[0], 15, "lag 0")
    assert caught.committed_timestamp_ms == -1

    # the groups view's rows: behind = the image's time - that timestamp
    g = GroupImage("slow-readers", "Empty", "consumer", "", 0, "", 0, (),
                   (GroupOffsetImage("aged", 0, 4, 10, 6, "", BASE + 4 * 60_000),))
    row = summarize(g, {("aged", 0): (0, 10, 10)}, now_ms=BASE + 10 * 60_000).offsets[0]
    assert row.behind_ms == 6 * 60_000 and duration_text(row.behind_ms / 1000) == "6 min 00 s"


def test_time_to_clear_at_the_current_rates() -> None:
    clock = LagClock(window_s=10)

    def at(t_s: int, committed: int, end: int) -> OffsetRow:
        g = GroupImage("g", "Stable", "consumer", "range", 1, "", 0, (),
                       (GroupOffsetImage("t", 0, committed, end, end - committed),))
        return clock.estimate(summarize(g, {("t", 0): (0, end, end)}, BASE + t_s * 1000), BASE + t_s * 1000).offsets[0]

    assert at(0, 0, 1000).clears_in_s is None  # one sample: no rate yet
    # consumed 300/s, produced 100/s for 2 s: the lag (1000 - 600 + 200 = 600) shrinks 200/s → 3 s
    assert at(2, 600, 1200).clears_in_s == 3.0
    assert at(4, 700, 1800).clears_in_s == float("inf")  # producing faster than consuming: never
    assert at(5, 1800, 1800).clears_in_s == 0.0


def test_the_offsets_table_shows_the_lag_in_time(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from gui.models.group_models import GroupOffsetsModel

    model = GroupOffsetsModel()
    model.set_rows((OffsetRow("t", 0, 4, 10, 0, "c", behind_ms=360_000, clears_in_s=float("inf")),
                    OffsetRow("t", 1, 10, 10, 0, "c", behind_ms=0, clears_in_s=0.0)))

    def text(row: int, col: int) -> str:
        return str(model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole))
    assert model.headerData(GroupOffsetsModel.BEHIND, Qt.Orientation.Horizontal) == "Behind"
    assert text(0, GroupOffsetsModel.BEHIND) == "6 min 00 s"
    assert text(0, GroupOffsetsModel.CLEARS) == "never (growing)"
    assert (text(1, GroupOffsetsModel.BEHIND), text(1, GroupOffsetsModel.CLEARS)) == ("0.0 s", "0.0 s")
