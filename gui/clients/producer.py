"""Sending records from the produce dialog: a confluent-kafka Producer per acks setting and
partitioner — ``murmur2_random`` (the Java client's choice, the dialog's default) or librdkafka's own
default ``consistent_random`` (CRC32) — so keyed records land where :mod:`gui.clients.partitioners`
predicts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gui.clients.admin import client_config
from gui.clients.errors import KafkaOpError
from gui.clients.partitioners import MURMUR2, PARTITIONERS, murmur2_partition

ACKS = ("0", "1", "all")
USE_PARTITIONER = -1


def predict_partition(key: bytes | None, partitions: int) -> int | None:
    """The partition the Java client's default partitioner picks for ``key`` (None: no key → sticky)."""
    return murmur2_partition(key, partitions)


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
                 timeout_s: float = 15.0) -> None:
        self.bootstrap = bootstrap
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
            config = client_config(self.bootstrap, **{
                "acks": acks, "partitioner": partitioner, "linger.ms": 5, "message.timeout.ms":
                int(self.timeout_s * 1000), "client.id": "kafkalab-produce-dialog"})
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
