"""GUI benchmark: cold start to an interactive window with 3 live brokers, and GUI event-loop lag.

Figures (one line each, ``name: value unit (reference: value unit, ratio x)``):

- cold start: ``Popen`` of the app → its window is shown and displays three running brokers
  (targets ≤ 1.5 s). Reference: the headless engine alone (``python -m engine serve`` → READY),
  measured in the same run — the part of the start the window cannot avoid.
- event-loop lag p50/p99 while the built-in load generator drives traffic (target p99 ≤ 33 ms).
  Reference: the same window idle, measured first in the same run. Lag = how late a 10 ms
  precise timer fires.
- the load generator's acknowledged rate during the lag run (reference: the rate asked for).

Runs offscreen (``QT_QPA_PLATFORM=offscreen``); the app is started exactly as ``kafkalab`` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _harness import REPO_ROOT, BenchError, Failed, Figure, Value, print_figure, start_engine  # noqa: E402

CHILD_READY = "KAFKALAB GUI READY"


# --------------------------------------------------------------------------- the app, in-process


def build_window(brokers: int = 3):  # type: ignore[no-untyped-def]
    """The same objects ``gui.app.main`` builds, on OS-chosen ports and a throw-away cluster."""
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-bench-"))
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
    session = EngineSession(EngineLaunch(port=0, brokers=brokers, data_dir=None))
    window = MainWindow(session, settings, themes, languages)
    window.resize(1440, 900)
    return app, session, window


def running(window) -> int:  # type: ignore[no-untyped-def]
    image = window.image
    return 0 if image is None else sum(1 for b in image.brokers if b.state == "running")


def wait_for(cond, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f}s waiting for {what}")
        QTest.qWait(5)


def child_cold_start() -> int:
    """Run in a fresh interpreter: print the READY line once 3 live brokers are on screen."""
    app, session, window = build_window()
    session.start()
    window.show()
    try:
        wait_for(lambda: running(window) == 3 and window.isVisible() and len(window.cluster_view.cards) == 3,
                 60, "three live brokers in the window")
        print(CHILD_READY, flush=True)
    finally:
        session.stop()
    return 0


def cold_start_gui() -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               KAFKALAB_CONFIG_DIR=tempfile.mkdtemp(prefix="kafkalab-bench-"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child-cold-start"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO_ROOT)
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.startswith(CHILD_READY):
            elapsed = time.perf_counter() - t0
            break
    proc.wait(60)
    if elapsed is None:
        raise BenchError(f"the app never showed three live brokers (exit code {proc.returncode})")
    return elapsed


def cold_start_engine() -> float:
    t0 = time.perf_counter()
    bp = start_engine(brokers=3, settle=False)
    elapsed = time.perf_counter() - t0
    bp.stop()
    return elapsed


# --------------------------------------------------------------------------- event-loop lag


class LagProbe:
    """A 10 ms precise timer; each tick records how late it fired."""

    def __init__(self, interval_ms: int = 10) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000.0
        self.samples: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.samples.append(max(0.0, now - self._last - self.interval) * 1000.0)
        self._last = now

    def measure(self, seconds: float) -> list[float]:
        from PySide6.QtTest import QTest

        self.samples = []
        self._last = 0.0
        self._timer.start()
        QTest.qWait(int(seconds * 1000))
        self._timer.stop()
        return list(self.samples)


def percentile(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(p / 100.0 * (len(ordered) - 1))))
    return ordered[k]


def lag_run(idle_s: float, load_s: float, rate: int, acks: str) -> tuple[list[float], list[float], float]:
    app, session, window = build_window()
    session.start()
    window.show()
    try:
        wait_for(lambda: running(window) == 3, 60, "three live brokers")
        probe = LagProbe()
        probe.measure(1.0)  # warm-up: first paints, first plots
        idle = probe.measure(idle_s)
        view = window.load_view
        view.topic.setCurrentText("bench-gui")
        view.rate.setValue(rate)
        view.acks.setCurrentIndex(view.acks.findData(acks))
        view.start()
        wait_for(lambda: view.generator.stats().acked > 0, 30, "the load generator's first acknowledgement")
        probe.measure(1.0)
        before = view.generator.stats().acked
        t0 = time.perf_counter()
        loaded = probe.measure(load_s)
        acked_rate = (view.generator.stats().acked - before) / (time.perf_counter() - t0)
        view.stop()
        view.shutdown()
        return idle, loaded, acked_rate
    finally:
        session.stop()


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--child-cold-start", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--runs", type=int, default=3, help="cold starts of each kind (median reported)")
    p.add_argument("--idle-seconds", type=float, default=5.0)
    p.add_argument("--load-seconds", type=float, default=8.0)
    p.add_argument("--rate", type=int, default=100_000, help="load generator records/s (100-byte records)")
    p.add_argument("--acks", default="1", choices=["0", "1", "all"])
    args = p.parse_args(argv)
    if args.child_cold_start:
        return child_cold_start()

    start_fig = Figure("gui cold start to 3 live brokers", "s", "{:.2f}")
    gui_start: Value
    engine_start: Value
    try:
        engine_start = statistics.median(cold_start_engine() for _ in range(args.runs))
    except BenchError as e:
        engine_start = Failed(str(e).splitlines()[0])
    try:
        gui_start = statistics.median(cold_start_gui() for _ in range(args.runs))
    except BenchError as e:
        gui_start = Failed(str(e).splitlines()[0])
    print_figure(start_fig, gui_start, engine_start)

    p50 = Figure(f"gui event-loop lag p50 (load generator {args.rate} rec/s acks={args.acks}; ref: idle)", "ms", "{:.1f}")
    p99 = Figure(f"gui event-loop lag p99 (load generator {args.rate} rec/s acks={args.acks}; ref: idle)", "ms", "{:.1f}")
    rate_fig = Figure("load generator acknowledged rate during the lag run (ref: requested)", "rec/s")
    try:
        idle, loaded, acked = lag_run(args.idle_seconds, args.load_seconds, args.rate, args.acks)
        print_figure(p50, percentile(loaded, 50), percentile(idle, 50))
        print_figure(p99, percentile(loaded, 99), percentile(idle, 99))
        print_figure(rate_fig, acked, args.rate)
    except BenchError as e:
        reason = Failed(str(e).splitlines()[0])
        for fig in (p50, p99, rate_fig):
            print_figure(fig, reason, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
