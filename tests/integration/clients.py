"""Small helpers around the real Kafka clients used by the integration tests."""

from __future__ import annotations

import time
from collections.abc import Iterable

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

QUIET = {"log_level": 3}


def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap, **QUIET})


def create_topic(bootstrap: str, name: str, partitions: int = 1, rf: int = 1,
                 config: dict[str, str] | None = None) -> None:
    client = admin(bootstrap)  # keep a reference: the futures die with the client
    fs = client.create_topics([NewTopic(name, partitions, rf, config=config or {})], operation_timeout=10)
    fs[name].result(15)


def create_topic_with_assignment(bootstrap: str, name: str, assignment: dict[int, list[int]],
                                 config: dict[str, str] | None = None) -> None:
    """Create a topic with an explicit replica assignment (partition → broker ids)."""
    client = admin(bootstrap)
    new = NewTopic(name, len(assignment), replica_assignment=[assignment[p] for p in sorted(assignment)], config=config or {})
    client.create_topics([new], operation_timeout=10)[name].result(15)


def produce_confluent(bootstrap: str, topic: str, records: Iterable[tuple[bytes | None, bytes]],
                      **conf: object) -> list[tuple[int, int]]:
    """Produce and flush; returns (partition, offset) per record in send order. Fails on any error."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, **QUIET, **conf})
    results: list[tuple[int, int] | None] = []
    errors: list[str] = []

    def cb(i: int):  # type: ignore[no-untyped-def]
        def done(err, msg) -> None:  # type: ignore[no-untyped-def]
            if err is not None:
                errors.append(str(err))
            else:
                results[i] = (msg.partition(), msg.offset())
        return done

    for i, (key, value) in enumerate(records):
        results.append(None)
        while True:
            try:
                p.produce(topic, key=key, value=value, on_delivery=cb(i))
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    remaining = p.flush(30)
    assert remaining == 0 and not errors, f"undelivered={remaining} errors={errors[:3]}"
    return [r for r in results if r is not None]


def consume_confluent(bootstrap: str, topic: str, expected: int, partitions: int | None = None,
                      timeout: float = 20.0, **conf: object) -> list[tuple[int, int, bytes | None, bytes | None]]:
    """Read with assign() from the start until ``expected`` records arrived: (partition, offset, key, value)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "tests-assign", "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "fetch.queue.backoff.ms": 10, **QUIET, **conf})
    try:
        if partitions is None:
            md = c.list_topics(topic, timeout=10)
            partitions = len(md.topics[topic].partitions)
        c.assign([TopicPartition(topic, p, -2) for p in range(partitions)])  # -2: OFFSET_BEGINNING
        out: list[tuple[int, int, bytes | None, bytes | None]] = []
        deadline = time.monotonic() + timeout
        while len(out) < expected and time.monotonic() < deadline:
            for m in c.consume(10000, 0.2):
                if m.error():
                    continue
                out.append((m.partition(), m.offset(), m.key(), m.value()))
        return out
    finally:
        c.close()
