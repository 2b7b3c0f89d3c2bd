"""The real main window attached to a cluster it does not run: a second ``kafkalab serve`` process.

Its topics, placement and groups show as the embedded engine's would; a broker killed from outside
(the serve process's own ``kill 1`` command) moves the leaders in the views; what only the embedded
engine can do is disabled with its reason; a read-only connection disables every change; and the
window switches back to the embedded lab without a restart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from PySide6.QtWidgets import QMessageBox

from clients.admin import ClusterAdmin
from gui.external_session import AttachTarget
from gui.main_window import MainWindow
from tests.conftest import ServeProcess
from tests.gui import attach_fixtures

FAST = "broker.session.timeout.ms=1500,broker.heartbeat.interval.ms=200,replica.lag.time.max.ms=3000"
TOPIC, GROUP = "orders", "billing"

attach_window_factory = attach_fixtures.attach_window_factory  # the fixture, for this module


def seed(bootstrap: str) -> None:
    """A 6-partition RF3 topic with records and a group that committed offsets on it (and a scratch topic)."""
    ClusterAdmin(bootstrap).create_topic(TOPIC, 6, 3)
    ClusterAdmin(bootstrap).create_topic("scratch", 1, 1)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(60):
        p.produce(TOPIC, value=f"order-{i}".encode(), partition=i % 6)
    assert p.flush(10) == 0
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP, "enable.auto.commit": False})
    c.commit(offsets=[TopicPartition(TOPIC, i, 4) for i in range(6)], asynchronous=False)
    c.close()


def leaders(window: MainWindow) -> dict[int, int]:
    t = window.image.topic(TOPIC) if window.image is not None else None
    return {p.partition: p.leader for p in t.partitions} if t is not None else {}


def test_attached_window_follows_an_external_serve_process(
        attach_window_factory, qtbot, serve_factory: Callable[[list[str]], ServeProcess],
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp", "--log-level", "WARNING", "--config", FAST])
    seed(sp.bootstrap)
    window = attach_window_factory()
    window.attach.attach(AttachTarget(sp.bootstrap, interval_s=0.5))
    assert window.session.embedded.state == "idle"  # the embedded lab was never started
    qtbot.waitUntil(lambda: len(leaders(window)) == 6 and window.groups_view.groups.group(GROUP) is not None,
                    timeout=20_000)

    # the views show the external cluster's data, fed through the same path as the engine's
    assert window.topics_view.model.row_of(TOPIC) >= 0
    topic_row = window.topics_view.model.rows()[window.topics_view.model.row_of(TOPIC)]
    assert topic_row.partitions == 6 and topic_row.records == 60
    grid = window.cluster_view.model
    assert grid.row_of(TOPIC, 5) >= 0 and grid.brokers == [0, 1, 2]
    group = window.groups_view.groups.group(GROUP)
    assert group is not None and group.total_lag == 6 * (10 - 4)
    assert sorted(window.cluster_view.cards) == [0, 1, 2]
    assert window.attach.badge.text().startswith("●") and sp.bootstrap in window.attach.badge.text()
    assert sp.bootstrap in window.windowTitle()

    # what only the embedded engine does is disabled, with its reason
    card = window.cluster_view.cards[1]
    assert not card.kill_button.isEnabled() and "not Kafka Lab's" in card.kill_button.toolTip()
    window.cluster_view.select_broker(1)
    assert not window.menus.kill_action.isEnabled() and not window.menus.pause_action.isEnabled()
    assert not window.cluster_view.slow_motion.isEnabled()
    assert not window.load_view.isEnabled() and window.attach.notes["load_view"].isVisible()
    assert window.attach.notes["event_view"].text()
    # the writes the Kafka protocol allows stay enabled (not read-only) and go to the external cluster
    assert window.topics_view.select_topic(TOPIC)
    assert window.topics_view.delete_button.isEnabled() and window.menus.new_topic_action.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert window.topics_view.select_topic("scratch")
    window.topics_view.delete_button.click()
    qtbot.waitUntil(lambda: window.image.topic("scratch") is None, timeout=15_000)
    assert "scratch" not in ClusterAdmin(sp.bootstrap).topic_names()

    # kill broker 1 from outside, in the serve process: the views follow
    led_by_1 = [p for p, leader in leaders(window).items() if leader == 1]
    assert led_by_1, leaders(window)
    assert "broker 1" in sp.command("kill 1")
    qtbot.waitUntil(lambda: leaders(window) and all(leader not in (1, -1) for leader in leaders(window).values()),
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.image.broker(1) is not None and window.image.broker(1).state == "dead",
                    timeout=20_000)
    assert window.cluster_view.cards[1].display_state == "dead"
    assert window.cluster_view.model.cell(TOPIC, led_by_1[0], 1) is not None

    # a read-only connection disables every change, with the reason
    window.attach.attach(AttachTarget(sp.bootstrap, name="production", read_only=True, interval_s=0.5))
    # … once the window shows that connection's image (its rows are built off the GUI thread first)
    qtbot.waitUntil(lambda: window.session.state == "running" and window.image is window.bridge.image
                    and len(leaders(window)) == 6, timeout=20_000)
    assert window.topics_view.select_topic(TOPIC)
    delete = window.topics_view.delete_button
    assert not delete.isEnabled() and delete.toolTip().startswith("Read-only")
    assert not window.menus.new_topic_action.isEnabled() and not window.menus.produce_action.isEnabled()
    assert window.groups_view.select_group(GROUP)
    assert not window.groups_view.delete_button.isEnabled() and not window.groups_view.reset_button.isEnabled()
    assert "production" in window.attach.badge.text() and "read-only" in window.attach.badge.text()

    # back to the embedded lab without a restart: its own engine, everything enabled again
    window.attach.use_embedded()
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic(TOPIC) is None
                    and len(window.cluster_view.cards) == 1 and window.session.state == "running", timeout=30_000)
    assert window.attach.badge.text() == "Embedded lab" and window.windowTitle() == "Kafka Lab"
    assert window.load_view.isEnabled() and window.cluster_view.slow_motion.isEnabled()
    qtbot.waitUntil(lambda: window.cluster_view.cards[0].kill_button.isEnabled(), timeout=10_000)
