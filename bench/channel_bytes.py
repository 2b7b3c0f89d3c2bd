"""Bytes per second on the GUI channel with many partitions: image deltas vs whole images.

An in-process cluster (3 brokers, one topic of ``--partitions`` partitions, RF 3) with the control
channel; one client reads it the way the bridge does (hello, then deltas applied in order). Phases:
idle, records to a few partitions, records to every partition (a producer in a child process).

Reference, measured in the same run: the whole-image protocol the channel used before — one whole
``ClusterImage`` line at every moment the channel sent a delta (the same publication rule: at most
10×/s when something changed, once a second when idle). Also printed: the engine thread's CPU per
second and the client's CPU per second to read the channel (parse + apply), deltas vs whole images.

    .venv/bin/python bench/channel_bytes.py                    # 3000 partitions, 10 s per phase
    .venv/bin/python bench/channel_bytes.py --partitions 300 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.cluster import ClusterConfig, KafkaCluster  # noqa: E402
from engine.control.channel import serve_control  # noqa: E402
from engine.observe import ClusterImage  # noqa: E402
from engine.runtime import EngineThread  # noqa: E402

TOKEN = "bench"
TOPIC = "wide"

PRODUCER = r"""
import sys, time
from confluent_kafka import Producer
bootstrap, topic, partitions, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "acks": "1"})
start, sent = time.monotonic(), 0
while True:
    due = int((time.monotonic() - start) * rate)
    while sent < due:
        try:
            p.produce(topic, value=b"x" * 100, partition=sent % partitions)
        except BufferError:  # the broker is behind: wait for acknowledgements
            p.poll(0.05)
            continue
        sent += 1
    p.poll(0.005)
"""


@dataclass
class Reader:
    """Reads the channel like the bridge: the hello's image, then every delta applied in order. The
    images are kept so that the whole-image reference is measured after the phase, not while reading
    (the reader shares the GIL with the engine here; the app's bridge is another process)."""

    port: int
    image: ClusterImage | None = None
    delta_bytes: int = 0
    read_cpu: float = 0.0  # parse + apply
    images: list[ClusterImage] = field(default_factory=list)
    whole_lines: list[bytes] = field(default_factory=list)  # the last few whole-image lines (older tree)
    whole_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.sendall(json.dumps({"token": TOKEN}).encode() + b"\n")
        f = sock.makefile("rb")
        for line in f:
            if line.startswith(b'{"type":"image"'):  # the whole-image protocol (from an older tree: "before")
                with self.lock:  # counted only: parsing megabytes here would take the engine's GIL
                    self.delta_bytes += len(line)
                    self.whole_lines = [*self.whole_lines[-4:], line]
                    self.whole_count += 1
                continue
            t0 = time.thread_time()
            msg = json.loads(line)
            if msg["type"] == "hello":
                self.image = ClusterImage.from_json(msg["image"])
                continue
            if msg["type"] == "delta" and self.image is not None:
                from engine.observe.image_diff import apply_delta

                self.image = apply_delta(self.image, msg["delta"])
            else:
                continue
            t1 = time.thread_time()
            with self.lock:
                self.delta_bytes += len(line)
                self.read_cpu += t1 - t0
                self.images.append(self.image)

    def take(self) -> tuple[int, float, list[ClusterImage]]:
        with self.lock:
            if self.whole_count:  # older tree: the parse cost from a sample of the lines it sent
                t0 = time.thread_time()
                for whole in self.whole_lines:
                    ClusterImage.from_json(json.loads(whole)["image"])
                self.read_cpu = (time.thread_time() - t0) / len(self.whole_lines) * self.whole_count
                print(f"# {self.whole_count} whole images", file=sys.stderr)
            out = self.delta_bytes, self.read_cpu, self.images
            self.delta_bytes, self.read_cpu, self.images = 0, 0.0, []
            self.whole_lines, self.whole_count = [], 0
            return out


def whole_image_cost(images: list[ClusterImage], sample: int = 5) -> tuple[int, float]:
    """Bytes the whole-image protocol would have sent for these images, and its client's CPU to parse
    them (measured on a sample)."""
    total = 0
    cpu = 0.0
    for i, image in enumerate(images):
        data = (json.dumps({"type": "image", "image": image.to_json()}, separators=(",", ":")) + "\n").encode()
        total += len(data)
        if i < sample:
            t0 = time.thread_time()
            ClusterImage.from_json(json.loads(data)["image"])
            cpu += time.thread_time() - t0
    per_image = cpu / min(sample, len(images)) if images else 0.0
    return total, per_image * len(images)


def thread_cpu(native_id: int) -> float:
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def records(engine: EngineThread, cluster: KafkaCluster) -> int:
    from engine.observe.snapshot import take_snapshot

    image = engine.call(lambda: take_snapshot(cluster), 600)
    t = image.topic(TOPIC)
    return sum(max((r.high_watermark for r in p.replica_states), default=0) for p in t.partitions) if t else 0


def line(name: str, value: float, unit: str, ref: float, ref_unit: str | None = None) -> None:
    ratio = f"{value / ref:.3f}x" if ref else "n/a"
    print(f"{name}: {value:,.1f} {unit} (reference: {ref:,.1f} {ref_unit or unit}, ratio {ratio})", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--partitions", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--rate", type=int, default=10_000, help="records/s in the loaded phases (at most)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="channel-bytes-") as tmp:
        engine = EngineThread(ClusterConfig(num_brokers=3, port=0, data_dir=Path(tmp)))
        cluster = engine.start()
        engine_tid = engine._thread.native_id or 0
        t0 = time.monotonic()
        engine.call(lambda: cluster.controller.create_topic(TOPIC, args.partitions, 3, None, {}), 600)

        def in_sync() -> bool:
            from engine.observe.snapshot import take_snapshot

            image = engine.call(lambda: take_snapshot(cluster), 600)
            t = image.topic(TOPIC)
            return t is not None and all(len(p.isr) == 3 and p.leader >= 0 for p in t.partitions)

        stable_since = None  # in sync for 5 s in a row (creating thousands of logs can stall the loop)
        while stable_since is None or time.monotonic() - stable_since < 5:
            if not in_sync():
                stable_since = None
            elif stable_since is None:
                stable_since = time.monotonic()
            time.sleep(0.5)
        print(f"# {args.partitions} partitions RF3 in sync after {time.monotonic() - t0:.1f} s", file=sys.stderr)
        port = engine.run(serve_control(cluster, 0, TOKEN), 600)
        reader = Reader(port)
        threading.Thread(target=reader.run, daemon=True).start()
        while reader.image is None:
            time.sleep(0.05)
        time.sleep(2.0)  # settle after the hello
        phases = [("idle", 0, 0), ("records to 30 partitions", 30, args.rate),
                  (f"records to all {args.partitions} partitions", args.partitions, args.rate)]
        for name, partitions, rate in phases:
            proc = None
            if rate:
                proc = subprocess.Popen([sys.executable, "-c", PRODUCER, cluster.bootstrap_servers, TOPIC,
                                         str(partitions), str(rate)])
                time.sleep(2.0)  # ramp up
            reader.take()
            hw0 = records(engine, cluster)
            cpu0, w0 = thread_cpu(engine_tid), time.monotonic()
            time.sleep(args.seconds)
            cpu1, w1 = thread_cpu(engine_tid), time.monotonic()
            delta_bytes, read_cpu, images = reader.take()
            if proc is not None:
                proc.terminate()
                proc.wait(10)
            wall = w1 - w0
            whole_bytes, whole_cpu = whole_image_cost(images)
            print(f"# {name}: {len(images) / wall:.1f} deltas/s, {(records(engine, cluster) - hw0) / wall:,.0f} "
                  f"records/s appended", file=sys.stderr)
            line(f"channel bytes/s, {name} (lower is better)", delta_bytes / wall, "B/s", whole_bytes / wall)
            line(f"client CPU to read the channel, {name} (lower is better)", read_cpu / wall * 1000, "ms/s",
                 whole_cpu / wall * 1000)
            print(f"engine thread CPU, {name}: {(cpu1 - cpu0) / wall * 1000:,.0f} ms/s", flush=True)
            time.sleep(3.0)  # drain
        engine.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
