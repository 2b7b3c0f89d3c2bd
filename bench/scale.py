"""Scale: a 3-broker engine hosting many partitions (default 3,000, RF 3), against the same engine
hosting 30 partitions (the reference), measured in the same run.

For each size the engine is started with ``python -m engine serve --brokers 3 --port 0 --temp
--control-port 0`` and the partitions are created through the AdminClient (topics of
``--partitions-per-topic`` partitions, ``--topics-per-request`` topics per CreateTopics request).
Then, in this order:

(a) idle: engine CPU (utime+stime of the whole engine process, all 3 brokers and the controller)
    per second of wall time, with nobody connected; then the same with one control-channel client
    attached (what the GUI does: the engine snapshots its state for it up to 10×/s);
(b) load: a confluent-kafka producer in a separate process sends ``--rate`` records/s (100-byte
    values, ``--acks`` (default 1), linger.ms=5) round-robin over every partition; engine CPU per
    second and per million acknowledged records, and the acknowledged rate;
(c) metadata changes: ``--elections`` single-partition changes (CreatePartitions +1, round-robin
    over the topics, one at a time: controller commit → every broker applied → response), timed one by one,
    and the engine CPU they cost; then broker 2 is crashed and started again through the control
    channel; the time until every partition's ISR holds 3 replicas again (one ISR expansion per
    partition, each an AlterPartition commit that every broker applies) is polled through Metadata
    every 0.5 s (at most ``--storm-timeout``); then
    ``--elections`` single-partition preferred-leader elections (ElectLeaders from the AdminClient,
    one at a time: controller commit → every broker applied → response), timed one by one, and
    the engine CPU they cost (skipped when the ISRs are not full within ``--storm-timeout``);
(d) GUI: the app (built exactly as ``kafkalab`` builds it, offscreen, in a child process) starts its
    own engine, the partitions are created, and the event-loop lag of the window with the placement
    grid (always shown: it is the central widget) is measured idle and then under ``--rate``.

Output: one line per figure, ``name: value unit (reference: value unit, ratio x)``, ratio =
large / small. Progress goes to stderr.

The engine keeps three files open per replica (.log, .index, .timeindex): 3,000 partitions × RF 3
need about 27,000 descriptors. This benchmark raises its soft RLIMIT_NOFILE to the hard limit (as
the JVM does for Kafka) and says on stderr when even that is too few.

    .venv/bin/python bench/scale.py [--partitions 3000] [--reference-partitions 30] [--skip-gui]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    BenchError,
    BrokerProcess,
    Failed,
    Figure,
    Value,
    engine_available,
    print_figure,
    short_error,
    start_engine,
    wait_until,
)
from scale_common import (  # noqa: E402
    BROKERS,
    RF,
    ControlChannel,
    control_port,
    create_topics,
    creation_failure,
    engine_error_line,
    log,
    metadata,
    raise_nofile,
    topic_layout,
    wait_all_in_sync,
)
from scale_gui import gui_child, run_gui  # noqa: E402
from scale_load import measure_load, producer_main  # noqa: E402

from engine.control.commands import KillBroker, StartBroker  # noqa: E402

# --------------------------------------------------------------------------- one engine, one size


@dataclass
class SizeResult:
    values: dict[str, Value] = field(default_factory=dict)


def run_size(partitions: int, args: argparse.Namespace) -> SizeResult:
    res = SizeResult()
    v = res.values
    tag = f"[{partitions} partitions]"
    token = secrets.token_urlsafe(16)
    os.environ["KAFKALAB_CONTROL_TOKEN"] = token
    try:
        # no automatic preferred-leader rebalance (its first check, after 300 s, could land mid-run)
        bp = start_engine(brokers=BROKERS, extra_args=["--control-port", "0", "--config",
                                                       "auto.leader.rebalance.enable=false"], timeout=60)
    except (BenchError, OSError) as e:
        log(f"{tag} engine start failed: {e}")
        return _fail_all(res, f"start: {short_error(e)}")
    finally:
        os.environ.pop("KAFKALAB_CONTROL_TOKEN", None)
    log(f"{tag} engine pid {bp.pid} on {bp.bootstrap}")
    layout = topic_layout(partitions, args.partitions_per_topic)
    try:
        # -------- create
        c0, t0 = bp.cpu_seconds(), time.monotonic()
        created = [0]
        try:
            create_topics(bp.bootstrap, layout, args.topics_per_request, progress=created)
            wait_all_in_sync(bp.bootstrap, layout, timeout=300)
        except BenchError as e:
            raise BenchError(creation_failure(e, created[0], engine_error_line(bp), bp.alive())) from e
        created_s = time.monotonic() - t0
        v["create"] = created_s / partitions * 1000
        log(f"{tag} created {len(layout)} topics, {partitions} partitions RF {RF} in {created_s:.1f}s "
            f"(engine CPU {bp.cpu_seconds() - c0:.1f}s)")
        time.sleep(args.settle_seconds)

        # -------- (a) idle
        c0, t0 = bp.cpu_seconds(), time.monotonic()
        time.sleep(args.idle_seconds)
        v["idle"] = (bp.cpu_seconds() - c0) / (time.monotonic() - t0)
        log(f"{tag} idle: {v['idle']:.3f} CPU s/s")
        ch = ControlChannel(control_port(bp), token)
        try:
            wait_until(lambda: ch.images > 0, 60, "the control channel's hello")
            time.sleep(1.0)
            i0, b0 = ch.images, ch.image_bytes
            c0, t0 = bp.cpu_seconds(), time.monotonic()
            time.sleep(args.idle_seconds)
            dt = time.monotonic() - t0
            v["idle_channel"] = (bp.cpu_seconds() - c0) / dt
            mb = (ch.image_bytes - b0) / max(ch.images - i0, 1) / 1e6
            log(f"{tag} idle with a control-channel client: {v['idle_channel']:.3f} CPU s/s, "
                f"{(ch.images - i0) / dt:.1f} image deltas/s of {mb:.4f} MB")
        finally:
            ch.close()  # no client from here on: the engine snapshots for nobody
        time.sleep(args.settle_seconds)

        # -------- (b) load
        load, _ = measure_load(bp.pid, bp.bootstrap, layout, args.rate, args.warmup_seconds, args.load_seconds,
                               acks=args.acks)
        v["load_cpu"], v["load_rate"], v["load_cpu_mrec"] = load.cpu_per_s, load.acked_rate, load.cpu_per_mrec
        log(f"{tag} under load: {load.cpu_per_s:.2f} CPU s/s, {load.acked_rate:,.0f} rec/s acknowledged, "
            f"{load.cpu_per_mrec:.1f} CPU s/Mrec")
        time.sleep(args.settle_seconds)

        # -------- (c) single-partition metadata changes: one new partition at a time
        lat, cpu_per = add_partitions(bp, layout, args.elections, tag)
        v["change_p50"], v["change_cpu"] = lat, cpu_per
        time.sleep(args.settle_seconds)

        # -------- (c) broker restart: one ISR expansion per partition
        ch = ControlChannel(control_port(bp), token)
        try:
            ch.command(KillBroker(broker_id=BROKERS - 1, lose_unflushed=False))
            log(f"{tag} broker {BROKERS - 1} crashed (kill -9 of the broker)")
            time.sleep(1.0)
            c0, t0 = bp.cpu_seconds(), time.monotonic()
            ch.command(StartBroker(broker_id=BROKERS - 1), timeout=300)
        finally:
            ch.close()
        started = time.monotonic() - t0
        try:
            storm_s = wait_all_in_sync(bp.bootstrap, layout, timeout=args.storm_timeout) + started
        except BenchError as e:
            line = engine_error_line(bp)
            raise BenchError(f"ISR not full {args.storm_timeout:.0f}s after restarting broker {BROKERS - 1}: "
                             f"{short_error(e, 100)}{'; engine: ' + line[:100] if line else ''}") from e
        storm_cpu = bp.cpu_seconds() - c0
        v["isr_storm"] = storm_s / partitions * 1000
        log(f"{tag} broker {BROKERS - 1} restarted ({started:.1f}s to start); every ISR full again after "
            f"{storm_s:.1f}s ({partitions} ISR expansions, engine CPU {storm_cpu:.1f}s = "
            f"{storm_cpu / partitions * 1000:.1f} ms per partition)")
        time.sleep(args.settle_seconds)

        # -------- (c) single-partition preferred elections
        lat, cpu_per = elections(bp, layout, args.elections, tag)
        v["elect_p50"], v["elect_cpu"] = lat, cpu_per
    except Exception as e:  # BenchError, KafkaException, OSError …: the figures not reached fail
        log(f"{tag} FAILED: {e}")
        _fail_all(res, short_error(e))
    finally:
        code = bp.stop(20)
        log(f"{tag} engine stopped (exit code {code})")
    return res


def add_partitions(bp: BrokerProcess, layout: list[tuple[str, int]], count: int, tag: str) -> tuple[Value, Value]:
    """``count`` CreatePartitions (+1 partition, RF 3), round-robin over the topics, one at a time: each is one
    controller commit that every broker applies before the response. Updates ``layout``.
    Returns (p50 ms, engine CPU ms each)."""
    from confluent_kafka.admin import AdminClient, NewPartitions

    admin = AdminClient({"bootstrap.servers": bp.bootstrap})
    admin.list_topics(timeout=10)  # connect first
    times = []
    c0 = bp.cpu_seconds()
    for k in range(count):
        i = k % len(layout)
        name, n = layout[i]
        t0 = time.perf_counter()
        admin.create_partitions([NewPartitions(name, n + 1)], request_timeout=120)[name].result(120)
        times.append((time.perf_counter() - t0) * 1000)
        layout[i] = (name, n + 1)
    cpu_ms = (bp.cpu_seconds() - c0) * 1000 / len(times)
    p50 = statistics.median(times)
    log(f"{tag} {len(times)} single-partition metadata changes (CreatePartitions +1): p50 {p50:.1f} ms, "
        f"max {max(times):.1f} ms, engine CPU {cpu_ms:.1f} ms each")
    return p50, cpu_ms


def elections(bp: BrokerProcess, layout: list[tuple[str, int]], count: int, tag: str) -> tuple[Value, Value]:
    """``count`` single-partition preferred elections, one at a time: (p50 ms, engine CPU ms each)."""
    from confluent_kafka import ElectionType, TopicPartition
    from confluent_kafka.admin import AdminClient

    md = metadata(bp.bootstrap, {name for name, _n in layout})
    moved = sorted(k for k, (leader, replicas, isr) in md.items() if replicas and leader != replicas[0]
                   and replicas[0] in isr)
    if not moved:
        return Failed("no partition away from its preferred leader"), Failed("no election")
    targets = moved[:count]
    admin = AdminClient({"bootstrap.servers": bp.bootstrap})
    admin.list_topics(timeout=10)  # connect first
    times = []
    c0 = bp.cpu_seconds()
    for topic, part in targets:
        t0 = time.perf_counter()
        result = admin.elect_leaders(ElectionType.PREFERRED, [TopicPartition(topic, part)]).result(60)
        times.append((time.perf_counter() - t0) * 1000)
        err = next(iter(result.values()), None) if result else None
        if err is not None:
            raise BenchError(f"ElectLeaders {topic}-{part}: {err}")
    cpu_ms = (bp.cpu_seconds() - c0) * 1000 / len(targets)
    p50 = statistics.median(times)
    log(f"{tag} {len(targets)} single-partition preferred elections: p50 {p50:.1f} ms, max {max(times):.1f} ms, "
        f"engine CPU {cpu_ms:.1f} ms each (10 ms tick resolution over the batch)")
    return p50, cpu_ms


def _fail_all(res: SizeResult, reason: str) -> SizeResult:
    for key in ("create", "idle", "idle_channel", "change_p50", "change_cpu", "isr_storm", "elect_p50", "elect_cpu",
                "load_cpu", "load_rate",
                "load_cpu_mrec"):
        res.values.setdefault(key, Failed(reason))
    return res


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--producer", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--gui-child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--partitions", type=int, default=3000,
                    help="partitions (RF 3) of the measured engine (default 3000)")
    ap.add_argument("--reference-partitions", type=int, default=30, help="partitions of the reference (default 30)")
    ap.add_argument("--partitions-per-topic", type=int, default=10, help="partitions per topic (default 10)")
    ap.add_argument("--topics-per-request", type=int, default=20, help="topics per CreateTopics request (default 20)")
    ap.add_argument("--idle-seconds", type=float, default=10.0, help="idle CPU window (default 10)")
    ap.add_argument("--settle-seconds", type=float, default=3.0, help="pause between stages (default 3)")
    ap.add_argument("--storm-timeout", type=float, default=300.0,
                    help="give up waiting for full ISRs after a broker restart after this many s (default 300)")
    ap.add_argument("--elections", type=int, default=10,
                    help="single-partition metadata changes and elections timed (default 10 each)")
    ap.add_argument("--rate", type=int, default=100_000, help="records/s under load (default 100000; 0: no load)")
    ap.add_argument("--acks", default="1", choices=["0", "1", "all"], help="producer acks under load (default 1)")
    ap.add_argument("--warmup-seconds", type=float, default=3.0, help="load before measuring (default 3)")
    ap.add_argument("--load-seconds", type=float, default=10.0, help="measured load window (default 10)")
    ap.add_argument("--lag-seconds", type=float, default=8.0, help="GUI lag windows, idle and loaded (default 8)")
    ap.add_argument("--skip-gui", action="store_true", help="skip (d), the GUI lag")
    args = ap.parse_args(argv)
    if args.producer:
        return producer_main(json.loads(sys.stdin.readline()))
    raise_nofile(max(args.partitions, args.reference_partitions))
    if args.gui_child is not None:
        return gui_child(args.gui_child, args)
    if args.partitions < 1 or args.reference_partitions < 1 or args.partitions_per_topic < 1:
        ap.error("partition counts must be at least 1")

    sizes = (args.partitions, args.reference_partitions)
    log(f"scale: {BROKERS} brokers, RF {RF}: {args.partitions} partitions, reference {args.reference_partitions}")
    if not engine_available():
        results = {p: _fail_all(SizeResult(), "engine/cli/serve.py does not exist yet") for p in sizes}
    else:
        results = {p: run_size(p, args) for p in sizes}
    big, small = (results[p].values for p in sizes)
    P, R = args.partitions, args.reference_partitions
    ref = f"ref: {R}"
    figures = [
        (Figure(f"scale engine CPU idle, {P} partitions RF3 ({ref}) (lower is better)", "CPU s/s", "{:.3f}"), "idle"),
        (Figure(f"scale engine CPU idle with a control-channel client, {P} partitions ({ref}) (lower is better)",
                "CPU s/s", "{:.3f}"), "idle_channel"),
        (Figure(f"scale engine CPU under {args.rate} rec/s acks={args.acks}, {P} partitions ({ref}) (lower is better)",
                "CPU s/s", "{:.2f}"), "load_cpu"),
        (Figure(f"scale acknowledged rate asking {args.rate} rec/s, {P} partitions ({ref})", "rec/s"), "load_rate"),
        (Figure(f"scale engine CPU per Mrec under load, {P} partitions ({ref}) (lower is better)", "s/Mrec",
                "{:.1f}"), "load_cpu_mrec"),
        (Figure(f"scale single-partition metadata change (CreatePartitions +1) latency p50, {P} partitions ({ref}) "
                "(lower is better)", "ms", "{:.1f}"), "change_p50"),
        (Figure(f"scale engine CPU per single-partition metadata change, {P} partitions ({ref}) (lower is better)",
                "ms", "{:.1f}"), "change_cpu"),
        (Figure(f"scale single-partition leader election latency p50, {P} partitions ({ref}) (lower is better)",
                "ms", "{:.1f}"), "elect_p50"),
        (Figure(f"scale engine CPU per single-partition election, {P} partitions ({ref}) (lower is better)",
                "ms", "{:.1f}"), "elect_cpu"),
        (Figure(f"scale broker restart until every ISR is full, per partition, {P} partitions ({ref}) "
                "(lower is better)", "ms", "{:.2f}"), "isr_storm"),
        (Figure(f"scale topic creation time per partition, {P} partitions ({ref}) (lower is better)", "ms",
                "{:.2f}"), "create"),
    ]
    ok = True
    for fig, key in figures:
        print_figure(fig, big.get(key), small.get(key))
        ok = ok and not any(isinstance(x, Failed) for x in (big.get(key), small.get(key)))

    if not args.skip_gui:
        gui = {p: run_gui(p, args) for p in sizes}

        def gv(p: int, key: str) -> Value:
            out = gui[p]
            if key in out:
                return float(out[key])
            return Failed(out.get("error", "not measured"))

        gui_figs = [
            (Figure(f"scale GUI event-loop lag p99, placement grid open, idle, {P} partitions ({ref}) "
                    "(lower is better)", "ms", "{:.1f}"), "idle_p99"),
            (Figure(f"scale GUI event-loop lag p50, placement grid open, idle, {P} partitions ({ref}) "
                    "(lower is better)", "ms", "{:.1f}"), "idle_p50"),
            (Figure(f"scale engine CPU idle with the GUI attached, {P} partitions ({ref}) (lower is better)",
                    "CPU s/s", "{:.3f}"), "engine_cpu_idle"),
        ]
        if args.rate > 0:
            gui_figs += [
                (Figure(f"scale GUI event-loop lag p99, placement grid open, under {args.rate} rec/s, {P} "
                        f"partitions ({ref}) (lower is better)", "ms", "{:.1f}"), "load_p99"),
                (Figure(f"scale GUI event-loop lag p50, placement grid open, under {args.rate} rec/s, {P} "
                        f"partitions ({ref}) (lower is better)", "ms", "{:.1f}"), "load_p50"),
            ]
        for fig, key in gui_figs:
            a, b = gv(P, key), gv(R, key)
            print_figure(fig, a, b)
            ok = ok and not any(isinstance(x, Failed) for x in (a, b))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
