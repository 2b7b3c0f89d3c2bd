"""Screenshots of the data views (called by :mod:`gui.screenshots` on its live, loaded window):
topics, partition log (after retention deleted segments), message browser, consumer groups (three
consumers on two partitions, a lag history) and the dialogs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QWidget

from clients.producers import OutRecord, RecordSender
from gui.tasks import Job

Wait = Callable[[Callable[[], object], float, str], None]
Save = Callable[[QWidget, Path], None]
Settle = Callable[[float], None]


def _admin(window: Any, wait: Wait, fn: Callable[[Any], Any], what: str) -> Any:
    job: Job = window.data.admin(fn)
    wait(lambda: job.finished, 30, what)
    if job.error is not None and "ALREADY_EXISTS" not in str(job.error):
        raise SystemExit(f"screenshots: {what} failed: {job.error}")
    return job.result


def _seed(bootstrap: str) -> None:
    sender = RecordSender(bootstrap)
    users = ["ana", "bo", "chen", "dara", "eli", "fay"]
    actions = ["login", "view", "add_to_cart", "checkout", "logout"]
    recs = []
    for i in range(240):
        user = users[i % len(users)]
        value = {"event": actions[i % len(actions)], "user": user, "amount": round((i * 7.31) % 120, 2),
                 "items": [{"sku": f"SKU-{i % 13:03d}", "qty": 1 + i % 3}], "seq": i}
        recs.append(OutRecord(f"user-{user}".encode(), json.dumps(value).encode(),
                              (("source", b"web"), ("trace", f"{i:08x}".encode()))))
    sender.send("events", recs, "all")
    for chunk in range(0, 700, 20):  # small batches: a segment rolls only between batches
        sender.send("retained", [OutRecord(None, (f"reading {i} " + "·" * 80).encode())
                                 for i in range(chunk, chunk + 20)], "1")
    sender.close()


def _dock_shot(window: Any, dock: QDockWidget, path: Path, save: Save, settle: Settle, height: int = 560) -> None:
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
    settle(0.6)
    save(dock, path)


def _dialog_shot(dialog: QDialog, path: Path, save: Save, settle: Settle) -> None:
    dialog.show()
    settle(0.4)
    save(dialog, path)


def data_view_shots(window: Any, themes: Any, languages: Any, out: Path, wait: Wait, save: Save,
                    settle: Settle) -> None:
    bootstrap = window.data.bootstrap
    assert bootstrap is not None
    _admin(window, wait, lambda a: a.create_topic("events", 3, 3, {"retention.ms": "86400000"}), "topic events")
    _admin(window, wait, lambda a: a.create_topic("retained", 1, 3, {"segment.bytes": "8192"}), "topic retained")
    _admin(window, wait, lambda a: a.create_topic("notes", 2, 3), "topic notes")
    wait(lambda: window.image.topic("notes") is not None and window.image.topic("retained") is not None, 30,
         "new topics in the image")
    _seed(bootstrap)

    # groups: 3 consumers on a 2-partition topic (one idle), slower than the producer (lag grows)
    view = window.load_view
    view.stop()
    wait(lambda: not view.generator.running, 15, "the load generator to stop")
    view.topic.setCurrentText("notes")
    view.rate.setValue(300)
    view.keys.setCurrentIndex(2)
    view.start()
    panel = window.groups_view.fleet_panel
    panel.group.setText("readers")
    panel.topic.setCurrentText("notes")
    panel.start(3, "readers", "notes", 90)
    _admin(window, wait, lambda a: a.alter_group_offsets("auditors", {("retained", 0): 420}), "auditors offsets")
    _admin(window, wait, lambda a: a.alter_group_offsets("billing", {("events", 0): 10, ("events", 1): 30,
                                                                      ("events", 2): 5}), "billing offsets")

    def settled() -> bool:
        g = window.groups_view.groups.group("readers")
        return g is not None and g.state == "Stable" and len(g.members) == 3 and any(
            not m.assignment for m in g.members)

    wait(settled, 60, "three consumers, one idle")
    deadline = time.monotonic() + 14
    while time.monotonic() < deadline:  # lag history builds up
        settle(0.5)

    # partition log: retention deletes the oldest segments, the log start moves
    _admin(window, wait, lambda a: a.alter_topic_configs("retained", {"retention.bytes": "32768"}), "retention")
    wait(lambda: window.image.topic("retained").configs.get("retention.bytes") == "32768", 20, "retention config")
    window.show_partition_log("retained", 0)
    settle(0.5)
    window.partition_view.run_retention()
    wait(lambda: window.partition_view.strip.state is not None and window.partition_view.strip.state.log_start > 0,
         30, "retention to delete segments")
    settle(1.0)

    # message browser: JSON records, one selected, pretty JSON
    bv = window.browser_view
    window.browse_topic("events", 1)
    wait(lambda: bv.model.rowCount() > 0, 20, "the browser to open")
    bv.mode.setCurrentIndex(bv.mode.findData("json"))
    bv.jump_to_offset(12)
    wait(lambda: bv.current_record() is not None, 20, "the record at offset 12")

    tv = window.topics_view
    tv.select_topic("events")
    gv = window.groups_view
    gv.select_group("readers")
    settle(1.0)

    for theme in ("light", "dark"):
        themes.apply(theme)
        settle(0.3)
        _dock_shot(window, window.topics_dock, out / f"topics-view-{theme}.png", save, settle, 420)
        _dock_shot(window, window.partition_dock, out / f"partition-log-{theme}.png", save, settle, 600)
        _dock_shot(window, window.browser_dock, out / f"message-browser-{theme}.png", save, settle, 600)
        gv.select_group("readers")
        _dock_shot(window, window.groups_dock, out / f"consumer-groups-{theme}.png", save, settle, 640)
    themes.apply("light")
    languages.set_language("ko")
    settle(0.4)
    _dock_shot(window, window.groups_dock, out / "consumer-groups-ko.png", save, settle, 640)
    _dock_shot(window, window.browser_dock, out / "message-browser-ko.png", save, settle, 600)
    _dock_shot(window, window.partition_dock, out / "partition-log-ko.png", save, settle, 600)
    _dock_shot(window, window.topics_dock, out / "topics-view-ko.png", save, settle, 420)
    languages.set_language("en")
    settle(0.3)
    window.groups_dock.raise_()
    settle(0.5)
    save(window, out / "main-data-views-light-en.png")

    _dialogs(window, out, wait, save, settle)
    panel.stop_all()
    view.stop()


def _dialogs(window: Any, out: Path, wait: Wait, save: Save, settle: Settle) -> None:
    tv = window.topics_view
    create = tv.create_topic()
    create.name.setText("invoices")
    create.partitions.setValue(6)
    create.replication.setValue(4)
    create.retention_ms.setText("3600000")
    create.submit()
    wait(lambda: "INVALID_REPLICATION_FACTOR" in create.error_label.text(), 20, "the create error")
    _dialog_shot(create, out / "dialog-create-topic.png", save, settle)
    create.reject()

    tv.select_topic("events")
    configs = tv.edit_configs()
    wait(lambda: configs.model.rowCount() > 10, 20, "configs")
    configs.set_value("segment.bytes", "1048576")
    configs.resize(700, 620)
    _dialog_shot(configs, out / "dialog-topic-configs.png", save, settle)
    configs.reject()

    grow = tv.add_partitions()
    grow.total.setValue(5)
    _dialog_shot(grow, out / "dialog-add-partitions.png", save, settle)
    grow.total.setValue(2)  # fewer than now: Kafka's own refusal
    grow.submit()
    wait(lambda: "INVALID_PARTITIONS" in grow.error_label.text(), 20, "the add-partitions refusal")
    _dialog_shot(grow, out / "dialog-add-partitions-refused.png", save, settle)
    grow.reject()

    settings = window.open_settings()
    _dialog_shot(settings, out / "dialog-settings.png", save, settle)
    settings.reject()

    produce = window.produce("events")
    produce.key.setText("user-ana")
    produce.value_format.setCurrentIndex(produce.value_format.findData("json"))
    produce.value.setPlainText('{"event": "login", "user": "ana"}')
    produce.headers.setPlainText("source=lab")
    produce.send()
    wait(lambda: bool(produce.last_deliveries), 20, "the produced record")
    _dialog_shot(produce, out / "dialog-produce.png", save, settle)
    produce.close()

    gv = window.groups_view
    gv.select_group("billing")
    settle(0.3)
    reset = gv.reset_offsets()
    reset.set_strategy("to-datetime")
    reset.datetime.setDateTime(QDateTime.currentDateTime().addSecs(-30))
    reset.preview()
    wait(lambda: reset.plan is not None or bool(reset.error_label.text()), 20, "the reset preview")
    _dialog_shot(reset, out / "dialog-reset-offsets.png", save, settle)
    reset.reject()
    QApplication.processEvents()
