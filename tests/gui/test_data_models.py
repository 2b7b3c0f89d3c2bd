"""Data-view models and helpers without an engine: the paged message model (virtual rows, LRU,
watermark moves), record formatting, lag history persistence, the segment watcher on a real
directory, produce-file parsing and reset durations."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex

from clients.config import parse_duration
from clients.producers import lines_as_records, predict_partition
from clients.readers import Record
from engine.observe import GroupImage, GroupMemberImage, GroupOffsetImage
from gui.models import record_format as fmt
from gui.models.group_models import summarize
from gui.models.lag_history import TOTAL, LagHistory, load_history, save_history
from gui.models.message_model import KEY, LOADING, OFFSET, PARTITION, VALUE, MessageModel, PartitionRange
from gui.segment_watch import SegmentWatcher, scan_partition_dir
from gui.views.export_dialog import selection_ranges


def records(partition: int, start: int, end: int) -> list[Record]:
    return [Record(partition, o, 1000 + o, f"k{o}".encode(), f"value {o}".encode(), ()) for o in range(start, end)]


def test_message_model_pages_on_demand_with_lru(qapp) -> None:  # type: ignore[no-untyped-def]
    m = MessageModel(page_size=100, max_pages=3)
    m.set_topic("t", [PartitionRange(0, 50, 10_000_050)])
    assert m.rowCount() == 10_000_000
    assert m.locate(0) == (0, 50) and m.row_of(0, 9_999_999) == 9_999_949
    assert m.index(0, OFFSET).data() == "50"  # offsets and partitions need no fetch
    assert m.index(0, VALUE).data() == LOADING
    key = m.take_wanted()
    assert key == (0, 0) and m.take_wanted() is None  # asked for once, then in flight
    assert m.page_bounds(key) == (50, 100)  # clipped to the log start
    m.put_page(key, records(0, 50, 100), 100)
    assert m.index(0, VALUE).data() == "value 50" and m.index(49, KEY).data() == "k99"
    for n in (1000, 2000, 3000):  # three more pages: the LRU keeps three
        row = m.row_of(0, n * 100)
        assert m.record_at(row) is None
        k = m.take_wanted()
        assert k == (0, n)
        m.put_page(k, records(0, n * 100, n * 100 + 100), n * 100 + 100)
    assert m.cached_pages == 3 and m.record_at(0, request=False) is None  # the first page was evicted
    # only pages still on screen are worth reading
    m.record_at(m.row_of(0, 500_000))
    m.record_at(m.row_of(0, 700_000))
    assert m.take_wanted(keep={(0, 5000)}) == (0, 5000)


def test_message_model_follows_watermarks(qapp) -> None:  # type: ignore[no-untyped-def]
    m = MessageModel(page_size=10)
    m.set_topic("t", [PartitionRange(0, 0, 25), PartitionRange(1, 0, 5)])
    assert m.rowCount() == 30 and m.locate(25) == (1, 0) and m.index(25, PARTITION).data() == "1"
    m.put_page((0, 2), records(0, 20, 25), 25)  # a partial page (the HW was 25)
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    m.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    m.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    m.update_ranges([PartitionRange(0, 5, 28), PartitionRange(1, 0, 7)])  # new records, retention
    assert inserted == [(30, 31), (25, 27)] and removed == [(0, 4)]
    assert m.rowCount() == 30 and m.locate(0) == (0, 5) and m.locate(23) == (1, 0)
    assert m.record_at(m.row_of(0, 21), request=False) is None  # the partial page is read again
    m.set_results(records(1, 0, 3))
    assert m.showing_results and m.rowCount() == 3 and m.index(2, KEY).data() == "k2"
    m.clear_results()
    assert m.rowCount() == 30
    assert selection_ranges(m, [0, 1, 2, 22, 23, 24]) == [(0, 5, 8), (0, 27, 28), (1, 0, 2)]
    assert m.rowCount(QModelIndex()) == 30


def test_record_format() -> None:
    assert fmt.preview(b'{"a": [1, 2]}', "json") == '{"a": [1, 2]}'
    assert fmt.full(b'{"a":1}', "json") == '{\n  "a": 1\n}'
    assert fmt.full(b"not json", "json") == "not json"
    assert fmt.preview(b"\x00\x01ab", "hex") == "00 01 61 62"
    assert fmt.hex_dump(b"ABC").startswith("00000000  41 42 43")
    assert fmt.preview(None, "text") == "null"
    assert fmt.headers_text((("a", b"1"), ("b", None))) == "a=1, b=null"


def _group(committed: int) -> GroupImage:
    return GroupImage("g", "Stable", "consumer", "range", 3, "m1", 0,
                      (GroupMemberImage("m1", None, "c1", "/127.0.0.1", (("t", 0),)),
                       GroupMemberImage("m2", None, "c2", "/127.0.0.1", ())),
                      (GroupOffsetImage("t", 0, committed, -1, -1),))


def test_lag_history_sampling_and_persistence(tmp_path: Path) -> None:
    ends = {("t", 0): (0, 100, 100), ("t", 1): (0, 50, 50)}
    g = summarize(_group(40), ends)
    assert g.total_lag == 60 and g.offsets[0].owner == "c1" and len(g.offsets) == 1  # committed ∪ assigned
    h = LagHistory(capacity=5)
    h.key = "abc"
    assert h.record(10.0, [g]) == ["g"]
    assert h.record(10.5, [g]) == []  # at most one sample a second
    h.record(12.0, [summarize(_group(90), ends)])
    assert list(h.series("g").series[TOTAL].view()) == [60.0, 10.0]  # type: ignore[union-attr]
    h.record(13.0, [])  # the group vanished (its coordinator moved): one NaN breaks the curve
    h.record(14.0, [])
    assert math.isnan(float(h.series("g").series[TOTAL].view()[-1])) and h.series("g").times.count == 3  # type: ignore[union-attr]
    h.record(15.0, [summarize(_group(90), ends)])
    path = save_history(h, tmp_path)
    assert path is not None and path.exists()
    again = LagHistory(capacity=5)
    assert load_history(again, tmp_path, "abc")
    sg = again.series("g")
    assert sg is not None and list(sg.times.view()) == [10.0, 12.0, 13.0, 15.0]
    assert list(sg.series["t-0"].view())[:2] == [60.0, 10.0] and math.isnan(sg.series["t-0"].view()[2])
    assert not load_history(again, tmp_path, "other") and not again.groups
    (tmp_path / "lag-history-bad.json").write_text("{not json")
    assert not load_history(again, tmp_path, "bad")
    assert not math.isnan(float(sg.series[TOTAL].view()[-1]))


def test_segment_watcher_sees_files_come_and_go(tmp_path: Path) -> None:
    d = tmp_path / "t-0"
    d.mkdir()
    (d / "00000000000000000000.log").write_bytes(b"x" * 100)
    (d / "00000000000000000000.index").write_bytes(b"")
    (d / "leader-epoch-checkpoint").write_text("0")
    seen: list[list[int]] = []
    changed = threading.Event()

    def on_change(directory: str, files: list) -> None:  # type: ignore[type-arg]
        seen.append([f.base_offset for f in files])
        changed.set()

    w = SegmentWatcher(on_change, coalesce_s=0.05)
    try:
        w.watch(str(d))
        assert changed.wait(5) and seen[-1] == [0]
        changed.clear()
        (d / "00000000000000000042.log").write_bytes(b"y" * 10)
        assert changed.wait(5)
        while seen[-1] != [0, 42]:  # coalesced bursts: wait for the rescan that sees the new file
            changed.clear()
            assert changed.wait(5)
        changed.clear()
        (d / "00000000000000000000.log").unlink()
        assert changed.wait(5)
        while seen[-1] != [42]:
            changed.clear()
            assert changed.wait(5)
        assert w.events >= 2
    finally:
        w.stop()
    assert [f.base_offset for f in scan_partition_dir(d)] == [42]
    assert scan_partition_dir(tmp_path / "missing") == []


def test_produce_helpers_and_durations() -> None:
    recs = list(lines_as_records(["a:1\n", "\n", "no-sep\n", "b:x:y"], ":"))
    assert [(r.key, r.value) for r in recs] == [(b"a", b"1"), (None, b"no-sep"), (b"b", b"x:y")]
    assert [r.key for r in lines_as_records(["a:1"], None)] == [None]
    assert predict_partition(None, 3) is None and predict_partition(b"k", 0) is None
    assert predict_partition(b"user-42", 3) in (0, 1, 2)
    assert parse_duration("PT15M") == 900_000 and parse_duration("P1DT2H") == 93_600_000
    assert parse_duration("PT0.5S") == 500 and parse_duration("-PT1M") == -60_000
    for bad in ("15M", "PT", "P", "PT1X"):
        with pytest.raises(ValueError):
            parse_duration(bad)
