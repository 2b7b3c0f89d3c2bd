"""bench/scale.py's stage (d): the app, built exactly as ``kafkalab`` builds it, offscreen, in a child
process (``bench/scale.py --gui-child N``) on its own engine; the partitions are created and the
event-loop lag of the window with the placement grid is measured idle and under load."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    REPO_ROOT,
    BenchError,
    cpu_seconds,
    short_error,
)
from scale_common import (  # noqa: E402
    BROKERS,
    GUI_RESULT,
    create_topics,
    creation_failure,
    log,
    topic_layout,
    wait_all_in_sync,
)
from scale_load import measure_load  # noqa: E402

SCALE = str(Path(__file__).resolve().with_name("scale.py"))  # the child runs scale.py --gui-child (same options)

# --------------------------------------------------------------------------- (d) GUI, in a child process


def gui_child(partitions: int, args: argparse.Namespace) -> int:
    """Build the app on its own engine, create the partitions, measure lag idle and under load."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui_latency import LagProbe, build_window, percentile, running, wait_for

    out: dict[str, Any] = {}
    app, session, window = build_window(brokers=BROKERS)
    session.start()
    window.show()
    try:
        wait_for(lambda: running(window) == BROKERS and session.bootstrap is not None, 60, "three live brokers")
        bootstrap = session.bootstrap
        pid = session.process.pid if session.process is not None else None
        assert bootstrap is not None and pid is not None
        layout = topic_layout(partitions, args.partitions_per_topic)
        names = {name for name, _n in layout}
        result: dict[str, Any] = {}

        created = [0]

        def create() -> None:
            try:
                create_topics(bootstrap, layout, args.topics_per_request, progress=created)
                wait_all_in_sync(bootstrap, layout, timeout=300)
            except Exception as e:  # reported by the GUI thread
                tail = "\n".join(session.process.stderr_tail) if session.process is not None else ""
                result["error"] = creation_failure(e, created[0], tail)
            result["done"] = True

        worker = threading.Thread(target=create, daemon=True)
        worker.start()
        wait_for(lambda: "done" in result, 900, "the partitions")
        if "error" in result:
            raise BenchError(result["error"])

        def shown() -> int:
            image = window.image
            return 0 if image is None else sum(len(t.partitions) for t in image.topics if t.name in names)

        wait_for(lambda: shown() == partitions and window.cluster_view.model.rowCount() >= partitions, 120,
                 "every partition in the placement grid")
        if not window.cluster_view.grid.isVisible():
            raise BenchError("the placement grid is not visible")
        probe = LagProbe()
        probe.measure(args.settle_seconds)  # warm-up: first paints of the big grid
        c0, t0 = cpu_seconds(pid), time.monotonic()
        idle = probe.measure(args.lag_seconds)
        out["engine_cpu_idle"] = (cpu_seconds(pid) - c0) / (time.monotonic() - t0)
        out["idle_p50"], out["idle_p99"] = percentile(idle, 50), percentile(idle, 99)
        if args.rate > 0:
            from PySide6.QtTest import QTest

            load, loaded = measure_load(pid, bootstrap, layout, args.rate, args.warmup_seconds, args.lag_seconds,
                                        acks=args.acks, during=probe.measure,
                                        sleep=lambda s: QTest.qWait(int(s * 1000)))
            out["load_p50"], out["load_p99"] = percentile(loaded, 50), percentile(loaded, 99)
            out["load_rate"] = load.acked_rate
        out["rows"] = window.cluster_view.model.rowCount()
    except BenchError as e:
        out["error"] = short_error(e)
    finally:
        session.stop()
    print(GUI_RESULT + json.dumps(out), flush=True)
    del app
    return 0


def run_gui(partitions: int, args: argparse.Namespace) -> dict[str, Any]:
    tag = f"[gui, {partitions} partitions]"
    argv = [sys.executable, SCALE, "--gui-child", str(partitions),
            "--partitions-per-topic", str(args.partitions_per_topic),
            "--topics-per-request", str(args.topics_per_request),
            "--rate", str(args.rate), "--acks", args.acks, "--lag-seconds", str(args.lag_seconds),
            "--settle-seconds", str(args.settle_seconds), "--warmup-seconds", str(args.warmup_seconds)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    log(f"{tag} starting the app")
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO_ROOT,
                              timeout=1800)
    except subprocess.TimeoutExpired:
        return {"error": "the GUI run timed out"}
    for line in proc.stderr.splitlines():
        if line.startswith(("  load:", "  producer")):
            log(f"{tag}{line}")
    for line in proc.stdout.splitlines():
        if line.startswith(GUI_RESULT):
            out: dict[str, Any] = json.loads(line[len(GUI_RESULT):])
            log(f"{tag} {out}")
            return out
    tail = "\n  ".join(proc.stderr.strip().splitlines()[-15:])
    log(f"{tag} FAILED (exit code {proc.returncode}):\n  {tail}")
    return {"error": f"the app exited with code {proc.returncode}"}


