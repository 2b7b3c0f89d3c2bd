"""Reading records by offset: one confluent-kafka Consumer used with ``assign()`` (no group).

The message browser's worker thread owns one :class:`PartitionReader`. Reads are bounded: a read
stops at its end offset, at the high watermark, or when cancelled, and the partition is
unassigned afterwards so the client does not keep prefetching (memory stays small). Compressed
batches are decompressed by the client."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from gui.clients.admin import client_config
from gui.clients.errors import KafkaOpError

POLL_S = 0.2
BATCH = 500


@dataclass(frozen=True, slots=True)
class Record:
    partition: int
    offset: int
    timestamp: int  # ms, -1 unknown
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes | None], ...]

    @property
    def size(self) -> int:
        """Key + value + header bytes (what the record carries, not its on-disk framing)."""
        n = len(self.key or b"") + len(self.value or b"")
        return n + sum(len(k) + len(v or b"") for k, v in self.headers)


def consumer_config(bootstrap: str, **extra: Any) -> dict[str, Any]:
    return client_config(
        bootstrap, **{"group.id": "kafkalab-browser", "enable.auto.commit": False,
                      "enable.auto.offset.store": False, "auto.offset.reset": "earliest",
                      "fetch.queue.backoff.ms": 10, "fetch.wait.max.ms": 50, "fetch.error.backoff.ms": 50,
                      "queued.max.messages.kbytes": 2048, "queued.min.messages": 1000,
                      "max.partition.fetch.bytes": 1 << 20, "enable.partition.eof": True,
                      "client.id": "kafkalab-browser", **extra})


def _record(msg: Any) -> Record:
    ts_type, ts = msg.timestamp()
    headers = tuple((str(k), v) for k, v in (msg.headers() or ()))
    return Record(int(msg.partition()), int(msg.offset()), int(ts) if ts_type else -1, msg.key(), msg.value(),
                  headers)


class PartitionReader:
    def __init__(self, bootstrap: str, timeout_s: float = 10.0, consumer: Any = None) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        if consumer is None:
            from confluent_kafka import Consumer

            consumer = Consumer(consumer_config(bootstrap))
        self.consumer = consumer

    def close(self) -> None:
        try:
            self.consumer.close()
        except Exception:  # closing twice, or the cluster is gone
            pass

    # -- metadata --------------------------------------------------------------------------------------
    def partitions(self, topic: str) -> list[int]:
        try:
            md = self.consumer.list_topics(topic, timeout=self.timeout_s)
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc
        t = md.topics.get(topic)
        if t is None or t.error is not None or not t.partitions:
            if t is not None and t.error is not None:
                raise KafkaOpError.from_kafka_error(t.error)
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{topic}' does not exist")
        return sorted(t.partitions)

    def watermarks(self, topic: str, partition: int) -> tuple[int, int]:
        """(log start offset, high watermark) through ListOffsets."""
        from confluent_kafka import TopicPartition

        try:
            low, high = self.consumer.get_watermark_offsets(TopicPartition(topic, partition),
                                                            timeout=self.timeout_s, cached=False)
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc
        return int(low), int(high)

    def offset_for_time(self, topic: str, partition: int, timestamp_ms: int) -> int:
        """The first offset whose timestamp is ≥ ``timestamp_ms``; -1 if every record is older."""
        from confluent_kafka import TopicPartition

        try:
            (tp,) = self.consumer.offsets_for_times([TopicPartition(topic, partition, int(timestamp_ms))],
                                                    timeout=self.timeout_s)
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc
        if tp.error is not None:
            raise KafkaOpError.from_kafka_error(tp.error)
        return int(tp.offset)

    # -- records ---------------------------------------------------------------------------------------
    def read(self, topic: str, partition: int, start: int, end: int,
             cancelled: Callable[[], bool] = lambda: False) -> list[Record]:
        """Records with ``start ≤ offset < end`` (fewer when the log has gaps or ends first)."""
        return [r for chunk in self.iter_read(topic, partition, start, end, cancelled) for r in chunk]

    def iter_read(self, topic: str, partition: int, start: int, end: int,
                  cancelled: Callable[[], bool] = lambda: False, batch: int = BATCH) -> Iterator[list[Record]]:
        """Chunks of records in ``[start, end)``, in offset order."""
        from confluent_kafka import KafkaError, TopicPartition

        if end <= start:
            return
        consumer = self.consumer
        consumer.assign([TopicPartition(topic, partition, int(start))])
        try:
            idle_deadline = time.monotonic() + self.timeout_s
            position = start
            while position < end and not cancelled():
                want = max(1, min(batch, end - position))
                msgs = consumer.consume(num_messages=want, timeout=POLL_S)
                chunk: list[Record] = []
                at_eof = False
                for m in msgs:
                    err = m.error()
                    if err is not None:
                        if err.code() == KafkaError._PARTITION_EOF:
                            if m.partition() == partition and m.topic() == topic:
                                at_eof = True
                            continue
                        raise KafkaOpError.from_kafka_error(err)
                    if m.partition() != partition or m.topic() != topic:
                        continue  # left over from an earlier assignment
                    off = m.offset()
                    if off < position or off >= end:
                        if off >= end:
                            position = end
                        continue
                    chunk.append(_record(m))
                    position = off + 1
                if chunk:
                    idle_deadline = time.monotonic() + self.timeout_s
                    yield chunk
                if at_eof:
                    return
                if not msgs and time.monotonic() > idle_deadline:
                    raise KafkaOpError("REQUEST_TIMED_OUT", f"no records from {topic}-{partition} at offset "
                                                            f"{position} within {self.timeout_s:g} s")
        finally:
            try:
                consumer.unassign()
            except Exception:
                pass
