"""Topics through the dialogs on a live engine: create (and refusals shown inline), configs, add
partitions, delete — every operation through the Kafka protocol (AdminClient)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.dialogs.add_partitions import AddPartitionsDialog
from gui.dialogs.create_topic import CreateTopicDialog
from gui.dialogs.topic_configs import VALUE, TopicConfigsDialog
from gui.models.topics_model import RECORDS


def topic_names(window) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.name for t in window.image.topics} if window.image is not None else set()


def test_create_alter_delete_topic_through_dialogs(make_window, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = window.topics_view
    before = topic_names(window)

    # a bad name: the broker's refusal (error name + message) inline, nothing created
    dialog = view.create_topic()
    assert isinstance(dialog, CreateTopicDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "bad name!")
    assert "illegal" in dialog.hint_label.text()  # Kafka's rule, checked as you type
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "INVALID_TOPIC_EXCEPTION" in dialog.error_label.text(), timeout=10_000)
    assert "is illegal" in dialog.error_label.text() and dialog.isVisible()

    # RF 4 on 3 brokers: INVALID_REPLICATION_FACTOR inline, nothing created
    dialog.name.setText("payments")
    dialog.replication.setValue(4)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "INVALID_REPLICATION_FACTOR" in dialog.error_label.text(), timeout=10_000)
    assert "larger than available brokers: 3" in dialog.error_label.text()
    assert topic_names(window) == before

    # a good one with config overrides
    dialog.replication.setValue(3)
    dialog.partitions.setValue(2)
    dialog.retention_ms.setText("3600000")
    dialog.cleanup.setCurrentIndex(dialog.cleanup.findData("delete"))
    qtbot.waitUntil(lambda: "accept" in dialog.hint_label.text(), timeout=10_000)  # validate_only said yes
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "payments" in topic_names(window), timeout=10_000)
    qtbot.waitUntil(lambda: view.last_dialog is None, timeout=10_000)  # accepted and closed (the reply may trail the image)
    qtbot.waitUntil(lambda: view.selected_topic() == "payments", timeout=5_000)
    row = view.model.rows()[view.model.row_of("payments")]
    assert (row.partitions, row.replication_factor, row.records) == (2, 3, 0)
    assert view.model.index(view.model.row_of("payments"), RECORDS).data() == "0"

    # configs: DescribeConfigs shows defaults vs the override; IncrementalAlterConfigs changes one
    configs = view.edit_configs()
    assert isinstance(configs, TopicConfigsDialog)
    qtbot.waitUntil(lambda: configs.model.rowCount() > 10, timeout=10_000)
    retention = configs.model.row("retention.ms")
    segment = configs.model.row("segment.bytes")
    assert retention is not None and retention.is_override and retention.value == "3600000"
    assert segment is not None and not segment.is_override and segment.source == "DEFAULT_CONFIG"
    configs.set_value("retention.ms", "not-a-number")
    qtbot.mouseClick(configs.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "INVALID_CONFIG" in configs.error_label.text(), timeout=10_000)
    configs.set_value("retention.ms", "7200000")
    configs.set_value("segment.bytes", "1048576")
    i = configs.model.rows.index(configs.model.row("segment.bytes"))  # type: ignore[arg-type]
    assert configs.model.data(configs.model.index(i, VALUE)) == "1048576"
    qtbot.mouseClick(configs.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: configs.applied == 1 and configs.model.row("segment.bytes") is not None
                    and configs.model.row("segment.bytes").is_override, timeout=10_000)  # type: ignore[union-attr]
    assert configs.model.row("retention.ms").value == "7200000"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.image.topic("payments").configs.get("segment.bytes") == "1048576",  # type: ignore[union-attr]
                    timeout=10_000)
    # reset an override back to the default (DELETE)
    configs.table.selectRow(configs.model.rows.index(configs.model.row("retention.ms")))  # type: ignore[arg-type]
    configs.reset_button.click()
    qtbot.mouseClick(configs.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: configs.applied == 2 and not configs.model.row("retention.ms").is_override,  # type: ignore[union-attr]
                    timeout=10_000)
    configs.close()

    # add partitions: a warning about keys moving (a decrease is Kafka's to refuse: test_add_partitions)
    grow = view.add_partitions()
    assert isinstance(grow, AddPartitionsDialog)
    assert grow.total.value() == 3 and "murmur2" in grow.warning.text()
    grow.total.setValue(1)
    assert "cannot remove" in grow.examples.text()
    grow.total.setValue(4)
    assert "→" in grow.examples.text()
    qtbot.mouseClick(grow.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.image.topic("payments").partitions) == 4, timeout=10_000)  # type: ignore[union-attr]

    # delete with confirmation: "Cancel" keeps it, "Yes" deletes it
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    view.delete_selected()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert view.selected_topic() == "payments"
    view.delete_selected()
    qtbot.waitUntil(lambda: "payments" not in topic_names(window), timeout=10_000)
    assert topic_names(window) == before


def test_filter_and_internal_toggle(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for name in ("orders", "order-audit", "clicks"):
        window.data.admin(lambda a, n=name: a.create_topic(n, 1, 1))
    view = window.topics_view
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 3, timeout=10_000)
    view.filter_box.setText("ORDER")
    assert view.proxy.rowCount() == 2
    view.filter_box.setText("")
    view.internal_box.setChecked(True)
    qtbot.waitUntil(lambda: view.proxy.rowCount() >= 3, timeout=5_000)  # __consumer_offsets exists once used
    assert "topics" in view.count_label.text()


def test_data_docks_shortcuts_menu_language_and_layout(make_window, qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    docks = [window.topics_dock, window.partition_dock, window.browser_dock, window.groups_dock]
    toggles = {a.text() for a in window.menus.view_menu.actions()}
    assert {"Topics", "Partition log", "Messages", "Consumer groups"} <= toggles
    for action, key, dock in zip(window.menus.focus_actions[4:], ("Ctrl+5", "Ctrl+6", "Ctrl+7", "Ctrl+8"), docks,
                                 strict=True):
        assert action.shortcut().toString() == key
        action.trigger()
        assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    window.set_language("ko")
    assert window.groups_dock.windowTitle() == "컨슈머 그룹"
    assert window.browser_view.model.headerData(0, Qt.Orientation.Horizontal) == "오프셋"
    assert window.topics_view.model.headerData(3, Qt.Orientation.Horizontal) == "복제 부족"
    window.set_language("en")
    # the layout is remembered: a closed dock stays closed in the next window
    window.partition_dock.close()
    window.close()
    again = make_window(start=False)
    assert not again.partition_dock.isVisible() and again.groups_dock.isVisible()
