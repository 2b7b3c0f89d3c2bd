"""Raw broker ceiling: pre-built Produce and Fetch requests replayed over several connections,
with no Kafka client library in the way. The engine against Tansu, same requests, same run.

Workload:

- one topic with ``--partitions`` partitions (default: one per connection), RF 1, created with the
  AdminClient;
- one record batch (magic v2, no compression, ``--batch-bytes`` ≈ 1 MiB of 100-byte records with
  no key, CRC32C computed once) wrapped in one Produce request per partition (``acks=1``, the newest
  Produce version both brokers accept, at most v12), built once and written again and again;
- ``--connections`` TCP connections from ``--load-procs`` separate load processes, each connection
  pipelined with ``--in-flight`` requests outstanding, until ``--records`` have been acknowledged;
- then one Fetch request per produced batch (the newest version both accept, at most v16,
  ``partition_max_bytes`` = one batch, as a consumer with ``max.partition.fetch.bytes`` = 1 MiB
  reading 1 MiB batches), all built before the phase starts, replayed the same way.

Checks: every Produce response has error code 0 on every partition; the Fetch responses have no
error codes and the distinct batches fetched hold exactly the produced record count.

Figures (one line each, ``name: value unit (reference: value unit, ratio x)``, reference = Tansu):
``raw produce rate``, ``raw produce broker CPU (lower is better)`` (s per 10^6 records),
``raw fetch rate``, ``raw fetch bandwidth`` (GB/s of record-batch bytes, 10^9),
``raw fetch broker CPU (lower is better)``, ``raw errors``.

The load processes report their own CPU time; stderr says when one used more than 90% of a
core during a phase (then it, not the broker, may have been the limit).

    .venv/bin/python bench/raw.py [--records N] [--connections N] [--only engine|tansu]
"""

from __future__ import annotations

import argparse
import sys
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
    engine_available,
    print_figure,
    short_error,
)
from raw_replay import ConnPlan, Worker, worker_main  # noqa: E402
from raw_wire import (  # noqa: E402
    FETCH,
    FETCH_MAX,
    FETCH_MIN,
    PRODUCE,
    PRODUCE_MAX,
    PRODUCE_MIN,
    RECORD_BYTES,
    api_versions,
    build_batch,
    pick_version,
    topic_id,
)

TARGETS = ("engine", "tansu")
SATURATED = 0.90  # a load process using more than this share of one core may be the limit

# --------------------------------------------------------------------------- driver


@dataclass
class PhaseResult:
    records: int = 0
    seconds: float = 0.0
    broker_cpu: float = 0.0
    bytes: int = 0
    errors: int = 0
    responses: int = 0
    client_cpu: list[float] = field(default_factory=list)  # per load process, CPU s / wall s

    @property
    def rec_s(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_per_mrec(self) -> float:
        return self.broker_cpu / (self.records / 1e6) if self.records else 0.0

    @property
    def gb_s(self) -> float:
        return self.bytes / self.seconds / 1e9 if self.seconds > 0 else 0.0



def plan_connections(batches: int, connections: int, partitions: int) -> list[ConnPlan]:
    return [ConnPlan(partition=c % partitions, batches=batches // connections + (1 if c < batches % connections else 0))
            for c in range(connections)]


@dataclass
class TargetResult:
    produce: PhaseResult | Failed | None = None
    fetch: PhaseResult | Failed | None = None
    failure: str = ""


def run_target(name: str, args: argparse.Namespace, log: Callable[[str], None]) -> TargetResult:
    res = TargetResult()
    if name == "engine" and not engine_available():
        res.failure = "engine/cli/serve.py does not exist yet"
        return res
    try:
        broker = STARTERS[name]()
    except (BenchError, OSError) as e:
        log(f"[{name}] start failed: {e}")
        res.failure = f"start: {short_error(e)}"
        return res
    log(f"[{name}] pid {broker.pid} on {broker.bootstrap}, {broker.settle_note}")
    workers: list[Worker] = []
    try:
        topic = f"bench-raw-{uuid.uuid4().hex[:8]}"
        create_topic(broker.bootstrap, topic, partitions=args.partitions, replication=1)
        versions = api_versions(broker.bootstrap)
        pv = pick_version(versions, PRODUCE, PRODUCE_MIN, PRODUCE_MAX)
        fv = pick_version(versions, FETCH, FETCH_MIN, FETCH_MAX)
        tid = topic_id(broker.bootstrap, topic)
        _batch, per_batch = build_batch(args.batch_bytes)
        n_batches = max(1, -(-args.records // per_batch))
        plans = plan_connections(n_batches, args.connections, args.partitions)
        log(f"[{name}] Produce v{pv}, Fetch v{fv}; {n_batches} batches x {per_batch} records "
            f"({len(_batch)} B) over {args.connections} connections x {args.in_flight} in flight, "
            f"{args.partitions} partitions, {args.load_procs} load process(es)")
        base_cfg = {"bootstrap": broker.bootstrap, "topic": topic, "topic_id": str(tid), "produce_version": pv,
                    "fetch_version": fv, "batch_bytes": args.batch_bytes, "now_ms": int(time.time() * 1000),
                    "in_flight": args.in_flight, "timeout": args.phase_timeout}
        for k in range(args.load_procs):
            mine = [vars(p) for i, p in enumerate(plans) if i % args.load_procs == k]
            if mine:
                workers.append(Worker({**base_cfg, "connections": mine}))
        for w in workers:
            w.receive(60)
        res.produce = _phase(name, "produce", broker, workers, args, log)
        if isinstance(res.produce, PhaseResult) and res.produce.records:
            res.fetch = _phase(name, "fetch", broker, workers, args, log)
            if isinstance(res.fetch, PhaseResult) and res.fetch.records != res.produce.records:
                log(f"[{name}] fetch CHECK FAILED: fetched {res.fetch.records} distinct records, "
                    f"produced {res.produce.records}")
                res.fetch.errors += abs(res.produce.records - res.fetch.records)
        else:
            res.fetch = Failed("nothing produced")
    except (BenchError, OSError) as e:
        log(f"[{name}] FAILED: {e}")
        res.failure = short_error(e)
    finally:
        for w in workers:
            w.stop()
        code = broker.stop()
        log(f"[{name}] stopped (exit code {code})")
    return res


def _phase(name: str, phase: str, broker: BrokerProcess, workers: list[Worker], args: argparse.Namespace,
           log: Callable[[str], None]) -> PhaseResult | Failed:
    cpu0 = broker.cpu_seconds()
    for w in workers:
        w.send(phase)
    try:
        results = [w.receive(args.phase_timeout + 30) for w in workers]
    except BenchError as e:
        log(f"[{name}] {phase} FAILED: {e}")
        return Failed(short_error(e))
    cpu1 = broker.cpu_seconds()
    failures = [r["failure"] for r in results if r["failure"]]
    if failures:
        tail = "" if broker.alive() else f"\n{broker.output_tail()}"
        log(f"[{name}] {phase} FAILED: {failures[0]}{tail}")
        return Failed(failures[0])
    ph = PhaseResult(records=sum(r["records"] for r in results),
                     seconds=max(r["t1"] for r in results) - min(r["t0"] for r in results),
                     broker_cpu=cpu1 - cpu0, bytes=sum(r.get("bytes", 0) for r in results),
                     errors=sum(r["errors"] for r in results), responses=sum(r.get("responses", 0) for r in results),
                     client_cpu=[r["cpu"] / max(r["t1"] - r["t0"], 1e-9) for r in results])
    first = next((r["first_error"] for r in results if r["first_error"]), "")
    log(f"[{name}] {phase}: {ph.records} records in {ph.seconds:.2f}s = {ph.rec_s:,.0f} rec/s, "
        f"broker CPU {ph.broker_cpu:.2f}s ({ph.broker_cpu / ph.seconds:.0%} of a core), errors {ph.errors}"
        + (f" (first: {first})" if first else "")
        + (f", {ph.gb_s:.2f} GB/s, {ph.bytes / max(ph.responses, 1) / 1e6:.2f} MB per response"
           if ph.bytes else ""))
    if "fetch_limit" in results[0]:
        log(f"[{name}] fetch requests ask for partition_max_bytes = max_bytes = {results[0]['fetch_limit']} "
            "(one batch per response)")
    for i, share in enumerate(ph.client_cpu):
        verdict = ("SATURATED: this load process, not the broker, may have been the limit"
                   if share > SATURATED else "not saturated")
        log(f"[{name}] {phase}: load process {i} used {share:.0%} of a core ({verdict})")
    return ph


def _value(res: TargetResult | None, phase: str, get: Callable[[PhaseResult], float]) -> Value:
    if res is None:
        return None
    ph = getattr(res, phase)
    if isinstance(ph, PhaseResult):
        return get(ph)
    if isinstance(ph, Failed):
        return ph
    return Failed(res.failure or "not reached")


def _errors(res: TargetResult | None) -> Value:
    if res is None:
        return None
    done = [p for p in (res.produce, res.fetch) if isinstance(p, PhaseResult)]
    if not done:
        return Failed(res.failure or "no phase completed")
    return sum(p.errors for p in done)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--records", type=int, default=10_000_000, help="records to produce, then fetch (default 10000000)")
    ap.add_argument("--connections", type=int, default=4, help="TCP connections (default 4)")
    ap.add_argument("--in-flight", type=int, default=4, help="requests outstanding per connection (default 4)")
    ap.add_argument("--partitions", type=int, default=0, help="topic partitions (default: one per connection)")
    ap.add_argument("--load-procs", type=int, default=1, help="load processes sharing the connections (default 1)")
    ap.add_argument("--batch-bytes", type=int, default=1_048_576, help="record batch size (default 1 MiB)")
    ap.add_argument("--only", choices=TARGETS, help="run one target only (the other side prints n/a)")
    ap.add_argument("--phase-timeout", type=float, default=120.0, help="abort a phase after this many s")
    args = ap.parse_args(argv)
    if args.worker:
        return worker_main()
    if args.connections < 1 or args.in_flight < 1 or args.load_procs < 1 or args.records < 1:
        ap.error("--records, --connections, --in-flight and --load-procs must be at least 1")
    args.partitions = args.partitions or args.connections
    if not 1 <= args.partitions <= args.connections:
        ap.error("--partitions must be between 1 and --connections")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    targets = [args.only] if args.only else list(TARGETS)
    log(f"raw: {args.records} records of {RECORD_BYTES} B in {args.batch_bytes} B batches, "
        f"targets {', '.join(targets)}")
    results = {t: run_target(t, args, log) for t in targets}
    eng, ref = results.get("engine"), results.get("tansu")
    figures: list[tuple[Figure, str, Callable[[PhaseResult], float]]] = [
        (Figure("raw produce rate", "rec/s"), "produce", lambda p: p.rec_s),
        (Figure("raw produce broker CPU (lower is better)", "s/Mrec", "{:.3f}"), "produce", lambda p: p.cpu_per_mrec),
        (Figure("raw fetch rate", "rec/s"), "fetch", lambda p: p.rec_s),
        (Figure("raw fetch bandwidth", "GB/s", "{:.2f}"), "fetch", lambda p: p.gb_s),
        (Figure("raw fetch broker CPU (lower is better)", "s/Mrec", "{:.3f}"), "fetch", lambda p: p.cpu_per_mrec),
    ]
    ok = True
    for fig, phase, get in figures:
        ev, rv = _value(eng, phase, get), _value(ref, phase, get)
        print_figure(fig, ev, rv)
        ok = ok and not any(isinstance(v, Failed) for v in (ev, rv))
    err_fig = Figure("raw errors (error codes + records missing from the fetch)", "records", "{:d}", ratio=False)
    ev, rv = _errors(eng), _errors(ref)
    print_figure(err_fig, ev, rv)
    ok = ok and all(v in (None, 0) for v in (ev, rv))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
