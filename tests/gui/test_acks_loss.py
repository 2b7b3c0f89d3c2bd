"""Issue 9 item 6: acks=1 loss is pointed out. A slowed-down cluster, a load generator with acks=1,
the leader killed: the load generator shows acknowledged vs stored vs lost per partition, and the
event log says which offsets the truncations removed."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic, RestartBroker, SetReplicationDelay
from engine.observe.events import Truncated
from gui.models.delivery_audit import LOST

TOPIC = "lossy"


def leader_lead(window) -> int:  # type: ignore[no-untyped-def]
    """How far the leader's log is ahead of its slowest follower."""
    p = window.image.topic(TOPIC).partitions[0]
    leos = {r.broker_id: r.log_end_offset for r in p.replica_states}
    return leos[p.leader] - min(v for b, v in leos.items() if b != p.leader)


def test_acks_1_loss_is_shown(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None, timeout=10_000)  # type: ignore[union-attr]
    slow = window.run_command(SetReplicationDelay(ms=3000))  # followers copy 3 s late
    qtbot.waitUntil(slow.done, timeout=10_000)

    view = window.load_view
    view.topic.setCurrentText(TOPIC)
    view.rate.setValue(1000)
    view.acks.setCurrentIndex(view.acks.findData("1"))
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.generator.stats().acked > 500 and leader_lead(window) > 300, timeout=20_000)
    # before the crash: acknowledged records the followers do not have yet are "leader only", none lost
    # (and, once the followers caught up a little, some are stored below the high watermark)
    qtbot.waitUntil(lambda: (view.audit_model.totals().leader_only or 0) > 100
                    and (view.audit_model.totals().stored or 0) > 100, timeout=20_000)
    assert view.audit_model.totals().lost == 0

    old_leader = window.image.topic(TOPIC).partitions[0].leader  # type: ignore[union-attr]
    qtbot.mouseClick(window.cluster_view.cards[old_leader].kill_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC).partitions[0].leader not in (-1, old_leader),  # type: ignore[union-attr]
                    timeout=15_000)
    qtbot.waitUntil(lambda: (view.audit_model.totals().lost or 0) > 0, timeout=15_000)
    lost = view.audit_model.totals().lost or 0
    row = view.audit_model.rows()[0]
    assert row.acknowledged >= (row.stored or 0) + lost
    shown = view.audit_model.index(0, LOST)
    assert view.audit_model.data(shown) == f"{lost:,}"
    assert "lost" in view.audit_label.text() and "acks=1" in view.audit_label.text()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)  # stop; the loss stays on screen
    qtbot.waitUntil(lambda: not view.generator.running, timeout=10_000)
    assert (view.audit_model.totals().lost or 0) >= lost

    # the old leader comes back and truncates what nobody else has: the event log names the offsets
    fast = window.run_command(SetReplicationDelay(ms=0))
    qtbot.waitUntil(fast.done, timeout=10_000)
    window.cluster_view.request(RestartBroker(broker_id=old_leader))

    def removed() -> int:
        total = 0
        for r in window.event_model.rows():
            e = r.event
            if isinstance(e, Truncated) and e.topic == TOPIC and e.broker_id == old_leader:
                m = re.search(r"removed offsets? (\d+)(?:–(\d+))? \(([\d,]+) records?\)", r.details)
                assert m is not None, r.details
                first, last = int(m.group(1)), int(m.group(2) or m.group(1))
                assert int(m.group(3).replace(",", "")) == last - first + 1
                assert (first, last + 1) == (e.new_end_offset, e.old_end_offset)
                total += last - first + 1
        return total

    qtbot.waitUntil(lambda: removed() >= lost, timeout=30_000)
