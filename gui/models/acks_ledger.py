"""The acks ledger: per producer of the app (each load generator run; the produce dialog per topic and
acks setting), the records it was told were delivered against what the partition's leader holds now.

- **acknowledged** — successful delivery reports (with acks=0 the broker answers nothing: no offsets);
- **stored** — acknowledged records below the leader's high watermark: every in-sync replica has them;
- **leader only** — acknowledged and in the leader's log, not yet on the in-sync followers (acks=1 with
  slow followers: a leader crash now takes them);
- **lost** — acknowledged, and gone: the leader that acknowledged them died before a follower copied
  them, and a follower without them became leader. Either the new leader's log ends before them, or it
  has since written another record at their offset (which the producer was acknowledged for too).

Each delivery report is kept as an offset (ranges of offsets, so a long run stays small) with the wall
time it arrived; an image counts only the reports that arrived before its own time, so an image never
meets an acknowledgement it could not show yet. The offsets are the producer's own: another client
writing the same partition after a failover could fill a lost offset unseen.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from engine.observe import ClusterImage, PartitionImage
from engine.observe.acks_ranges import AcksState, OffsetRanges
from gui.models.base import RIGHT, AnyIndex, RowTableModel
from gui.theme import VERMILLION


@dataclass(frozen=True)
class LedgerRow:
    key: tuple[str, str, str]  # (producer, topic, acks)
    producer: str
    topic: str
    acks: str
    acknowledged: int
    stored: int | None  # None: unknown (a partition is offline, or acks=0 gives no offsets)
    leader_only: int | None
    lost: int | None
    failed: int


def _leader(p: PartitionImage) -> tuple[int, int] | None:
    r = next((r for r in p.replica_states if r.is_leader and r.log_end_offset >= 0), None)
    return None if r is None else (r.log_end_offset, r.high_watermark)


class ProducerLedger:
    """One producer's deliveries. ``acknowledged``/``failed`` may be called from any thread (a producer's
    delivery callback); :meth:`tally` runs on the GUI thread."""

    def __init__(self, producer: str, topic: str, acks: str) -> None:
        self.producer, self.topic, self.acks = producer, topic, acks
        self._pending: deque[tuple[int, int, int]] = deque()  # (time ms, partition, offset)
        self._lock = threading.Lock()
        self.partitions: dict[int, OffsetRanges] = {}
        self.without_offset = 0  # acks=0 deliveries: the broker does not say where they went
        self.failed_count = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.producer, self.topic, self.acks)

    def acknowledged(self, partition: int, offset: int, time_ms: int, key: bytes | None = None) -> None:
        """A successful delivery report (``offset`` -1 with acks=0); ``key`` is not kept."""
        with self._lock:
            self._pending.append((time_ms, partition, offset))

    def failed(self, count: int = 1) -> None:
        with self._lock:
            self.failed_count += count

    def _drain(self, until_ms: int) -> None:
        with self._lock:
            while self._pending and self._pending[0][0] <= until_ms:
                _t, partition, offset = self._pending.popleft()
                if offset < 0:
                    self.without_offset += 1
                else:
                    self.partitions.setdefault(partition, OffsetRanges()).add(offset)

    def tally(self, image: ClusterImage) -> LedgerRow:
        self._drain(image.time_ms)
        acked = self.without_offset + sum(r.count() + r.replaced for r in self.partitions.values())
        topic = image.topic(self.topic)
        stored = leader_only = 0
        lost = sum(r.replaced for r in self.partitions.values())
        known = self.without_offset == 0 and topic is not None
        parts = {p.partition: p for p in topic.partitions} if topic is not None else {}
        for index, ranges in self.partitions.items():
            p = parts.get(index)
            offsets = _leader(p) if p is not None else None
            if offsets is None:
                known = False
                continue
            leo, hw = offsets
            stored += ranges.count(0, hw)
            leader_only += ranges.count(hw, leo)
            lost += ranges.count(leo)
        if not known:
            return LedgerRow(self.key, self.producer, self.topic, self.acks, acked, None, None, None,
                             self.failed_count)
        return LedgerRow(self.key, self.producer, self.topic, self.acks, acked, stored, leader_only, lost,
                         self.failed_count)


class AcksLedger:
    """Every producer of the app this session, oldest first."""

    def __init__(self) -> None:
        self.producers: list[ProducerLedger] = []
        self.runs = 0

    def new_run(self, topic: str, acks: str) -> ProducerLedger:
        """A load generator run: a producer of its own."""
        self.runs += 1
        ledger = ProducerLedger(f"load generator #{self.runs}", topic, acks)
        self.producers.append(ledger)
        return ledger

    def dialog(self, topic: str, acks: str) -> ProducerLedger:
        """The produce dialog's producer for ``topic`` with ``acks``."""
        found = next((p for p in self.producers if p.key == ("produce dialog", topic, acks)), None)
        if found is None:
            found = ProducerLedger("produce dialog", topic, acks)
            self.producers.append(found)
        return found

    def clear(self) -> None:
        self.producers.clear()

    def tally(self, image: ClusterImage) -> list[LedgerRow]:
        return [p.tally(image) for p in self.producers]


def ledger_from_acks(events: list[Any], ledger: AcksLedger | None = None) -> AcksLedger:
    """Every producer's ledger from a recording's ``RecordsAcknowledged`` events (what the leaders
    acknowledged, in order), added to ``ledger`` if given: the time machine's acks ledger at an instant."""
    ledger = ledger if ledger is not None else AcksLedger()
    found = {p.key: p for p in ledger.producers}
    for e in events:
        name = f"{e.client_id} · producer {e.producer_id}" if e.producer_id >= 0 else e.client_id
        key = (name, e.topic, e.acks)
        p = found.get(key)
        if p is None:
            p = found[key] = ProducerLedger(name, e.topic, e.acks)
            ledger.producers.append(p)
        ranges = p.partitions.setdefault(e.partition, OffsetRanges())
        for first, last in e.ranges:
            ranges.add_range(first, last)
    return ledger


def ledger_from_state(state: AcksState) -> AcksLedger:
    """The ledger of a recording's acks state line (every range acknowledged up to it)."""
    ledger = AcksLedger()
    found: dict[tuple[str, str, str], ProducerLedger] = {}
    for (client_id, producer_id, topic, partition, acks), ranges in state.ranges.items():
        name = f"{client_id} · producer {producer_id}" if producer_id >= 0 else client_id
        p = found.get((name, topic, acks))
        if p is None:
            p = found[(name, topic, acks)] = ProducerLedger(name, topic, acks)
            ledger.producers.append(p)
        p.partitions[partition] = ranges
    return ledger


PRODUCER, TOPIC, ACKS, ACKED, STORED, LEADER_ONLY, LOST, FAILED = range(8)


class AcksLedgerModel(RowTableModel[LedgerRow]):
    COLUMN_COUNT = 8

    def set_rows(self, rows: list[LedgerRow]) -> None:
        self._replace_rows(rows, key=lambda r: r.key)

    def rows(self) -> list[LedgerRow]:
        return list(self._rows)

    def producer_name(self, r: LedgerRow) -> str:
        if r.producer == "produce dialog":
            return self.tr("Produce dialog")
        if not r.producer.startswith("load generator #"):  # any producer, from a recording's acks
            return r.producer
        return self.tr("Load generator #{0}").format(r.producer.rsplit("#", 1)[-1])

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Producer"), self.tr("Topic"), self.tr("acks"), self.tr("Acked"), self.tr("Stored"),
                    self.tr("Leader only"), self.tr("Lost"), self.tr("Failed")][section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("The app's own producers: each load generator run, the produce dialog per topic and acks"),
                self.tr("The topic it wrote to"),
                self.tr("0: fire and forget · 1: the leader has it · all: every in-sync replica has it"),
                self.tr("Acknowledged: records the producer got a successful delivery report for"),
                self.tr("Of those, records below the leader's high watermark: every in-sync replica has them"),
                self.tr("Acknowledged and in the leader's log, but not yet copied to the in-sync replicas "
                        "(acks=1): a leader crash now would lose them"),
                self.tr("Acknowledged but no longer in the leader's log: the leader that acknowledged them "
                        "died before its followers copied them, and a follower without them became leader"),
                self.tr("Records the producer gave up on (a failed delivery report)"),
            ][section]
        return None

    def data(self, index: AnyIndex = QModelIndex(), role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: B008
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        values: list[Any] = [self.producer_name(r), r.topic, r.acks, r.acknowledged, r.stored, r.leader_only,
                             r.lost, r.failed]
        value = values[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col < ACKED:
                return value
            return "?" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= ACKED:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col >= ACKED and value is None:
            return (self.tr("acks=0: the broker answers nothing, so there are no offsets to check")
                    if r.acks == "0" else self.tr("The partition has no leader: its log cannot be read now"))
        if col == LOST and r.lost:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(VERMILLION)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None
