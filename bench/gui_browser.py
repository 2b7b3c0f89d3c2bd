"""GUI benchmark: the message browser on a 10 M-record partition.

Figures (``name: value unit (reference: value unit, ratio x)``):

- message-browser jump to a random offset (target ≤ 100 ms): from ``jump_to_offset`` to the
  target row's record loaded in the table (its page read through a confluent-kafka Consumer on
  the browser's worker thread), median and p90 over ``--jumps`` random offsets. Reference: the same
  jumps in a 1 k-record partition, in the same run.
- GUI RSS with the big partition open after the jumps (target ≤ 300 MB). Reference: the same
  window with the 1 k-record partition open.
- how many records the big partition has and how fast they were produced (reference: asked for).

The app runs in this process exactly as ``kafkalab`` builds it (offscreen), on a 1-broker engine
child process. The records are produced by a separate process (so its client's memory does not
count as the GUI's) with confluent-kafka: 100-byte values, lz4, 1 MB batches, acks=1. If producing
would take longer than ``--produce-seconds`` it stops early and the figure says how many it made.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _harness import REPO_ROOT, BenchError, Failed, Figure, print_figure  # noqa: E402

BIG, SMALL = "bench-browser-10m", "bench-browser-1k"
CHILD_DONE = "PRODUCED"


def child_produce(bootstrap: str, topic: str, count: int, seconds: float) -> int:
    """Produce ``count`` 100-byte records to partition 0 as fast as the client goes (stop at the deadline)."""
    from confluent_kafka import Producer

    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 50, "batch.size": 1_000_000,
                  "batch.num.messages": 100_000, "compression.type": "lz4", "acks": "1",
                  "queue.buffering.max.messages": 2_000_000, "queue.buffering.max.kbytes": 1_048_576,
                  "enable.idempotence": False})
    pad = b"." * 80
    produce = p.produce
    deadline = time.monotonic() + seconds
    t0 = time.perf_counter()
    n = 0
    while n < count:
        if n % 100_000 == 0 and time.monotonic() > deadline:
            break
        try:
            produce(topic, b"%019d" % n + pad, partition=0)
            n += 1
        except BufferError:
            p.poll(0.01)
    left = p.flush(120)
    elapsed = time.perf_counter() - t0
    print(f"{CHILD_DONE} {n - left} {elapsed:.2f}", flush=True)
    return 0


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def produce(bootstrap: str, topic: str, count: int, seconds: float) -> tuple[int, float]:
    proc = subprocess.run([sys.executable, __file__, "--child-produce", bootstrap, topic, str(count), str(seconds)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=seconds + 180)
    for line in proc.stdout.splitlines():
        if line.startswith(CHILD_DONE):
            _, n, elapsed = line.split()
            return int(n), float(elapsed)
    raise BenchError(f"the producer process failed: {proc.stderr.strip().splitlines()[-1:]}")


def open_partition(window, topic: str, count: int) -> None:  # type: ignore[no-untyped-def]
    from gui_latency import wait_for

    window.browse_topic(topic, 0)
    view = window.browser_view
    wait_for(lambda: view.model.rowCount() == count, 60, f"the browser to open {topic}")


def jumps(window, count: int, n: int, seed: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds from jump_to_offset to the target record on screen, for ``n`` random offsets."""
    from gui_latency import wait_for
    from PySide6.QtWidgets import QApplication

    view = window.browser_view
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        target = rng.randrange(count)
        t0 = time.perf_counter()
        row = view.jump_to_offset(target)
        deadline = time.monotonic() + 30
        while True:
            QApplication.processEvents()
            rec = view.current_record()
            if rec is not None and rec.offset == target and row == view.table.currentIndex().row():
                break
            if time.monotonic() > deadline:
                raise BenchError(f"the record at offset {target} never showed")
            time.sleep(0.0005)
        out.append((time.perf_counter() - t0) * 1000)
        wait_for(lambda: True, 0.1, "")
    return out


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--child-produce", nargs=4, metavar=("BOOTSTRAP", "TOPIC", "COUNT", "SECONDS"),
                   help=argparse.SUPPRESS)
    p.add_argument("--records", type=int, default=10_000_000)
    p.add_argument("--produce-seconds", type=float, default=150.0, help="stop producing after this long")
    p.add_argument("--jumps", type=int, default=25)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args(argv)
    if args.child_produce:
        b, topic, count, seconds = args.child_produce
        return child_produce(b, topic, int(count), float(seconds))

    os.environ.setdefault("KAFKALAB_DATA_DIR", tempfile.mkdtemp(prefix="kafkalab-bench-data-"))
    from gui_latency import build_window, running, wait_for

    jump_fig = Figure("message-browser jump to a random offset, median (10M-record partition; ref: 1k records) "
                      "(lower is better)", "ms", "{:.1f}")
    jump90_fig = Figure("message-browser jump to a random offset, p90 (10M-record partition; ref: 1k records) "
                        "(lower is better)", "ms", "{:.1f}")
    rss_fig = Figure("GUI RSS with the 10M-record partition open (ref: 1k-record partition open) (lower is better)",
                     "MB", "{:.0f}")
    count_fig = Figure("records in the big partition (ref: asked for)", "records")
    rate_fig = Figure("produce rate filling it (lz4, 1 MB batches, acks=1; ref: none)", "rec/s", ratio=False)
    app, session, window = build_window(brokers=1)
    session.start()
    window.show()
    try:
        wait_for(lambda: running(window) == 1 and window.data.bootstrap is not None, 60, "the broker")
        bootstrap = window.data.bootstrap
        for topic in (BIG, SMALL):
            job = window.data.admin(lambda a, t=topic: a.create_topic(t, 1, 1))
            wait_for(lambda j=job: j.finished, 30, f"topic {topic}")  # type: ignore[misc]
            if job.error is not None:
                raise BenchError(f"create {topic}: {job.error}")
        small, _ = produce(bootstrap, SMALL, 1000, 60)
        big, elapsed = produce(bootstrap, BIG, args.records, args.produce_seconds)
        sys.stderr.write(f"produced {big:,} records in {elapsed:.1f} s\n")
        print_figure(count_fig, big, args.records)
        print_figure(rate_fig, big / elapsed if elapsed else Failed("no time"), None)

        open_partition(window, SMALL, small)
        ref_jumps = jumps(window, small, args.jumps, args.seed)
        ref_rss = rss_mb()
        open_partition(window, BIG, big)
        big_jumps = jumps(window, big, args.jumps, args.seed)
        big_rss = rss_mb()
        print_figure(jump_fig, statistics.median(big_jumps), statistics.median(ref_jumps))
        print_figure(jump90_fig, percentile(big_jumps, 90), percentile(ref_jumps, 90))
        print_figure(rss_fig, big_rss, ref_rss)
        sys.stderr.write(f"pages cached {window.browser_view.model.cached_pages}, page reads "
                         f"{window.browser_view.controller.page_reads}\n")
    except BenchError as e:
        reason = Failed(str(e).splitlines()[0])
        for fig in (jump_fig, jump90_fig, rss_fig):
            print_figure(fig, reason, None)
    finally:
        window.shutdown_data_views()
        session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
