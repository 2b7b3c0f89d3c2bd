"""Attach GUI at scale: the real main window attached to an external ``kafkalab serve`` with 10,000
partitions and 500 consumer groups, against 100 partitions and 5 groups (the reference), measured in
the same run.

For each size a fresh ``python -m engine serve --brokers 3 --port 0 --temp`` is populated as in
``bench/attach.py`` (topics of ``--partitions-per-topic`` partitions, one record each, every group
with committed offsets). The window (``ClusterSwitch`` + ``AttachControls``, as ``kafkalab --attach``
builds it) attaches with the default 2 s poll. Figures:

- first image on screen: attach → the window's image holds every partition and group;
- topic filter: the worst time of one keystroke typed into the topic list's filter (``QTest.keyClick``
  then every posted event processed), over a topic name typed letter by letter and erased, at a typist's
  pace, again until three keystrokes met an image (target ≤ 100 ms);
- placement grid: its rows, and the time to scroll to the last row and repaint the visible rows
  (a virtualised table paints what is visible whatever the row count);
- GUI event-loop lag p50 / p99 over ``--lag-seconds`` while the source polls every 2 s and each new
  image reaches every view (target p99 ≤ 33 ms). Lag = how late a 10 ms precise timer fires;
- time the GUI thread spends on one image (``MainWindow._on_image`` and the capability gate), median.

Output: ``name: value unit (reference: value unit, ratio x)``; progress on stderr.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/attach_gui.py [--partitions 10000] [--groups 500]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _harness import BenchError, Failed, Figure, Value, print_figure, short_error, start_engine  # noqa: E402
from attach import populate, raise_nofile  # noqa: E402
from gui_latency import LagProbe, percentile, wait_for  # noqa: E402

KEYS = ("first", "first_gui", "keystroke", "keystroke_max", "rows", "scroll", "p50", "p99", "image")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class SizeResult:
    values: dict[str, Value] = field(default_factory=dict)
    teardown: Callable[[], None] | None = None


def build_window():  # type: ignore[no-untyped-def]
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-bench-"))
    from gui.app import create_application
    from gui.cluster_switch import ClusterSwitch
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    app = create_application([])
    languages = LanguageManager(app)
    languages.set_language("en")
    themes = ThemeManager(app, "light")
    themes.apply()
    window = MainWindow(ClusterSwitch(EngineSession(EngineLaunch(port=0, brokers=3))), Settings(), themes, languages)
    window.resize(1440, 900)
    window.show()
    return app, window


def keystrokes(window, name: str, images: list[float], gap_s: float, met: int, limit_s: float) -> list[float]:  # type: ignore[no-untyped-def]
    """Each keystroke (ms) typing ``name`` into the topic filter and erasing it, again and again until ``met``
    keystrokes met an image (or ``limit_s`` passed). Between keystrokes the GUI thread sleeps ``gap_s`` (a
    typist's pace) without handling events, so an image whose rows got ready meanwhile is taken inside the
    next keystroke — the worst moment for it. Says on stderr how the worst keystroke was spent
    (``images``: the GUI-thread time of each image taken, appended by the window's hook)."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    box = window.topics_view.filter_box
    window.topics_dock.raise_()
    box.setFocus()
    times: list[float] = []
    keys: list[str | Qt.Key] = [*name, *([Qt.Key.Key_Backspace] * len(name))]
    landed: list[float] = []
    cpu: list[float] = []  # the GUI thread's own CPU time in each keystroke (the rest: waiting for the GIL or a core)
    deadline = time.monotonic() + limit_s
    while sum(1 for x in landed if x) < met and time.monotonic() < deadline:
        for key in keys:
            time.sleep(gap_s)
            seen = len(images)
            t0, c0 = time.perf_counter(), time.thread_time()
            QTest.keyClick(box, key)
            QCoreApplication.processEvents()  # the filtered list, and an image if one got ready meanwhile
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
            landed.append(sum(images[seen:]))
    worst = max(range(len(times)), key=times.__getitem__)
    log(f"attach_gui: worst keystroke {times[worst]:.1f} ms ({cpu[worst]:.1f} ms of GUI-thread CPU), of which "
        f"{landed[worst]:.1f} ms an image; worst of those meeting an image: "
        f"{max((t for t, x in zip(times, landed, strict=True) if x), default=0.0):.1f} ms; "
        f"{sum(1 for x in landed if x)} of {len(times)} keystrokes met an image")
    return times


def scroll_repaint(window) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """(rows, ms) to scroll the placement grid to its last row and paint the visible rows."""
    grid = window.cluster_view.grid
    rows = grid.model().rowCount()
    t0 = time.perf_counter()
    grid.scrollToBottom()
    grid.viewport().grab()
    return rows, (time.perf_counter() - t0) * 1000


def run_size(partitions: int, groups: int, args: argparse.Namespace, last: bool = False) -> SizeResult:
    from gui.external_session import AttachTarget

    res = SizeResult()
    log(f"attach_gui: {partitions} partitions, {groups} groups")
    try:
        bp = start_engine(3, ["--log-level", "WARNING"], timeout=60)
    except BenchError as e:
        res.values = dict.fromkeys(KEYS, Failed(short_error(e)))
        return res
    app, window = build_window()
    try:
        layout = populate(bp.bootstrap, partitions, groups, args.partitions_per_topic)
        time.sleep(args.settle_seconds)  # the engine's own work after creating the partitions
        total = sum(n for _t, n in layout)
        durations: list[float] = []
        on_image = window._on_image

        def timed(image):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            on_image(image)
            window.attach.apply()
            durations.append((time.perf_counter() - t0) * 1000)

        # the window takes each image once its rows are built off the GUI thread (gui.view_frames); before
        # those, straight from the bridge (this benchmark measures either)
        frames = getattr(window, "view_frames", None)
        shown = frames.imageReady if frames is not None else window.bridge.imageChanged
        shown.disconnect(window._on_image)
        if frames is not None:
            shown.disconnect(window.attach.apply)
        shown.connect(timed)

        def complete() -> bool:
            image = window.image
            if image is None:
                return False
            mine = sum(len(t.partitions) for t in image.topics if t.name.startswith(layout[0][0][:13]))
            return mine == total and sum(1 for g in image.groups if "-group-" in g.group_id) >= groups

        polled: list[float] = []  # when each image left the source (before its rows are built)
        window.bridge.imageChanged.connect(lambda _image: polled.append(time.monotonic()))
        t0 = time.monotonic()
        window.attach.attach(AttachTarget(bp.bootstrap, name="bench"))
        wait_for(lambda: bool(durations), 120, "the first image")
        log(f"attach_gui: first image after {time.monotonic() - t0:.2f} s (polled after {polled[0] - t0:.2f} s), "
            f"{durations[0]:.0f} ms on the GUI thread")
        wait_for(complete, 120, "every partition and group in the window")
        res.values["first"] = time.monotonic() - t0
        res.values["first_gui"] = durations[0]
        log(f"attach_gui: first image on screen after {res.values['first']:.2f} s")
        shown = len(durations)
        wait_for(lambda: len(durations) >= shown + 2, 120, "two more images")  # past the first, slow polls
        probe = LagProbe()
        probe.measure(1.0)
        typed = keystrokes(window, layout[-1][0], durations, args.keystroke_gap, args.keystroke_images, 60.0)
        res.values["keystroke"], res.values["keystroke_max"] = statistics.median(typed), max(typed)
        rows, ms = scroll_repaint(window)
        res.values["rows"], res.values["scroll"] = rows, ms
        durations.clear()
        loaded = probe.measure(args.lag_seconds)
        log(f"attach_gui: {len(durations)} images during the lag run, {len(loaded)} lag samples")
        res.values["p50"], res.values["p99"] = percentile(loaded, 50), percentile(loaded, 99)
        res.values["image"] = statistics.median(durations) if durations else Failed("no image during the run")
    except BenchError as e:
        for k in KEYS:
            res.values.setdefault(k, Failed(short_error(e)))
    finally:
        if last:  # closing the Kafka clients after 10,000 partitions has crashed librdkafka (an
            res.teardown = bp.stop  # rd_kafka_enq_once assertion aborts the process): print the figures first
        else:
            window.session.stop()
            window.close()
            bp.stop()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--partitions", type=int, default=10_000)
    ap.add_argument("--groups", type=int, default=500)
    ap.add_argument("--reference-partitions", type=int, default=100)
    ap.add_argument("--reference-groups", type=int, default=5)
    ap.add_argument("--partitions-per-topic", type=int, default=100)
    ap.add_argument("--settle-seconds", type=float, default=10.0)
    ap.add_argument("--lag-seconds", type=float, default=10.0)
    ap.add_argument("--keystroke-gap", type=float, default=0.08, help="seconds between keystrokes (default 0.08)")
    ap.add_argument("--keystroke-images", type=int, default=3,
                    help="type until this many keystrokes met an image (at most 60 s; default 3)")
    args = ap.parse_args(argv)
    raise_nofile()
    ref = run_size(args.reference_partitions, args.reference_groups, args)
    big = run_size(args.partitions, args.groups, args, last=True)
    figures = {
        "first": Figure(f"attach gui: first image on screen, {args.partitions} partitions", "s", "{:.2f}"),
        "first_gui": Figure("attach gui: GUI-thread time of the first image (every model built)", "ms", "{:.0f}"),
        "keystroke": Figure("attach gui: topic filter, keystroke median", "ms", "{:.1f}"),
        "keystroke_max": Figure("attach gui: topic filter, worst keystroke (an image may land in it)", "ms", "{:.1f}"),
        "rows": Figure("attach gui: placement grid rows", "rows", "{:,}"),
        "scroll": Figure("attach gui: placement grid scroll to end + repaint", "ms", "{:.1f}"),
        "p50": Figure("attach gui: event-loop lag p50 while polling", "ms", "{:.1f}"),
        "p99": Figure("attach gui: event-loop lag p99 while polling", "ms", "{:.1f}"),
        "image": Figure("attach gui: GUI-thread time per image, median", "ms", "{:.1f}"),
    }
    for key, fig in figures.items():
        print_figure(fig, big.values.get(key), ref.values.get(key))
    sys.stdout.flush()
    if big.teardown is not None:
        big.teardown()
        os._exit(0)  # the window's client threads are not joined (see run_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
