"""bench/scale.py's load: a confluent-kafka producer in a process of its own (``python
bench/scale_load.py --producer``, the configuration as the first line of its stdin) sending ``rate``
records/s round-robin over every partition, and :func:`measure_load`, which runs it and measures the
engine's CPU and the acknowledged rate."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    REPO_ROOT,
    BenchError,
    cpu_seconds,
)
from scale_common import RECORD_BYTES, log  # noqa: E402

# --------------------------------------------------------------------------- load producer (child process)


def producer_main(cfg: dict[str, Any]) -> int:
    """Produce ``rate`` rec/s round-robin over ``layout`` until stdin closes; a JSON status line
    every 0.5 s: produced, delivered (produced − still queued), errors, this process's CPU."""
    from confluent_kafka import Producer

    errors = 0
    first_error = ""

    def on_delivery(err: Any, _msg: Any) -> None:
        nonlocal errors, first_error
        if err is not None:
            errors += 1
            first_error = first_error or str(err)

    p = Producer({"bootstrap.servers": cfg["bootstrap"], "acks": cfg["acks"], "linger.ms": 5,
                  "enable.idempotence": False, "queue.buffering.max.messages": 2_000_000,
                  "delivery.report.only.error": True, "on_delivery": on_delivery})
    targets = [(name, i) for name, n in cfg["layout"] for i in range(n)]
    value = b"v" * RECORD_BYTES
    rate = float(cfg["rate"])
    stop = threading.Event()

    def watch_stdin() -> None:
        sys.stdin.read()  # the parent closes stdin to stop the producer
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    produced = 0
    t0 = time.monotonic()
    next_report = t0
    k = 0
    n_targets = len(targets)
    produce, poll = p.produce, p.poll
    while not stop.is_set():
        now = time.monotonic()
        due = int((now - t0) * rate) - produced
        for _ in range(min(due, 20_000)):
            topic, part = targets[k]
            k = k + 1 if k + 1 < n_targets else 0
            try:
                produce(topic, value, partition=part)
            except BufferError:
                break
            produced += 1
        poll(0)
        if now >= next_report:
            cpu = os.times()
            print(json.dumps({"t": now, "produced": produced, "delivered": produced - len(p), "errors": errors,
                              "first_error": first_error, "cpu": cpu.user + cpu.system}), flush=True)
            next_report = now + 0.5
        time.sleep(0.002)
    p.flush(10)
    return 0


class LoadProducer:
    def __init__(self, bootstrap: str, layout: list[tuple[str, int]], rate: int, acks: str = "1") -> None:
        cfg = {"bootstrap": bootstrap, "layout": layout, "rate": rate, "acks": acks}
        self.proc = subprocess.Popen([sys.executable, __file__, "--producer"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT)
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cfg) + "\n")  # the configuration is the first line
        self.proc.stdin.flush()
        self.status: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, name="producer-status", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with contextlib.suppress(ValueError):
                status = json.loads(line)
                with self._lock:
                    self.status = status

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return dict(self.status)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@dataclass
class LoadResult:
    cpu_per_s: float
    acked_rate: float
    cpu_per_mrec: float
    errors: int
    producer_cpu_share: float


def measure_load(pid: int, bootstrap: str, layout: list[tuple[str, int]], rate: int, warmup: float, seconds: float,
                 acks: str = "1", during: Callable[[float], Any] = time.sleep,
                 sleep: Callable[[float], None] = time.sleep) -> tuple[LoadResult, Any]:
    """Run the producer; after ``warmup`` s measure engine CPU and acks over ``seconds`` while
    ``during(seconds)`` runs (the GUI passes its lag probe and an event-processing ``sleep``)."""
    prod = LoadProducer(bootstrap, layout, rate, acks)
    try:
        deadline = time.monotonic() + 30
        while not prod.snapshot():
            if prod.proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"the load producer sent no status (exit code {prod.proc.poll()})")
            sleep(0.05)
        sleep(warmup)
        s0, c0, t0 = prod.snapshot(), cpu_seconds(pid), time.monotonic()
        extra = during(seconds)
        s1, c1, t1 = prod.snapshot(), cpu_seconds(pid), time.monotonic()
        if prod.proc.poll() is not None or not s0 or not s1:
            raise BenchError(f"the load producer exited with code {prod.proc.returncode}")
        acked = (s1["delivered"] - s0["delivered"]) / max(s1["t"] - s0["t"], 1e-9)
        cpu_s = (c1 - c0) / (t1 - t0)
        share = (s1["cpu"] - s0["cpu"]) / max(s1["t"] - s0["t"], 1e-9)
        if s1["errors"]:
            log(f"  producer errors: {s1['errors']} (first: {s1['first_error']})")
        backlog = s1["produced"] - s1["delivered"]
        log(f"  load: asked {rate} rec/s, acknowledged {acked:,.0f} rec/s, {backlog} records queued at the end; "
            f"producer process used {share:.0%} of a core" + (" (SATURATED: the producer may be the limit)"
                                                              if share > 0.9 else ""))
        return LoadResult(cpu_s, acked, (c1 - c0) / max(acked * (t1 - t0) / 1e6, 1e-9), int(s1["errors"]), share), extra
    finally:
        prod.stop()



if __name__ == "__main__":
    if sys.argv[1:] != ["--producer"]:
        sys.exit("usage: scale_load.py --producer (the load producer of bench/scale.py)")
    sys.exit(producer_main(json.loads(sys.stdin.readline())))
