"""Tables of the partition-log view: one row per replica (from the ClusterImage) and one row per
segment file on disk (from the live directory watch, with time ranges from the image)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)

from engine.observe import PartitionImage, ReplicaImage, SegmentImage
from gui.models.base import RIGHT, AnyIndex, RowTableModel
from gui.models.topics_model import human_bytes
from gui.segment_watch import SegmentFile


def format_ts(ms: int) -> str:
    if ms is None or ms < 0:
        return "—"
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


class ReplicaModel(RowTableModel[ReplicaImage]):
    BROKER, ROLE, LOG_START, LEO, HW, LAG, IN_SYNC, SIZE = range(8)
    COLUMN_COUNT = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.partition: PartitionImage | None = None

    def set_partition(self, p: PartitionImage | None) -> None:
        self.partition = p
        self._replace_rows(p.replica_states if p is not None else (), lambda r: r.broker_id)

    def replica(self, row: int) -> ReplicaImage | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Broker"), self.tr("Role"), self.tr("Log start"),
                    self.tr("LEO"), self.tr("HW"), self.tr("Lag"),
                    self.tr("In sync"), self.tr("Size"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (None, None, self.tr("Log start offset: the oldest offset still on disk"),
                    self.tr("Log end offset: the offset the next record will get"),
                    self.tr("High watermark: records below it are on every in-sync replica and "
                                        "visible to consumers"),
                    self.tr("How many records this replica is behind the leader's LEO"),
                    self.tr("In the ISR (in-sync replica set)"), None)[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.replica(index.row()) if index.isValid() else None
        if r is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.BROKER:
                return str(r.broker_id)
            if col == self.ROLE:
                if not r.online:
                    return self.tr("offline")
                return self.tr("leader") if r.is_leader else self.tr("follower")
            if col == self.IN_SYNC:
                return self.tr("yes") if r.in_sync else self.tr("no")
            # -1: unknown (a broker that is down; on an external cluster, all but the leader's log start and HW)
            if not r.online:
                return "—"
            if col in (self.LOG_START, self.LEO, self.HW):
                value = {self.LOG_START: r.log_start_offset, self.LEO: r.log_end_offset, self.HW: r.high_watermark}[col]
                return f"{value:,}" if value >= 0 else "—"
            if col == self.LAG:
                return f"{r.lag:,}" if r.lag >= 0 else "—"
            if col == self.SIZE:
                return human_bytes(r.size_bytes) if r.size_bytes >= 0 else "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.LOG_START, self.LEO, self.HW, self.LAG, self.SIZE):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and r.is_leader:
            from PySide6.QtGui import QFont

            f = QFont()
            f.setBold(True)
            return f
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.SIZE)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.SIZE))


@dataclass(frozen=True)
class SegmentRow:
    base_offset: int
    next_offset: int | None  # from the image (None: not in the newest image yet)
    log_bytes: int
    index_bytes: int
    timeindex_bytes: int
    first_timestamp: int
    max_timestamp: int
    file: str
    active: bool


def merge_segments(files: list[SegmentFile], images: tuple[SegmentImage, ...]) -> list[SegmentRow]:
    """Files on disk (the truth for what exists and its size) + the image's offsets and time ranges."""
    by_base = {s.base_offset: s for s in images}
    last_base = max((f.base_offset for f in files), default=-1)
    rows = []
    for f in files:
        s = by_base.get(f.base_offset)
        rows.append(SegmentRow(f.base_offset, s.next_offset if s else None, f.log_bytes, f.index_bytes,
                               f.timeindex_bytes, s.first_timestamp if s else -1, s.max_timestamp if s else -1,
                               f.path.rsplit("/", 1)[-1], f.base_offset == last_base))
    return rows


class SegmentModel(RowTableModel[SegmentRow]):
    BASE, RECORDS, SIZE, INDEX, FIRST_TS, MAX_TS, FILE = range(7)
    COLUMN_COUNT = 7

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self._replace_rows(list(rows), lambda r: r.base_offset)

    def rows(self) -> list[SegmentRow]:
        return list(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Base offset"), self.tr("Records"), self.tr("Size"),
                    self.tr("Index"), self.tr("First timestamp"),
                    self.tr("Last timestamp"), self.tr("File"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.BASE:
                return f"{r.base_offset:,}"
            if col == self.RECORDS:
                return f"{r.next_offset - r.base_offset:,}" if r.next_offset is not None else "…"
            if col == self.SIZE:
                return human_bytes(r.log_bytes)
            if col == self.INDEX:
                return f"{human_bytes(r.index_bytes)} + {human_bytes(r.timeindex_bytes)}"
            if col == self.FIRST_TS:
                return format_ts(r.first_timestamp)
            if col == self.MAX_TS:
                return format_ts(r.max_timestamp)
            if col == self.FILE:
                return r.file + (self.tr("  (active)") if r.active else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.BASE, self.RECORDS, self.SIZE, self.INDEX):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == self.INDEX:
            return self.tr("Offset index + time index")
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.FILE)
