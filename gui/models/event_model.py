"""The event log: one row per engine event (time, kind, broker, topic-partition, leader change,
epoch, details), newest last, capped; filtered through a QSortFilterProxyModel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_ROWS = 20_000

TIME, KIND, BROKER, PARTITION, LEADER, EPOCH, DETAILS = range(7)


@dataclass(frozen=True)
class EventRow:
    time_ms: int
    kind: str
    broker: str
    partition: str
    leader: str
    epoch: str
    details: str
    raw: dict[str, Any]


def _isr(v: Any) -> str:
    return "[" + ", ".join(str(x) for x in v) + "]" if isinstance(v, list | tuple) else str(v)


def to_row(e: dict[str, Any]) -> EventRow:
    kind = str(e.get("kind", "?"))
    broker = str(e["broker_id"]) if "broker_id" in e else ""
    partition = f"{e['topic']}-{e['partition']}" if "topic" in e and "partition" in e else str(e.get("topic", ""))
    leader = epoch = ""
    details: list[str] = []
    if kind == "LeaderElected":
        old, new = int(e.get("old_leader", -1)), int(e.get("new_leader", -1))
        leader = f"{old if old >= 0 else '–'} → {new if new >= 0 else '–'}"
        epoch = str(e.get("leader_epoch", ""))
        details.append(str(e.get("reason", "")))
    elif kind in ("IsrShrunk", "IsrExpanded"):
        details.append(f"ISR {_isr(e.get('old_isr', []))} → {_isr(e.get('new_isr', []))}")
    elif kind == "BrokerDown":
        details.append(str(e.get("reason", "")))
    elif kind == "BrokerStarted":
        details.append(f"{e.get('host', '')}:{e.get('port', '')}")
    elif kind == "TopicCreated":
        details.append(f"partitions={e.get('partitions')} RF={e.get('replication_factor')}")
    elif kind == "PartitionsAdded":
        details.append(f"{e.get('old_count')} → {e.get('new_count')}")
    elif kind == "TopicConfigChanged":
        details.append(", ".join(f"{k}={v}" for k, v in dict(e.get("changes", {})).items()))
    elif kind == "Truncated":
        old_end, new_end = int(e.get("old_end_offset", 0)), int(e.get("new_end_offset", 0))
        n = old_end - new_end
        if n == 1:
            details.append(f"removed offset {new_end} (1 record)")
        elif n > 1:
            details.append(f"removed offsets {new_end}–{old_end - 1} ({n:,} records)")
        details.append(f"log end {old_end} → {new_end}")
    elif kind == "SegmentsDeleted":
        details.append(f"{e.get('count')} segment(s), log start {e.get('log_start_offset')}")
    elif kind == "LogRecovered":
        details.append(f"LEO {e.get('log_end_offset')}, truncated {e.get('truncated_bytes')} B")
    else:
        known = {"kind", "time_ms", "broker_id", "topic", "partition"}
        details.extend(f"{k}={v}" for k, v in e.items() if k not in known)
    return EventRow(int(e.get("time_ms", 0)), kind, broker, partition, leader, epoch, " ".join(details), e)


class EventLogModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self._rows: list[EventRow] = []
        self.max_rows = max_rows

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def append_events(self, events: Iterable[dict[str, Any]]) -> None:
        new = [to_row(e) for e in events]
        if not new:
            return
        overflow = len(self._rows) + len(new) - self.max_rows
        if overflow > 0:
            drop = min(overflow, len(self._rows))
            if drop:
                self.beginRemoveRows(QModelIndex(), 0, drop - 1)
                del self._rows[:drop]
                self.endRemoveRows()
            new = new[-self.max_rows:]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def row(self, i: int) -> EventRow:
        return self._rows[i]

    def rows(self) -> list[EventRow]:
        return list(self._rows)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Time"), self.tr("Kind"), self.tr("Broker"), self.tr("Topic-partition"),
                    self.tr("Leader (old → new)"), self.tr("Epoch"), self.tr("Details")][section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == TIME:
                t = dt.datetime.fromtimestamp(r.time_ms / 1000)
                return t.strftime("%H:%M:%S.") + f"{r.time_ms % 1000:03d}"
            return [None, r.kind, r.broker, r.partition, r.leader, r.epoch, r.details][col]
        if role == KIND_ROLE:
            return r.kind
        if role == EVENT_ROLE:
            return r.raw
        return None


class EventFilterProxy(QSortFilterProxyModel):
    """Case-insensitive substring filter over every column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
