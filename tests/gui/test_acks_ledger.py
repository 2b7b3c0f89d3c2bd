"""Issue 12: the acks ledger. Per producer of the app, acknowledged vs stored vs on the leader only vs
lost; the load generator with acks=1 on a slowed-down cluster, the leader killed: acknowledged records
show up as lost, and the ledger's figures are what a consumer reads back."""

from __future__ import annotations

from typing import Any

from confluent_kafka import Consumer, TopicPartition
from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic, SetReplicationDelay
from gui.models.acks_ledger import OffsetRanges

TOPIC = "ledger"


def test_offset_ranges_keep_the_newest_acknowledgement_per_offset() -> None:
    r = OffsetRanges()
    for o in (*range(0, 10), 12, 11, 20):
        r.add(o)
    assert (r.starts, r.ends, r.count()) == ([0, 11, 20], [10, 13, 21], 13)
    r.add(10)  # fills the gap: one range again
    assert (r.starts, r.ends, r.count(), r.replaced) == ([0, 20], [13, 21], 14, 0)
    for o in range(5, 8):  # a new leader wrote over offsets 5–7: the records acknowledged there are gone
        r.add(o)
    assert r.replaced == 3 and r.count() == 14 and r.count(0, 5) == 5 and r.count(13) == 1


class Capture:
    """The ledger's sink, plus what the test needs to check it: each acknowledged (offset, key)."""

    def __init__(self, sink: Any) -> None:
        self.sink = sink
        self.acked: list[tuple[int, int, bytes]] = []

    def acknowledged(self, partition: int, offset: int, time_ms: int, key: bytes | None = None) -> None:
        self.acked.append((partition, offset, key or b""))
        self.sink.acknowledged(partition, offset, time_ms, key)

    def failed(self, count: int = 1) -> None:
        self.sink.failed(count)


def read_back(bootstrap: str, end: int) -> dict[int, bytes]:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "read-back", "enable.auto.commit": False})
    got: dict[int, bytes] = {}
    try:
        c.assign([TopicPartition(TOPIC, 0, 0)])
        while len(got) < end:
            for m in c.consume(1000, 1.0):
                if not m.error():
                    got[m.offset()] = m.key()
    finally:
        c.close()
    return got


def test_ledger_shows_acks_1_loss_as_a_consumer_sees_it(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None, timeout=10_000)  # type: ignore[union-attr]
    slow = window.run_command(SetReplicationDelay(ms=3000))  # followers copy 3 s late
    qtbot.waitUntil(slow.done, timeout=10_000)

    ledger_view = window.classroom.ledger_view
    view = window.load_view
    ledger_run = view.generator.on_run
    captures: list[Capture] = []
    view.generator.on_run = lambda spec: captures.append(Capture(ledger_run(spec))) or captures[-1]
    view.topic.setCurrentText(TOPIC)
    view.rate.setValue(1000)
    view.keys.setCurrentIndex(view.keys.findData("sequential"))  # every record's key is its own
    view.acks.setCurrentIndex(view.acks.findData("1"))
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)

    def row():  # type: ignore[no-untyped-def]
        rows = ledger_view.model.rows()
        return rows[-1] if rows else None

    qtbot.waitUntil(lambda: row() is not None and (row().leader_only or 0) > 300 and (row().stored or 0) > 100,
                    timeout=20_000)
    assert row().lost == 0 and row().acks == "1" and row().topic == TOPIC
    assert ledger_view.model.data(ledger_view.model.index(0, 0)) == "Load generator #1"

    old_leader = window.image.topic(TOPIC).partitions[0].leader  # type: ignore[union-attr]
    qtbot.mouseClick(window.cluster_view.cards[old_leader].kill_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC).partitions[0].leader not in (-1, old_leader),  # type: ignore[union-attr]
                    timeout=15_000)
    qtbot.waitUntil(lambda: (row().lost or 0) > 0, timeout=15_000)
    assert "lost" in ledger_view.verdict.text() and "acks=1" in ledger_view.verdict.text()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)  # stop
    qtbot.waitUntil(lambda: not view.generator.running, timeout=15_000)
    fast = window.run_command(SetReplicationDelay(ms=0))
    qtbot.waitUntil(fast.done, timeout=10_000)

    def settled() -> bool:
        p = window.image.topic(TOPIC).partitions[0]  # type: ignore[union-attr]
        leader = next(r for r in p.replica_states if r.is_leader)
        return leader.high_watermark == leader.log_end_offset and row().leader_only == 0
    qtbot.waitUntil(settled, timeout=20_000)
    end = next(r for r in window.image.topic(TOPIC).partitions[0].replica_states if r.is_leader).log_end_offset  # type: ignore[union-attr]

    # a consumer reads the partition back: which acknowledged records are really there
    log = read_back(window.session.bootstrap, end)
    acked = captures[-1].acked
    there = sum(1 for _p, offset, key in acked if log.get(offset) == key)
    final = row()
    assert final.acknowledged == len(acked)
    assert final.stored == there
    assert final.lost == len(acked) - there > 0
    assert final.leader_only == 0
