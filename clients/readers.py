"""Reading records: the app's message browser (:class:`PartitionReader`, by offset) and
``kafkalab console-consumer`` (:class:`ConsumerWrapper`, following a topic), both with
confluent-kafka Consumers.

The browser's worker thread owns one :class:`PartitionReader`: one Consumer used with ``assign()``
(no group). Reads are bounded: a read stops at its end offset, at the high watermark, or when
cancelled, and the partition is unassigned afterwards so the client does not keep prefetching
(memory stays small). Compressed batches are decompressed by the client.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clients.config import app_config, client_config
from clients.errors import ClientErrors, ConfigError, KafkaOpError, describe_error
from clients.wire import Decoded

if TYPE_CHECKING:  # imported when needed: the app loads confluent-kafka on its first client call
    from confluent_kafka import KafkaError

# librdkafka's logical offsets (confluent_kafka.OFFSET_BEGINNING / OFFSET_END)
OFFSET_BEGINNING = -2
OFFSET_END = -1
# confluent_kafka.TIMESTAMP_CREATE_TIME / TIMESTAMP_LOG_APPEND_TIME → Kafka's TimestampType names
_TIMESTAMP_TYPES = {1: "CreateTime", 2: "LogAppendTime"}

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
    timestamp_type: str = "CreateTime"  # Kafka's TimestampType name: CreateTime, LogAppendTime ("" none)
    # a key / value in a Schema Registry's wire format, decoded (clients.serdes.SchemaDecoder); None: not framed
    key_decoded: Decoded | None = None
    value_decoded: Decoded | None = None

    @property
    def size(self) -> int:
        """Key + value + header bytes (what the record carries, not its on-disk framing)."""
        n = len(self.key or b"") + len(self.value or b"")
        return n + sum(len(k) + len(v or b"") for k, v in self.headers)


def consumer_config(bootstrap: str, **extra: Any) -> dict[str, Any]:
    return app_config(
        bootstrap, **{"group.id": "kafkalab-browser", "enable.auto.commit": False,
                      "enable.auto.offset.store": False, "auto.offset.reset": "earliest",
                      "fetch.queue.backoff.ms": 10, "fetch.wait.max.ms": 50, "fetch.error.backoff.ms": 50,
                      "queued.max.messages.kbytes": 2048, "queued.min.messages": 1000,
                      "max.partition.fetch.bytes": 1 << 20, "enable.partition.eof": True,
                      "client.id": "kafkalab-browser", **extra})


def record_of(msg: Any) -> Record:
    """A consumed confluent-kafka Message as a :class:`Record`."""
    ts_type, ts = msg.timestamp()
    headers = tuple((str(k), v) for k, v in (msg.headers() or ()))
    return Record(int(msg.partition()), int(msg.offset()), int(ts) if ts_type else -1, msg.key(), msg.value(),
                  headers, _TIMESTAMP_TYPES.get(ts_type, ""))


class PartitionReader:
    def __init__(self, bootstrap: str, timeout_s: float = 10.0, consumer: Any = None,
                 settings: Mapping[str, str] | None = None) -> None:
        """``settings``: the cluster's connection properties (security, a profile's client id)."""
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        if consumer is None:
            from confluent_kafka import Consumer

            consumer = Consumer({**consumer_config(bootstrap), **(settings or {})})
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
                    if off is None or off < position or off >= end:
                        if off is not None and off >= end:
                            position = end
                        continue
                    chunk.append(record_of(m))
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


class ConsumerWrapper:
    """Kafka's ``ConsoleConsumer.ConsumerWrapper``: one Consumer that follows a topic (``subscribe``,
    a pattern, or one assigned partition from an offset) and hands out what has arrived.

    ``settings`` are the consumer's librdkafka properties (a refused configuration raises
    :class:`ConfigError`); ``on_warning`` hears each distinct non-fatal error once (e.g. the topic
    does not exist yet — the consumer keeps waiting, like Kafka's)."""

    WARM_METADATA_TIMEOUT_S = 2.0

    def __init__(self, bootstrap: str, settings: Mapping[str, str], errors: ClientErrors,
                 on_warning: Callable[[str], None] | None = None) -> None:
        from confluent_kafka import Consumer, KafkaException

        try:
            self.consumer = Consumer(client_config(bootstrap, settings, errors))
        except KafkaException as exc:
            raise ConfigError.from_kafka(exc, "consumer") from exc
        self._on_warning = on_warning
        self._warned: set[str] = set()
        self._fatal: KafkaOpError | None = None

    def subscribe(self, topic_or_pattern: str) -> None:
        """Join the group for a topic, or for every topic matching ``^pattern``."""
        self.consumer.subscribe([topic_or_pattern])

    def assign(self, topic: str, partition: int, offset: int) -> None:
        """Read one partition from ``offset`` (or OFFSET_BEGINNING / OFFSET_END), no group rebalance.

        The partition leaders are learnt first: librdkafka otherwise parks the first offset lookup
        of an assigned partition on a 500 ms retry timer while metadata is still in flight."""
        from confluent_kafka import KafkaException, TopicPartition

        try:
            self.consumer.list_topics(topic, timeout=self.WARM_METADATA_TIMEOUT_S)
        except KafkaException:
            pass  # unreachable right now: receive() keeps trying like Kafka's consumer does
        self.consumer.assign([TopicPartition(topic, partition, offset)])

    def receive(self, max_records: int, wait_s: float) -> list[Record]:
        """Up to ``max_records`` records: waits at most ``wait_s`` for the first, then takes whatever
        else is already queued without waiting (``consume()`` would wait for a full batch).
        A fatal error raises :class:`KafkaOpError` (after the records that came before it)."""
        if self._fatal is not None:
            raise self._fatal
        first = self.consumer.poll(wait_s)
        if first is None:
            return []
        messages = [first]
        if max_records > 1:
            messages += self.consumer.consume(num_messages=max_records - 1, timeout=0)
        records = []
        for msg in messages:
            err = msg.error()
            if err is None:
                records.append(record_of(msg))
            elif err.fatal():
                self._fatal = KafkaOpError.from_kafka_error(err)
                if not records:
                    raise self._fatal
                break
            else:
                self._on_error(err)
        return records

    def _on_error(self, err: KafkaError) -> None:
        from confluent_kafka import KafkaError

        if err.code() == KafkaError._PARTITION_EOF:
            return
        text = describe_error(err)
        if text not in self._warned and self._on_warning is not None:
            self._warned.add(text)
            self._on_warning(text)

    def close(self) -> None:
        """Commits (with a group and auto commit) and leaves the group."""
        from confluent_kafka import KafkaException

        try:
            self.consumer.close()
        except (KafkaException, RuntimeError):
            pass
