"""GUI fixtures: a real MainWindow (offscreen) driving a real engine child process on OS-chosen ports."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gui  # noqa: E402,F401  - applies the PySide6-on-3.11 refcount workaround before any Qt call
from gui.engine_process import EngineLaunch  # noqa: E402
from gui.i18n import LanguageManager  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.session import EngineSession  # noqa: E402
from gui.settings import Settings  # noqa: E402
from gui.theme import ThemeManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "kafkalab_ko.ts"
QM = TS.with_suffix(".qm")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """`make test` builds the .qm files first; a bare `pytest` run compiles stale ones here."""
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    for ts in sorted(TS.parent.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KAFKALAB_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KAFKALAB_DATA_DIR", str(tmp_path / "data"))
    return Settings()


@pytest.fixture
def make_window(qapp, qtbot, settings: Settings, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make(start: bool = True, brokers: int = 3, registry: bool = False, extra_args: tuple[str, ...] = ()) -> MainWindow:
        languages = LanguageManager(qapp)
        languages.set_language("en")
        themes = ThemeManager(qapp, "light")
        themes.apply()
        session = EngineSession(EngineLaunch(port=0, brokers=brokers, data_dir=tmp_path / f"cluster-{len(windows)}",
                                             schema_registry_port=0 if registry else None, extra_args=extra_args))
        window = MainWindow(session, settings, themes, languages)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1400, 900)
        window.show()
        if start:
            session.start()
            qtbot.waitUntil(lambda: running_brokers(window) == brokers, timeout=30_000)
        return window

    yield make
    for w in windows:
        w.load_view.shutdown()
        w.session.stop()
        w.close()
        w.deleteLater()
    # destroy the Qt objects here, on the GUI thread, not in a later GC pass on some other thread
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def running_brokers(window: MainWindow) -> int:
    image = window.image
    return 0 if image is None else sum(1 for b in image.brokers if b.state == "running")

