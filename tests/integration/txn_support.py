"""Helpers for the transaction tests: transactional producers and isolation-level readers."""

from __future__ import annotations

import time

from confluent_kafka import Consumer, Producer, TopicPartition

QUIET = {"log_level": 3}
SMALL = {"transaction.state.log.num.partitions": "4", "offsets.topic.num.partitions": "4"}


def txn_producer(bootstrap: str, txn_id: str, **conf: object) -> Producer:
    p = Producer({"bootstrap.servers": bootstrap, "transactional.id": txn_id, "linger.ms": 5, **QUIET, **conf})
    p.init_transactions(30)
    return p


def send_txn(p: Producer, topic: str, values: list[bytes], commit: bool, partition: int = 0) -> None:
    p.begin_transaction()
    for v in values:
        p.produce(topic, value=v, partition=partition)
    p.flush(30)
    if commit:
        p.commit_transaction(30)
    else:
        p.abort_transaction(30)


def read_to_end(bootstrap: str, topic: str, isolation: str, partitions: int = 1,
                timeout: float = 20.0) -> list[bytes]:
    """Every value a consumer with ``isolation.level`` reads from the start until its position
    reaches the end it is allowed to see (the LSO for read_committed, the HW otherwise)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"reader-{isolation}", "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "isolation.level": isolation, "fetch.queue.backoff.ms": 10,
                  **QUIET})
    try:
        tps = [TopicPartition(topic, p, -2) for p in range(partitions)]
        c.assign(tps)
        ends = {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)[1]
                for p in range(partitions)}
        out: list[bytes] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in c.consume(1000, 0.2):
                if not m.error() and m.value() is not None:
                    out.append(m.value())
            positions = {tp.partition: tp.offset for tp in c.position([TopicPartition(topic, p) for p in ends])}
            if all(positions[p] >= ends[p] for p in ends):
                return out
        raise AssertionError(f"{isolation} reader did not reach {ends}: at {positions}, read {len(out)}")
    finally:
        c.close()
