"""DIAGNOSTIC, not part of the suite (runs only with CHAOS_DIAG=1): test_chaos.py's 20 seeded
kill/pause/restart cycles with everything needed to explain a duplicate or a loss afterwards.

    CHAOS_DIAG=1 DIAG_OUT=/tmp/dd/r1 .venv/bin/python -m pytest -q tests/integration/test_chaos_diagnose.py

writes ``$DIAG_OUT.engine.log`` (the engine's log at DEBUG plus its leader elections, ISR changes,
truncations, kills and pauses from the event bus), ``$DIAG_OUT.rdkafka.log`` (librdkafka's ``eos``
debug: PID/epoch changes, drains, epoch bumps, implicit acks), ``$DIAG_OUT.consumer.log`` and
``$DIAG_OUT.report``: the values found twice with their partition and offset and, when there are
any, every replica's batch headers (offsets, leader epoch, producer id/epoch, base sequence).
Run it many times under load (``yes > /dev/null`` ×4–6, or ``taskset -c 0``) to catch a rare case."""

from __future__ import annotations

import collections
import logging
import os
import random
from typing import Any

import pytest

from tests.conftest import RunningCluster
from tests.integration.clients import consume_confluent, create_topic
from tests.integration.producer_thread import AckingProducer
from tests.integration.test_chaos import KEYS, log_end, run_cycles
from tests.integration.test_failover import FAST

pytestmark = pytest.mark.skipif(not os.environ.get("CHAOS_DIAG"), reason="diagnostic run: set CHAOS_DIAG=1")

OUT = os.environ.get("DIAG_OUT", "/tmp/chaos-diag")
EVENTS = ("LeaderElected", "IsrShrunk", "IsrExpanded", "BrokerDown", "BrokerStarted", "Truncated", "LogRecovered",
          "BrokerPaused", "BrokerResumed")


def _file_logger(name: str, path: str, level: int = logging.DEBUG) -> logging.Logger:
    logger = logging.getLogger(name)
    handler = logging.FileHandler(path, mode="w")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return logger


def _replica_batches(cluster: RunningCluster, topic: str) -> list[str]:
    lines = []
    for b in cluster.cluster.brokers.values():
        lm = b.log_manager
        if lm is None:
            continue
        for (t, p), u in sorted(lm.logs.items()):
            if t != topic:
                continue
            lines.append(f"broker {b.broker_id} {t}-{p} log end {u.log_end_offset} high watermark {u.high_watermark}")
            lines.extend(f"  {h.base_offset}..{h.base_offset + h.last_offset_delta} leader epoch {h.leader_epoch} "
                         f"producer {h.producer_id}/{h.producer_epoch} base sequence {h.base_sequence}"
                         for seg in u.segments for h in seg.headers())
    return lines


def _report(cluster: RunningCluster, records: list[tuple[int, int, Any, Any]], actions: list[str], end: int) -> None:
    count = collections.Counter(v for *_x, v in records)
    dups = {v for v, n in count.items() if n > 1}
    with open(f"{OUT}.report", "w") as f:
        f.write(f"actions {actions}; high watermarks sum {end}; read {len(records)}\n")
        f.writelines(f"value {v!r} twice: partition {p} offset {o}\n" for p, o, _k, v in records if v in dups)
        if dups:
            f.write("\n".join(cluster.engine.call(lambda: _replica_batches(cluster, "chaos"))) + "\n")


def test_chaos_diagnose(cluster_factory: Any) -> None:
    cluster = cluster_factory(config=FAST)
    _file_logger("engine", f"{OUT}.engine.log")
    events = logging.getLogger("engine.diag.events")
    cluster.cluster.bus.subscribe(lambda e: events.info("%r", e) if type(e).__name__ in EVENTS else None)
    rdkafka = _file_logger("diag.rdkafka", f"{OUT}.rdkafka.log")
    rdkafka.propagate = False
    create_topic(cluster.bootstrap, "chaos", partitions=KEYS, rf=3, config={"min.insync.replicas": "2"})
    rng = random.Random(20261125)
    producer = AckingProducer(cluster.bootstrap_servers, "chaos", keys=KEYS, rate_per_s=1500,
                              **{"request.timeout.ms": 3000, "socket.timeout.ms": 5000, "log_level": 7,
                                 "debug": "eos", "logger": rdkafka})
    producer.start()
    try:
        actions = run_cycles(cluster, producer, rng)
    finally:
        producer.stop()
    end = log_end(cluster, "chaos")
    consumer_log = _file_logger("diag.consumer", f"{OUT}.consumer.log")
    consumer_log.propagate = False
    records = consume_confluent(cluster.bootstrap_servers, "chaos", end, timeout=30, log_level=7,
                                debug="consumer", logger=consumer_log)
    _report(cluster, records, actions, end)
    values = [int(v or b"-1") for *_x, v in records]
    print(f"\nchaos: {len(actions)} cycles; sent {producer.sent}, acked {len(producer.acked)}, in log {len(values)}, "
          f"lost {len(set(producer.acked) - set(values))}, duplicates {len(values) - len(set(values))}, "
          f"producer errors {len(producer.errors)}")
    assert not producer.errors, producer.errors[:5]
    assert len(values) == len(set(values)), f"duplicates: see {OUT}.report"
