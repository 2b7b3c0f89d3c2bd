"""Issue 9 item 10: the event log stays readable during a consumer-group demo — events about
internal topics follow the "Show internal topics" toggle, a group's frequent offset commits coalesce
into one row with a count, and rebalance details are words, not Python dict text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic
from engine.observe import EngineEvent
from engine.observe.events import OffsetsCommitted, RebalanceCompleted
from gui.models.event_model import COMMITS, GROUP_CHANGES, PARTITION
from gui.models.event_text import event_group, event_topic

GROUP = "readers"


def test_event_log_is_readable(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    received: list[EngineEvent] = []
    window.bridge.eventsArrived.connect(received.extend)
    reply = window.run_command(CreateTopic(name="events", partitions=2, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    load = window.load_view
    load.topic.setCurrentText("events")
    load.rate.setValue(200)
    qtbot.mouseClick(load.start_button, Qt.MouseButton.LeftButton)
    assert window.groups_view.fleet_panel.start(count=2, group=GROUP, topic="events", max_rate=0)

    def commits_received() -> int:
        return sum(1 for e in received if isinstance(e, OffsetsCommitted) and e.group_id == GROUP)

    qtbot.waitUntil(lambda: commits_received() >= 12, timeout=30_000)
    model = window.event_model
    rows = model.rows()
    commit_rows = [i for i, r in enumerate(rows) if r.kind == COMMITS and event_group(r.event) == GROUP]
    # one row per group (until its membership changes), with the number of commits it stands for
    assert sum(rows[i].count for i in commit_rows) == commits_received()
    assert len(commit_rows) < commits_received() / 3
    for a, b in zip(commit_rows, commit_rows[1:], strict=False):
        between = rows[a + 1:b]
        assert any(r.kind in GROUP_CHANGES and event_group(r.event) == GROUP for r in between)
    last = rows[commit_rows[-1]]
    assert model.data(model.index(commit_rows[-1], 1)) == f"{COMMITS} ×{last.count:,}"
    assert f"group {GROUP}: {last.count:,} offset commit(s) by " in last.details

    # rebalances in words: who got which partitions
    done = [r for r in rows if isinstance(r.event, RebalanceCompleted) and r.event.group_id == GROUP]
    assert done
    for r in rows:
        if event_group(r.event) == GROUP:
            assert "{" not in r.details and "':" not in r.details and "[(" not in r.details, r.details
    assert any("←" in r.details and "events-0" in r.details for r in done)

    # internal topics: __consumer_offsets exists now; a broker kill moves its leaders
    qtbot.mouseClick(window.cluster_view.cards[1].kill_button, Qt.MouseButton.LeftButton)

    def internal_rows() -> list[int]:
        return [i for i, r in enumerate(model.rows()) if str(event_topic(r.event)).startswith("__")]

    qtbot.waitUntil(lambda: len(internal_rows()) > 5, timeout=15_000)
    view = window.event_view
    assert not window.cluster_view.internal_box.isChecked()
    shown = [view.proxy.index(i, PARTITION).data() for i in range(view.proxy.rowCount())]
    assert shown and not any(str(s).startswith("__consumer_offsets") for s in shown if s)
    assert any(str(s).startswith("events-") for s in shown if s)  # the topic's own failover is there
    window.cluster_view.internal_box.setChecked(True)
    shown = [view.proxy.index(i, PARTITION).data() for i in range(view.proxy.rowCount())]
    assert sum(1 for s in shown if str(s).startswith("__consumer_offsets")) >= len(internal_rows())
    window.cluster_view.internal_box.setChecked(False)
    qtbot.mouseClick(load.start_button, Qt.MouseButton.LeftButton)
    window.groups_view.fleet_panel.stop_all()
