"""The time machine's cost and speed.

1. Recording overhead: produce throughput and engine CPU with ``kafkalab serve --record FILE`` against
   the same engine without it (the reference, same run; off/on alternate, each side's least-CPU run
   counts, as the machine is shared); the recording's bytes per minute under that load, and how much
   of it is the acks ledger (``RecordsAcknowledged`` events: what the leader acknowledged, coalesced).
2. A long recording: ``--minutes`` (default 60) of a class-sized cluster under load (every partition's
   offsets moving on every image, 10 images a second, an event every second, a broker kill and an
   election every minute) written with the :class:`Recorder`; its size, then the time to open it and
   seek to a random instant and rebuild the rewound throughput and lag charts there (goal ≤ 200 ms in
   all; the open + seek alone is printed beside it as the reference), cold (a new ``Session`` each
   time) and warm (scrubbing within an opened session); the acks ledger at an instant (the recording
   holds 24 partitions' acknowledged ranges every 500 ms), the first time in a session and after.

    .venv/bin/python bench/recording.py [--records N] [--minutes M]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Figure, create_topic, print_figure, start_engine  # noqa: E402
from bench.produce_consume import Phase, produce_phase  # noqa: E402
from engine.observe import events as ev  # noqa: E402
from engine.observe.image import ClusterImage  # noqa: E402
from engine.observe.recording import Recorder, Session  # noqa: E402


def run(record: bool, n: int, timeout: float) -> tuple[Phase, int, Path | None]:
    path = Path(tempfile.mkdtemp(prefix="recording-bench-")) / "bench.kafkalab-session"
    broker = start_engine(1, ["--record", str(path)] if record else [])
    try:
        create_topic(broker.bootstrap, "rec-bench", partitions=6)
        produced = produce_phase(broker, "rec-bench", n, timeout)
    finally:
        broker.stop()  # the recorder writes its last chunk on the way out
    return produced, path.stat().st_size if path.exists() else 0, path if path.exists() else None


def base_image() -> ClusterImage:
    """A real image of a class-sized cluster: 3 brokers, 4 topics × 6 partitions, replication 3."""
    from engine.cluster import ClusterConfig
    from engine.control import ClusterControl
    from engine.control.commands import CreateTopic
    from engine.observe.snapshot import take_snapshot
    from engine.runtime import EngineThread

    engine = EngineThread(ClusterConfig(num_brokers=3, port=0, data_dir=Path(tempfile.mkdtemp())))
    cluster = engine.start()
    try:
        control = ClusterControl(cluster)
        for i in range(4):
            engine.run(control.execute(CreateTopic(name=f"topic-{i}", partitions=6, replication_factor=3)))
        return engine.call(lambda: take_snapshot(cluster))
    finally:
        engine.stop()


def moved(image: ClusterImage, t_ms: int, step: int) -> ClusterImage:
    """``image`` a tick later: every partition took ``step`` records."""
    topics = []
    for t in image.topics:
        parts = tuple(dataclasses.replace(p, messages_in=p.messages_in + step, replica_states=tuple(
            dataclasses.replace(r, log_end_offset=r.log_end_offset + step, high_watermark=r.high_watermark + step,
                                size_bytes=r.size_bytes + step * 100) for r in p.replica_states)) for p in t.partitions)
        topics.append(dataclasses.replace(t, partitions=parts))
    return dataclasses.replace(image, time_ms=t_ms, topics=tuple(topics))


def long_recording(minutes: int, path: Path) -> tuple[int, float]:
    """Write ``minutes`` of a loaded cluster; its size and the seconds it took to write."""
    image = base_image()
    start = 1_800_000_000_000
    rec = Recorder(path, ring_bytes=0)
    started = time.perf_counter()
    for tick in range(minutes * 60 * 10):
        t = start + tick * 100
        image = moved(image, t, 1_000)  # 1,000 records per partition per tick: 240 k rec/s in all
        rec.add_image(image)
        if tick % 5 == 0 and tick:  # what the leaders acknowledged: each partition's range every 500 ms
            for ti in range(4):
                for p in range(6):
                    first = tick * 1_000 - 5_000
                    rec.add_event(ev.RecordsAcknowledged(
                        time_ms=t, broker_id=p % 3, client_id="bench", producer_id=7, topic=f"topic-{ti}",
                        partition=p, acks="1", ranges=((first, first + 4_999),), count=5_000))
        if tick % 10 == 0:
            rec.add_event(ev.OffsetsCommitted(time_ms=t, group_id="g", member_id="m", generation=1, partitions=1,
                                              topics=("topic-0",)))
        if tick % 600 == 300:
            rec.add_event(ev.BrokerDown(time_ms=t, broker_id=1, reason="killed"))
            rec.add_event(ev.LeaderElected(time_ms=t + 5, topic="topic-0", partition=0, old_leader=1, new_leader=2,
                                           leader_epoch=tick, reason="leader down"))
    rec.close()
    return path.stat().st_size, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=300_000)
    ap.add_argument("--phase-timeout", type=float, default=120)
    ap.add_argument("--rounds", type=int, default=2, help="off/on pairs of produce runs (0: only the long recording)")
    ap.add_argument("--minutes", type=int, default=60, help="length of the long recording")
    ap.add_argument("--seeks", type=int, default=20)
    args = ap.parse_args()

    runs: dict[bool, list[tuple[Phase, int, Path | None]]] = {False: [], True: []}
    for _ in range(args.rounds):
        for record in (False, True):
            runs[record].append(run(record, args.records, args.phase_timeout))
    if args.rounds:
        overhead(runs)
    long_seek(args.minutes, args.seeks)
    return 0


def overhead(runs: dict[bool, list[tuple[Phase, int, Path | None]]]) -> None:
    off = min((r[0] for r in runs[False]), key=lambda p: p.cpu_s_per_mrec)
    on_run = min(runs[True], key=lambda r: r[0].cpu_s_per_mrec)
    on, size, _path = on_run
    print_figure(Figure("produce with the recording on", "rec/s"), on.rec_s, off.rec_s)
    print_figure(Figure("engine CPU produce, recording on (lower is better)", "s/Mrec", "{:.2f}"),
                 on.cpu_s_per_mrec, off.cpu_s_per_mrec)
    per_min = size / max(on.total_seconds, 1e-9) * 60
    print(f"recording under load ({on.rec_s:,.0f} rec/s produced): {size / 1e6:.2f} MB in "
          f"{on.total_seconds:.1f} s = {per_min / 1e6:.2f} MB/min", flush=True)
    if on_run[2] is not None:
        acks = [e for e in Session.open(on_run[2]).events() if isinstance(e, ev.RecordsAcknowledged)]
        line_bytes = sum(len(json.dumps({"type": "event", "t": e.time_ms, "event": e.to_json()},
                                        separators=(",", ":"))) + 1 for e in acks)
        print(f"  of which the acks ledger: {len(acks):,} RecordsAcknowledged events for {sum(e.count for e in acks):,} "
              f"acknowledged records ({len(acks) / max(on.total_seconds, 1e-9):.1f}/s, "
              f"{line_bytes / max(on.total_seconds, 1e-9) * 60 / 1e3:.1f} kB/min before compression)", flush=True)


def long_seek(minutes: int, seeks: int) -> None:
    path = Path(tempfile.mkdtemp(prefix="recording-bench-")) / "long.kafkalab-session"
    size, took = long_recording(minutes, path)
    print(f"{minutes}-minute recording (24 partitions × 3 replicas moving 10×/s, 240 k rec/s): "
          f"{size / 1e6:.1f} MB ({size / 1e6 / minutes:.2f} MB/min), written in {took:.1f} s "
          f"({took / (minutes * 60) * 100:.1f} % of the time it covers)", flush=True)
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.chart_rewind import AcksIndex, Rewound
    from gui.views.throughput_view import ThroughputView

    app = QApplication.instance() or QApplication([])  # noqa: F841 — the chart's widget needs one
    view = ThroughputView()
    rnd = random.Random(1)
    cold, cold_seek, warm, ledger_first, ledger_warm = [], [], [], [], []
    opened = Session.open(path)
    scrubbed = Rewound(opened, view, 7200)
    acks = AcksIndex(opened)
    points = 0
    for _ in range(seeks):
        t = opened.start_ms + rnd.randrange(max(1, opened.duration_ms))
        started = time.perf_counter()
        s = Session.open(path)
        image = s.image_at(t)
        cold_seek.append(time.perf_counter() - started)
        charts = Rewound(s, view, 7200)
        charts.to(t)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        AcksIndex(s).ledger_at(t)  # the ledger dock's first seek into a session reads every acknowledgement
        ledger_first.append(time.perf_counter() - started)
        points = charts.brokers.times.count
        assert image.time_ms <= t
        started = time.perf_counter()
        t2 = t + rnd.randrange(-5_000, 5_000)
        opened.image_at(t2)
        scrubbed.to(t2)
        warm.append(time.perf_counter() - started)
        started = time.perf_counter()
        acks.ledger_at(t2)
        ledger_warm.append(time.perf_counter() - started)
    print_figure(Figure("open + seek to a random instant + rebuild the rewound charts, "
                        "cold (reference: open + seek alone; goal ≤ 200 ms in all; lower is better)", "ms", "{:.0f}"),
                 statistics.median(cold) * 1000, statistics.median(cold_seek) * 1000)
    print(f"  cold open + seek + charts ({points:,} throughput points, 10 min of lag): median "
          f"{statistics.median(cold) * 1000:.0f} ms, max {max(cold) * 1000:.0f} ms (goal 200 ms); open + seek "
          f"alone: median {statistics.median(cold_seek) * 1000:.0f} ms; scrubbing within an open session (±5 s, "
          f"charts included): median {statistics.median(warm) * 1000:.1f} ms, max {max(warm) * 1000:.0f} ms",
          flush=True)
    print(f"  acks ledger ({len(opened.acks()):,} acknowledgement events recorded): the first seek into a session "
          f"(its last acks state line and what came after) median {statistics.median(ledger_first) * 1000:.0f} ms, max "
          f"{max(ledger_first) * 1000:.0f} ms; then at any instant median {statistics.median(ledger_warm) * 1000:.1f} ms, "
          f"max {max(ledger_warm) * 1000:.0f} ms", flush=True)
    fresh = Session.open(path)
    started = time.perf_counter()
    n_events = len(fresh.events(acks=False))
    print(f"listing all {n_events:,} events but the acknowledgements (the timeline's markers), a fresh session: "
          f"{(time.perf_counter() - started) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    sys.exit(main())
