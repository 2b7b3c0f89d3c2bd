"""``make screenshots``: run the app offscreen on a live engine with traffic and save PNGs.

Writes docs/screenshots/main-{light,dark}-{en,ko}.png (acks=1 load with slowed replication, a broker
killed: the load generator's loss audit, the controller card, the truncations in the event log),
cluster-view-{light,dark}.png, the data views (topics-view, partition-log, message-browser,
consumer-groups in light/dark and Korean), the dialogs (dialog-*.png), the window on small screens
(main-1280x720-en.png, main-1024x768-ko.png) and after an engine crash (engine-stopped.png)."""

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


def small_screen_shots(window: QWidget, languages: object, out: Path, save: Callable[[QWidget, Path], None],
                       settle: Callable[[float], None]) -> None:
    """The window on a 1280×720 and a 1024×768 projector."""
    window.apply_size(1280, 720)  # type: ignore[attr-defined]
    window.event_dock.raise_()  # type: ignore[attr-defined]
    settle(0.8)
    save(window, out / "main-1280x720-en.png")
    languages.set_language("ko")  # type: ignore[attr-defined]
    window.apply_size(1024, 768)  # type: ignore[attr-defined]
    window.browser_dock.raise_()  # type: ignore[attr-defined]
    settle(0.8)
    save(window, out / "main-1024x768-ko.png")
    languages.set_language("en")  # type: ignore[attr-defined]
    window.apply_size(1600, 980)  # type: ignore[attr-defined]
    settle(0.3)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--traffic-seconds", type=float, default=8.0)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-"))
    os.environ.setdefault("KAFKALAB_DATA_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-data-"))

    from engine.control.commands import CreateTopic, KillBroker, RestartBroker, SetReplicationDelay
    from gui.app import create_application
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    app = create_application([])
    settings = Settings()
    settings.port = 0  # the engine below runs on OS-chosen ports: not a "this run only" fallback
    languages = LanguageManager(app)
    languages.set_language("en")
    themes = ThemeManager(app, "light")
    themes.apply()
    session = EngineSession(EngineLaunch(port=0, brokers=3, data_dir=None))
    window = MainWindow(session, settings, themes, languages)
    window.apply_size(1600, 980)
    session.start()
    window.show()
    try:
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "three running brokers")
        for name, parts in (("orders", 6), ("payments", 3), ("clicks", 4)):
            window.run_command(CreateTopic(name=name, partitions=parts, replication_factor=3))
        wait_until(lambda: window.image is not None and window.image.topic("clicks") is not None, 30, "topics")
        view = window.load_view
        view.topic.setCurrentText("orders")
        view.rate.setValue(3000)
        view.keys.setCurrentIndex(3)
        view.acks.setCurrentIndex(view.acks.findData("1"))  # acks=1 and slow followers: the kill loses records
        window.run_command(SetReplicationDelay(ms=2000))
        view.start()
        wait_until(lambda: view.generator.stats().acked > 1000, 30, "acknowledged records")
        settle(args.traffic_seconds)
        window.cluster_view.request(KillBroker(broker_id=2))
        wait_until(lambda: (view.audit_model.totals().lost or 0) > 0, 30, "acknowledged records lost")
        window.run_command(SetReplicationDelay(ms=0))
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
        window.cluster_view.request(RestartBroker(broker_id=2))
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "broker 2 to come back")
        from gui.screenshots_data import data_view_shots

        data_view_shots(window, themes, languages, args.out, wait_until, save, settle)
        view.stop()
        small_screen_shots(window, languages, args.out, save, settle)
        proc = window.session.process
        assert proc is not None
        proc.kill()  # an engine crash: every view says so
        wait_until(lambda: window.banner.isVisible() and window.session.state == "failed", 30, "the engine's death")
        settle(0.5)
        save(window, args.out / "engine-stopped.png")
    finally:
        window.load_view.shutdown()
        window.shutdown_data_views()
        session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
