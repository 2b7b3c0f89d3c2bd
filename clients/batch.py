"""One-shot clients for lessons and scripts: produce a batch of records and learn the fate of each
one, and read a topic to its end (in a group, committing, or without one).

Partitioning choices, all honest about who computes them:

- ``murmur2_random`` / ``consistent_random``: librdkafka's own partitioners (keys hashed by the client);
- ``sticky``: librdkafka with null keys (sticky for ``sticky.partitioning.linger.ms``, today's clients);
- ``round_robin``: the course notes' picture (the Java client before 2.4, KIP-480 replaced it) — the lab
  chooses ``i % partitions`` for record ``i`` and names the partition explicitly;
- ``java_sticky``: the Java client's sticky partitioner for null keys (:class:`JavaStickyPartitioner`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clients.config import app_config
from clients.errors import KafkaOpError
from clients.partitioners import JAVA_BATCH_SIZE, MURMUR2, PARTITIONERS, JavaStickyPartitioner, record_size

BATCH_PARTITIONERS = (*PARTITIONERS, "sticky", "round_robin", "java_sticky")


@dataclass(frozen=True)
class Sent:
    """One record's fate: its partition and offset, or the error the client gave up with."""

    key: bytes | None
    value: bytes | None
    partition: int  # -1 when it failed (or acks=0 without a partition)
    offset: int  # -1 with acks=0 (nobody answers) or when it failed
    error: str = ""  # Kafka's error name ("" when delivered)


def _partition_count(producer: Any, topic: str, timeout: float = 10.0) -> int:
    md = producer.list_topics(topic, timeout=timeout)
    t = md.topics.get(topic)
    return len(t.partitions) if t is not None and t.error is None else 0


def produce_batch(bootstrap: str, topic: str, records: Sequence[tuple[bytes | None, bytes | None]], *,
                  acks: str = "all", partitioner: str = MURMUR2, partition: int = -1, idempotence: bool = False,
                  retries: int | None = None, timeout_s: float = 10.0, linger_ms: int = 5,
                  client_id: str = "kafkalab-lesson", rate: float = 0.0) -> list[Sent]:
    """Produce ``records`` (key, value) and wait for every delivery report (at most ``timeout_s``);
    ``rate`` > 0: at most that many records a second (a producer that is still sending while
    something happens to the cluster)."""
    from confluent_kafka import Producer

    if partitioner not in BATCH_PARTITIONERS:
        raise ValueError(f"partitioner must be one of {BATCH_PARTITIONERS}")
    config: dict[str, Any] = {"acks": acks, "linger.ms": linger_ms, "client.id": client_id,
                              "message.timeout.ms": int(timeout_s * 1000), "enable.idempotence": idempotence,
                              "partitioner": partitioner if partitioner in PARTITIONERS else MURMUR2}
    if retries is not None:
        config["retries"] = retries
    producer = Producer(app_config(bootstrap, **config))
    reports: dict[int, Sent] = {}
    explicit: list[int] = [partition] * len(records)
    if partition < 0 and partitioner in ("round_robin", "java_sticky"):
        n = _partition_count(producer, topic)
        if n:
            if partitioner == "round_robin":
                explicit = [i % n for i in range(len(records))]
            else:
                # seeded: a lesson shows the same spread every time it runs (Java draws at random)
                sticky = JavaStickyPartitioner(lambda _t: [(p, 0) for p in range(n)], JAVA_BATCH_SIZE,
                                               random.Random(0))
                explicit = [sticky.partition(topic, k, record_size(k, v)) for k, v in records]

    def report(i: int, key: bytes | None, value: bytes | None) -> Any:
        def done(err: Any, msg: Any) -> None:
            if err is not None:
                reports[i] = Sent(key, value, -1, -1, KafkaOpError.from_kafka_error(err).name or str(err))
            else:
                p, o = msg.partition(), msg.offset()
                reports[i] = Sent(key, value, -1 if p is None else int(p), -1 if o is None or o < 0 else int(o))
        return done

    if rate > 0:
        _partition_count(producer, topic)  # the leaders known first: records queued meanwhile would share a batch
    began = time.monotonic()
    for i, (key, value) in enumerate(records):
        if rate > 0:
            due = began + i / rate
            while time.monotonic() < due:
                producer.poll(min(0.05, max(0.0, due - time.monotonic())))
        kwargs: dict[str, Any] = {"key": key, "value": value, "on_delivery": report(i, key, value)}
        if explicit[i] >= 0:
            kwargs["partition"] = explicit[i]
        while True:
            try:
                producer.produce(topic, **kwargs)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    producer.flush(timeout_s + 5)
    return [reports.get(i, Sent(k, v, -1, -1, "REQUEST_TIMED_OUT")) for i, (k, v) in enumerate(records)]


@dataclass(frozen=True)
class Read:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


def read_topic(bootstrap: str, topic: str, *, group: str = "", max_records: int | None = None,
               timeout_s: float = 10.0, commit: bool = True, client_id: str = "kafkalab-lesson") -> list[Read]:
    """Read ``topic`` until its end (every partition's high watermark when reading starts) or
    ``max_records``. With ``group``: subscribe in that group (start from its committed offsets, else the
    earliest), commit what was read (``commit``) and leave; without: assign every partition from the start."""
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    config = app_config(bootstrap, **{"group.id": group or f"{client_id}-reader", "client.id": client_id,
                                      "auto.offset.reset": "earliest", "enable.auto.commit": False,
                                      "fetch.queue.backoff.ms": 10, "session.timeout.ms": 6000,
                                      "heartbeat.interval.ms": 500})
    consumer = Consumer(config)
    out: list[Read] = []
    deadline = time.monotonic() + timeout_s
    try:
        md = consumer.list_topics(topic, timeout=timeout_s)
        t = md.topics.get(topic)
        if t is None or t.error is not None:
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PART", f"topic {topic} not found")
        ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout_s)[1] for p in t.partitions}
        if group:
            consumer.subscribe([topic])
        else:
            consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in t.partitions])
        positions: dict[int, int] = {}

        def done() -> bool:
            if max_records is not None and len(out) >= max_records:
                return True
            if not group or consumer.assignment():
                return all(positions.get(p, _committed(consumer, topic, p, group)) >= end for p, end in ends.items())
            return False

        while not done() and time.monotonic() < deadline:
            for msg in consumer.consume(500, 0.2):
                if msg.error() is not None:
                    continue
                partition, offset = msg.partition(), msg.offset()
                if partition is None or offset is None:
                    continue
                out.append(Read(partition, offset, msg.key(), msg.value()))
                positions[partition] = offset + 1
                if max_records is not None and len(out) >= max_records:
                    break
        if group and commit and out:
            consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in positions.items()], asynchronous=False)
    finally:
        consumer.close()
    return out


def _committed(consumer: Any, topic: str, partition: int, group: str) -> int:
    """Where a group member starts on ``partition`` (its committed offset), 0 without a group."""
    if not group:
        return 0
    from confluent_kafka import TopicPartition

    try:
        tp = consumer.committed([TopicPartition(topic, partition)], timeout=5)[0]
        return max(0, int(tp.offset))
    except Exception:
        return 0
