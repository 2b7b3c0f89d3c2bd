"""``make screenshots``: run the app offscreen on a live engine with traffic and save PNGs.

Writes docs/screenshots/main-{light,dark}-{en,ko}.png, cluster-view-{light,dark}.png, the data views
(topics-view, partition-log, message-browser, consumer-groups in light/dark and Korean) and the
dialogs (dialog-*.png)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

log = logging.getLogger("kafkalab.screenshots")
ROOT = Path(__file__).resolve().parent.parent


def wait_until(cond: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        QTest.qWait(20)


def settle(seconds: float) -> None:
    """Let the live app run (animations, plots, traffic) for a while."""
    QTest.qWait(int(seconds * 1000))


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshots: could not write {path}")
    sys.stdout.write(f"wrote {path}\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--traffic-seconds", type=float, default=8.0)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-"))
    os.environ.setdefault("KAFKALAB_DATA_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-data-"))

    from gui.app import create_application
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    app = create_application([])
    settings = Settings()
    languages = LanguageManager(app)
    languages.set_language("en")
    themes = ThemeManager(app, "light")
    themes.apply()
    session = EngineSession(EngineLaunch(port=0, brokers=3, data_dir=None))
    window = MainWindow(session, settings, themes, languages)
    window.resize(1600, 980)
    session.start()
    window.show()
    try:
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "three running brokers")
        for name, parts in (("orders", 6), ("payments", 3), ("clicks", 4)):
            window.run_broker_command("create_topic", {"name": name, "partitions": parts, "replication_factor": 3})
        wait_until(lambda: window.image is not None and window.image.topic("clicks") is not None, 30, "topics")
        view = window.load_view
        view.topic.setCurrentText("orders")
        view.rate.setValue(3000)
        view.keys.setCurrentIndex(3)
        view.start()
        wait_until(lambda: view.generator.stats().acked > 1000, 30, "acknowledged records")
        settle(args.traffic_seconds)
        window.cluster_view.request("kill_broker", 2)
        wait_until(lambda: window.image is not None and window.image.broker(2) is not None
                   and window.image.broker(2).state == "dead", 30, "broker 2 to die")  # type: ignore[union-attr]
        settle(1.0)
        window.cluster_view.select_broker(1)
        window.cluster_view.grid.selectRow(0)
        for theme in ("light", "dark"):
            themes.apply(theme)
            for lang in ("en", "ko"):
                languages.set_language(lang)
                settle(0.4)
                save(window, args.out / f"main-{theme}-{lang}.png")
            languages.set_language("en")
            settle(0.3)
            save(window.cluster_view, args.out / f"cluster-view-{theme}.png")
        themes.apply("light")
        window.cluster_view.request("restart_broker", 2)
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "broker 2 to come back")
        from gui.screenshots_data import data_view_shots

        data_view_shots(window, themes, languages, args.out, wait_until, save, settle)
        view.stop()
    finally:
        window.load_view.shutdown()
        window.shutdown_data_views()
        session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
