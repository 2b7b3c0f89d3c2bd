"""Attach: the ClusterImage of an external cluster through the Kafka protocol (clients.external), at
scale — 10,000 partitions and 500 consumer groups — against 100 partitions and 5 groups (the
reference), measured in the same run.

For each size a fresh ``python -m engine serve --brokers 3 --port 0 --temp`` plays the external
cluster. Its topics (``--partitions-per-topic`` partitions each, RF 1) are created through the
AdminClient, one record is produced to every partition, and every group commits an offset for every
partition of one topic (AlterConsumerGroupOffsets: Empty groups, as after a batch job), so OffsetFetch
answers ``--partitions-per-topic`` offsets per group. Then:

- first full image: a new :class:`clients.external.ExternalCluster` (new AdminClient, new
  connections) and its first ``poll()``: DescribeCluster, Metadata, DescribeTopics, ListOffsets
  earliest + latest for every partition (chunks of 2,000), DescribeConfigs for every topic,
  ListGroups, DescribeGroups and OffsetFetch for every group, DescribeLogDirs per broker; the image
  is checked complete (every partition with its leader's high watermark, every group with its offsets);
- steady poll: ``--polls`` more polls of the same source back to back: wall time (median), this
  process's CPU (librdkafka's threads included) and the engine's CPU per poll. Topic ids, configs and log start offsets are asked on every 5th
  poll only (clients.external.SLOW_EVERY), so with the default 5 polls the median is a regular poll;
- the polling thread as the app runs it (``start()``, 2 s interval, stretched to twice a poll's
  duration when a poll takes longer than half the interval) for ``--poll-seconds``: this process's
  CPU share and the images delivered per minute;
- before polling (after ``--settle-seconds``), the external engine's own CPU over ``--idle-seconds``
  with nobody asking (what its housekeeping costs at that size, to read the per-poll figure against).

Output: ``name: value unit (reference: value unit, ratio x)``, ratio = large / small. Progress on stderr.

    .venv/bin/python bench/attach.py [--partitions 10000] [--groups 500] [--reference-partitions 100]
                                     [--reference-groups 5] [--polls 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    BenchError,
    Failed,
    Figure,
    Value,
    print_figure,
    short_error,
    start_engine,
)

from clients.external import DEFAULT_INTERVAL_S, ExternalCluster  # noqa: E402
from clients.image import ClusterImage  # noqa: E402

BROKERS = 3
KEYS = ("first", "wall", "client", "engine", "idle", "share", "images", "json")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def raise_nofile() -> None:
    """Soft RLIMIT_NOFILE → hard for the engine child (it raises its own too, engine.limits)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        log(f"attach: raised the soft RLIMIT_NOFILE from {soft} to {hard}")


def self_cpu() -> float:
    t = os.times()
    return t.user + t.system


@dataclass
class SizeResult:
    values: dict[str, Value] = field(default_factory=dict)


def populate(bootstrap: str, partitions: int, groups: int, per_topic: int) -> list[tuple[str, int]]:
    """Topics of ``per_topic`` partitions (RF 1), a record in every partition, ``groups`` Empty groups
    with an offset for each partition of one topic (round-robin over the topics)."""
    from confluent_kafka import ConsumerGroupTopicPartitions, Producer, TopicPartition
    from confluent_kafka.admin import AdminClient, NewTopic

    run = uuid.uuid4().hex[:6]
    layout = []
    left, i = partitions, 0
    while left > 0:
        n = min(per_topic, left)
        layout.append((f"attach-{run}-{i:04d}", n))
        left -= n
        i += 1
    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 300_000})
    t0 = time.monotonic()
    for k in range(0, len(layout), 20):
        chunk = layout[k:k + 20]
        futures = admin.create_topics([NewTopic(name, n, 1) for name, n in chunk], operation_timeout=120,
                                      request_timeout=300)
        for name, fut in futures.items():
            try:
                fut.result(300)
            except Exception as e:
                raise BenchError(f"create topic {name}: {e}") from e
        if (k // 20) % 10 == 9:
            log(f"  … {sum(n for _t, n in layout[:k + 20])} partitions created")
    log(f"attach: {partitions} partitions in {len(layout)} topics created in {time.monotonic() - t0:.1f} s")
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "queue.buffering.max.messages": 200_000})
    for name, n in layout:
        for p in range(n):
            producer.produce(name, b"r", partition=p)
        producer.poll(0)
    if producer.flush(120):
        raise BenchError("records not delivered within 120 s")
    t0 = time.monotonic()
    pending = []
    for g in range(groups):
        name, n = layout[g % len(layout)]
        request = ConsumerGroupTopicPartitions(f"attach-{run}-group-{g:04d}",
                                               [TopicPartition(name, p, 1) for p in range(n)])
        pending.append(admin.alter_consumer_group_offsets([request], request_timeout=120)[request.group_id])
        if len(pending) >= 50:
            for fut in pending:
                fut.result(180)
            pending = []
    for fut in pending:
        fut.result(180)
    log(f"attach: {groups} groups committed in {time.monotonic() - t0:.1f} s")
    return layout


def check_complete(image: ClusterImage, layout: list[tuple[str, int]], groups: int) -> str | None:
    wanted = dict(layout)
    seen = 0
    for t in image.topics:
        if t.name not in wanted:
            continue
        if len(t.partitions) != wanted[t.name]:
            return f"{t.name}: {len(t.partitions)} of {wanted[t.name]} partitions"
        for p in t.partitions:
            leader = next((r for r in p.replica_states if r.is_leader), None)
            if leader is None or leader.high_watermark != 1 or leader.size_bytes <= 0:
                return f"{t.name}-{p.partition}: leader offsets/size missing ({leader})"
            seen += 1
    if seen != sum(wanted.values()):
        return f"{seen} of {sum(wanted.values())} partitions in the image"
    mine = [g for g in image.groups if g.group_id.startswith(layout[0][0].rsplit("-", 1)[0] + "-group-")]
    if len(mine) != groups:
        return f"{len(mine)} of {groups} groups in the image"
    if any(len(g.offsets) != wanted[g.offsets[0].topic] if g.offsets else True for g in mine):
        return "a group without all its committed offsets"
    return None


def run_size(partitions: int, groups: int, args: argparse.Namespace) -> SizeResult:
    res = SizeResult()
    log(f"attach: {partitions} partitions, {groups} groups")
    try:
        bp = start_engine(BROKERS, ["--log-level", "WARNING"], timeout=60)
    except BenchError as e:
        res.values = dict.fromkeys(KEYS, Failed(short_error(e)))
        return res
    try:
        layout = populate(bp.bootstrap, partitions, groups, args.partitions_per_topic)
        time.sleep(args.settle_seconds)  # the engine's work after creating and filling 10,000 partitions
        e0, t0 = bp.cpu_seconds(), time.monotonic()
        time.sleep(args.idle_seconds)  # the external cluster's own background cost, nobody asking
        res.values["idle"] = (bp.cpu_seconds() - e0) / (time.monotonic() - t0)
        e0, c0, t0 = bp.cpu_seconds(), self_cpu(), time.monotonic()
        source = ExternalCluster(bp.bootstrap, timeout_s=30)
        try:
            image = source.poll()
            res.values["first"] = time.monotonic() - t0
            log(f"attach: first image {res.values['first']:.2f} s, client CPU {self_cpu() - c0:.2f} s, "
                f"engine CPU {bp.cpu_seconds() - e0:.2f} s; missing: {sorted(source.capabilities.missing())}")
            problem = check_complete(image, layout, groups)
            if problem:
                raise BenchError(f"incomplete image: {problem}")
            res.values["json"] = len(json.dumps(image.to_json(), separators=(",", ":"))) / 1e6
            walls, clients, engines = [], [], []
            for _ in range(args.polls):
                e0, c0, t0 = bp.cpu_seconds(), self_cpu(), time.monotonic()
                image = source.poll()
                walls.append(time.monotonic() - t0)
                clients.append(self_cpu() - c0)
                engines.append(bp.cpu_seconds() - e0)
            problem = check_complete(image, layout, groups)
            if problem:
                raise BenchError(f"incomplete steady image: {problem}")
            log(f"attach: steady polls {', '.join(f'{w:.2f}' for w in walls)} s")
            res.values["wall"] = statistics.median(walls)
            res.values["client"] = statistics.median(clients)
            res.values["engine"] = statistics.median(engines)
            # the polling thread as the app runs it: every 2 s, stretched when a poll takes longer than 1 s
            images: list[float] = []
            c0, t0 = self_cpu(), time.monotonic()
            source.start(lambda image, capabilities: images.append(time.monotonic()))
            time.sleep(args.poll_seconds)
            source.stop()
            wall = time.monotonic() - t0
            res.values["share"] = 100 * (self_cpu() - c0) / wall
            res.values["images"] = len(images) / wall * 60
        finally:
            source.close()
    except Exception as e:
        log(f"attach: {partitions} partitions failed: {e}\n{bp.output_tail(20)}")
        for key in KEYS:
            res.values.setdefault(key, Failed(short_error(e, 120)))
    finally:
        bp.stop()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--partitions", type=int, default=10_000, help="partitions of the measured cluster (10000)")
    ap.add_argument("--groups", type=int, default=500, help="consumer groups of the measured cluster (500)")
    ap.add_argument("--reference-partitions", type=int, default=100, help="partitions of the reference (100)")
    ap.add_argument("--reference-groups", type=int, default=5, help="consumer groups of the reference (5)")
    ap.add_argument("--partitions-per-topic", type=int, default=100, help="partitions per topic (100)")
    ap.add_argument("--polls", type=int, default=5, help="steady polls measured (5)")
    ap.add_argument("--poll-seconds", type=float, default=20.0,
                    help="the polling thread runs this long for the CPU-share figure (20)")
    ap.add_argument("--settle-seconds", type=float, default=15.0,
                    help="wait after filling the cluster before measuring anything (15)")
    ap.add_argument("--idle-seconds", type=float, default=5.0,
                    help="the external cluster's idle CPU is measured over this window first (5)")
    args = ap.parse_args(argv)
    raise_nofile()
    big = run_size(args.partitions, args.groups, args)
    small = run_size(args.reference_partitions, args.reference_groups, args)
    size = f"{args.partitions} partitions / {args.groups} groups (ref: {args.reference_partitions} / " \
           f"{args.reference_groups})"
    figures = [
        (Figure(f"attach first full image, {size} (lower is better)", "s", "{:.2f}"), "first"),
        (Figure(f"attach steady poll wall time, {size} (lower is better)", "s", "{:.2f}"), "wall"),
        (Figure(f"attach steady poll client CPU, {size} (lower is better)", "CPU s/poll", "{:.2f}"), "client"),
        (Figure(f"attach steady poll external-cluster CPU, {size} (lower is better)", "CPU s/poll", "{:.2f}"),
         "engine"),
        (Figure(f"attach external-cluster CPU idle, nobody polling, {size} (lower is better)", "CPU s/s", "{:.2f}"),
         "idle"),
        (Figure(f"attach client CPU share, polling thread at the default {DEFAULT_INTERVAL_S:g} s interval, {size} "
                "(lower is better)", "%", "{:.1f}"), "share"),
        (Figure(f"attach images per minute, polling thread at the default {DEFAULT_INTERVAL_S:g} s interval, {size}",
                "images/min", "{:.1f}"), "images"),
        (Figure(f"attach image JSON size, {size}", "MB", "{:.2f}"), "json"),
    ]
    ok = True
    for fig, key in figures:
        value, reference = big.values.get(key), small.values.get(key)
        ok = ok and not isinstance(value, Failed) and not isinstance(reference, Failed)
        print_figure(fig, value, reference)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
