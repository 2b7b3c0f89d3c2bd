"""The groups view shows the lag in time: a group committed at offset 4 of 10 records written a minute
apart is 6 minutes (and more) behind."""

from __future__ import annotations

import os
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic
from gui.models.group_models import GroupOffsetsModel
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean


def test_groups_view_shows_how_far_behind(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name="aged", partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    now = int(time.time() * 1000)
    p = Producer({"bootstrap.servers": window.data.bootstrap, "acks": "all"})
    for i in range(10):  # the first one 10 minutes ago, one a minute
        p.produce("aged", value=b"x", partition=0, timestamp=now - (10 - i) * 60_000)
    assert p.flush(15) == 0
    c = Consumer({"bootstrap.servers": window.data.bootstrap, "group.id": "slow-readers"})
    c.commit(offsets=[TopicPartition("aged", 0, 4)], asynchronous=False)
    c.close()

    view = window.groups_view
    model = view.offsets

    def behind() -> str:
        view.select_group("slow-readers")
        rows = [i for i in range(model.rowCount()) if model.rows()[i].topic == "aged"]
        return str(model.data(model.index(rows[0], GroupOffsetsModel.BEHIND), Qt.ItemDataRole.DisplayRole)) \
            if rows else ""
    qtbot.waitUntil(lambda: behind().startswith("6 min"), timeout=15_000)  # the record at offset 4: 6 min ago
    if os.environ.get("KAFKALAB_SAVE_SCREENSHOTS"):
        window.resize(2000, 900)  # wide enough for every column of the offsets table
        window.groups_dock.show()
        window.groups_dock.raise_()
        view.offset_table.resizeColumnsToContents()
        QApplication.processEvents()
        view.offset_table.grab().save(str(SHOTS / "groups-lag-in-time.png"))
