"""Idempotent-producer state per partition, as Kafka's ``ProducerStateManager``.

For each producer id the log remembers the epoch and the last five batches (first/last sequence
and offsets), so that a retried batch is answered with its original offset instead of being
appended twice, and a gap in sequence numbers is refused with OUT_OF_ORDER_SEQUENCE_NUMBER.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import BatchHeader

NUM_BATCHES_TO_RETAIN = 5
_SEQ_MOD = 2**31


@dataclass(slots=True)
class BatchMetadata:
    first_seq: int
    last_seq: int
    first_offset: int
    last_offset: int
    timestamp: int


@dataclass(slots=True)
class ProducerStateEntry:
    producer_id: int
    epoch: int
    batches: deque[BatchMetadata] = field(default_factory=lambda: deque(maxlen=NUM_BATCHES_TO_RETAIN))

    @property
    def last_seq(self) -> int:
        return self.batches[-1].last_seq if self.batches else -1


class ProducerStateManager:
    def __init__(self) -> None:
        self.producers: dict[int, ProducerStateEntry] = {}

    def check(self, header: BatchHeader) -> BatchMetadata | None:
        """Validate a batch before append. Returns the cached metadata when it is a duplicate."""
        pid = header.producer_id
        if pid < 0 or header.base_sequence < 0:
            return None
        entry = self.producers.get(pid)
        if entry is None:
            if header.base_sequence != 0:
                raise KafkaError(ErrorCode.out_of_order_sequence_number,
                                 f"producer {pid} is unknown here and its first sequence is {header.base_sequence}, not 0")
            return None
        if header.producer_epoch < entry.epoch:
            raise KafkaError(ErrorCode.invalid_producer_epoch,
                             f"producer {pid} epoch {header.producer_epoch} is older than the current epoch {entry.epoch}")
        if header.producer_epoch > entry.epoch:
            if header.base_sequence != 0:
                raise KafkaError(ErrorCode.out_of_order_sequence_number,
                                 f"producer {pid} new epoch {header.producer_epoch} must start at sequence 0")
            return None
        for b in entry.batches:
            if b.first_seq == header.base_sequence and b.last_seq == header.last_sequence:
                return b
        expected = (entry.last_seq + 1) % _SEQ_MOD
        if header.base_sequence != expected:
            raise KafkaError(ErrorCode.out_of_order_sequence_number,
                             f"producer {pid}: sequence {header.base_sequence} where {expected} was expected")
        return None

    def update(self, header: BatchHeader, first_offset: int, timestamp: int) -> None:
        pid = header.producer_id
        if pid < 0:
            return
        entry = self.producers.get(pid)
        if entry is None or header.producer_epoch > entry.epoch:
            entry = ProducerStateEntry(pid, header.producer_epoch)
            self.producers[pid] = entry
        if header.base_sequence >= 0:
            entry.batches.append(BatchMetadata(header.base_sequence, header.last_sequence, first_offset,
                                               first_offset + header.last_offset_delta, timestamp))

    def truncate_from(self, offset: int) -> None:
        """Forget batches at or after ``offset`` (log truncation)."""
        for pid in list(self.producers):
            entry = self.producers[pid]
            while entry.batches and entry.batches[-1].first_offset >= offset:
                entry.batches.pop()
            if not entry.batches:
                del self.producers[pid]
