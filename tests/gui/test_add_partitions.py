"""Issue 9 item 4: typing fewer partitions than the topic has is refused by Kafka (INVALID_PARTITIONS)
and the dialog shows the broker's message; nothing changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.control.commands import CreateTopic
from gui.dialogs.add_partitions import AddPartitionsDialog


def test_typing_fewer_partitions_shows_invalid_partitions(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name="five", partitions=5, replication_factor=1))
    qtbot.waitUntil(reply.done, timeout=10_000)
    view = window.topics_view
    qtbot.waitUntil(lambda: view.model.row_of("five") >= 0, timeout=10_000)
    view.table.selectRow(view.proxy.mapFromSource(view.model.index(view.model.row_of("five"), 0)).row())
    assert view.selected_topic() == "five"
    dialog = view.add_partitions()
    assert isinstance(dialog, AddPartitionsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)

    # the teacher selects the number and types 3, then clicks Add partitions
    edit = dialog.total.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "3")
    assert dialog.total.text() == "3"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "INVALID_PARTITIONS" in dialog.error_label.text(), timeout=10_000)
    assert "5" in dialog.error_label.text() and "3" in dialog.error_label.text()
    assert dialog.isVisible()  # still open: nothing happened
    assert len(window.image.topic("five").partitions) == 5  # type: ignore[union-attr]
    assert not any(r.kind == "PartitionsAdded" for r in window.event_model.rows())

    # the same number as now is refused too
    edit.selectAll()
    qtbot.keyClicks(edit, "5")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already has 5" in dialog.error_label.text(), timeout=10_000)
    assert len(window.image.topic("five").partitions) == 5  # type: ignore[union-attr]

    # a real increase still works
    edit.selectAll()
    qtbot.keyClicks(edit, "7")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.image.topic("five").partitions) == 7, timeout=10_000)  # type: ignore[union-attr]
