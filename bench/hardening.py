"""Hardening benchmarks (`make bench`): the engine's memory under hostile and idle clients.

- engine RSS at its peak during a protocol fuzz run (the frames of
  tests/integration/test_protocol_fuzz.py: valid requests of every API and version, mutated, sent
  by six raw sockets) — reference: the same engine idle just before;
- engine RSS with 2,000 idle client connections (each answered one ApiVersions request, so the
  broker has accepted it) — reference: the same engine idle just before.

Each line: ``name: value unit (reference: value unit, ratio x)``; lower is better.
"""

from __future__ import annotations

import argparse
import queue
import socket
import struct
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._harness import (  # noqa: E402
    BenchError,
    BrokerProcess,
    Failed,
    Figure,
    create_topic,
    print_figure,
    short_error,
    start_engine,
    wait_until,
)

FUZZ_FIGURE = Figure("engine peak RSS during a protocol fuzz run (lower is better)", "MiB", "{:.0f}")
API_VERSIONS_V0 = struct.pack(">ihhih", 10 + len(b"bench"), 18, 0, 1, len(b"bench")) + b"bench"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError("no VmRSS")


class PeakRss:
    """Samples a process's RSS every 20 ms on a thread; ``peak`` is the largest seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = rss_mib(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            try:
                self.peak = max(self.peak, rss_mib(self.pid))
            except OSError:
                return

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(2)
        return self.peak


def fuzz_peak_rss(engine: BrokerProcess, frames: int) -> tuple[float, int, float]:
    """(peak RSS MiB, frames sent, seconds) for ``frames`` fuzz frames."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from tests.integration.test_protocol_fuzz import (
        FRAMES_PER_EXAMPLE,
        SENDERS,
        VARIANTS,
        Stats,
        fuzz_frames,
        send_frames,
    )

    host, port = engine.bootstrap.rsplit(":", 1)
    stats = Stats()
    work: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=4 * FRAMES_PER_EXAMPLE)
    senders = [threading.Thread(target=send_frames, args=(host, int(port), work, stats), daemon=True)
               for _ in range(SENDERS)]
    sampler = PeakRss(engine.pid)
    started = time.monotonic()
    for t in senders:
        t.start()

    @settings(max_examples=-(-frames // FRAMES_PER_EXAMPLE), deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.lists(fuzz_frames(), min_size=FRAMES_PER_EXAMPLE // VARIANTS, max_size=FRAMES_PER_EXAMPLE // VARIANTS))
    def fuzz(groups: list[list[tuple[str, bytes]]]) -> None:
        for group in groups:
            for item in group:
                work.put(item, timeout=120)

    try:
        fuzz()
        work.join()
    finally:
        for _ in senders:
            work.put(None)
        for t in senders:
            t.join(30)
    elapsed = time.monotonic() - started
    peak = sampler.stop()
    if not engine.alive():
        raise BenchError(f"the engine died during the fuzz run (exit code {engine.proc.returncode})")
    return peak, stats.sent, elapsed


def idle_connections_rss(engine: BrokerProcess, count: int) -> float:
    host, port = engine.bootstrap.rsplit(":", 1)
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.create_connection((host, int(port)), timeout=30)
            s.sendall(API_VERSIONS_V0)
            socks.append(s)
        for s in socks:  # every connection answered once: the broker holds all of them
            size = struct.unpack(">i", _read(s, 4))[0]
            _read(s, size)
        return rss_mib(engine.pid)
    finally:
        for s in socks:
            s.close()


def _read(s: socket.socket, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise BenchError("the broker closed an idle connection")
        data += chunk
    return bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=20_000, help="fuzz frames to send")
    parser.add_argument("--connections", type=int, default=2000, help="idle connections to open")
    args = parser.parse_args(argv)
    ok = True
    engine = start_engine(brokers=1, extra_args=["--log-level", "WARNING", "--config", "auto.create.topics.enable=false",
                                                 "--config", "lab.max.partitions.per.topic=4"])
    try:
        for topic in ("fuzz-a", "fuzz-b"):
            create_topic(engine.bootstrap, topic, partitions=2)
        wait_until(engine.alive, 5, "the engine")
        idle = rss_mib(engine.pid)
        print(f"idle engine: {idle:.0f} MiB", file=sys.stderr)
        try:
            peak, sent, seconds = fuzz_peak_rss(engine, args.frames)
            print(f"fuzz: {sent} frames in {seconds:.1f}s", file=sys.stderr)
            print_figure(FUZZ_FIGURE, peak, idle)
        except Exception as e:  # noqa: BLE001 - a failed figure is printed, the next one still runs
            ok = False
            print_figure(FUZZ_FIGURE, Failed(short_error(e)), idle)
    finally:
        engine.stop()
    idle_figure = Figure(f"engine RSS with {args.connections:,} idle connections (lower is better)", "MiB", "{:.0f}")
    engine = start_engine(brokers=1, extra_args=["--log-level", "WARNING"])
    try:
        idle = rss_mib(engine.pid)
        try:
            print_figure(idle_figure, idle_connections_rss(engine, args.connections), idle)
        except Exception as e:  # noqa: BLE001
            ok = False
            print_figure(idle_figure, Failed(short_error(e)), idle)
    finally:
        engine.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
