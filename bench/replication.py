"""Replication benchmarks (`make bench`).

- RF3 acks=all produce rate, with the engine's own RF1 acks=1 rate in the same run as reference
  (target ratio ≥ 0.5; Kafka's published ratio is about 0.51);
- leader election time inside the engine after a broker kill (target ≤ 50 ms), with the
  controller's preferred-leader election of the same partitions as reference;
- the client-visible produce gap across the kill (target ≤ 1 s), with the largest gap of the same
  producer before the kill as reference;
- `--chaos N`: the long chaos run (N kill/pause/restart cycles), printing lost/duplicate counts.

Each line: ``name: value unit (reference: value unit, ratio x)``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._harness import (  # noqa: E402
    BenchError,
    Failed,
    Figure,
    create_topic,
    print_figure,
    short_error,
    start_engine,
)

RECORD = b"v" * 100


def produce_rate(bootstrap: str, topic: str, n: int, acks: str, timeout: float = 120) -> float:
    from confluent_kafka import Producer

    done = 0
    errors: list[str] = []
    marks: dict[str, float] = {}
    warm = n // 20

    def cb(err: object, _msg: object) -> None:
        nonlocal done
        if err is not None:
            errors.append(str(err))
            return
        done += 1
        if done == warm:
            marks["start"] = time.perf_counter()
        if done == n:
            marks["end"] = time.perf_counter()

    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "batch.size": 1048576,
                  "batch.num.messages": 100000, "acks": acks, "on_delivery": cb, "log_level": 3})
    deadline = time.monotonic() + timeout
    for _ in range(n):
        while True:
            try:
                p.produce(topic, RECORD, partition=0)
                break
            except BufferError:
                p.poll(0.01)
                if time.monotonic() > deadline:
                    raise BenchError("produce timed out") from None
        p.poll(0)
    if p.flush(max(1.0, deadline - time.monotonic())):
        raise BenchError("produce timed out while flushing")
    if errors:
        raise BenchError(f"{len(errors)} delivery errors, first: {errors[0]}")
    return (n - warm) / (marks["end"] - marks["start"])


def throughput(n: int) -> tuple[float | Failed, float | Failed]:
    try:
        broker = start_engine(brokers=3)
    except BenchError as e:
        return Failed(short_error(e)), Failed(short_error(e))
    try:
        create_topic(broker.bootstrap, "rf1", partitions=1, replication=1)
        create_topic(broker.bootstrap, "rf3", partitions=1, replication=3,
                     config={"min.insync.replicas": "2"})
        rf1: float | Failed
        rf3: float | Failed
        try:
            rf1 = produce_rate(broker.bootstrap, "rf1", n, "1")
        except BenchError as e:
            rf1 = Failed(short_error(e))
        try:
            rf3 = produce_rate(broker.bootstrap, "rf3", n, "all")
        except BenchError as e:
            rf3 = Failed(short_error(e))
        return rf3, rf1
    finally:
        broker.stop()


class GapProducer(threading.Thread):
    """acks=all idempotent producer at a steady rate, recording when each ack arrives."""

    def __init__(self, bootstrap: str, topic: str, rate: float) -> None:
        super().__init__(daemon=True)
        from confluent_kafka import Producer

        self.p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                           "linger.ms": 1, "log_level": 2})
        self.topic = topic
        self.interval = 1 / rate
        self.acks: list[float] = []
        self.halt = threading.Event()

    def run(self) -> None:
        nxt = time.monotonic()
        while not self.halt.is_set():
            self.p.produce(self.topic, b"x", on_delivery=lambda err, _m: self.acks.append(time.monotonic())
                           if err is None else None)
            self.p.poll(0)
            nxt += self.interval
            self.halt.wait(max(0.0, nxt - time.monotonic()))
        self.p.flush(30)


def failover(rounds: int) -> dict[str, tuple[float | Failed, float | Failed]]:
    from engine.cluster import ClusterConfig
    from engine.observe.events import EngineEvent
    from engine.runtime import EngineThread

    out: dict[str, tuple[float | Failed, float | Failed]] = {}
    engine = EngineThread(ClusterConfig(num_brokers=3, port=0, data_dir=Path(tempfile.mkdtemp(prefix="kl-bench-"))))
    cluster = engine.start()
    elected_at: dict[int, float] = {}

    def on_event(e: EngineEvent) -> None:
        if e.kind == "LeaderElected" and getattr(e, "reason", "") == "leader down":
            elected_at.setdefault(getattr(e, "partition", -1), time.perf_counter())

    cluster.bus.subscribe(on_event)
    try:
        create_topic(cluster.bootstrap, "fo", partitions=3, replication=3, config={"min.insync.replicas": "2"})
        create_topic(cluster.bootstrap, "idle", partitions=1, replication=1)
        election_ms: list[float] = []
        quiet_kill_ms: list[float] = []
        gaps: list[float] = []
        before_gaps: list[float] = []
        for _round in range(rounds):
            image = cluster.controller.image
            leader = image.topics["fo"].partitions[0].leader
            producer = GapProducer(cluster.bootstrap_servers, "fo", rate=500)
            producer.start()
            deadline = time.monotonic() + 30
            while len(producer.acks) < 500 and time.monotonic() < deadline:
                time.sleep(0.01)
            elected_at.clear()
            t_kill = time.monotonic()
            t0 = time.perf_counter()
            engine.run(cluster.kill_broker(leader))
            if elected_at:
                election_ms.append((max(elected_at.values()) - t0) * 1000)
            n_at_kill = len(producer.acks)
            deadline = time.monotonic() + 30
            while len(producer.acks) < n_at_kill + 500 and time.monotonic() < deadline:
                time.sleep(0.01)
            producer.halt.set()
            producer.join(60)
            acks = producer.acks
            before = [b - a for a, b in zip(acks, acks[1:], strict=False) if b < t_kill]
            after = [b - a for a, b in zip(acks, acks[1:], strict=False) if b >= t_kill]
            before_gaps.append(max(before) if before else 0.0)
            gaps.append(max(after) if after else float("inf"))
            engine.run(cluster.start_broker(leader))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                p = cluster.controller.image.topics["fo"].partitions
                if all(len(x.isr) == 3 for x in p.values()):
                    break
                time.sleep(0.05)
            # reference: the controller's own preferred-leader election of the same partitions

            def timed_preferred() -> float:
                t = time.perf_counter()
                cluster.controller.elect_preferred(None)
                return (time.perf_counter() - t) * 1000

            quiet_kill_ms.append(engine.call(timed_preferred))
        med = sorted(election_ms)[len(election_ms) // 2] if election_ms else Failed("no election observed")
        ref = sorted(quiet_kill_ms)[len(quiet_kill_ms) // 2] if quiet_kill_ms else None
        out["leader election after kill (engine, median)"] = (med, ref if ref is not None else Failed("n/a"))
        out["client-visible produce gap across the kill (max)"] = (max(gaps) * 1000, max(before_gaps) * 1000)
    finally:
        engine.stop()
    return out


def chaos(cycles: int) -> None:
    """The long chaos run: prints acked/lost/duplicate counts (see tests/integration/test_chaos.py)."""
    from confluent_kafka import Consumer, Producer, TopicPartition

    from engine.cluster import ClusterConfig
    from engine.runtime import EngineThread

    fast = {"broker.session.timeout.ms": "1500", "broker.heartbeat.interval.ms": "200",
            "replica.lag.time.max.ms": "3000"}
    engine = EngineThread(ClusterConfig(num_brokers=3, port=0, data_dir=Path(tempfile.mkdtemp(prefix="kl-chaos-")),
                                        overrides=fast))
    cluster = engine.start()
    rng = random.Random(7)
    try:
        create_topic(cluster.bootstrap, "chaos", partitions=3, replication=3, config={"min.insync.replicas": "2"})
        acked: list[int] = []
        p = Producer({"bootstrap.servers": cluster.bootstrap_servers, "acks": "all", "enable.idempotence": True,
                      "linger.ms": 2, "request.timeout.ms": 3000, "socket.timeout.ms": 5000, "log_level": 2})
        halt = threading.Event()

        def run() -> None:
            n = 0
            while not halt.is_set():
                try:
                    p.produce("chaos", key=str(n % 3).encode(), value=str(n).encode(),
                              on_delivery=lambda err, m: acked.append(int(m.value())) if err is None else None)
                    n += 1
                except BufferError:
                    pass
                p.poll(0)
                halt.wait(0.0005)
            p.flush(90)

        t = threading.Thread(target=run, daemon=True)
        t.start()
        for _ in range(cycles):
            v = rng.randrange(3)
            if rng.random() < 0.6:
                engine.run(cluster.kill_broker(v))
                time.sleep(rng.uniform(0.2, 1.5))
                engine.run(cluster.start_broker(v))
            else:
                engine.call(lambda v=v: cluster.brokers[v].pause())  # type: ignore[misc]
                time.sleep(rng.uniform(0.2, 3.0))
                engine.call(lambda v=v: cluster.brokers[v].resume())  # type: ignore[misc]
            time.sleep(rng.uniform(0.5, 2.0))
        halt.set()
        t.join(120)
        c = Consumer({"bootstrap.servers": cluster.bootstrap_servers, "group.id": "chaos-check",
                      "enable.auto.commit": False, "fetch.queue.backoff.ms": 10, "log_level": 2})
        c.assign([TopicPartition("chaos", i, -2) for i in range(3)])
        seen: list[int] = []
        idle_until = time.monotonic() + 5
        while time.monotonic() < idle_until:
            msgs = c.consume(10000, 0.5)
            if msgs:
                idle_until = time.monotonic() + 5
            seen.extend(int(m.value()) for m in msgs if not m.error())
        c.close()
        lost = len(set(acked) - set(seen))
        dups = len(seen) - len(set(seen))
        print(f"chaos: {cycles} cycles, acked {len(acked)}, in log {len(seen)}, lost {lost}, duplicates {dups}")
        print_figure(Figure("chaos acked records lost", "records", "{:.0f}", ratio=False), lost, 0)
        print_figure(Figure("chaos duplicate records", "records", "{:.0f}", ratio=False), dups, 0)
    finally:
        engine.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=300_000)
    ap.add_argument("--rounds", type=int, default=5, help="failover rounds")
    ap.add_argument("--chaos", type=int, default=0, help="run the long chaos test with N cycles")
    args = ap.parse_args(argv)
    rf3, rf1 = throughput(args.records)
    print_figure(Figure("produce RF3 acks=all (vs RF1 acks=1, same engine)", "rec/s"), rf3, rf1)
    for name, (value, ref) in failover(args.rounds).items():
        print_figure(Figure(name, "ms", "{:.1f}"), value, ref)
    if args.chaos:
        chaos(args.chaos)
    return 0


if __name__ == "__main__":
    sys.exit(main())
