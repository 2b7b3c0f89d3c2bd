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
import contextlib
import json
import os
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    REPO_ROOT,
    BenchError,
    BrokerProcess,
    Failed,
    Figure,
    Value,
    cpu_seconds,
    engine_available,
    print_figure,
    short_error,
    start_engine,
    wait_until,
)

from engine.control.commands import Command, KillBroker, StartBroker  # noqa: E402

BROKERS = 3
RF = 3
RECORD_BYTES = 100
FDS_PER_REPLICA = 3  # what the engine holds open today: .log, .index, .timeindex
CONTROL_RE = "KAFKALAB CONTROL port="
GUI_RESULT = "SCALE GUI RESULT "


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- file descriptors


def raise_nofile(partitions: int) -> None:
    """Soft RLIMIT_NOFILE → hard (children inherit it); warn when the hard limit is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard and hard != resource.RLIM_INFINITY:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            log(f"scale: raised the soft RLIMIT_NOFILE from {soft} to {hard} for the engine")
    need = partitions * RF * FDS_PER_REPLICA + 200
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit != resource.RLIM_INFINITY and need > limit:
        log(f"scale: WARNING the engine keeps {FDS_PER_REPLICA} files open per replica: {partitions} partitions x "
            f"RF {RF} need ~{need} descriptors, RLIMIT_NOFILE is {limit}: expect 'Too many open files'")


def engine_error_line(bp: BrokerProcess) -> str:
    """The last exception line (``SomethingError: …``) or ERROR record the engine logged, if any."""
    lines = [ln.strip() for ln in bp.output_tail(400).splitlines()
             if re.match(r"\s*\w+(Error|Exception): ", ln) or " ERROR " in ln]
    return lines[-1] if lines else ""


def creation_failure(e: BaseException, created: int, engine_log: str, alive: bool = True) -> str:
    """A short reason: the engine's own error when it logged one (e.g. EMFILE), else the client's."""
    if not alive:
        return f"the engine died after {created} partitions: {short_error(e, 100)}"
    if "Errno 24" in engine_log:
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return f"engine: Too many open files after {created} partitions (RLIMIT_NOFILE {limit})"
    return f"after {created} partitions: {short_error(e, 120)}{'; engine: ' + engine_log[:120] if engine_log else ''}"


# --------------------------------------------------------------------------- topics


def topic_layout(partitions: int, per_topic: int) -> list[tuple[str, int]]:
    """(name, partition count) of the topics holding ``partitions`` partitions in all."""
    run = uuid.uuid4().hex[:6]
    out = []
    left, i = partitions, 0
    while left > 0:
        n = min(per_topic, left)
        out.append((f"scale-{run}-{i:04d}", n))
        left -= n
        i += 1
    return out


def create_topics(bootstrap: str, layout: list[tuple[str, int]], per_request: int, timeout: float = 300,
                  progress: list[int] | None = None) -> None:
    """Create the topics, ``per_request`` per CreateTopics request; ``progress[0]`` counts the
    partitions created so far."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 300_000})
    deadline = time.monotonic() + timeout
    done = 0
    for i in range(0, len(layout), per_request):
        chunk = layout[i : i + per_request]
        futures = admin.create_topics([NewTopic(name, n, RF) for name, n in chunk], operation_timeout=120,
                                      request_timeout=max(10.0, deadline - time.monotonic()))
        for name, fut in futures.items():
            try:
                fut.result(max(1.0, deadline - time.monotonic()))
            except Exception as e:
                raise BenchError(f"create topic {name}: {e}") from e
        done += sum(n for _name, n in chunk)
        if progress is not None:
            progress[:] = [done]
        if (i // per_request) % 10 == 9:
            log(f"  … {done} partitions created")


Placement = dict[tuple[str, int], tuple[int, list[int], list[int]]]


def metadata(bootstrap: str, topics: set[str], timeout: float = 30) -> Placement:
    """(topic, partition) → (leader, replicas, isr) for ``topics``, from one Metadata request."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})
    md = admin.list_topics(timeout=timeout)
    out = {}
    for name, t in md.topics.items():
        if name in topics and t.error is None:
            for p in t.partitions.values():
                out[(name, p.id)] = (p.leader, list(p.replicas), list(p.isrs))
    return out


def wait_all_in_sync(bootstrap: str, layout: list[tuple[str, int]], timeout: float, interval: float = 0.5) -> float:
    """Poll Metadata until every partition has a leader and RF in-sync replicas; returns the time."""
    names = {name for name, _n in layout}
    total = sum(n for _name, n in layout)
    t0 = time.monotonic()
    while True:
        try:
            md = metadata(bootstrap, names, timeout=max(1.0, min(30.0, timeout - (time.monotonic() - t0))))
        except Exception as e:  # a busy engine may not answer within the Metadata timeout: ask again
            if time.monotonic() - t0 > timeout:
                raise BenchError(f"no Metadata answer within {timeout:.0f}s: {short_error(e)}") from e
            continue
        if len(md) == total and all(leader >= 0 and len(isr) == RF for leader, _r, isr in md.values()):
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            short = sum(1 for _l, _r, isr in md.values() if len(isr) < RF)
            raise BenchError(f"{total - len(md)} partitions missing, {short} under-replicated after {timeout:.0f}s")
        time.sleep(interval)


# --------------------------------------------------------------------------- control channel


class ControlChannel:
    """A minimal client of ``engine.control.channel``: commands, events, image sizes (the hello's whole
    image, then deltas)."""

    def __init__(self, port: int, token: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall((json.dumps({"token": token}) + "\n").encode())
        self.file = self.sock.makefile("rb")
        self.images = 0
        self.image_bytes = 0
        self.events: list[dict[str, Any]] = []
        self._replies: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._next = 0
        self.closed = False
        self._thread = threading.Thread(target=self._read, name="control-channel", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for line in self.file:
                if line.startswith((b'{"type":"delta"', b'{"type":"hello"')):
                    self.images += 1
                    self.image_bytes += len(line)
                    continue
                msg = json.loads(line)
                with self._cond:
                    if msg.get("type") == "reply":
                        self._replies[msg.get("id")] = msg
                        self._cond.notify_all()
                    elif msg.get("type") == "event":
                        self.events.append(msg["event"])
        except (OSError, ValueError):
            pass
        finally:
            self.closed = True
            with self._cond:
                self._cond.notify_all()

    def command(self, command: Command[Any], timeout: float = 120) -> Any:
        cmd = command.kind
        with self._cond:
            self._next += 1
            req_id = self._next
        self.sock.sendall((json.dumps({"id": req_id, "command": command.to_json()}) + "\n").encode())
        deadline = time.monotonic() + timeout
        with self._cond:
            while req_id not in self._replies:
                if self.closed:
                    raise BenchError(f"control channel closed during {cmd}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BenchError(f"no reply to {cmd} within {timeout:.0f}s")
                self._cond.wait(left)
            reply = self._replies.pop(req_id)
        if not reply.get("ok"):
            raise BenchError(f"{cmd} failed: {reply.get('error')}")
        return command.result_from_json(reply.get("result"))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()
        self._thread.join(5)


def control_port(bp: BrokerProcess) -> int:
    for line in bp.output_tail(400).splitlines():
        line = line.strip()
        if line.startswith(CONTROL_RE):
            return int(line[len(CONTROL_RE):])
    raise BenchError("the engine printed no KAFKALAB CONTROL line")


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
    argv = [sys.executable, __file__, "--gui-child", str(partitions),
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
