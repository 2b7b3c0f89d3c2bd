"""The debugging docks with a real client: the X-ray shows its exchanges (named by its software),
filters them, decodes the selected one and exports them; the fault palette injects an error the
client sees and retries; the clients view lists its connections. Screenshots in English and Korean."""

from __future__ import annotations

import json
from pathlib import Path

from confluent_kafka import Producer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic
from gui.models.xray_model import API, ERRORS
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean


def produce(bootstrap: str, n: int) -> Producer:
    p = Producer({"bootstrap.servers": bootstrap, "client.id": "gui-client", "linger.ms": 5, "log_level": 3,
                  "retry.backoff.ms": 10, "compression.type": "lz4"})  # (log_level 3: errors only)
    for i in range(n):
        p.produce("xray", key=b"k%d" % i, value=b"value %d" % i)
    assert p.flush(20) == 0
    return p


def test_xray_clients_and_faults_with_a_real_client(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(brokers=1)
    reply = window.run_command(CreateTopic(name="xray", partitions=1, replication_factor=1))
    qtbot.waitUntil(reply.done, timeout=10_000)
    docks = window.debug_docks
    xray = docks.xray_view
    assert not xray.watching  # hidden: the engine's tap stays off
    docks.show_dock(docks.xray_dock)
    qtbot.waitUntil(lambda: xray.watching, timeout=5_000)
    produce(window.session.bootstrap, 20)

    def produce_rows() -> list[int]:
        return [i for i, r in enumerate(xray.model.rows) if r.client_id == "gui-client" and r.api == "Produce"]
    qtbot.waitUntil(lambda: bool(produce_rows()), timeout=10_000)
    row = xray.model.rows[produce_rows()[0]]
    assert row.client_software.startswith("confluent-kafka-python/")

    # the decoded tree of the selected row: the lz4 batch and its records
    xray.filters["api"].setText("Produce")
    assert all(xray.model.row(xray.proxy.mapToSource(xray.proxy.index(i, 0)).row()).api == "Produce"
               for i in range(xray.proxy.rowCount()))
    xray.table.selectRow(0)
    qtbot.waitUntil(lambda: xray.tree.topLevelItemCount() == 2, timeout=5_000)
    texts: list[str] = []

    def walk(item) -> None:  # type: ignore[no-untyped-def]
        texts.append(f"{item.text(0)}={item.text(1)}")
        for i in range(item.childCount()):
            walk(item.child(i))
    for i in range(2):
        walk(xray.tree.topLevelItem(i))
    assert "compression=lz4" in texts and "key=k0" in texts

    # the fault palette: the next 2 produces answered NOT_LEADER_OR_FOLLOWER; librdkafka retries
    docks.show_dock(docks.fault_dock)
    palette = docks.fault_view
    palette.kind.setCurrentIndex(palette.kind.findData("error"))
    palette.api.setCurrentText("Produce")
    palette.error.setCurrentText("NOT_LEADER_OR_FOLLOWER")
    palette.count.setValue(2)
    qtbot.mouseClick(palette.inject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: palette.active.count() == 1, timeout=5_000)
    assert "NOT_LEADER_OR_FOLLOWER" in palette.active.item(0).text()
    live = produce(window.session.bootstrap, 5)  # (kept: its connections stay for the clients view)
    xray.filters["error"].setText("NOT_LEADER")
    qtbot.waitUntil(lambda: xray.proxy.rowCount() == 2, timeout=10_000)
    shown = xray.proxy.index(0, ERRORS).data()
    assert shown.startswith("NOT_LEADER_OR_FOLLOWER") and "[F1]" in xray.proxy.index(0, API).data()
    qtbot.waitUntil(lambda: palette.active.count() == 0, timeout=5_000)  # its count ran out

    out = tmp_path / "rows.jsonl"
    assert xray.export_to(str(out)) == 2
    assert [json.loads(line)["errors"] for line in out.read_text().splitlines()] == [["NOT_LEADER_OR_FOLLOWER"]] * 2
    xray.filters["error"].clear()
    xray.filters["api"].clear()

    # the clients view: the producer's connection, its software, its requests
    docks.show_dock(docks.clients_dock)
    clients = docks.clients_view
    qtbot.waitUntil(lambda: any(clients.model.connection(i).client_id == "gui-client"
                                for i in range(clients.model.rowCount())), timeout=10_000)
    assert not xray.watching or xray.isVisible()  # tabbed behind the clients view: no longer watching

    live.flush(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for dock, size in ((docks.xray_dock, (1300, 520)), (docks.clients_dock, (1100, 260)), (docks.fault_dock, (420, 560))):
        dock.setFloating(True)  # each at a readable size for its screenshot
        dock.resize(*size)
        docks.show_dock(dock)
    qtbot.waitUntil(lambda: xray.watching, timeout=5_000)
    xray.filters["error"].setText("NOT_LEADER")
    xray.table.selectRow(0)
    qtbot.waitUntil(lambda: xray.tree_label.text().startswith("Produce v"), timeout=5_000)
    assert "Caused by: FaultInjected" in xray.tree_label.text()  # the error row names the fault that answered it

    def shoot(lang: str) -> None:
        QApplication.processEvents()  # the layout settles before the grab
        for dock, name in ((docks.xray_dock, "xray"), (docks.clients_dock, "clients"), (docks.fault_dock, "faults")):
            assert dock.grab().save(str(SHOTS / f"{name}-{lang}.png"))
    shoot("en")
    window.set_language("ko")
    assert docks.xray_dock.windowTitle() == "프로토콜 X-레이" and docks.menu.title() == "디버그(&D)"
    assert xray.pause_button.text() == "일시 정지"
    qtbot.waitUntil(lambda: not xray.tree_label.text().endswith("…"), timeout=5_000)  # re-decoded, in Korean
    assert xray.tree.topLevelItem(0).text(0) == "요청"
    shoot("ko")
    window.set_language("en")
