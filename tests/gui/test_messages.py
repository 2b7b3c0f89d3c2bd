"""Produce dialog and message browser on a live engine: a keyed record lands where the dialog said
(murmur2) and the browser finds it there; jumps to an offset and to a timestamp land on the right
row; search, value modes and export."""

from __future__ import annotations

import json
from pathlib import Path

from confluent_kafka import Producer
from PySide6.QtCore import Qt

from clients.partitioners import partition_for_key
from clients.readers import Record
from gui.dialogs.produce import ProduceDialog
from gui.models.message_model import HEADERS, KEY, VALUE

TOPIC = "events"
BASE_TS = 1_700_000_000_000  # fixed record timestamps: partition 0 offset i has BASE_TS + i·1000


def seed(bootstrap: str, n: int) -> None:
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "compression.type": "lz4"})
    for i in range(n):
        p.produce(TOPIC, value=json.dumps({"n": i, "kind": "seed"}).encode(), key=f"seed-{i}".encode(),
                  partition=0, timestamp=BASE_TS + i * 1000)
    assert p.flush(15) == 0


def current(view) -> Record | None:  # type: ignore[no-untyped-def]
    return view.current_record()


def test_produce_keyed_record_and_find_it_in_the_browser(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 3, 3))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    qtbot.waitUntil(lambda: window._partition_count(TOPIC) == 3, timeout=10_000)
    bootstrap = window.data.bootstrap
    assert bootstrap is not None
    seed(bootstrap, 300)

    # the produce dialog predicts the partition (murmur2) and the record lands there
    dialog = window.produce(TOPIC)
    assert isinstance(dialog, ProduceDialog)
    qtbot.keyClicks(dialog.key, "user-42")
    expected = partition_for_key(b"user-42", 3)
    assert dialog.predicted_partition() == expected
    assert f"partition {expected} of 3" in dialog.prediction.text()
    dialog.value_format.setCurrentIndex(dialog.value_format.findData("json"))
    dialog.value.setPlainText('{"user": 42, "action": "login"')  # broken JSON: refused before sending
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "JSON" in dialog.error_label.text() and not dialog.last_deliveries
    dialog.value.setPlainText('{"user": 42, "action": "login"}')
    dialog.headers.setPlainText("source=gui-test\ntrace=abc")
    dialog.acks.setCurrentIndex(dialog.acks.findData("all"))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.last_deliveries), timeout=15_000)
    (delivery,) = dialog.last_deliveries
    assert delivery.error == "" and delivery.partition == expected and delivery.offset >= 0
    assert f"partition {expected} at offset {delivery.offset}" in dialog.result_label.text()

    # repeat count and acks=0
    dialog.count.setValue(5)
    dialog.acks.setCurrentIndex(dialog.acks.findData("0"))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.last_deliveries) == 5, timeout=15_000)
    assert {d.partition for d in dialog.last_deliveries} == {expected}

    # from a file: one record per line, text before the separator is the key
    lines = tmp_path / "records.txt"
    lines.write_text("alpha|first\nbeta|second\n\ngamma|third\n", encoding="utf-8")
    dialog.file_path.setText(str(lines))
    dialog.key_separator.setText("|")
    dialog.acks.setCurrentIndex(dialog.acks.findData("1"))
    qtbot.mouseClick(dialog.send_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.last_deliveries) == 3 and dialog.last_deliveries[0].offset >= 0,
                    timeout=15_000)
    assert [d.partition for d in dialog.last_deliveries] == [partition_for_key(k, 3) for k in (b"alpha", b"beta",
                                                                                                  b"gamma")]
    dialog.close()

    # the browser on the predicted partition finds the record at the delivered offset
    view = window.browser_view
    window.browse_topic(TOPIC, expected)
    assert window.browser_dock.isVisible()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.range_of(expected) is not None, timeout=10_000)
    row = view.jump_to_offset(delivery.offset)
    assert row >= 0
    qtbot.waitUntil(lambda: current(view) is not None, timeout=10_000)
    rec = current(view)
    assert rec is not None and (rec.partition, rec.offset, rec.key) == (expected, delivery.offset, b"user-42")
    assert json.loads(rec.value or b"") == {"user": 42, "action": "login"}
    assert ("source", b"gui-test") in rec.headers
    assert view.model.index(row, HEADERS).data() == "source=gui-test, trace=abc"
    assert "user-42" in view.detail.toPlainText() and '"action": "login"' not in view.detail.toPlainText()
    view.mode.setCurrentIndex(view.mode.findData("json"))
    assert '"action": "login"' in view.detail.toPlainText()  # pretty JSON in the detail pane
    view.mode.setCurrentIndex(view.mode.findData("hex"))
    assert view.model.index(row, KEY).data().startswith("75 73 65 72")  # "user" in hex
    view.mode.setCurrentIndex(view.mode.findData("text"))

    # every partition at once, and a key search over them
    view.show_topic(TOPIC, None)
    qtbot.waitUntil(lambda: len(view.model.ranges) == 3, timeout=10_000)
    assert view.model.rowCount() == sum(r.count for r in view.model.ranges) >= 309
    view.key_filter.setText("user-42")
    view.search()
    qtbot.waitUntil(lambda: view.model.showing_results, timeout=20_000)
    assert view.model.rowCount() == 6 and all(view.model.record_at(i).key == b"user-42"  # type: ignore[union-attr]
                                              for i in range(6))
    view.clear_search()
    assert not view.model.showing_results and view.model.rowCount() >= 309


def test_jump_to_offset_and_timestamp(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 1, {"segment.bytes": "16384"}))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    bootstrap = window.data.bootstrap
    assert bootstrap is not None
    seed(bootstrap, 1500)
    view = window.browser_view
    window.browse_topic(TOPIC, 0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1500, timeout=10_000)

    for target in (1234, 7, 1499, 500):
        row = view.jump_to_offset(target)
        assert row == target
        qtbot.waitUntil(lambda t=target: current(view) is not None and current(view).offset == t,  # type: ignore[union-attr]
                        timeout=10_000)
        assert json.loads(current(view).value or b"")["n"] == target  # type: ignore[union-attr]
        assert view.table.currentIndex().row() == target
    # pages are cached and bounded
    assert 1 <= view.model.cached_pages <= view.model.max_pages

    # to a time: the first record at or after it (offsets_for_times)
    view.jump_to_time(BASE_TS + 150_500)
    qtbot.waitUntil(lambda: current(view) is not None and current(view).offset == 151, timeout=10_000)  # type: ignore[union-attr]
    assert current(view).timestamp == BASE_TS + 151_000  # type: ignore[union-attr]
    view.jump_to_time(BASE_TS - 10_000_000)  # before everything: the oldest record
    qtbot.waitUntil(lambda: current(view) is not None and current(view).offset == 0, timeout=10_000)  # type: ignore[union-attr]
    view.jump_newest()
    qtbot.waitUntil(lambda: current(view) is not None and current(view).offset == 1499, timeout=10_000)  # type: ignore[union-attr]
    view.jump_oldest()
    qtbot.waitUntil(lambda: current(view) is not None and current(view).offset == 0, timeout=10_000)  # type: ignore[union-attr]
    assert view.model.index(0, VALUE).data().startswith('{"n": 0')

    # live tail: new records appear at the end without reopening
    view.set_tail(True)
    p = Producer({"bootstrap.servers": bootstrap})
    for i in range(20):
        p.produce(TOPIC, value=f"tail-{i}".encode(), partition=0)
    p.flush(10)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1520, timeout=10_000)
    qtbot.waitUntil(lambda: view.model.record_at(1519) is not None, timeout=10_000)
    assert view.model.record_at(1519).value == b"tail-19"  # type: ignore[union-attr]
    view.set_tail(False)

    # export a range to JSON Lines and the same to CSV, in the export worker
    out = tmp_path / "range.jsonl"
    view.exporter.export(out, [(0, 100, 350)], "jsonl")
    qtbot.waitUntil(lambda: view.exporter.last_export == str(out), timeout=20_000)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["offset"] for r in rows] == list(range(100, 350))
    assert rows[0]["key"] == "seed-100" and json.loads(rows[0]["value"])["n"] == 100
    csv_out = tmp_path / "range.csv"
    view.exporter.export(csv_out, [(0, 0, 10)], "csv")
    qtbot.waitUntil(lambda: view.exporter.last_export == str(csv_out), timeout=20_000)
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 11
