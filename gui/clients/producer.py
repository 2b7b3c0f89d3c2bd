"""Sending records from the produce dialog: a confluent-kafka Producer per acks setting, configured
with ``partitioner=murmur2_random`` so keyed records land where the Java client (and the dialog's
prediction, :func:`predict_partition`) puts them. librdkafka's own default is a CRC32 hash."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.protocol.murmur2 import partition_for_key
from gui.clients.admin import client_config
from gui.clients.errors import KafkaOpError

ACKS = ("0", "1", "all")
USE_PARTITIONER = -1


def predict_partition(key: bytes | None, partitions: int) -> int | None:
    """The partition the default partitioner picks for ``key`` (None: no key → sticky/random)."""
    if key is None or partitions <= 0:
        return None
    return partition_for_key(key, partitions)


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
    """Owns one Producer per acks value; used from one worker thread."""

    def __init__(self, bootstrap: str, factory: Callable[[dict[str, Any]], Any] | None = None,
                 timeout_s: float = 15.0) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        self._factory = factory
        self._producers: dict[str, Any] = {}

    def _producer(self, acks: str) -> Any:
        if acks not in ACKS:
            raise ValueError(f"acks must be one of {ACKS}")
        p = self._producers.get(acks)
        if p is None:
            config = client_config(self.bootstrap, **{
                "acks": acks, "partitioner": "murmur2_random", "linger.ms": 5, "message.timeout.ms":
                int(self.timeout_s * 1000), "client.id": "kafkalab-produce-dialog"})
            if self._factory is not None:
                p = self._factory(config)
            else:
                from confluent_kafka import Producer

                p = Producer(config)
            self._producers[acks] = p
        return p

    def send(self, topic: str, records: Iterable[OutRecord], acks: str = "all",
             cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[int, int], None] | None = None, total: int = 0) -> list[Delivery]:
        """Produce every record, wait for their delivery reports; deliveries in send order."""
        producer = self._producer(acks)
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
            while True:
                try:
                    producer.produce(topic, **kwargs)
                    break
                except BufferError:
                    producer.poll(0.05)
                except Exception as exc:
                    raise KafkaOpError.wrap(exc) from exc
            sent += 1
            producer.poll(0)
            if progress is not None and sent % 200 == 0:
                progress(len(results), max(total, sent))
        remaining = producer.flush(self.timeout_s)
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
