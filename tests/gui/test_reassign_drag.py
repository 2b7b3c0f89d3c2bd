"""Issue 17: in the app, "Add broker" starts a 4th broker (it hosts nothing); dragging a replica in
the placement grid from one broker column to the new broker's column reassigns the partition: the
new replica catches up and joins the ISR, the old one leaves. Removing a broker that hosts replicas
is refused with the reason in the status bar. Screenshots (EN and KO) with ``KAFKALAB_SHOTS=DIR``."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic


def _shots(window) -> None:  # type: ignore[no-untyped-def]
    """With KAFKALAB_SHOTS=DIR: the Cluster view in English and Korean."""
    out = os.environ.get("KAFKALAB_SHOTS")
    if not out:
        return
    Path(out).mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ko"):
        window.languages.set_language(lang)
        QApplication.processEvents()
        window.cluster_view.grab().save(str(Path(out) / f"reassign-drag-{lang}.png"))
    window.languages.set_language("en")


def test_add_broker_and_drag_a_replica_onto_it(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name="moves", partitions=1, replication_factor=2))
    qtbot.waitUntil(reply.done, timeout=10_000)
    view = window.cluster_view
    model = view.model
    qtbot.waitUntil(lambda: model.row_of("moves", 0) >= 0, timeout=10_000)

    view.membership.add_action.trigger()  # Brokers ▸ Add broker
    qtbot.waitUntil(lambda: window.image is not None and len(window.image.brokers) == 4, timeout=30_000)
    qtbot.waitUntil(lambda: 3 in model.brokers and 3 in view.cards, timeout=10_000)
    part = window.image.topic("moves").partitions[0]  # type: ignore[union-attr]
    assert 3 not in part.replicas  # a new broker gets no partitions by itself
    source = part.replicas[-1]

    row = model.row_of("moves", 0)
    start = view.grid.visualRect(model.index(row, model.broker_column(source))).center()
    end = view.grid.visualRect(model.index(row, model.broker_column(3))).center()
    assert end.x() - start.x() != 0
    qtbot.mousePress(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(end))

    def moved() -> bool:
        p = window.image.topic("moves").partitions[0]  # type: ignore[union-attr]
        return 3 in p.replicas and source not in p.replicas and 3 in p.isr
    qtbot.waitUntil(moved, timeout=30_000)
    qtbot.waitUntil(lambda: model.cell("moves", 0, source).state == 0, timeout=10_000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: [r.event.state for r in window.event_model.rows()  # the event log tells it
                             if r.event.kind == "ReassignmentChanged"] == ["started", "completed"], timeout=10_000)
    assert view.membership.button.text() == "Brokers"
    _shots(window)

    view.select_broker(3)
    view.membership.menu.aboutToShow.emit()
    assert view.membership.remove_action.text() == "Remove broker 3"
    view.membership.remove_action.trigger()  # Brokers ▸ Remove broker 3
    qtbot.waitUntil(lambda: "still hosts" in (window.last_error or ""), timeout=10_000)
    assert len(window.image.brokers) == 4  # type: ignore[union-attr]
