"""The event log: one row per engine event (time, kind, broker, topic-partition, leader change,
epoch, details in words), newest last, capped; filtered through :class:`EventFilterProxy` (text and
the "internal topics" toggle).

Offset commits are frequent (every auto.commit.interval.ms per consumer), so a group's
``OffsetsCommitted`` events coalesce into one row with a count that moves to the bottom with each
new commit; the group's next membership event (a rebalance, a member joining or leaving) ends the row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from engine.observe import EngineEvent
from engine.observe.events import LeaderElected, OffsetsCommitted, RebalanceCompleted, RebalanceStarted
from gui.models.event_text import EventText, event_group, event_topic, is_internal_topic

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
EVENT_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_ROWS = 20_000

TIME, KIND, BROKER, PARTITION, LEADER, EPOCH, DETAILS = range(7)
COMMITS = "OffsetsCommitted"
NOT_LOGGED = frozenset({"RecordsAcknowledged"})  # the acks ledger's data (the time machine), not a log line
# a group's membership changes: they end its run of coalesced commits
GROUP_CHANGES = frozenset({"RebalanceStarted", "RebalanceCompleted", "MemberJoined", "MemberLeft", "MemberExpired",
                           "GroupDeleted"})


@dataclass(frozen=True)
class EventRow:
    time_ms: int
    kind: str
    broker: str
    partition: str
    leader: str
    epoch: str
    details: str
    event: EngineEvent  # the latest one when coalesced
    count: int = 1  # coalesced events (offset commits)


@dataclass
class _CommitRun:
    """A group's coalesced offset commits."""

    row: EventRow
    count: int = 0
    members: set[str] = field(default_factory=set)


_default_text: EventText | None = None


def to_row(e: EngineEvent, text: EventText | None = None) -> EventRow:
    """The generic columns come from the fields many kinds share (broker_id, topic, partition)."""
    global _default_text
    if text is None:
        _default_text = _default_text or EventText()
        text = _default_text
    broker_id = getattr(e, "broker_id", None)
    broker = str(broker_id) if isinstance(broker_id, int) else ""
    topic, partition = event_topic(e), getattr(e, "partition", None)
    tp = f"{topic}-{partition}" if topic is not None and isinstance(partition, int) else topic or ""
    leader = epoch = ""
    if isinstance(e, LeaderElected):
        leader = f"{e.old_leader if e.old_leader >= 0 else '–'} → {e.new_leader if e.new_leader >= 0 else '–'}"
        epoch = str(e.leader_epoch)
    elif isinstance(e, RebalanceStarted | RebalanceCompleted):
        broker = str(e.coordinator)
    return EventRow(e.time_ms, e.kind, broker, tp, leader, epoch, text.describe(e), e)


class EventLogModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self._rows: list[EventRow] = []
        self._runs: dict[str, _CommitRun] = {}
        self.max_rows = max_rows
        self.text = EventText(self)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._runs = {}
        self.endResetModel()

    def append_events(self, events: Iterable[EngineEvent]) -> None:
        pending: list[EventRow] = []
        moving: set[int] = set()  # ids of existing rows whose commit run continues at the bottom
        for e in events:
            kind = e.kind
            if kind in NOT_LOGGED:
                continue
            group = event_group(e)
            if isinstance(e, OffsetsCommitted):
                run = self._runs.get(group)
                if run is None:
                    run = self._runs[group] = _CommitRun(to_row(e, self.text))
                elif any(r is run.row for r in pending):
                    pending = [r for r in pending if r is not run.row]
                else:
                    moving.add(id(run.row))
                run.count += 1
                run.members.add(e.member_id)
                run.row = self._commit_row(group, run, e)
                pending.append(run.row)
                continue
            if kind in GROUP_CHANGES:
                self._runs.pop(group, None)
            pending.append(to_row(e, self.text))
        if not pending:
            return
        self._remove_rows([i for i, r in enumerate(self._rows) if id(r) in moving])
        overflow = len(self._rows) + len(pending) - self.max_rows
        if overflow > 0:
            self._remove_rows(list(range(min(overflow, len(self._rows)))))
            pending = pending[-self.max_rows:]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(pending) - 1)
        self._rows.extend(pending)
        self.endInsertRows()

    def _commit_row(self, group: str, run: _CommitRun, e: OffsetsCommitted) -> EventRow:
        details = self.text.commits(group, run.count, len(run.members), e.partitions, e.topics)
        return replace(run.row, time_ms=e.time_ms, details=details, event=e, count=run.count)

    def _remove_rows(self, rows: list[int]) -> None:
        """Remove rows (ascending indexes) in contiguous ranges, last range first."""
        ranges: list[list[int]] = []
        for i in rows:
            if ranges and ranges[-1][1] == i - 1:
                ranges[-1][1] = i
            else:
                ranges.append([i, i])
        for start, end in reversed(ranges):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._rows[start:end + 1]
            self.endRemoveRows()

    def row(self, i: int) -> EventRow:
        return self._rows[i]

    def rows(self) -> list[EventRow]:
        return list(self._rows)

    def retranslate(self) -> None:
        """New language: headers and every row's words."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        runs = {id(run.row): run for run in self._runs.values()}
        for i, r in enumerate(self._rows):
            run = runs.get(id(r))
            if run is not None and isinstance(r.event, OffsetsCommitted):
                run.row = self._rows[i] = self._commit_row(r.event.group_id, run, r.event)
            else:
                self._rows[i] = replace(r, details=self.text.describe(r.event))
        if self._rows:
            self.dataChanged.emit(self.index(0, DETAILS), self.index(len(self._rows) - 1, DETAILS))

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
            if col == KIND and r.count > 1:
                return f"{r.kind} ×{r.count:,}"
            return [None, r.kind, r.broker, r.partition, r.leader, r.epoch, r.details][col]
        if role == KIND_ROLE:
            return r.kind
        if role == EVENT_ROLE:
            return r.event
        return None


class EventFilterProxy(QSortFilterProxyModel):
    """Case-insensitive substring filter over every column; events about internal topics
    (``__consumer_offsets`` …) only while "Show internal topics" is on."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.show_internal = False

    def set_show_internal(self, show: bool) -> None:
        if show == self.show_internal:
            return
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.show_internal = show
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.show_internal = show
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self.show_internal:
            event = self.sourceModel().index(source_row, 0, source_parent).data(EVENT_ROLE)
            if isinstance(event, EngineEvent) and is_internal_topic(event_topic(event)):
                return False
        return super().filterAcceptsRow(source_row, source_parent)
