"""Issue 12: the record flow view follows one record produced by a student's own client through the
real engine, step by step: its partition (Kafka's murmur2 of its key, modulo the partition count), the
leader's append at its offset, the followers' fetches, the high watermark passing it (later, in slow
motion), and — only once a real consumer group reads and commits it — the consumer fetch and the commit.
A record sent from the produce dialog is followed at once (its key known), and the acks ledger counts
the dialog's producer."""

from __future__ import annotations

from confluent_kafka import Consumer, Producer
from PySide6.QtCore import Qt

from clients.partitioners import murmur2, murmur2_partition
from engine.control.commands import CreateTopic, SetReplicationDelay

TOPIC = "flow"
KEY = b"user-42"


def test_record_flow_follows_a_keyed_record(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=3, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None, timeout=10_000)  # type: ignore[union-attr]
    slow = window.run_command(SetReplicationDelay(ms=1000))  # slow motion: followers fetch a second late
    qtbot.waitUntil(slow.done, timeout=10_000)
    view = window.classroom.record_flow
    window.classroom.show_record_flow()
    view.topic.setCurrentText(TOPIC)

    # a student's own client (the Java client's partitioner)
    producer = Producer({"bootstrap.servers": window.session.bootstrap, "partitioner": "murmur2_random",
                         "acks": "1"})
    delivered = []
    producer.produce(TOPIC, b"hello", KEY, on_delivery=lambda err, msg: delivered.append((err, msg)))
    producer.flush(10)
    (err, msg), = delivered
    assert err is None
    partition, offset = msg.partition(), msg.offset()
    assert partition == murmur2_partition(KEY, 3)

    qtbot.waitUntil(lambda: view.state is not None and view.state.done("append"), timeout=10_000)
    state = view.state
    assert (state.record.topic, state.record.partition, state.record.offset) == (TOPIC, partition, offset)
    assert f"offset {offset}" in view.boxes["append"].body.text()
    assert not state.done("high_watermark") and view.boxes["replicate"].state == "current"
    assert view.boxes["high_watermark"].state == "waiting"

    # the followers fetch a second later; then the high watermark passes the record
    qtbot.waitUntil(lambda: view.state.done("high_watermark"), timeout=15_000)
    state = view.state
    assert state.done("replicate") and state.done_ms["high_watermark"] >= state.done_ms["append"] + 500
    assert all(f.log_end_offset > offset for f in state.followers)
    # the key is read once a consumer could read it: the partitioner's arithmetic is shown
    qtbot.waitUntil(lambda: view.state.record.key_known, timeout=15_000)
    text = view.boxes["partitioner"].body.text()
    assert f"murmur2(key) = {murmur2(KEY)}" in text and f"% 3 = {partition}" in text
    assert view.state.partition_by == "murmur2" and '"user-42"' in view.boxes["key"].body.text()
    # nobody consumed it yet (the view's own read of the key does not count)
    assert not view.state.done("fetch") and not view.state.done("commit")
    assert view.boxes["fetch"].state == "current"

    consumer = Consumer({"bootstrap.servers": window.session.bootstrap, "group.id": "readers",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        consumer.subscribe([TOPIC])
        got = []

        def read() -> bool:
            m = consumer.poll(0.1)
            if m is not None and not m.error() and m.partition() == partition and m.offset() == offset:
                got.append(m)
            return bool(got)

        qtbot.waitUntil(read, timeout=30_000)
        qtbot.waitUntil(lambda: view.state.done("fetch"), timeout=10_000)
        assert not view.state.done("commit")
        consumer.commit(message=got[0], asynchronous=False)
        qtbot.waitUntil(lambda: view.state.done("commit"), timeout=10_000)
        assert "readers" in view.boxes["commit"].body.text()
        assert all(view.boxes[s].state == "done" for s in ("append", "replicate", "high_watermark", "fetch",
                                                              "commit"))
    finally:
        consumer.close()

    # the produce dialog: the flow follows its record (key known at once); the ledger counts its producer
    fast = window.run_command(SetReplicationDelay(ms=0))
    qtbot.waitUntil(fast.done, timeout=10_000)
    dialog = window.produce(TOPIC)
    dialog.key.setText("user-7")
    dialog.value.setPlainText("hi")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.last_deliveries), timeout=15_000)
    (sent,) = dialog.last_deliveries
    record = view.flow.record  # type: ignore[union-attr]
    assert (record.partition, record.offset, record.key, record.source) == (sent.partition, sent.offset, b"user-7",
                                                                           "produce")
    assert sent.partition == murmur2_partition(b"user-7", 3)
    qtbot.waitUntil(lambda: view.state is not None and view.state.done("high_watermark"), timeout=10_000)
    ledger = window.classroom.ledger_view.model
    qtbot.waitUntil(lambda: any(r.producer == "produce dialog" and (r.acknowledged, r.stored, r.lost) == (1, 1, 0)
                                for r in ledger.rows()), timeout=10_000)
    dialog.close()
