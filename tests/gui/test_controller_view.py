"""Issue 9 item 7: the controller is shown as the engine runs it — one controller in the engine
process, on no broker — with its metadata log offset, broker sessions and decisions, and a tooltip on
what it does (the notes' ZooKeeper job); no broker card claims to be the controller, and a broker
restart does not move it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from engine.control.commands import CreateTopic, RestartBroker


def broker_card_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [lbl.text() for card in window.cluster_view.cards.values() for lbl in card.findChildren(QLabel)
            if lbl.isVisible()]


def test_controller_card_shows_the_real_controller(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    card = window.cluster_view.controller_card
    qtbot.waitUntil(lambda: card.isVisible() and window.image.controller is not None, timeout=10_000)  # type: ignore[union-attr]
    controller = window.image.controller  # type: ignore[union-attr]
    pid = window.session.process.pid  # type: ignore[union-attr]
    assert controller.pid == pid
    assert card.title.text() == "Controller" and card.badge.text() == "KRaft"
    assert card.where.text() == f"engine process {pid} · on no broker"
    assert card.sessions.text() == "sessions: 0 alive · 1 alive · 2 alive"
    assert not any("controller" in t.lower() for t in broker_card_texts(window))  # no per-broker badge
    tip = card.toolTip()
    for words in ("ZooKeeper", "KRaft", "heartbeat", "broker.session.timeout.ms", "leader", "metadata log",
                  f"pid {pid}"):
        assert words in tip, words

    # a decision: creating a topic is a record in the metadata log
    before = window.image.controller.metadata_offset  # type: ignore[union-attr]
    reply = window.run_command(CreateTopic(name="decided", partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.controller.metadata_offset > before, timeout=10_000)  # type: ignore[union-attr]
    offset = window.image.controller.metadata_offset  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: card.log_label.text() == f"metadata log offset {offset}", timeout=5_000)
    assert "decided" in card.last.text() or "decided" in card.toolTip()

    # kill broker 0 (the lowest id, which Metadata answers name as "controller"): the controller stays,
    # fences it, and moves leaders; restart it: the controller is still the same one
    qtbot.mouseClick(window.cluster_view.cards[0].kill_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.sessions.text() == "sessions: 0 fenced · 1 alive · 2 alive", timeout=10_000)
    assert "fenced broker 0" in card.toolTip()
    assert window.image.controller.pid == pid  # type: ignore[union-attr]
    window.cluster_view.request(RestartBroker(broker_id=0))
    qtbot.waitUntil(lambda: card.sessions.text() == "sessions: 0 alive · 1 alive · 2 alive", timeout=20_000)
    assert "registered broker 0" in card.toolTip()
    assert card.where.text() == f"engine process {pid} · on no broker"
    assert not any("controller" in t.lower() for t in broker_card_texts(window))
