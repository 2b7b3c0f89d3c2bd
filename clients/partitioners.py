"""Where a record goes: the default partitioners of the clients a class uses, computed exactly.

- **murmur2** — the Java client (``BuiltInPartitioner``: ``toPositive(murmur2(key)) % n``), so also
  ``kafka-console-producer`` and kafka-python's ``DefaultPartitioner``; librdkafka has it as
  ``partitioner=murmur2_random``.
- **consistent_random** — librdkafka's default (confluent-kafka, kcat, …):
  ``rd_crc32(key) % n`` (the zlib/IEEE CRC-32), see ``rd_kafka_msg_partitioner_consistent_random``
  in ``rdkafka_msg.c``. A key of length 0 — empty or null — is partitioned at random.
- **No key** — the Java client sticks to one partition until about ``batch.size`` bytes went to it
  (KIP-480/KIP-794, :class:`JavaStickyPartitioner`); librdkafka does the same for
  ``sticky.partitioning.linger.ms`` (10 ms, so lines typed by hand each land on a random partition);
  kafka-python picks a random available partition per record. Only the first can be reproduced.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence

MURMUR2 = "murmur2_random"  # librdkafka's name for the Java client's partitioner
CONSISTENT_RANDOM = "consistent_random"  # librdkafka's default
PARTITIONERS = (MURMUR2, CONSISTENT_RANDOM)

JAVA_BATCH_SIZE = 16384  # batch.size default of the Java producer (and of kafka-console-producer)
UNASSIGNED = -1  # librdkafka's RD_KAFKA_PARTITION_UA: let the client's partitioner decide

Header = tuple[str, str | bytes | None]
# topic → [(partition id, leader id)] from the cluster's metadata; empty when the topic is unknown
PartitionLookup = Callable[[str], Sequence[tuple[int, int]]]

_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data: bytes) -> int:
    """32-bit murmur2 with Kafka's seed 0x9747b28c, returned as a signed Java int
    (``org.apache.kafka.common.utils.Utils.murmur2``, bit-compatible with librdkafka's)."""
    length = len(data)
    h = (0x9747B28C ^ length) & _MASK
    n4 = length // 4
    for i in range(n4):
        k = int.from_bytes(data[i * 4 : i * 4 + 4], "little")
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = (h * _M) & _MASK
        h ^= k
    rest = length % 4
    base = n4 * 4
    if rest == 3:
        h ^= data[base + 2] << 16
    if rest >= 2:
        h ^= data[base + 1] << 8
    if rest >= 1:
        h ^= data[base]
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def partition_for_key(key: bytes, num_partitions: int) -> int:
    """The partition Kafka's default partitioner picks for a non-null key (``toPositive``, then modulo)."""
    return (murmur2(key) & 0x7FFFFFFF) % num_partitions


def murmur2_partition(key: bytes | None, partitions: int) -> int | None:
    """The Java client's (and kafka-python's) choice; None for a null key (sticky / random)."""
    if key is None or partitions <= 0:
        return None
    return partition_for_key(key, partitions)


def crc32_partition(key: bytes | None, partitions: int) -> int | None:
    """librdkafka's default ``consistent_random``; None for a null or empty key (random)."""
    if not key or partitions <= 0:
        return None
    return (zlib.crc32(key) & 0xFFFFFFFF) % partitions


def predict(partitioner: str, key: bytes | None, partitions: int) -> int | None:
    if partitioner == CONSISTENT_RANDOM:
        return crc32_partition(key, partitions)
    if partitioner == MURMUR2:
        return murmur2_partition(key, partitions)
    raise ValueError(f"unknown partitioner {partitioner!r}")


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
    """The Java producer's partition choice for records without a key (uniform sticky, KIP-794).

    librdkafka places keyed records itself (``partitioner=murmur2_random`` is the Java hash); this
    places the others the way ``kafka-console-producer`` would, since librdkafka's stickiness ends
    after ``sticky.partitioning.linger.ms`` instead of after ``batch.size`` bytes."""

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
