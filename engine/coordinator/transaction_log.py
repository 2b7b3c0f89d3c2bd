"""The records of ``__transaction_state`` and a transaction's metadata (Kafka's ``TransactionLog``
and ``TransactionMetadata``).

Key (``TransactionLogKey`` v0): ``version int16 = 0, transactional_id string``. Value
(``TransactionLogValue`` v0): ``version int16 = 0, producer_id int64, producer_epoch int16,
transaction_timeout_ms int32, status int8, partitions [topic string, [partition int32]] (nullable),
last_update_ms int64, start_ms int64``. A transactional id lives in partition
``abs(transactionalId.hashCode()) % transaction.state.log.num.partitions``; a tombstone removes it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from engine.coordinator.records import partition_for

TRANSACTION_STATE_TOPIC = "__transaction_state"

# TransactionState, with Kafka's ids (TransactionState.id) and names (DescribeTransactions)
EMPTY, ONGOING, PREPARE_COMMIT, PREPARE_ABORT, COMPLETE_COMMIT, COMPLETE_ABORT, DEAD, PREPARE_EPOCH_FENCE = range(8)
STATE_NAMES = ("Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead",
               "PrepareEpochFence")

TopicPartition = tuple[str, int]


class TransactionLogError(ValueError):
    pass


@dataclass(slots=True)
class TransactionMetadata:
    """One transactional id's state on its coordinator."""

    transactional_id: str
    producer_id: int
    producer_epoch: int
    timeout_ms: int
    state: int = EMPTY
    partitions: set[TopicPartition] = field(default_factory=set)
    start_ms: int = -1
    update_ms: int = -1
    last_epoch: int = -1  # the epoch before the coordinator bumped it to abort (KIP-360), in memory
    pending: bool = False  # a write or the markers are in flight: other requests wait (CONCURRENT_TRANSACTIONS)
    reason: str = "client"  # why the transaction in flight is ending (events only)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    def copy(self) -> TransactionMetadata:
        return TransactionMetadata(self.transactional_id, self.producer_id, self.producer_epoch, self.timeout_ms,
                                   self.state, set(self.partitions), self.start_ms, self.update_ms, self.last_epoch,
                                   self.pending, self.reason)


def partition_for_txn(transactional_id: str, num_partitions: int) -> int:
    """``TransactionStateManager.partitionFor``: the same hash as for groups."""
    return partition_for(transactional_id, num_partitions)


def _string(s: str) -> bytes:
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def key(transactional_id: str) -> bytes:
    return struct.pack(">h", 0) + _string(transactional_id)


def value(m: TransactionMetadata) -> bytes:
    out = bytearray(struct.pack(">hqhib", 0, m.producer_id, m.producer_epoch, m.timeout_ms, m.state))
    by_topic: dict[str, list[int]] = {}
    for t, p in sorted(m.partitions):
        by_topic.setdefault(t, []).append(p)
    out += struct.pack(">i", len(by_topic))
    for t, ps in by_topic.items():
        out += _string(t) + struct.pack(">i", len(ps)) + b"".join(struct.pack(">i", p) for p in ps)
    out += struct.pack(">qq", m.update_ms, m.start_ms)
    return bytes(out)


def decode_key(data: bytes) -> str:
    try:
        version, n = struct.unpack_from(">hh", data, 0)
        if version != 0:
            raise TransactionLogError(f"unknown transaction log key version {version}")
        return data[4 : 4 + n].decode()
    except (struct.error, UnicodeDecodeError) as e:
        raise TransactionLogError(str(e)) from e


def decode_value(transactional_id: str, data: bytes) -> TransactionMetadata:
    try:
        version, pid, epoch, timeout, state = struct.unpack_from(">hqhib", data, 0)
        if version not in (0, 1):
            raise TransactionLogError(f"unknown transaction log value version {version}")
        pos = 17
        (n_topics,) = struct.unpack_from(">i", data, pos)
        pos += 4
        partitions: set[TopicPartition] = set()
        for _ in range(max(n_topics, 0)):
            (n,) = struct.unpack_from(">h", data, pos)
            topic = data[pos + 2 : pos + 2 + n].decode()
            pos += 2 + n
            (count,) = struct.unpack_from(">i", data, pos)
            pos += 4
            for _p in range(count):
                partitions.add((topic, struct.unpack_from(">i", data, pos)[0]))
                pos += 4
        update_ms, start_ms = struct.unpack_from(">qq", data, pos)
    except (struct.error, UnicodeDecodeError) as e:
        raise TransactionLogError(str(e)) from e
    if not 0 <= state < len(STATE_NAMES):
        raise TransactionLogError(f"unknown transaction state {state}")
    return TransactionMetadata(transactional_id, pid, epoch, timeout, state, partitions, start_ms, update_ms)
