"""Replica placement as Kafka's rack-unaware assignment
(``AdminUtils.assignReplicasToBrokersRackUnaware``): leaders round-robin over brokers from a
random start, followers shifted so replicas of consecutive partitions spread evenly."""

from __future__ import annotations

import random


def _replica_index(first: int, second_shift: int, replica_index: int, n: int) -> int:
    shift = 1 + (second_shift + replica_index) % (n - 1)
    return (first + shift) % n


def assign_replicas(brokers: list[int], num_partitions: int, replication_factor: int, rng: random.Random,
                    start_partition: int = 0, fixed_start_index: int | None = None) -> dict[int, list[int]]:
    n = len(brokers)
    start_index = fixed_start_index if fixed_start_index is not None else rng.randrange(n)
    next_shift = fixed_start_index if fixed_start_index is not None else rng.randrange(n)
    out: dict[int, list[int]] = {}
    pid = max(0, start_partition)
    for _ in range(num_partitions):
        if pid > 0 and pid % n == 0:
            next_shift += 1
        first = (pid + start_index) % n
        replicas = [brokers[first]]
        for j in range(replication_factor - 1):
            replicas.append(brokers[_replica_index(first, next_shift, j, n)])
        out[pid] = replicas
        pid += 1
    return out
