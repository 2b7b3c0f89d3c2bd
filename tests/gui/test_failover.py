"""Acceptance: kill the leader through the GUI, watch the grid and the event log follow; restart it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic
from engine.observe.events import IsrExpanded, LeaderElected, TopicCreated
from gui.models.event_model import EventLogModel
from gui.models.placement_model import ReplicaState
from tests.gui.conftest import running_brokers

TOPIC = "failover"


def leader_elected_rows(model: EventLogModel, old_leader: int) -> list[LeaderElected]:
    return [r.event for r in model.rows() if isinstance(r.event, LeaderElected) and r.event.topic == TOPIC
            and r.event.old_leader == old_leader]


def test_kill_leader_then_restart(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    grid = window.cluster_view.model
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=3, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    assert reply.reply is not None and reply.reply.ok, reply.reply

    def fully_replicated() -> bool:
        rows = [grid.partition_at(grid.row_of(TOPIC, p)) for p in range(3)]
        return all(r is not None and len(r.isr) == 3 and r.leader >= 0 for r in rows)

    qtbot.waitUntil(fully_replicated, timeout=15_000)
    row = grid.row_of(TOPIC, 0)
    part = grid.partition_at(row)
    assert part is not None
    leader = part.leader
    leader_cell = grid.index(row, grid.broker_column(leader))
    assert grid.data(leader_cell, Qt.ItemDataRole.DisplayRole).startswith("leader")

    # Kill the leader with its card's Kill button (a real click on the real widget)
    card = window.cluster_view.cards[leader]
    qtbot.mouseClick(card.kill_button, Qt.MouseButton.LeftButton)

    def failed_over() -> bool:
        p = grid.partition_at(grid.row_of(TOPIC, 0))
        cell = grid.cell(TOPIC, 0, leader)
        return (p is not None and p.leader not in (leader, -1) and cell is not None
                and cell.state in (ReplicaState.OFFLINE, ReplicaState.OUT_OF_SYNC)
                and bool(leader_elected_rows(window.event_model, leader)))

    qtbot.waitUntil(failed_over, timeout=10_000)
    new = grid.partition_at(grid.row_of(TOPIC, 0))
    assert new is not None and leader not in new.isr
    assert grid.cell(TOPIC, 0, new.leader).state == ReplicaState.LEADER  # type: ignore[union-attr]
    assert all(grid.cell(TOPIC, p, leader).state == ReplicaState.OFFLINE for p in range(3))  # type: ignore[union-attr]
    elected = leader_elected_rows(window.event_model, leader)[0]
    assert elected.new_leader == new.leader and elected.leader_epoch >= 1
    # the widgets say so too: the card is dead, its Kill button disabled, health degraded
    qtbot.waitUntil(lambda: card.display_state == "dead", timeout=5_000)
    assert not card.kill_button.isEnabled() and card.restart_button.isEnabled()
    assert window.health_label.text().startswith("2/3")
    assert grid.flash_level((TOPIC, 0)) > 0  # the failover row is flashing

    # Restart it through the Broker menu action on the selected broker
    window.cluster_view.select_broker(leader)
    assert window.menus.restart_broker_action.isEnabled()
    window.menus.restart_broker_action.trigger()

    def back_in_sync() -> bool:
        cells = [grid.cell(TOPIC, p, leader) for p in range(3)]
        return all(c is not None and c.state in (ReplicaState.IN_SYNC, ReplicaState.LEADER) for c in cells) and all(
            len(grid.partition_at(grid.row_of(TOPIC, p)).isr) == 3 for p in range(3))  # type: ignore[union-attr]

    qtbot.waitUntil(back_in_sync, timeout=30_000)
    assert running_brokers(window) == 3
    assert any(isinstance(r.event, IsrExpanded) and r.event.topic == TOPIC for r in window.event_model.rows())
    qtbot.waitUntil(lambda: card.display_state == "running", timeout=5_000)
    assert window.health_label.text().startswith("3/3")


def test_event_log_filter(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name="filtered", partitions=2, replication_factor=2))
    qtbot.waitUntil(reply.done, timeout=10_000)
    assert reply.reply is not None and reply.reply.ok
    # the bridge delivers events before the reply that followed them
    assert any(isinstance(r.event, TopicCreated) and r.event.topic == "filtered" for r in window.event_model.rows())
    view = window.event_view
    view.filter_box.setText("TopicCreated")
    assert view.proxy.rowCount() == 1
    view.filter_box.setText("filtered-1")
    assert view.proxy.rowCount() >= 1
    view.filter_box.clear()
    assert view.proxy.rowCount() == window.event_model.rowCount()

    # a refused command surfaces the Kafka error name in the status bar
    bad = window.run_command(CreateTopic(name="filtered", partitions=1, replication_factor=1))
    qtbot.waitUntil(bad.done, timeout=10_000)
    assert bad.reply is not None and not bad.reply.ok and bad.reply.code == "TOPIC_ALREADY_EXISTS"
    assert "TOPIC_ALREADY_EXISTS" in window.statusBar().currentMessage()


def test_pause_and_resume_with_the_broker_menu(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.menus.kill_action.shortcut().toString() == "K" and window.menus.pause_action.shortcut().toString() == "P"
    window.cluster_view.select_broker(1)
    card = window.cluster_view.cards[1]
    window.menus.pause_action.trigger()
    qtbot.waitUntil(lambda: card.display_state == "paused", timeout=10_000)
    assert card.pause_button.text() == "Resume" and window.menus.pause_action.text() == "Resume broker"
    assert any(r.kind == "BrokerPaused" for r in window.event_model.rows())
    window.menus.pause_action.trigger()
    qtbot.waitUntil(lambda: card.display_state == "running", timeout=10_000)
    assert card.pause_button.text() == "Pause"
