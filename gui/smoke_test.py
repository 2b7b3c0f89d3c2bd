"""``kafkalab --smoke-test`` (``KafkaLab --smoke-test`` of a packaged build): the whole app once, headless —
the engine child process and the main window on Qt's offscreen platform, in throw-away config and data
dirs; wait for 3 live brokers, create a topic, produce one record (acks=all) and read it back through
the app's own clients, quit. Exit 0 when all of it worked, 1 otherwise (with the reason on stderr).

The client work runs on a plain thread; the GUI thread only polls its outcome (the UI never waits)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Qt is imported after the app has spawned its engine (gui.app)
    from PySide6.QtWidgets import QApplication, QWidget

BROKERS = 3
TOPIC = "kafkalab-smoke-test"
VALUE = b"hello from the smoke test"
STARTED = time.monotonic()  # about when the process started (this module is imported early)


def prepare(args: argparse.Namespace) -> str:
    """Offscreen, a throw-away cluster on free ports, config and data in a temporary directory (the
    user's settings and lab are not touched); returns that directory (removed by :func:`cleanup`)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = tempfile.mkdtemp(prefix="kafkalab-smoke-")
    os.environ["KAFKALAB_CONFIG_DIR"] = os.path.join(scratch, "config")
    os.environ["KAFKALAB_DATA_DIR"] = os.path.join(scratch, "data")
    args.temp, args.data_dir, args.port, args.brokers = True, None, 0, BROKERS
    return scratch


def cleanup(scratch: str) -> None:
    shutil.rmtree(scratch, ignore_errors=True)


def produce_and_consume(bootstrap: str) -> str:
    """Create the topic (RF 3), produce one record with acks=all, read it back; a line on what happened."""
    from clients.admin import ClusterAdmin
    from clients.config import APP_SETTINGS
    from clients.producers import OutRecord, RecordSender
    from clients.readers import PartitionReader

    admin = ClusterAdmin(bootstrap, settings=APP_SETTINGS)
    admin.create_topic(TOPIC, 1, BROKERS)
    sender = RecordSender(bootstrap)
    try:
        (delivery,) = sender.send(TOPIC, [OutRecord(b"smoke", VALUE)], "all")
    finally:
        sender.close()
    if delivery.error:
        raise RuntimeError(f"produce failed: {delivery.error}")
    reader = PartitionReader(bootstrap)
    try:
        deadline = time.monotonic() + 20
        records: list[Any] = []
        while not records and time.monotonic() < deadline:
            records = reader.read(TOPIC, delivery.partition, delivery.offset, delivery.offset + 1)
    finally:
        reader.close()
    if not records or records[0].value != VALUE:
        raise RuntimeError(f"consumed {records!r} instead of the produced record")
    return f"produced and consumed 1 record ({TOPIC}-{delivery.partition} offset {delivery.offset})"


def arm(app: QApplication, window: QWidget, session: Any, seconds: float) -> dict[str, int]:
    """Drive the smoke test from the event loop; ``result["code"]`` is the exit code once the app quits."""
    from PySide6.QtCore import QTimer

    result = {"code": 1}
    deadline = time.monotonic() + seconds
    outcome: dict[str, str] = {}
    timer = QTimer(window)

    def say(stream: Any, line: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head -1`) must not stop the quit
            stream.write(f"kafkalab smoke-test: {line}\n")
            stream.flush()

    def finish(code: int, line: str) -> None:
        result["code"] = code
        timer.stop()
        app.quit()
        say(sys.stdout if code == 0 else sys.stderr, line)

    def run(bootstrap: str) -> None:
        try:
            outcome["ok"] = produce_and_consume(bootstrap)
        except Exception as exc:  # noqa: BLE001 - reported, the exit code says it failed
            outcome["error"] = f"{type(exc).__name__}: {exc}"

    def check() -> None:
        image = getattr(window, "image", None)
        running = sum(1 for b in image.brokers if b.state == "running") if image is not None else 0
        handle = window.windowHandle()
        if "shown" not in outcome and window.isVisible() and handle is not None and handle.isExposed():
            outcome["shown"] = f"{time.monotonic() - STARTED:.2f}"
            say(sys.stdout, f"window shown {outcome['shown']} s after start")
        if "ready" not in outcome and session.bootstrap:
            outcome["ready"] = f"{time.monotonic() - STARTED:.2f}"
            say(sys.stdout, f"engine ready {outcome['ready']} s after start")
        if "live" not in outcome and running == BROKERS and session.bootstrap:
            outcome["live"] = f"{time.monotonic() - STARTED:.2f}"
            say(sys.stdout, f"{BROKERS} live brokers {outcome['live']} s after start "
                            f"(window {window.width()}x{window.height()} on '{app.platformName()}')")
            threading.Thread(target=run, args=(session.bootstrap,), name="kafkalab-smoke", daemon=True).start()
        if "ok" in outcome:
            finish(0, outcome["ok"])
        elif "error" in outcome:
            finish(1, outcome["error"])
        elif session.state == "failed":
            finish(1, f"the engine failed: {session.failure}")
        elif time.monotonic() > deadline:
            finish(1, f"timed out after {seconds:g} s (running brokers: {running}, engine: {session.state})")

    timer.timeout.connect(check)
    timer.start(50)
    return result
