"""Idempotent-producer and transaction state per partition, as Kafka's ``ProducerStateManager``.

For each producer id the log remembers the epoch and the last five batches (first/last sequence
and offsets), so that a retried batch is answered with its original offset instead of being
appended twice, and a gap in sequence numbers is refused with OUT_OF_ORDER_SEQUENCE_NUMBER.

Transactions (KIP-98): a transactional batch opens its producer's transaction at its first offset
(``ongoing``) until a control batch (the COMMIT or ABORT marker WriteTxnMarkers appends) closes it.
The first unstable offset is the first offset of the oldest transaction that is open or whose
marker is not yet below the high watermark; the last stable offset (LSO) is the smaller of it and
the high watermark. Aborted transactions are kept as Kafka's ``.txnindex`` entries
(:class:`AbortedTxn`), here in memory: the index is rebuilt from the log's batches when the log
is opened (every control batch is read once), not stored in a file next to each segment.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import BatchHeader, control_type

ABORT, COMMIT = 0, 1  # ControlRecordType
MAX_COMPLETED = 10_000
HISTORY = 32  # completed transactions remembered for engine.observe

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


@dataclass(frozen=True, slots=True)
class AbortedTxn:
    """An entry of Kafka's transaction index (``AbortedTxn``): the aborted transaction's producer,
    its first offset, the offset of its ABORT marker and the LSO once it was aborted."""

    producer_id: int
    first_offset: int
    last_offset: int
    last_stable_offset: int


class ProducerStateManager:
    def __init__(self) -> None:
        self.producers: dict[int, ProducerStateEntry] = {}
        self.ongoing: dict[int, int] = {}  # producer id → first offset of its open transaction
        self.completed: list[tuple[int, int, int]] = []  # (first offset, marker offset, producer id), recent
        self.aborted: list[AbortedTxn] = []  # the transaction index, in offset order
        self.history: deque[tuple[int, int, int, bool]] = deque(maxlen=HISTORY)  # (pid, first, marker, committed)

    def check(self, header: BatchHeader) -> BatchMetadata | None:
        """Validate a batch before append. Returns the cached metadata when it is a duplicate."""
        pid = header.producer_id
        if pid < 0:
            return None
        entry = self.producers.get(pid)
        if entry is not None and header.producer_epoch < entry.epoch:  # a fenced (zombie) producer
            raise KafkaError(ErrorCode.invalid_producer_epoch,
                             f"producer {pid} epoch {header.producer_epoch} is older than the current epoch {entry.epoch}")
        if header.base_sequence < 0:
            return None  # the coordinator's own batches and markers carry no sequence
        if entry is None:
            # Kafka's ProducerAppendInfo.checkSequence: "If there is no current producer epoch (possibly
            # because all producer records have been deleted due to retention or the DeleteRecords API)
            # accept writes with any sequence number" — refusing makes librdkafka bump its epoch and
            # renumber what it has not seen acknowledged, which writes records the log holds a second time
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

    def update(self, header: BatchHeader, first_offset: int, timestamp: int,
               batch: bytes | memoryview | None = None) -> None:
        """Record an appended batch (``batch``: its bytes, needed only for a control batch)."""
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
        if header.is_control:
            first = self.ongoing.pop(pid, None)
            if first is None:
                return  # a marker for a partition the producer added but never wrote to
            aborted = batch is not None and control_type(batch) == ABORT
            if aborted:
                stable = min([*self.ongoing.values(), first_offset + 1])
                self.aborted.append(AbortedTxn(pid, first, first_offset, stable))
            self.history.append((pid, first, first_offset, not aborted))
            self.completed.append((first, first_offset, pid))
            if len(self.completed) > MAX_COMPLETED:
                del self.completed[: len(self.completed) - MAX_COMPLETED]
        elif header.is_transactional and pid not in self.ongoing:
            self.ongoing[pid] = first_offset

    def first_unstable_offset(self, high_watermark: int) -> int | None:
        """The first offset of the oldest transaction still open or whose marker is not below
        ``high_watermark`` (None when there is none)."""
        if self.completed and self.completed[0][1] < high_watermark:
            self.completed = [c for c in self.completed if c[1] >= high_watermark]
        firsts = [*self.ongoing.values(), *(c[0] for c in self.completed)]
        return min(firsts) if firsts else None

    def transactions(self) -> Iterator[tuple[int, int, int, bool]]:
        """(producer id, first offset, marker offset or -1 while open, committed), oldest first."""
        yield from self.history
        for pid, first in sorted(self.ongoing.items(), key=lambda kv: kv[1]):
            yield pid, first, -1, False

    def aborted_transactions(self, start: int, end: int) -> list[tuple[int, int]]:
        """(producer id, first offset) of the aborted transactions a fetch of [start, end) needs
        (Kafka's ``collectAbortedTxns``: those whose marker is at or after ``start``)."""
        return [(a.producer_id, a.first_offset) for a in self.aborted
                if a.last_offset >= start and a.first_offset < end]
