"""The time machine rewinds the charts: a session with load and a lag change, scrubbed back — the
throughput chart and the groups' lag history end at the instant shown, with the figures the live
charts derive from the recorded images; Live shows the live series again, with nothing lost."""

from __future__ import annotations

import math
import os

from confluent_kafka import Consumer, Producer, TopicPartition
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic, Mark
from gui.models.group_models import GroupSummaries
from gui.models.lag_history import TOTAL
from gui.models.telemetry import RateTracker
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()
TOPIC, GROUP = "rewind-load", "laggards"


def test_scrubbing_back_rewinds_throughput_and_lag_then_live(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tm = window.time_machine
    window.throughput_dock.show()
    window.groups_dock.show()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=2, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    window.run_command(Mark(label="Lesson 4 · step 1 — question", category="lesson"))
    p = Producer({"bootstrap.servers": window.data.bootstrap, "acks": "all", "linger.ms": 5})

    def produce(n: int) -> None:
        for i in range(n):
            p.produce(TOPIC, value=b"v" * 1000, partition=i % 2)
        assert p.flush(15) == 0

    produce(300)
    c = Consumer({"bootstrap.servers": window.data.bootstrap, "group.id": GROUP})
    c.commit(offsets=[TopicPartition(TOPIC, 0, 50), TopicPartition(TOPIC, 1, 50)], asynchronous=False)
    c.close()

    def live_total() -> float:
        s = window.lag_history.series(GROUP)
        return float(s.series[TOTAL].view()[-1]) if s is not None and TOTAL in s.series else math.nan

    qtbot.waitUntil(lambda: live_total() == 200, timeout=15_000)
    seen_ms = window.bridge.live_image.time_ms
    qtbot.waitUntil(lambda: window.bridge.live_image.time_ms > seen_ms + 1_200, timeout=10_000)
    before_ms = window.bridge.live_image.time_ms
    window.run_command(Mark(label="Lesson 4 · step 1 — reveal", category="lesson"))
    produce(400)  # the lag grows to 600
    qtbot.waitUntil(lambda: live_total() == 600, timeout=15_000)
    live_points = window.throughput_view.brokers.times.count
    lag_points = window.lag_history.series(GROUP).times.count  # type: ignore[union-attr]
    assert tm.feeder.drain()

    tm.scrub(before_ms)  # back to when the lag was 200
    session = tm.session
    assert session is not None and window.bridge.replaying
    shown = session.image_at(before_ms)
    view = window.throughput_view
    assert view.rewound is not None
    brokers, _topics = view.rewound
    assert brokers.times.view()[-1] == shown.time_ms / 1000  # the chart ends at the instant shown
    # the same figures the live chart derives, from the recorded images up to then
    images = [img for i in range(len(session.chunks)) for t, img in zip(*session._decoded(i), strict=True)
              if t <= shown.time_ms]
    tracker, expected = RateTracker(), []
    for img in images:
        r = tracker.update(img)
        if r is not None and (not expected or r.time_s > expected[-1].time_s):
            expected.append(r)
    assert len(expected) == brokers.times.count > 1
    for bid in expected[-1].broker_in:
        assert list(brokers.series[f"in:{bid}"].view()) == [r.broker_in[bid] for r in expected]
    assert any(r.broker_in[b] > 0 for r in expected for b in r.broker_in)  # the load is in it
    lag = window.lag_history.series(GROUP)
    assert lag is not None and lag.times.view()[-1] == shown.time_ms / 1000
    summary = next(g for g in GroupSummaries().summarize(shown) if g.group_id == GROUP)
    assert float(lag.series[TOTAL].view()[-1]) == summary.total_lag == 200
    assert list(lag.series[TOTAL].view()).count(600) == 0  # nothing of the future
    assert "replay — " in view.broker_plot.item.titleLabel.text
    window.groups_view.select_group(GROUP)
    if os.environ.get("KAFKALAB_SAVE_SCREENSHOTS"):
        window.resize(1700, 1000)
        window.resizeDocks([window.throughput_dock], [760], Qt.Orientation.Horizontal)
        window.throughput_dock.raise_()
        QApplication.processEvents()
        view.redraw()
        window.grab().save(str(SHOTS / "timemachine-charts.png"))
        window.groups_dock.raise_()
        QApplication.processEvents()
        window.groups_view.chart.redraw(force=True)
        window.grab().save(str(SHOTS / "timemachine-lag.png"))

    produce(100)  # while the past is shown, the present goes on
    tm.go_live()
    assert view.rewound is None and not window.bridge.replaying
    qtbot.waitUntil(lambda: live_total() == 700, timeout=15_000)
    assert view.brokers.times.count > live_points  # the live series, with what came meanwhile
    assert window.lag_history.series(GROUP).times.count > lag_points  # type: ignore[union-attr]
    assert "replay" not in view.broker_plot.item.titleLabel.text
