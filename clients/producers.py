"""Producing records: the app's produce dialog (:class:`RecordSender`) and ``kafkalab
console-producer`` (:class:`RecordProducer`), both with confluent-kafka Producers.

The dialog sends with a Producer per acks setting and partitioner — ``murmur2_random`` (the Java
client's choice, the dialog's default) or librdkafka's own default ``consistent_random`` (CRC32) —
so keyed records land where :mod:`clients.partitioners` predicts. The console producer partitions
like Kafka's own: keys by murmur2, records without a key by :class:`JavaStickyPartitioner`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clients.config import DEFAULT_TIMEOUT_S, app_config, client_config
from clients.errors import ClientErrors, ConfigError, KafkaOpError, describe_error
from clients.partitioners import (
    JAVA_BATCH_SIZE,
    MURMUR2,
    PARTITIONERS,
    UNASSIGNED,
    Header,
    JavaStickyPartitioner,
    murmur2_partition,
    record_size,
)

if TYPE_CHECKING:  # imported when needed: the app loads confluent-kafka on its first client call
    from confluent_kafka import KafkaError, Message

POLL_SLICE_S = 0.5  # longest blocking flush, so Ctrl-C is noticed promptly


def predict_partition(key: bytes | None, partitions: int) -> int | None:
    """The partition the Java client's default partitioner picks for ``key`` (None: no key → sticky)."""
    return murmur2_partition(key, partitions)


def produce(producer: Any, topic: str, **kwargs: Any) -> None:
    """``Producer.produce``, waiting for delivery reports while librdkafka's local queue is full;
    a refused record raises :class:`KafkaOpError`."""
    while True:
        try:
            producer.produce(topic, **kwargs)
            break
        except BufferError:
            producer.poll(0.05)
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc
    producer.poll(0)


ACKS = ("0", "1", "all")
USE_PARTITIONER = -1


@dataclass(frozen=True)
class OutRecord:
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    partition: int = USE_PARTITIONER


@dataclass(frozen=True)
class Delivery:
    partition: int
    offset: int  # -1 with acks=0 (the broker does not answer)
    error: str = ""  # Kafka error name + message, "" when delivered


def lines_as_records(lines: Iterable[str], key_separator: str | None, partition: int = USE_PARTITIONER,
                     headers: tuple[tuple[str, bytes], ...] = ()) -> Iterator[OutRecord]:
    """One record per non-empty line; with a separator, the text before its first occurrence is the key
    (as ``kafka-console-producer --property parse.key=true --property key.separator=…``)."""
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            continue
        key: bytes | None = None
        value = line
        if key_separator:
            k, sep, rest = line.partition(key_separator)
            if sep:
                key, value = k.encode(), rest
        yield OutRecord(key, value.encode(), headers, partition)


def read_file_records(path: Path, key_separator: str | None, partition: int = USE_PARTITIONER) -> list[OutRecord]:
    with path.open(encoding="utf-8", errors="replace") as f:
        return list(lines_as_records(f, key_separator, partition))


class RecordSender:
    """Owns one Producer per (acks, partitioner); used from one worker thread."""

    def __init__(self, bootstrap: str, factory: Callable[[dict[str, Any]], Any] | None = None,
                 timeout_s: float = 15.0, settings: Mapping[str, str] | None = None) -> None:
        self.bootstrap = bootstrap
        self.settings = dict(settings or {})  # the cluster's connection properties
        self.timeout_s = timeout_s
        self._factory = factory
        self._producers: dict[tuple[str, str], Any] = {}

    def _producer(self, acks: str, partitioner: str = MURMUR2) -> Any:
        if acks not in ACKS:
            raise ValueError(f"acks must be one of {ACKS}")
        if partitioner not in PARTITIONERS:
            raise ValueError(f"partitioner must be one of {PARTITIONERS}")
        p = self._producers.get((acks, partitioner))
        if p is None:
            config = app_config(self.bootstrap, **{
                "acks": acks, "partitioner": partitioner, "linger.ms": 5, "message.timeout.ms":
                int(self.timeout_s * 1000), "client.id": "kafkalab-produce-dialog", **self.settings})
            if self._factory is not None:
                p = self._factory(config)
            else:
                from confluent_kafka import Producer

                p = Producer(config)
            self._producers[(acks, partitioner)] = p
        return p

    def send(self, topic: str, records: Iterable[OutRecord], acks: str = "all",
             cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[int, int], None] | None = None, total: int = 0,
             partitioner: str = MURMUR2) -> list[Delivery]:
        """Produce every record, wait for their delivery reports; deliveries in send order."""
        producer = self._producer(acks, partitioner)
        results: dict[int, Delivery] = {}

        def report(index: int) -> Callable[[Any, Any], None]:
            def done(err: Any, msg: Any) -> None:
                if err is not None:
                    results[index] = Delivery(-1, -1, KafkaOpError.from_kafka_error(err).text())
                    return
                offset = msg.offset()  # None with acks=0: the broker does not answer
                partition = msg.partition()
                results[index] = Delivery(int(partition) if partition is not None else -1,
                                          int(offset) if offset is not None and offset >= 0 else -1)
            return done

        sent = 0
        for i, r in enumerate(records):
            if cancelled():
                break
            kwargs: dict[str, Any] = {"value": r.value, "key": r.key, "on_delivery": report(i)}
            if r.headers:
                kwargs["headers"] = list(r.headers)
            if r.partition >= 0:
                kwargs["partition"] = r.partition
            produce(producer, topic, **kwargs)
            sent += 1
            if progress is not None and sent % 200 == 0:
                progress(len(results), max(total, sent))
        # message.timeout.ms ends every record with its own delivery report (e.g. _MSG_TIMED_OUT after the
        # broker's retriable NOT_ENOUGH_REPLICAS answers): wait a little longer than that for the reports
        remaining = producer.flush(self.timeout_s + 5)
        if remaining:
            raise KafkaOpError("REQUEST_TIMED_OUT", f"{remaining} record(s) not delivered within {self.timeout_s:g} s")
        return [results.get(i, Delivery(-1, -1, "UNKNOWN")) for i in range(sent)]

    def close(self) -> None:
        for p in self._producers.values():
            try:
                p.flush(2)
            except Exception:
                pass
        self._producers.clear()


class RecordProducer:
    """One Producer used like Kafka's console producer uses its KafkaProducer: records sent one by
    one, null keys placed by the Java client's sticky partitioner when ``partitioner`` is the Java
    one (:data:`MURMUR2`), delivery reports counted (``on_failure`` hears of each failed one).

    ``on_failure(error, key, value)`` hears of each record that could not be delivered, ``error``
    as ``message (KAFKA_ERROR_NAME)``. A configuration librdkafka refuses raises :class:`ConfigError`."""

    def __init__(self, bootstrap: str, settings: Mapping[str, str], errors: ClientErrors,
                 on_failure: Callable[[str, bytes | None, bytes | None], None] | None = None) -> None:
        from confluent_kafka import KafkaException, Producer

        try:
            self.producer = Producer(client_config(bootstrap, settings, errors))
        except KafkaException as exc:
            raise ConfigError.from_kafka(exc, "producer") from exc
        self.delivered = 0
        self.failed = 0
        self._on_failure = on_failure
        self.sticky = self._java_sticky(settings)

    def _java_sticky(self, settings: Mapping[str, str]) -> JavaStickyPartitioner | None:
        """Null keys like the Java producer (sticky for ~batch.size bytes), with its partitioner only."""
        if settings.get("partitioner") != MURMUR2:
            return None
        try:
            batch_size = int(settings.get("batch.size", JAVA_BATCH_SIZE))
        except ValueError:
            batch_size = JAVA_BATCH_SIZE
        return JavaStickyPartitioner(self.partitions, batch_size)

    def partitions(self, topic: str) -> list[tuple[int, int]]:
        """(partition, leader) of ``topic`` from the producer's metadata; empty when unknown."""
        from confluent_kafka import KafkaException

        try:
            found = self.producer.list_topics(topic, timeout=DEFAULT_TIMEOUT_S).topics.get(topic)
        except KafkaException:
            return []
        if found is None or found.error is not None:
            return []
        return [(p.id, p.leader) for p in found.partitions.values()]

    def _report(self, err: KafkaError | None, msg: Message) -> None:
        if err is None:
            self.delivered += 1
            return
        self.failed += 1
        if self._on_failure is not None:
            self._on_failure(describe_error(err), msg.key(), msg.value())

    def send(self, topic: str, key: bytes | None, value: bytes | None, headers: Sequence[Header] = ()) -> None:
        partition = UNASSIGNED
        if self.sticky is not None:
            partition = self.sticky.partition(topic, key, record_size(key, value, headers))
        produce(self.producer, topic, value=value, key=key, partition=partition, headers=list(headers) or None,
                on_delivery=self._report)

    def flush(self) -> None:
        self.producer.flush()

    def drain(self, timeout_s: float | None) -> int:
        """Flush until every record is delivered or failed (``message.timeout.ms`` bounds it, or
        ``timeout_s``); the number of records still undelivered."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        remaining = len(self.producer)
        while remaining and (deadline is None or time.monotonic() < deadline):
            remaining = self.producer.flush(POLL_SLICE_S)
        return remaining
