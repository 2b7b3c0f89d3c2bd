"""Produce/consume throughput and broker CPU cost: the engine against Tansu, same client, same run.

Workload (DESIGN.md, "Benchmarks"): 100-byte records, confluent-kafka producer with linger.ms=5,
batch.size=1 MiB, acks=1, into a 1-partition RF1 topic; then the same records read back with
``assign()`` (offset 0) and with ``subscribe()`` (a fresh group), consumers with
``fetch.queue.backoff.ms=10``. Each target broker runs alone (started, measured, stopped in turn).

Output: one line per figure, ``name: value unit (reference: value unit, ratio x)``; the reference
is Tansu, ratio = engine / Tansu. Plus one line with the disk's own append+fsync rate.
Progress goes to stderr. Exit code 0 only when every figure of every requested target was measured
and no client error was seen.

    .venv/bin/python bench/produce_consume.py [--records N] [--only engine|tansu]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    STARTERS,
    BenchError,
    BrokerProcess,
    Failed,
    Figure,
    Value,
    create_topic,
    disk_append_fsync_mb_s,
    engine_available,
    print_figure,
    short_error,
)

RECORD_BYTES = 100
WARMUP_FRACTION = 0.05  # rates are timed from the record at 5% of N to the last one
TARGETS = ("engine", "tansu")  # measured, reference


def producer_conf(bootstrap: str) -> dict[str, object]:
    return {
        "bootstrap.servers": bootstrap,
        "linger.ms": 5,
        "batch.size": 1_048_576,
        "batch.num.messages": 100_000,
        "queue.buffering.max.messages": 1_000_000,
        "acks": 1,
        "enable.idempotence": False,
    }


def consumer_conf(bootstrap: str, group: str) -> dict[str, object]:
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "auto.offset.reset": "earliest",
        # librdkafka's default (1000 ms) sleeps whenever queued.min.messages are buffered,
        # which would measure the client's pause instead of the broker.
        "fetch.queue.backoff.ms": 10,
    }


@dataclass
class Phase:
    """One measured phase: records, timed window (warm-up excluded), broker CPU over the whole phase."""

    records: int = 0
    window_records: int = 0
    window_seconds: float = 0.0
    total_seconds: float = 0.0
    cpu_seconds: float = 0.0
    errors: int = 0
    first_error: str = ""
    first_record_seconds: float = 0.0  # from subscribe()/assign() to the first record

    @property
    def rec_s(self) -> float:
        if self.window_records > 0 and self.window_seconds > 0:
            return self.window_records / self.window_seconds
        return self.records / self.total_seconds if self.total_seconds > 0 else 0.0

    @property
    def mb_s(self) -> float:
        return self.rec_s * RECORD_BYTES / 1e6

    @property
    def cpu_s_per_mrec(self) -> float:
        return self.cpu_seconds / (self.records / 1e6) if self.records else 0.0


def produce_phase(broker: BrokerProcess, topic: str, n: int, timeout: float) -> Phase:
    from confluent_kafka import Producer

    ph = Phase()
    warm = max(1, int(n * WARMUP_FRACTION))
    marks: dict[str, float] = {}
    delivered = 0

    def on_delivery(err: object, msg: object) -> None:
        nonlocal delivered
        if err is not None:
            ph.errors += 1
            if not ph.first_error:
                ph.first_error = str(err)
            return
        delivered += 1
        if delivered == warm:
            marks["start"] = time.perf_counter()
        elif delivered == n:
            marks["end"] = time.perf_counter()

    value = b"v" * RECORD_BYTES
    deadline = time.monotonic() + timeout
    cpu0 = broker.cpu_seconds()
    t0 = time.perf_counter()
    p = Producer({**producer_conf(broker.bootstrap), "on_delivery": on_delivery})
    try:
        produce, poll = p.produce, p.poll
        for i in range(n):
            while True:
                try:
                    produce(topic, value, partition=0)
                    break
                except BufferError:
                    poll(0.01)
                    if time.monotonic() > deadline:
                        raise BenchError(f"produce timed out after {timeout:g}s ({i} sent)") from None
            poll(0)
            if not i & 0x3FFF and time.monotonic() > deadline:
                raise BenchError(f"produce timed out after {timeout:g}s ({i} sent)")
        left = p.flush(max(0.0, deadline - time.monotonic()))
        t1 = time.perf_counter()
        ph.cpu_seconds = broker.cpu_seconds() - cpu0
        if left:
            raise BenchError(f"produce timed out after {timeout:g}s: {left} records not delivered")
    except BaseException:
        p.purge()  # drop queued/in-flight records so destroying the producer cannot wait on them
        p.poll(0)
        raise
    ph.records = delivered
    ph.total_seconds = t1 - t0
    if "start" in marks and "end" in marks:
        ph.window_records = n - warm
        ph.window_seconds = marks["end"] - marks["start"]
    return ph


def consume_phase(broker: BrokerProcess, topic: str, n: int, mode: str, timeout: float) -> Phase:
    from confluent_kafka import Consumer, TopicPartition

    ph = Phase()
    warm = max(1, int(n * WARMUP_FRACTION))
    group = f"bench-{mode}-{uuid.uuid4().hex[:8]}"
    conf = consumer_conf(broker.bootstrap, group)
    if mode == "assign":
        conf["enable.auto.commit"] = False
    deadline = time.monotonic() + timeout
    cpu0 = broker.cpu_seconds()
    c = Consumer(conf)
    try:
        t0 = time.perf_counter()
        if mode == "assign":
            c.assign([TopicPartition(topic, 0, 0)])
        else:
            c.subscribe([topic])
        seen = 0
        start_count = 0
        t_start = t_first = 0.0
        consume = c.consume
        while seen < n:
            if time.monotonic() > deadline:
                raise BenchError(f"consume ({mode}) timed out after {timeout:g}s ({seen}/{n} records)")
            msgs = consume(num_messages=10_000, timeout=1)
            if not msgs:
                continue
            bad = [m for m in msgs if m.error() is not None]
            if bad:
                ph.errors += len(bad)
                if not ph.first_error:
                    ph.first_error = str(bad[0].error())
            if not t_first:
                t_first = time.perf_counter()
            seen += len(msgs) - len(bad)
            if not t_start and seen >= warm:
                t_start = time.perf_counter()
                start_count = seen
        t1 = time.perf_counter()
        ph.cpu_seconds = broker.cpu_seconds() - cpu0
    finally:
        close_within(c.close, 15.0)
    ph.records = seen
    ph.total_seconds = t1 - t0
    ph.first_record_seconds = t_first - t0
    ph.window_records = seen - start_count
    ph.window_seconds = t1 - t_start
    return ph


def close_within(close: Callable[[], None], timeout: float) -> None:
    """Run ``close`` (may block on a hung broker) in a daemon thread; give up after ``timeout``."""
    t = threading.Thread(target=close, name="bench-close", daemon=True)
    t.start()
    t.join(timeout)


@dataclass
class TargetResult:
    phases: dict[str, Phase | Failed] = field(default_factory=dict)
    failure: str = ""  # broker did not start, topic creation failed, ...


PHASES = ("produce", "assign", "subscribe")


def run_target(name: str, n: int, timeout: float, log: Callable[[str], None]) -> TargetResult:
    res = TargetResult()
    if name == "engine" and not engine_available():
        res.failure = "engine/serve.py does not exist yet"
        return res
    try:
        broker = STARTERS[name]()
    except (BenchError, OSError) as e:
        log(f"[{name}] start failed: {e}")
        res.failure = f"start: {short_error(e)}"
        return res
    log(f"[{name}] pid {broker.pid} on {broker.bootstrap}, {broker.settle_note}")
    topic = f"bench-pc-{uuid.uuid4().hex[:8]}"
    try:
        create_topic(broker.bootstrap, topic, partitions=1, replication=1)
        for phase in PHASES:
            try:
                if phase == "produce":
                    ph = produce_phase(broker, topic, n, timeout)
                else:
                    produced = res.phases.get("produce")
                    if not isinstance(produced, Phase):
                        raise BenchError("nothing produced")
                    ph = consume_phase(broker, topic, produced.records, phase, timeout)
            except Exception as e:  # a failed phase is reported, the run goes on
                tail = "" if broker.alive() else f"\n{broker.output_tail()}"
                log(f"[{name}] {phase} FAILED: {e}{tail}")
                res.phases[phase] = Failed(short_error(e))
                continue
            res.phases[phase] = ph
            log(
                f"[{name}] {phase}: {ph.records} records in {ph.total_seconds:.2f}s, "
                f"{ph.rec_s:.0f} rec/s, broker CPU {ph.cpu_seconds:.2f}s, errors {ph.errors}"
                + (f" (first: {ph.first_error})" if ph.first_error else "")
            )
    except (BenchError, OSError) as e:
        log(f"[{name}] FAILED: {e}")
        res.failure = short_error(e)
    finally:
        code = broker.stop()
        log(f"[{name}] stopped (exit code {code})")
    return res


def _value(res: TargetResult | None, phase: str, get: Callable[[Phase], float]) -> Value:
    if res is None:
        return None
    ph = res.phases.get(phase)
    if isinstance(ph, Phase):
        return get(ph)
    if isinstance(ph, Failed):
        return ph
    return Failed(res.failure or "not reached")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000,
                    help="records per phase (default 1000000; shorter windows are noisy on 2 cores)")
    ap.add_argument("--only", choices=TARGETS, help="run one target only (the other side prints n/a)")
    ap.add_argument("--phase-timeout", type=float, default=120.0, help="abort a phase after this many s")
    args = ap.parse_args(argv)
    n = args.records

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    targets = [args.only] if args.only else list(TARGETS)
    log(f"produce_consume: {n} records x {RECORD_BYTES} B per phase, targets {', '.join(targets)}")
    results: dict[str, TargetResult] = {t: run_target(t, n, args.phase_timeout, log) for t in targets}
    eng, ref = results.get("engine"), results.get("tansu")

    figures: list[tuple[Figure, str, Callable[[Phase], float]]] = [
        (Figure("produce rate", "rec/s"), "produce", lambda p: p.rec_s),
        (Figure("produce bandwidth", "MB/s", "{:.1f}"), "produce", lambda p: p.mb_s),
        (Figure("consume assign rate", "rec/s"), "assign", lambda p: p.rec_s),
        (Figure("consume assign bandwidth", "MB/s", "{:.1f}"), "assign", lambda p: p.mb_s),
        (Figure("consume subscribe rate", "rec/s"), "subscribe", lambda p: p.rec_s),
        (Figure("consume subscribe bandwidth", "MB/s", "{:.1f}"), "subscribe", lambda p: p.mb_s),
        (Figure("consume subscribe time to first record (lower is better)", "s", "{:.2f}"),
         "subscribe", lambda p: p.first_record_seconds),
        (Figure("broker CPU produce (lower is better)", "s/Mrec", "{:.2f}"),
         "produce", lambda p: p.cpu_s_per_mrec),
        (Figure("broker CPU consume assign (lower is better)", "s/Mrec", "{:.2f}"),
         "assign", lambda p: p.cpu_s_per_mrec),
        (Figure("broker CPU consume subscribe (lower is better)", "s/Mrec", "{:.2f}"),
         "subscribe", lambda p: p.cpu_s_per_mrec),
        (Figure("produce delivery errors", "records", ratio=False), "produce", lambda p: p.errors),
        (Figure("consume errors (assign + subscribe)", "records", ratio=False), "", lambda p: p.errors),
    ]  # fmt: skip
    ok = True
    for fig, phase, get in figures:
        if phase:
            ev, rv = _value(eng, phase, get), _value(ref, phase, get)
        else:  # summed over both consume phases
            ev, rv = (_sum_errors(r) for r in (eng, ref))
        print_figure(fig, ev, rv)
        for v in (ev, rv):
            if isinstance(v, Failed) or (fig.unit == "records" and isinstance(v, int) and v):
                ok = False

    data_dir = tempfile.gettempdir()  # where `serve --temp` keeps its segments
    try:
        mb_s = disk_append_fsync_mb_s(data_dir, total_bytes=n * RECORD_BYTES)
        print(
            f"disk append+fsync (1 MB chunks of 100 B records, fsync each, {data_dir}): {mb_s:.1f} MB/s "
            f"(reference: the disk's own ceiling for durable appends = {mb_s * 1e6 / RECORD_BYTES:.0f} rec/s)",
            flush=True,
        )
    except OSError as e:
        print(f"disk append+fsync ({data_dir}): FAILED ({short_error(e)})", flush=True)
        ok = False
    return 0 if ok else 1


def _sum_errors(res: TargetResult | None) -> Value:
    if res is None:
        return None
    phases = [res.phases.get(p) for p in ("assign", "subscribe")]
    done = [p for p in phases if isinstance(p, Phase)]
    if not done:
        return Failed(res.failure or "no consume phase completed")
    return sum(p.errors for p in done)


if __name__ == "__main__":
    sys.exit(main())
