"""Consumer groups on a live engine: consumers started from the view share a 2-partition topic
(the third sits idle), a reset is refused while the group is active and moves the lag back to the
log end once it is stopped; lag history is recorded and saved; the group can be deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from confluent_kafka import Producer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.reset_offsets import ResetOffsetsDialog
from gui.models.lag_history import TOTAL, history_path

TOPIC = "notes"
GROUP = "readers"


def group(window):  # type: ignore[no-untyped-def]
    return window.groups_view.groups.group(GROUP)


def test_three_consumers_two_partitions_then_reset(make_window, qtbot, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 2, 3))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    p = Producer({"bootstrap.servers": window.data.bootstrap, "linger.ms": 5})
    for i in range(200):
        p.produce(TOPIC, value=f"note-{i}".encode(), partition=i % 2)
    assert p.flush(10) == 0
    del p

    view = window.groups_view
    window.groups_dock.show()
    window.groups_dock.raise_()
    panel = view.fleet_panel
    panel.group.setText(GROUP)
    panel.topic.setCurrentText(TOPIC)
    panel.count.setValue(3)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)

    def settled() -> bool:
        g = group(window)
        return (g is not None and g.state == "Stable" and len(g.members) == 3
                and sorted(len(m.assignment) for m in g.members) == [0, 1, 1])

    qtbot.waitUntil(settled, timeout=40_000)
    assert view.select_group(GROUP)
    g = group(window)
    assert sorted(tp for m in g.members for tp in m.assignment) == [(TOPIC, 0), (TOPIC, 1)]
    assert len(view.diagram.idle_members()) == 1  # the diagram shows the idle one
    assert sum(1 for m in view.members.members() if not m.assignment) == 1
    assert "Stable" in view.detail.text()
    # they consume everything and commit: lag 0 on both partitions
    # (both committed: a partition whose first commit has not landed yet has no lag to sum either)
    qtbot.waitUntil(lambda: group(window) is not None and group(window).total_lag == 0
                    and [(o.partition, o.committed, o.log_end) for o in group(window).offsets]
                    == [(0, 100, 100), (1, 100, 100)], timeout=20_000)

    # a reset while the group is active is refused with Kafka's message
    dialog = view.reset_offsets()
    assert isinstance(dialog, ResetOffsetsDialog)
    dialog.set_strategy("to-earliest")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "inactive" in dialog.error_label.text(), timeout=10_000)
    assert f"Assignments can only be reset if the group '{GROUP}' is inactive" in dialog.error_label.text()
    assert not dialog.execute_button.isEnabled()
    dialog.close()

    # stop them: the group empties; then reset to earliest moves the lag back to the log end
    qtbot.mouseClick(panel.stop_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: group(window) is not None and group(window).state == "Empty", timeout=30_000)
    dialog = view.reset_offsets()
    assert isinstance(dialog, ResetOffsetsDialog)
    dialog.set_strategy("shift-by")
    dialog.shift.setValue(-30)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert [(r.partition, r.current, r.new) for r in dialog.plan] == [(0, 100, 70), (1, 100, 70)]  # type: ignore[union-attr]
    assert group(window).total_lag == 0  # a dry run changes nothing
    dialog.set_strategy("to-earliest")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.execute_button.isEnabled(), timeout=10_000)
    assert [(r.partition, r.new) for r in dialog.plan] == [(0, 0), (1, 0)]  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.execute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.executed, timeout=10_000)
    qtbot.waitUntil(lambda: group(window).total_lag == 200, timeout=10_000)
    assert [(o.committed, o.lag) for o in group(window).offsets] == [(0, 100), (0, 100)]  # lag = the LEO
    dialog.close()

    # lag history: sampled from the images, drawn, and saved with the session
    series = window.lag_history.series(GROUP)
    assert series is not None
    qtbot.waitUntil(lambda: series.times.count >= 2, timeout=5_000)
    qtbot.waitUntil(lambda: float(series.series[TOTAL].view()[-1]) == 200.0, timeout=10_000)
    qtbot.waitUntil(lambda: TOTAL in view.chart.curves and f"{TOPIC}-0" in view.chart.curves, timeout=10_000)
    window.save_lag_history()
    assert window.lag_history.key.startswith("cluster-")  # the fixture's cluster keeps its data
    saved = json.loads(history_path(tmp_path / "data", window.lag_history.key).read_text())
    assert saved["groups"][GROUP]["series"][TOTAL][-1] == 200.0

    # delete the group (confirmed)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.delete_group()
    qtbot.waitUntil(lambda: group(window) is None, timeout=10_000)
