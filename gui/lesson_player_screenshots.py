"""``python -m gui.lesson_player_screenshots`` (part of ``make screenshots``): the lesson player on
a live engine, mid-question and mid-reveal, in English and Korean.

Writes docs/screenshots/lesson-question-{en,ko}.png (the failover lesson's prediction, the class's votes
counted, the partition and its leader selected in the cluster view) and lesson-reveal-{en,ko}.png
(after Reveal: the leader's broker dead, the claims ✓ with the values found, the reveal text), each the
whole window with the player docked on the right."""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--lesson", default="failover")
    p.add_argument("--step", type=int, default=1, help="the step with the question (0-based)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-"))
    os.environ.setdefault("KAFKALAB_DATA_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-data-"))

    from PySide6.QtCore import Qt

    from gui.app import create_application
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.screenshots import save, settle, wait_until
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    app = create_application([])
    settings = Settings()
    settings.port = 0
    languages = LanguageManager(app)
    themes = ThemeManager(app, "light")
    themes.apply()
    session = EngineSession(EngineLaunch(port=0, brokers=3, data_dir=None))
    window = MainWindow(session, settings, themes, languages)
    window.apply_size(1600, 980)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.lesson_dock)
    window.throughput_dock.hide()  # the player has the right side to itself
    window.load_dock.hide()
    window.lesson_dock.show()
    window.resizeDocks([window.lesson_dock], [560], Qt.Orientation.Horizontal)
    session.start()
    window.show()
    player = window.lesson_player
    try:
        wait_until(lambda: window.image is not None and sum(b.state == "running" for b in window.image.brokers) == 3,
                   60, "three running brokers")
        for lang in ("en", "ko"):
            languages.set_language(lang)
            player.select(args.lesson)
            player.start_selected()
            wait_until(lambda: not player.busy and player.step is not None and player.runner is not None
                       and player.runner.position == 0, 60, "the lesson's first step")
            while player.runner is not None and player.runner.position < args.step:
                player.forward()
                wait_until(lambda: not player.busy, 60, "the next step")
            wait_until(lambda: not player.busy, 60, "the question's step")
            settle(1.0)
            for choice, votes in ((0, 7), (1, 12), (2, 4)):
                for _ in range(votes):
                    player.vote(choice)
            settle(0.5)
            save(window, args.out / f"lesson-question-{lang}.png")
            player.reveal()
            wait_until(lambda: not player.busy and player.outcome is not None, 120, "the step's claims")
            settle(1.5)
            save(window, args.out / f"lesson-reveal-{lang}.png")
    finally:
        player.shutdown()
        window.load_view.shutdown()
        session.stop()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
