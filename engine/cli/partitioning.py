"""How ``kafkalab console-producer`` picks partitions: exactly like Apache Kafka's console producer.

Kafka's console producer uses the Java client's built-in partitioner (``BuiltInPartitioner``,
KIP-794): a record with a key goes to ``toPositive(murmur2(key)) % partitions``; records without a
key stick to one partition until about ``batch.size`` bytes were produced to it, then move to
another partition chosen at random among those with a leader.

librdkafka's own default is different: ``partitioner=consistent_random`` hashes keys with CRC32,
and its null-key stickiness ends after ``sticky.partitioning.linger.ms`` (10 ms by default), so
lines typed by hand each land on a random partition. The console producer therefore sets
``partitioner=murmur2_random`` (the Java hash for keys) and places null-key records itself with
:class:`JavaStickyPartitioner`. A ``partitioner`` given by the user is left to librdkafka.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

JAVA_BATCH_SIZE = 16384  # batch.size default of the Java producer (and of kafka-console-producer)
UNASSIGNED = -1  # librdkafka's RD_KAFKA_PARTITION_UA: let the client's partitioner decide

Header = tuple[str, str | bytes | None]
# topic → [(partition id, leader id)] from the cluster's metadata; empty when the topic is unknown
PartitionLookup = Callable[[str], Sequence[tuple[int, int]]]


def _varint_size(value: int) -> int:
    zigzag = (value << 1) ^ (value >> 63)
    size = 1
    while zigzag >= 0x80:
        zigzag >>= 7
        size += 1
    return size


def _field_size(data: bytes | None) -> int:
    return 1 if data is None else _varint_size(len(data)) + len(data)


def record_size(key: bytes | None, value: bytes | None, headers: Sequence[Header] = ()) -> int:
    """Bytes a record adds to a v2 record batch (Java's ``DefaultRecord.sizeInBytes``, deltas of 0)."""
    body = 1 + 1 + 1 + _field_size(key) + _field_size(value) + _varint_size(len(headers))
    for name, header_value in headers:
        raw = header_value.encode() if isinstance(header_value, str) else header_value
        body += _field_size(name.encode()) + _field_size(raw)
    return _varint_size(body) + body


class JavaStickyPartitioner:
    """The Java producer's partition choice for records without a key (uniform sticky, KIP-794)."""

    def __init__(self, partitions: PartitionLookup, batch_size: int = JAVA_BATCH_SIZE,
                 rng: random.Random | None = None) -> None:
        self.partitions = partitions
        self.batch_size = max(1, batch_size)
        self.rng = rng or random.Random()
        self._sticky: dict[str, tuple[int, int]] = {}  # topic → (partition, bytes produced to it)

    def partition(self, topic: str, key: bytes | None, size: int) -> int:
        """The partition for a record of ``size`` bytes, or ``UNASSIGNED`` for librdkafka to choose
        (keyed records: murmur2; an unknown topic: librdkafka reports it)."""
        if key is not None:
            return UNASSIGNED
        current = self._sticky.get(topic)
        if current is None:
            chosen = self._next(topic)
            if chosen == UNASSIGNED:
                return UNASSIGNED
            current = (chosen, 0)
        partition, produced = current[0], current[1] + size
        # BuiltInPartitioner.updatePartitionInfo: switch once batch.size bytes went to this partition
        if produced >= self.batch_size:
            self._sticky.pop(topic, None)
        else:
            self._sticky[topic] = (partition, produced)
        return partition

    def _next(self, topic: str) -> int:
        """BuiltInPartitioner.nextPartition without load stats: uniform among available partitions."""
        known = list(self.partitions(topic))
        if not known:
            return UNASSIGNED
        available = [p for p, leader in known if leader >= 0] or [p for p, _leader in known]
        return available[self.rng.randrange(len(available))]
