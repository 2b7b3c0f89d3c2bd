"""What the load generator's producer was told vs. what the log holds, per partition.

- **acknowledged** — delivery reports without error, as the client knew them at the image's instant
  (:meth:`gui.loadgen.LoadGenerator.acked_at`: never an acknowledgement that came later);
- **stored** — of those, the records below the current leader's high watermark (committed: every
  in-sync replica has them);
- **on the leader only** — acknowledged, in the leader's log, not yet copied to the in-sync replicas
  (acks=1 and slow followers: what a leader crash would take with it);
- **lost** — acknowledged but no longer in the leader's log: a new leader that never had them was
  elected (acks=1, or acks=0), and the old leader truncates them when it comes back.

Offsets count from the generator's first acknowledged offset on the partition (or, with acks=0, the
leader's log end offset at Start), so the figures assume the generator is the topic's only producer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from engine.observe import ClusterImage, PartitionImage
from gui.models.base import RIGHT, AnyIndex, RowTableModel
from gui.theme import VERMILLION

PARTITION, ACKED, STORED, LEADER_ONLY, LOST = range(5)


@dataclass(frozen=True)
class AuditRow:
    partition: int
    acknowledged: int
    stored: int | None  # None: unknown (the partition is offline)
    leader_only: int | None
    lost: int | None


def leader_offsets(part: PartitionImage) -> tuple[int, int] | None:
    """(log end offset, high watermark) of the partition's current leader, None when offline."""
    leader = next((r for r in part.replica_states if r.is_leader and r.log_end_offset >= 0), None)
    return None if leader is None else (leader.log_end_offset, leader.high_watermark)


def start_offsets(image: ClusterImage | None, topic: str) -> dict[int, int]:
    """Each partition's leader log end offset (where the generator's records will begin)."""
    t = image.topic(topic) if image is not None else None
    out: dict[int, int] = {}
    for p in t.partitions if t is not None else ():
        offsets = leader_offsets(p)
        if offsets is not None:
            out[p.partition] = offsets[0]
    return out


def audit(image: ClusterImage, topic: str, acked: Mapping[int, int], first_offsets: Mapping[int, int],
          start: Mapping[int, int]) -> list[AuditRow]:
    t = image.topic(topic)
    if t is None:
        return []
    rows = []
    for p in t.partitions:
        a = acked.get(p.partition, 0)
        base = first_offsets[p.partition] if p.partition in first_offsets else start.get(p.partition)
        offsets = leader_offsets(p)
        if offsets is None or base is None:
            rows.append(AuditRow(p.partition, a, None, None, None))
            continue
        leo, hw = offsets
        # a partition's acknowledged records are a prefix of the generator's records in it (acks come in
        # order), so "of those" is a minimum; records appended but not yet acknowledged count nowhere
        in_log = min(a, max(0, leo - base))
        stored = min(in_log, max(0, hw - base))
        rows.append(AuditRow(p.partition, a, stored, in_log - stored, a - in_log))
    return rows


class DeliveryAuditModel(RowTableModel[AuditRow]):
    COLUMN_COUNT = 5

    def set_rows(self, rows: list[AuditRow]) -> None:
        self._replace_rows(rows, key=lambda r: r.partition)

    def rows(self) -> list[AuditRow]:
        return list(self._rows)

    def totals(self) -> AuditRow:
        def total(values: list[int | None]) -> int | None:
            return None if any(v is None for v in values) else sum(v or 0 for v in values)

        rows = self._rows
        return AuditRow(-1, sum(r.acknowledged for r in rows), total([r.stored for r in rows]),
                        total([r.leader_only for r in rows]), total([r.lost for r in rows]))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Partition"), self.tr("Acked"), self.tr("Stored"), self.tr("Leader only"),
                    self.tr("Lost")][section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("The partition the records went to"),
                self.tr("Acknowledged: records the producer got a successful delivery report for"),
                self.tr("Of those, records below the leader's high watermark: every in-sync replica has them"),
                self.tr("Acknowledged and in the leader's log, but not yet copied to the in-sync replicas "
                        "(acks=1): a leader crash now would lose them"),
                self.tr("Acknowledged but no longer in the leader's log: the leader that acknowledged them "
                        "died before its followers copied them, and a follower without them became leader"),
            ][section]
        return None

    def data(self, index: AnyIndex = QModelIndex(), role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: B008
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        value = [r.partition, r.acknowledged, r.stored, r.leader_only, r.lost][col]
        if role == Qt.ItemDataRole.DisplayRole:
            return "?" if value is None else f"{value:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and value is None:
            return self.tr("The partition has no leader: its log cannot be read now")
        if col == LOST and r.lost:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(VERMILLION)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None
