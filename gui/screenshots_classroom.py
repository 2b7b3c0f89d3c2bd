"""``make screenshots`` (classroom part): presenter mode, the record flow and the acks ledger, on a live
engine, offscreen, in English and Korean.

Writes docs/screenshots/record-flow-moving-en.png (slow motion: the followers still fetching),
record-flow-{en,ko}.png (a keyed record read and committed by a consumer group),
presenter-1280x720-{en,ko}.png (presenter mode on a 1280×720 projector, the record flow raised, the
selected broker outlined), acks-ledger-{en,ko}.png (acks=1, the leader killed: acknowledged
records lost) and controller-{en,ko}.png (the metadata log after that kill, the broker sessions)."""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from gui.screenshots import ROOT, save, settle, wait_until  # noqa: E402

TOPIC = "orders"


def consume(bootstrap: str, stop: threading.Event) -> None:
    """A consumer group of the class: reads ``orders`` and commits every second."""
    from confluent_kafka import Consumer

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "billing", "auto.offset.reset": "earliest",
                  "auto.commit.interval.ms": 1000})
    c.subscribe([TOPIC])
    while not stop.is_set():
        c.poll(0.2)
    c.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-"))
    os.environ.setdefault("KAFKALAB_DATA_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-data-"))

    from confluent_kafka import Producer

    from engine.control.commands import CreateTopic, KillBroker, SetReplicationDelay
    from gui.app import create_application
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    app = create_application([])
    settings = Settings()
    settings.port = 0
    languages = LanguageManager(app)
    languages.set_language("en")
    themes = ThemeManager(app, "light")
    themes.apply()
    session = EngineSession(EngineLaunch(port=0, brokers=3, data_dir=None))
    window = MainWindow(session, settings, themes, languages)
    window.apply_size(1280, 720)
    session.start()
    window.show()
    stop = threading.Event()
    classroom = window.classroom
    flow = classroom.record_flow
    try:
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "three running brokers")
        window.run_command(CreateTopic(name=TOPIC, partitions=3, replication_factor=3))
        wait_until(lambda: window.image is not None and window.image.topic(TOPIC) is not None, 30, "the topic")
        bootstrap = window.session.bootstrap
        assert bootstrap is not None
        reader = threading.Thread(target=consume, args=(bootstrap, stop), daemon=True)
        reader.start()
        wait_until(lambda: window.image is not None and window.image.group("billing") is not None
                   and window.image.group("billing").state == "Stable", 60, "the consumer group")  # type: ignore[union-attr]
        window.run_command(SetReplicationDelay(ms=2500))
        wait_until(lambda: window.image is not None and window.image.replication_delay_ms == 2500, 10, "slow motion")
        classroom.show_record_flow()
        flow.topic.setCurrentText(TOPIC)
        settle(0.5)
        producer = Producer({"bootstrap.servers": bootstrap, "partitioner": "murmur2_random", "acks": "1"})
        producer.produce(TOPIC, b'{"order": 42, "amount": 9.5}', b"user-42")
        producer.flush(10)
        wait_until(lambda: flow.state is not None and flow.state.done("append"), 20, "the append")
        window.resizeDocks([classroom.record_flow_dock], [330], Qt.Orientation.Vertical)
        settle(0.6)
        save(classroom.record_flow_dock, args.out / "record-flow-moving-en.png")
        wait_until(lambda: flow.state is not None and flow.state.done("commit") and flow.state.record.key_known,
                   60, "the consumer group's commit")
        settle(0.4)
        save(classroom.record_flow_dock, args.out / "record-flow-en.png")
        languages.set_language("ko")
        settle(0.4)
        save(classroom.record_flow_dock, args.out / "record-flow-ko.png")

        # presenter mode on a 1280×720 projector; broker 1 is the one being discussed
        languages.set_language("en")
        classroom.presenter.set_active(True)
        window.apply_size(1280, 720)
        window.cluster_view.select_broker(1)
        grid = window.cluster_view.grid
        grid.setCurrentIndex(grid.model().index(0, grid.model().columnCount() - 1))  # the partition discussed
        classroom.show_record_flow()
        flow.follow_box.setChecked(False)
        settle(0.8)
        save(window, args.out / "presenter-1280x720-en.png")
        languages.set_language("ko")
        settle(0.8)
        save(window, args.out / "presenter-1280x720-ko.png")
        classroom.presenter.set_active(False)
        languages.set_language("en")
        flow.follow_box.setChecked(True)

        # the acks ledger: acks=1 with slow followers, the leader killed
        view = window.load_view
        view.topic.setCurrentText(TOPIC)
        view.rate.setValue(500)
        view.acks.setCurrentIndex(view.acks.findData("1"))
        view.start()
        ledger = classroom.ledger_view
        wait_until(lambda: bool(ledger.model.rows()) and (ledger.model.rows()[-1].leader_only or 0) > 200, 30,
                   "records on the leaders only")
        leader = window.image.topic(TOPIC).partitions[0].leader  # type: ignore[union-attr]
        window.cluster_view.request(KillBroker(broker_id=leader))
        wait_until(lambda: (ledger.model.rows()[-1].lost or 0) > 0, 30, "acknowledged records lost")
        view.stop()
        window.run_command(SetReplicationDelay(ms=0))
        settle(2.0)
        classroom.ledger_dock.show()
        classroom.ledger_dock.raise_()
        settle(0.5)
        save(classroom.ledger_dock, args.out / "acks-ledger-en.png")
        languages.set_language("ko")
        settle(0.4)
        save(classroom.ledger_dock, args.out / "acks-ledger-ko.png")
        languages.set_language("en")

        # the controller: the kill above is in its metadata log (fenced, leaders elected, ISRs shrunk)
        window.apply_size(1280, 800)
        classroom.show_controller()
        window.resizeDocks([classroom.controller_dock], [420], Qt.Orientation.Vertical)
        settle(0.8)
        save(classroom.controller_dock, args.out / "controller-en.png")
        languages.set_language("ko")
        settle(0.5)
        save(classroom.controller_dock, args.out / "controller-ko.png")
        languages.set_language("en")
    finally:
        stop.set()
        window.load_view.shutdown()
        window.shutdown_data_views()
        session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
