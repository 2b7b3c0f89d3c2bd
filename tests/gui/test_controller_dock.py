"""Issue 12: the controller view — which node is the active controller, the metadata log as a readable
list (topic created, leader elected, ISR changed, broker fenced and registered, each with its KRaft
record), the broker sessions with their heartbeats, and the notes' ZooKeeper job explained."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from engine.control.commands import CreateTopic, RestartBroker


def log_lines(view) -> list[str]:  # type: ignore[no-untyped-def]
    m = view.log_model
    return [f"{m.data(m.index(i, 1))} | {m.data(m.index(i, 2))}" for i in range(m.rowCount())]


def sessions(view) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    m = view.sessions_model
    return {m.data(m.index(i, 0)): (m.data(m.index(i, 1)), m.data(m.index(i, 2))) for i in range(m.rowCount())}


def test_controller_dock_lists_the_metadata_log(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    classroom = window.classroom
    view = classroom.controller_view
    card = window.cluster_view.controller_card
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # the card opens the dock
    assert classroom.controller_dock.isVisible()
    pid = window.session.process.pid  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: f"engine process {pid}" in view.headline.text(), timeout=10_000)
    assert "on no broker" in view.headline.text()
    # the brokers registered before the app connected: the image's decisions start the list
    assert any(line == f"RegisterBrokerRecord | registered broker {b}" for line in log_lines(view) for b in (0, 1, 2))
    qtbot.waitUntil(lambda: all(state == "registered · alive" and age.endswith(" s ago") and float(age.split()[0]) < 5
                                for state, age in sessions(view).values()) and len(sessions(view)) == 3,
                    timeout=10_000)
    text = view.explanation.text()
    assert "ZooKeeper" in text and "KRaft" in text and "heartbeat" in view.timing.text()

    reply = window.run_command(CreateTopic(name="decided", partitions=2, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: "TopicRecord + PartitionRecord | created decided (2 partition(s))" in log_lines(view),
                    timeout=10_000)
    lines = log_lines(view)  # newest first: the topic's records above the brokers' registrations
    assert lines.index("TopicRecord + PartitionRecord | created decided (2 partition(s))") < min(
        i for i, line in enumerate(lines) if line.startswith("RegisterBrokerRecord"))
    assert any(line.startswith("PartitionRecord | decided-0: leader → broker") for line in lines)

    qtbot.mouseClick(window.cluster_view.cards[2].kill_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sessions(view).get("broker 2", ("", ""))[0] == "fenced", timeout=10_000)
    qtbot.waitUntil(lambda: any(line.startswith("BrokerFencingRecord | fenced broker 2") for line in log_lines(view))
                    and any(line.startswith("PartitionChangeRecord | decided-") and "ISR" in line
                            for line in log_lines(view)), timeout=10_000)
    window.cluster_view.request(RestartBroker(broker_id=2))
    qtbot.waitUntil(lambda: sessions(view).get("broker 2", ("", ""))[0] == "registered · alive", timeout=20_000)
    assert log_lines(view)[0].startswith(("RegisterBrokerRecord | registered broker 2", "PartitionChangeRecord"))
