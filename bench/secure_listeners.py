"""What a secured listener costs: produce and consume rec/s and the broker's CPU seconds per million
records over SASL_PLAINTEXT (SCRAM-SHA-512) and SASL_SSL (SCRAM-SHA-512, the lab CA), each beside the
PLAINTEXT listener of the same engine in the same run (the reference).

    .venv/bin/python bench/secure_listeners.py [--records 200000]

One broker, one partition, 100-byte records, confluent-kafka (linger.ms=5, batch.size=1 MB; consumers
with fetch.queue.backoff.ms=10), as bench/produce_consume.py. Over TLS the broker cannot ``sendfile``
stored batches: it reads and encrypts them, which the consume figure shows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    BrokerProcess,
    Figure,
    create_topic,
    print_figure,
    start_engine,
    wait_until,
)

RECORD_BYTES = 100
USER, PASSWORD = "bench", "bench-secret"


def _security(bp: BrokerProcess) -> dict[str, str]:
    found: dict[str, str] = {}

    def seen() -> bool:
        for line in bp.output_tail(60).splitlines():
            if "KAFKALAB SECURITY " in line:
                fields = dict(w.split("=", 1) for w in line.split("KAFKALAB SECURITY ", 1)[1].split())
                found.update({"ca": fields["ca"]} if "ca" in fields else {fields["listener"]: fields["bootstrap"]})
        return "ca" in found
    wait_until(seen, 15, "the KAFKALAB SECURITY lines")
    return found


def _conf(listener: str, security: dict[str, str], plaintext: str) -> dict[str, Any]:
    if listener == "PLAINTEXT":
        return {"bootstrap.servers": plaintext}
    conf = {"bootstrap.servers": security[listener], "security.protocol": listener, "sasl.mechanism": "SCRAM-SHA-512",
            "sasl.username": USER, "sasl.password": PASSWORD}
    if listener == "SASL_SSL":
        conf["ssl.ca.location"] = security["ca"]
    return conf


def produce(bp: BrokerProcess, conf: dict[str, Any], topic: str, n: int) -> tuple[float, float]:
    from confluent_kafka import Producer

    p = Producer({**conf, "linger.ms": 5, "batch.size": 1_000_000, "acks": 1})
    value = b"v" * RECORD_BYTES
    cpu0, t0 = bp.cpu_seconds(), time.perf_counter()
    for _ in range(n):
        while True:
            try:
                p.produce(topic, value, partition=0)
                break
            except BufferError:
                p.poll(0.01)
        p.poll(0)
    if p.flush(120):
        raise BenchError("produce did not finish")
    took = time.perf_counter() - t0
    return n / took, (bp.cpu_seconds() - cpu0) / (n / 1e6)


def consume(bp: BrokerProcess, conf: dict[str, Any], topic: str, n: int) -> tuple[float, float]:
    from confluent_kafka import Consumer, TopicPartition

    c = Consumer({**conf, "group.id": f"bench-{time.monotonic_ns()}", "enable.auto.commit": False,
                  "fetch.queue.backoff.ms": 10})
    c.assign([TopicPartition(topic, 0, 0)])
    got = 0
    cpu0, t0 = bp.cpu_seconds(), time.perf_counter()
    deadline = time.monotonic() + 120
    while got < n and time.monotonic() < deadline:
        got += sum(1 for m in c.consume(10_000, 0.5) if m.error() is None)
    took = time.perf_counter() - t0
    c.close()
    if got < n:
        raise BenchError(f"consumed {got} of {n}")
    return n / took, (bp.cpu_seconds() - cpu0) / (n / 1e6)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__).parse_known_args(argv)[1]
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    n = parser.parse_args(args).records
    bp = start_engine(1, ["--listener", "SASL_PLAINTEXT://:0", "--listener", "SASL_SSL://:0",
                          "--sasl-user", f"{USER}:{PASSWORD}", "--log-level", "WARNING"])
    try:
        security = _security(bp)
        results: dict[str, tuple[float, float, float, float]] = {}
        create_topic(bp.bootstrap, "bench-warm-up")  # the first client's costs (kio warm-up) outside the figures
        warm = _conf("SASL_SSL", security, bp.bootstrap)
        produce(bp, warm, "bench-warm-up", max(n // 10, 1000))
        consume(bp, warm, "bench-warm-up", max(n // 10, 1000))
        for listener in ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"):
            topic = f"bench-{listener.lower()}"
            create_topic(bp.bootstrap, topic)
            conf = _conf(listener, security, bp.bootstrap)
            results[listener] = (*produce(bp, conf, topic, n), *consume(bp, conf, topic, n))
        ref = results["PLAINTEXT"]
        for listener in ("SASL_PLAINTEXT", "SASL_SSL"):
            got = results[listener]
            print_figure(Figure(f"produce over {listener}", "rec/s"), got[0], ref[0])
            print_figure(Figure(f"produce broker CPU over {listener}", "s/Mrec", "{:.2f}"), got[1], ref[1])
            print_figure(Figure(f"consume over {listener}", "rec/s"), got[2], ref[2])
            print_figure(Figure(f"consume broker CPU over {listener}", "s/Mrec", "{:.2f}"), got[3], ref[3])
    finally:
        bp.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
