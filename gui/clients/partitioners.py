"""Where a record goes: the default partitioners of the clients a class uses, computed exactly.

- **murmur2** — the Java client (``BuiltInPartitioner``: ``toPositive(murmur2(key)) % n``), so also
  ``kafka-console-producer`` and kafka-python's ``DefaultPartitioner``; librdkafka has it as
  ``partitioner=murmur2_random``.
- **consistent_random** — librdkafka's default (confluent-kafka, kcat, …):
  ``rd_crc32(key) % n`` (the zlib/IEEE CRC-32), see ``rd_kafka_msg_partitioner_consistent_random``
  in ``rdkafka_msg.c``. A key of length 0 — empty or null — is partitioned at random.
- **No key** — the Java client sticks to one partition per batch (KIP-480/KIP-794);
  librdkafka does the same for ``sticky.partitioning.linger.ms``; kafka-python picks a random
  available partition per record. None of them can be predicted.
"""

from __future__ import annotations

import zlib

from engine.protocol.murmur2 import partition_for_key

MURMUR2 = "murmur2_random"  # librdkafka's name for the Java client's partitioner
CONSISTENT_RANDOM = "consistent_random"  # librdkafka's default
PARTITIONERS = (MURMUR2, CONSISTENT_RANDOM)


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
