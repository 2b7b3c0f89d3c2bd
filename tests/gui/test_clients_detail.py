"""The clients view's detail with real clients (and scoped from the cluster view): what each connection produces to and fetches from,
its consumer group and member id, and the producer settings the wire shows (acks, idempotence,
transactional id). Screenshots of the clients dock in English and Korean."""

from __future__ import annotations

import time

from confluent_kafka import Consumer, Producer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic
from gui.models.xray_model import C_FETCHES, C_GROUP, C_PRODUCER, C_PRODUCES
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean
QUIET = {"log_level": 3, "linger.ms": 5}


def test_clients_view_shows_topics_groups_and_producer_settings(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(brokers=1)
    for name in ("orders", "audit"):
        reply = window.run_command(CreateTopic(name=name, partitions=2, replication_factor=1))
        qtbot.waitUntil(reply.done, timeout=10_000)
    docks = window.debug_docks
    clients = docks.clients_view
    docks.clients_dock.setFloating(True)
    docks.clients_dock.resize(1500, 300)
    docks.show_dock(docks.clients_dock)
    qtbot.waitUntil(lambda: clients.watching, timeout=5_000)
    bootstrap = window.session.bootstrap

    idem = Producer({"bootstrap.servers": bootstrap, "client.id": "idem-producer", "enable.idempotence": True, **QUIET})
    plain = Producer({"bootstrap.servers": bootstrap, "client.id": "plain-producer", "acks": 1, **QUIET})
    txn = Producer({"bootstrap.servers": bootstrap, "client.id": "txn-producer", "transactional.id": "tx-1", **QUIET})
    txn.init_transactions(10)
    txn.begin_transaction()
    txn.produce("audit", b"t")
    txn.commit_transaction(10)
    for i in range(4):
        idem.produce("orders", b"o%d" % i, partition=i % 2)
        plain.produce("audit", b"a%d" % i)
    assert idem.flush(10) == 0 and plain.flush(10) == 0
    consumer = Consumer({"bootstrap.servers": bootstrap, "client.id": "order-reader", "group.id": "billing",
                         "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "log_level": 3})
    consumer.subscribe(["orders"])
    try:
        got = 0
        deadline = time.monotonic() + 20
        while got < 4 and time.monotonic() < deadline:  # a condition with a deadline: the 4 records read
            m = consumer.poll(0.2)
            got += m is not None and m.error() is None
        assert got == 4

        def cell(client: str, col: int) -> str:
            texts = {clients.model.index(i, col).data() for i in range(clients.model.rowCount())
                     if clients.model.connection(i).client_id == client}
            return " | ".join(sorted(t for t in texts if t))

        def shown() -> bool:
            consumer.poll(0)  # (its heartbeats go on)
            return (cell("idem-producer", C_PRODUCES) == "orders" and cell("order-reader", C_FETCHES) == "orders"
                    and cell("order-reader", C_GROUP).startswith("billing (")
                    and "transactional (tx-1)" in cell("txn-producer", C_PRODUCER))
        qtbot.waitUntil(shown, timeout=15_000)
        assert cell("idem-producer", C_PRODUCER) == "acks=all, idempotent"  # (librdkafka: idempotence forces acks=all)
        assert cell("plain-producer", C_PRODUCER) == "acks=1" and cell("plain-producer", C_PRODUCES) == "audit"
        assert cell("txn-producer", C_PRODUCES) == "audit"
        member = next(clients.model.connection(i) for i in range(clients.model.rowCount())
                      if clients.model.connection(i).client_id == "order-reader" and clients.model.connection(i).member_id)
        assert member.group_id == "billing" and member.member_id.startswith("order-reader-")
        # its fetch connection never speaks to the coordinator: matched to the member by client id and host
        fetcher = next(clients.model.connection(i) for i in range(clients.model.rowCount())
                       if clients.model.connection(i).fetches == ("orders",)
                       and clients.model.connection(i).client_id == "order-reader")
        assert (fetcher.group_id, fetcher.member_id) == ("billing", member.member_id)

        def shoot(lang: str) -> None:
            QApplication.processEvents()
            assert docks.clients_dock.grab().save(str(SHOTS / f"clients-detail-{lang}.png"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        shoot("en")
        window.set_language("ko")
        assert clients.model.headerData(C_PRODUCES, Qt.Orientation.Horizontal) \
            == "프로듀스 대상"
        qtbot.waitUntil(lambda: "트랜잭션" in cell("txn-producer", C_PRODUCER)
                        and not clients.note.text().isascii(), timeout=5_000)  # (the next poll's note, in Korean)
        shoot("ko")
        window.set_language("en")

        # cluster view → clients: a partition row of the placement grid, then a broker card
        grid = window.cluster_view.grid
        index = window.cluster_view.model.index(window.cluster_view.model.row_of("audit", 0), 1)
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(index).center())

        def ids() -> set[str]:
            return {clients.model.connection(i).client_id for i in range(clients.model.rowCount())}
        scoped = ids()  # the ones producing to audit (and the app's own readers fetching it)
        assert {"plain-producer", "txn-producer"} <= scoped and not {"idem-producer", "order-reader"} & scoped
        assert clients.scope_label.text() == "Clients producing to or fetching from audit-0 on its leader, broker 0"
        QApplication.processEvents()
        assert docks.clients_dock.grab().save(str(SHOTS / "clients-scope-en.png"))
        qtbot.mouseClick(clients.all_button, Qt.MouseButton.LeftButton)
        assert {"idem-producer", "order-reader", "plain-producer"} <= ids() and clients.all_button.isHidden()
        qtbot.mouseClick(window.cluster_view.cards[0], Qt.MouseButton.LeftButton)
        assert clients.scope_label.text() == "Clients of broker 0" and "order-reader" in ids()
    finally:
        consumer.close()
