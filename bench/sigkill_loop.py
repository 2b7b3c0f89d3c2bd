"""SIGKILL loop: `kill -9` the whole engine again and again under an idempotent acks=all producer.

A `kafkalab serve --brokers 3 --data-dir D` child on fixed ports (so the producer's bootstrap list
stays valid across restarts) hosts a 3-partition topic with RF 3 and min.insync.replicas 2. One
confluent-kafka producer (enable.idempotence, acks=all) sends the integers 0, 1, 2 … to partition
n % 3 for the whole run. Each cycle waits until more records were acknowledged, kills the process
with SIGKILL, and starts it again on the same data dir. At the end every partition is read back:
every acknowledged record must be there exactly once, and each partition's values in order.

Figures (DESIGN.md format, one per line on stdout; progress on stderr):

    sigkill cycles: 100 cycles (reference: 100 cycles, ratio 1.00x)
    acknowledged records lost: 0 records (reference: 0 records, ratio n/a)
    acknowledged records duplicated: 0 records (reference: 0 records, ratio n/a)
    records out of order: 0 records (reference: 0 records, ratio n/a)
    restart after kill -9, median (lower is better): 1.9 s (reference: restart after a clean stop: 1.8 s, …)
    records acknowledged during the loop: 51234 records (reference: sent 51300 records, ratio 1.00x)

    .venv/bin/python bench/sigkill_loop.py [--cycles 100] [--acks-per-cycle 100]

The test suite runs the same loop with 10 cycles (tests/integration/test_sigkill_loop.py).
Exit code 0 only when nothing acknowledged was lost, duplicated or reordered.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

REPO_ROOT = Path(__file__).resolve().parent.parent
TOPIC = "sigkill-loop"
PARTITIONS = 3
QUIET = {"log_level": 2}


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port_block(n: int, host: str = "127.0.0.1") -> int:
    """A base port such that base … base+n-1 are free now (the engine binds base+i for broker i)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind((host, 0))
            base = s.getsockname()[1]
        if base + n >= 65535:
            continue
        socks = []
        try:
            for i in range(n):
                s = socket.socket()
                socks.append(s)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((host, base + i))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no block of {n} free ports")


class Engine:
    """A `kafkalab serve` child process on fixed ports and a persistent data dir."""

    def __init__(self, data_dir: Path, brokers: int, port: int, extra: list[str] | None = None) -> None:
        self.data_dir = data_dir
        self.argv = [sys.executable, "-m", "engine", "serve", "--brokers", str(brokers), "--port", str(port),
                     "--data-dir", str(data_dir), "--log-level", "WARNING", *(extra or [])]
        self.bootstrap = ",".join(f"127.0.0.1:{port + i}" for i in range(brokers))
        self.proc: subprocess.Popen[str] | None = None
        self.stderr_lines: list[str] = []

    def start(self, timeout: float = 60) -> float:
        """Start and wait for the READY line; returns the seconds it took."""
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True)
        proc = self.proc
        threading.Thread(target=self._drain_stderr, args=(proc,), daemon=True).start()
        assert proc.stdout is not None
        deadline = t0 + timeout
        for line in proc.stdout:
            if line.startswith("KAFKALAB READY"):
                threading.Thread(target=lambda: proc.stdout and proc.stdout.read(), daemon=True).start()
                return time.monotonic() - t0
            if time.monotonic() > deadline:
                break
        proc.kill()
        proc.wait()
        raise RuntimeError(f"engine did not start (exit {proc.returncode}):\n" + "".join(self.stderr_lines[-20:]))

    def _drain_stderr(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            self.stderr_lines.append(line)

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout: float = 30) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()


class LoopProducer(threading.Thread):
    """Idempotent acks=all producer of 0, 1, 2 … (value n goes to partition n % PARTITIONS)."""

    def __init__(self, bootstrap: str, rate_per_s: float) -> None:
        super().__init__(daemon=True, name="sigkill-loop-producer")
        self.producer = Producer({
            "bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 2,
            "message.timeout.ms": 120_000, "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500,
            "retry.backoff.ms": 50, "retry.backoff.max.ms": 500, **QUIET})
        self.interval = 1 / rate_per_s
        self.acked: list[int] = []
        self.errors: list[str] = []
        self.sent = 0
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def _done(self, err: KafkaError | None, msg) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            if err is not None:
                self.errors.append(err.name())
            else:
                self.acked.append(int(msg.value()))

    def run(self) -> None:
        next_at = time.monotonic()
        while not self._halt.is_set():
            try:
                self.producer.produce(TOPIC, value=str(self.sent).encode(), partition=self.sent % PARTITIONS,
                                      on_delivery=self._done)
                self.sent += 1
            except BufferError:
                pass
            self.producer.poll(0)
            next_at += self.interval
            delay = next_at - time.monotonic()
            if delay > 0:
                self._halt.wait(delay)
            else:
                next_at = time.monotonic()
        self.producer.flush(120)

    def acked_count(self) -> int:
        with self._lock:
            return len(self.acked)

    def stop(self) -> None:
        self._halt.set()
        self.join(150)


@dataclass
class LoopResult:
    cycles: int = 0
    sent: int = 0
    acked: int = 0
    lost: int = 0
    duplicated: int = 0
    reordered: int = 0
    producer_errors: list[str] = field(default_factory=list)
    restart_after_kill_s: list[float] = field(default_factory=list)
    restart_after_stop_s: list[float] = field(default_factory=list)
    stderr_lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.reordered == 0


def _wait(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.02)


def read_back(bootstrap: str, timeout: float = 60) -> dict[int, list[int]]:
    """Every value of every partition, in offset order."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "sigkill-loop-check", "enable.auto.commit": False,
                  "enable.partition.eof": True, "fetch.queue.backoff.ms": 10, **QUIET})
    out: dict[int, list[int]] = {p: [] for p in range(PARTITIONS)}
    try:
        c.assign([TopicPartition(TOPIC, p, -2) for p in range(PARTITIONS)])
        at_end: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(at_end) < PARTITIONS:
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out reading back ({sum(map(len, out.values()))} records)")
            for m in c.consume(5000, 0.2):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        at_end.add(m.partition())
                    continue
                out[m.partition()].append(int(m.value()))
    finally:
        c.close()
    return out


def check(acked: list[int], log: dict[int, list[int]], result: LoopResult) -> None:
    values = [v for vs in log.values() for v in vs]
    present = set(values)
    result.duplicated = len(values) - len(present)
    result.lost = len(set(acked) - present)
    result.reordered = sum(1 for vs in log.values() for a, b in zip(vs, vs[1:], strict=False) if b <= a)
    result.reordered += sum(1 for p, vs in log.items() for v in vs if v % PARTITIONS != p)


def run_sigkill_loop(cycles: int, data_dir: Path, *, acks_per_cycle: int = 50, rate_per_s: float = 1000,
                     clean_restarts: int = 0, cycle_timeout: float = 60) -> LoopResult:
    """Run ``cycles`` kill -9 / restart cycles; then ``clean_restarts`` clean stop / start cycles
    (the reference restart time); then read everything back and check it."""
    result = LoopResult()
    engine = Engine(data_dir, 3, free_port_block(3))
    engine.start()
    producer: LoopProducer | None = None
    try:
        admin = AdminClient({"bootstrap.servers": engine.bootstrap, **QUIET})
        admin.create_topics([NewTopic(TOPIC, PARTITIONS, 3, config={"min.insync.replicas": "2"})])[TOPIC].result(30)
        producer = LoopProducer(engine.bootstrap, rate_per_s)
        producer.start()
        for cycle in range(cycles):
            target = producer.acked_count() + acks_per_cycle
            _wait(lambda t=target: producer.acked_count() >= t, cycle_timeout,  # type: ignore[misc]
                  f"{acks_per_cycle} acknowledgements in cycle {cycle + 1}")
            engine.kill9()
            result.restart_after_kill_s.append(engine.start())
            result.cycles += 1
            if (cycle + 1) % 10 == 0:
                _say(f"[sigkill] {cycle + 1}/{cycles} cycles, {producer.acked_count()} acked, "
                     f"restart {result.restart_after_kill_s[-1]:.2f}s")
        for _ in range(clean_restarts):
            target = producer.acked_count() + acks_per_cycle
            _wait(lambda t=target: producer.acked_count() >= t, cycle_timeout, "acknowledgements")  # type: ignore[misc]
            engine.stop()
            result.restart_after_stop_s.append(engine.start())
        target = producer.acked_count() + acks_per_cycle
        _wait(lambda t=target: producer.acked_count() >= t, cycle_timeout, "acknowledgements after the last restart")
        producer.stop()
        result.sent, result.acked = producer.sent, producer.acked_count()
        result.producer_errors = sorted(set(producer.errors))
        check(producer.acked, read_back(engine.bootstrap), result)
    finally:
        if producer is not None and producer.is_alive():
            producer.stop()
        engine.stop()
        result.stderr_lines = engine.stderr_lines
    return result


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import Figure, print_figure

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=100)
    ap.add_argument("--acks-per-cycle", type=int, default=100)
    ap.add_argument("--clean-restarts", type=int, default=5, help="clean stop/start cycles for the reference")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kafkalab-sigkill-") as tmp:
        t0 = time.monotonic()
        r = run_sigkill_loop(args.cycles, Path(tmp) / "data", acks_per_cycle=args.acks_per_cycle,
                             clean_restarts=args.clean_restarts)
        _say(f"[sigkill] done in {time.monotonic() - t0:.0f}s; producer errors seen: {r.producer_errors or 'none'}")
    count = Figure("", "records", "{:.0f}", ratio=False)
    print_figure(Figure("sigkill cycles", "cycles"), r.cycles, args.cycles)
    for name, value in (("acknowledged records lost", r.lost), ("acknowledged records duplicated", r.duplicated),
                        ("records out of order", r.reordered)):
        count.name = name
        print_figure(count, value, 0)
    kill = statistics.median(r.restart_after_kill_s) if r.restart_after_kill_s else None
    stop = statistics.median(r.restart_after_stop_s) if r.restart_after_stop_s else None
    print(f"restart after kill -9, median (lower is better): {kill:.2f} s (reference: restart after a clean stop: "
          f"{stop:.2f} s, ratio {kill / stop:.2f}x)" if kill and stop else
          f"restart after kill -9, median (lower is better): {kill} s (reference: n/a (not run), ratio n/a)",
          flush=True)
    print_figure(Figure("records acknowledged during the loop", "records"), r.acked, r.sent)
    return 0 if r.ok and r.cycles == args.cycles else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
