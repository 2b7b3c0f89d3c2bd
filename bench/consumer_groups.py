"""Consumer groups: how fast new groups get their assignment, and how long a rebalance takes when a
3rd consumer joins a group of two — the engine against Tansu, same client, same run.

Figures (DESIGN.md "Benchmarks" format, ratio = engine / Tansu):

- ``consumer-group subscribe rate``: one after the other, N new groups each get one confluent-kafka
  consumer that subscribes to a 1-partition topic; timed from creating the consumer to its partition
  assignment (FindCoordinator, JoinGroup ×2, SyncGroup, OffsetFetch), then the consumer closes
  (LeaveGroup). Reported as groups per second.
- ``rebalance on a 3rd consumer``: two consumers share a 3-partition topic; a 3rd subscribes; timed
  from its ``subscribe()`` until all three hold one partition each (median of R rounds). Members
  use ``heartbeat.interval.ms=100`` so the others learn of the rebalance quickly on both brokers.

Each target broker runs alone (1 broker; started, measured, stopped in turn). Progress goes to
stderr. Exit code 0 only when every figure of every requested target was measured.

    .venv/bin/python bench/consumer_groups.py [--groups N] [--rounds R] [--only engine|tansu]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    STARTERS,
    BenchError,
    Failed,
    Figure,
    Value,
    create_topic,
    engine_available,
    print_figure,
    short_error,
)

TARGETS = ("engine", "tansu")  # measured, reference
SUBSCRIBE = Figure("consumer-group subscribe rate", "groups/s", "{:.1f}")
REBALANCE = Figure("rebalance on a 3rd consumer", "ms", "{:.0f}")


def consumer_conf(bootstrap: str, group: str) -> dict[str, Any]:
    return {"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
            "enable.auto.commit": False, "heartbeat.interval.ms": 100, "session.timeout.ms": 10000,
            "log_level": 0}


class Member:
    """A confluent-kafka consumer polled in its own thread; records its current assignment."""

    def __init__(self, bootstrap: str, group: str, topic: str) -> None:
        from confluent_kafka import Consumer

        self.assigned: set[int] = set()
        self.consumer = Consumer(consumer_conf(bootstrap, group))
        self._stop = threading.Event()
        self.consumer.subscribe([topic], on_assign=self._on_assign, on_revoke=self._on_revoke)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _on_assign(self, consumer: Any, partitions: list[Any]) -> None:
        self.assigned = {p.partition for p in partitions}

    def _on_revoke(self, consumer: Any, partitions: list[Any]) -> None:
        self.assigned = set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.consumer.poll(0.05)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(10)
        closer = threading.Thread(target=self.consumer.close, daemon=True)
        closer.start()
        closer.join(15)


def wait(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(0.002)


def subscribe_rate(bootstrap: str, topic: str, groups: int, timeout: float) -> float:
    from confluent_kafka import Consumer

    run_id = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    for i in range(groups):
        assigned = threading.Event()
        c = Consumer(consumer_conf(bootstrap, f"bench-sub-{run_id}-{i}"))
        try:
            c.subscribe([topic], on_assign=lambda _c, _p, ev=assigned: ev.set())
            deadline = time.monotonic() + timeout
            while not assigned.is_set():
                c.poll(0.005)
                if time.monotonic() > deadline:
                    raise BenchError(f"group {i}: no assignment within {timeout:g}s")
        finally:
            c.close()
    return groups / (time.perf_counter() - started)


def rebalance_ms(bootstrap: str, topic: str, timeout: float) -> float:
    group = f"bench-reb-{uuid.uuid4().hex[:8]}"
    members = [Member(bootstrap, group, topic) for _ in range(2)]
    try:
        wait(lambda: sorted(len(m.assigned) for m in members) == [1, 2], timeout, "two members to share 3 partitions")
        t0 = time.perf_counter()
        members.append(Member(bootstrap, group, topic))
        wait(lambda: [len(m.assigned) for m in members] == [1, 1, 1]
             and set().union(*(m.assigned for m in members)) == {0, 1, 2}, timeout, "the 3rd member's assignment")
        return (time.perf_counter() - t0) * 1000
    finally:
        for m in members:
            m.close()


def run_target(name: str, groups: int, rounds: int, timeout: float,
               log: Callable[[str], None]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    if name == "engine" and not engine_available():
        return {SUBSCRIBE.name: Failed("engine/serve.py missing"), REBALANCE.name: Failed("engine missing")}
    try:
        broker = STARTERS[name]()
    except (BenchError, OSError) as e:
        log(f"[{name}] start failed: {e}")
        return {SUBSCRIBE.name: Failed(f"start: {short_error(e)}"), REBALANCE.name: Failed("start failed")}
    log(f"[{name}] pid {broker.pid} on {broker.bootstrap}, {broker.settle_note}")
    try:
        one, three = f"bench-cg1-{uuid.uuid4().hex[:6]}", f"bench-cg3-{uuid.uuid4().hex[:6]}"
        create_topic(broker.bootstrap, one, partitions=1, replication=1)
        create_topic(broker.bootstrap, three, partitions=3, replication=1)
        try:
            subscribe_rate(broker.bootstrap, one, 2, timeout)  # warm-up: offsets topic, connections
            out[SUBSCRIBE.name] = subscribe_rate(broker.bootstrap, one, groups, timeout)
            log(f"[{name}] {groups} groups subscribed: {out[SUBSCRIBE.name]:.1f} groups/s")
        except Exception as e:  # a failed figure is reported, the run goes on
            out[SUBSCRIBE.name] = Failed(short_error(e))
            log(f"[{name}] subscribe rate failed: {e}")
        try:
            samples = []
            for r in range(rounds):
                samples.append(rebalance_ms(broker.bootstrap, three, timeout))
                log(f"[{name}] rebalance round {r + 1}: {samples[-1]:.0f} ms")
            out[REBALANCE.name] = statistics.median(samples)
        except Exception as e:
            out[REBALANCE.name] = Failed(short_error(e))
            log(f"[{name}] rebalance failed: {e}")
    except Exception as e:
        log(f"[{name}] setup failed: {e}")
        for fig in (SUBSCRIBE, REBALANCE):
            out.setdefault(fig.name, Failed(short_error(e)))
    finally:
        broker.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=30, help="new groups for the subscribe rate")
    parser.add_argument("--rounds", type=int, default=5, help="rebalance rounds (median reported)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per step")
    parser.add_argument("--only", choices=TARGETS, help="run one target only")
    args = parser.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    results: dict[str, dict[str, Value]] = {}
    for name in TARGETS:
        if args.only and name != args.only:
            continue
        results[name] = run_target(name, args.groups, args.rounds, args.timeout, log)
    ok = True
    for fig in (SUBSCRIBE, REBALANCE):
        value = results.get("engine", {}).get(fig.name)
        reference = results.get("tansu", {}).get(fig.name)
        ok = ok and not isinstance(value, Failed) and not isinstance(reference, Failed)
        print_figure(fig, value, reference)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
