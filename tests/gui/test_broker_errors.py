"""Issue 9 item 5: with min.insync.replicas=2 and two of three brokers dead, the brokers answer
NOT_ENOUGH_REPLICAS at once; the load generator and the produce dialog show those answers as they
happen (counted per error name, "retrying"), not "errors 0" until the client's timeout."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic

TOPIC = "strict"


def test_not_enough_replicas_is_shown_as_it_happens(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3,
                                           configs={"min.insync.replicas": "2"}))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None, timeout=10_000)  # type: ignore[union-attr]
    leader = window.image.topic(TOPIC).partitions[0].leader  # type: ignore[union-attr]
    for bid in (b for b in range(3) if b != leader):
        qtbot.mouseClick(window.cluster_view.cards[bid].kill_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC).partitions[0].isr == (leader,), timeout=15_000)  # type: ignore[union-attr]

    # the load generator: the brokers' answers within seconds, while the client still reports 0 errors
    view = window.load_view
    view.topic.setCurrentText(TOPIC)
    view.rate.setValue(200)
    view.acks.setCurrentIndex(view.acks.findData("all"))
    started = time.monotonic()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NOT_ENOUGH_REPLICAS ×" in view.broker_label.text(), timeout=10_000)
    assert time.monotonic() - started < 10  # librdkafka itself would say nothing for 30 s
    assert "retrying" in view.broker_label.text()
    assert "min.insync.replicas=2" in view.broker_detail.text()
    first = int(re.search(r"NOT_ENOUGH_REPLICAS ×(\d+)", view.broker_label.text()).group(1))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: int(re.search(r"NOT_ENOUGH_REPLICAS ×(\d+)",  # type: ignore[union-attr]
                                          view.broker_label.text()).group(1)) > first, timeout=10_000)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)  # stop
    qtbot.waitUntil(lambda: not view.generator.running, timeout=10_000)

    # the produce dialog: one record with acks=all — the answers show while the client retries
    dialog = window.produce(TOPIC)
    dialog.value.setPlainText("must be on two replicas")
    dialog.acks.setCurrentIndex(dialog.acks.findData("all"))
    started = time.monotonic()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NOT_ENOUGH_REPLICAS ×" in dialog.broker_label.text(), timeout=8_000)
    assert dialog.sending and time.monotonic() - started < 8  # long before the client's 15 s timeout
    assert "retrying" in dialog.broker_label.text() and "min.insync.replicas=2" in dialog.broker_detail.text()
    # when the client finally gives up, its error sits next to the broker's answers that caused it
    qtbot.waitUntil(lambda: "1 record(s) failed" in dialog.error_label.text(), timeout=30_000)
    assert "NOT_ENOUGH_REPLICAS ×" in dialog.broker_label.text()
