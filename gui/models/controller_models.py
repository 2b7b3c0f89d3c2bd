"""The controller dock's tables: the metadata log as a readable list (each decision the controller
wrote, newest first, with the KRaft record type it is) and the broker sessions it keeps (registered,
alive or fenced, the last heartbeat)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from engine.observe import BrokerSessionImage, ClusterImage, EngineEvent
from engine.observe.events import (
    CONTROLLER_DECISIONS,
    BrokerDown,
    BrokerStarted,
    IsrExpanded,
    IsrShrunk,
    LeaderElected,
    PartitionsAdded,
    ReassignmentChanged,
    TopicConfigChanged,
    TopicCreated,
    TopicDeleted,
)
from gui.models.base import AnyIndex, RowTableModel
from gui.models.event_text import EventText, event_topic, is_internal_topic

MAX_ROWS = 1000


def record_type(e: EngineEvent) -> str:
    """The KRaft metadata record a decision is written as (``engine.metadata.records``, Kafka's names)."""
    match e:
        case TopicCreated():
            return "TopicRecord + PartitionRecord"
        case TopicDeleted():
            return "RemoveTopicRecord"
        case PartitionsAdded():
            return "PartitionRecord"
        case TopicConfigChanged():
            return "ConfigRecord"
        case LeaderElected():
            return "PartitionRecord" if e.reason == "create" else "PartitionChangeRecord"
        case IsrShrunk() | IsrExpanded() | ReassignmentChanged():
            return "PartitionChangeRecord"
        case BrokerStarted():
            return "RegisterBrokerRecord"
        case BrokerDown():
            return "BrokerFencingRecord"
    return ""


@dataclass(frozen=True)
class LogRow:
    seq: int  # arrival order (the key: rows never change, new ones come on top)
    event: EngineEvent


TIME, RECORD, DECISION = range(3)


class MetadataLogModel(RowTableModel[LogRow]):
    """The controller's decisions, newest first: the image's latest ones when the app connects, then
    every one the event stream brings."""

    COLUMN_COUNT = 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = EventText(self)
        self.show_internal = False
        self._all: deque[LogRow] = deque(maxlen=MAX_ROWS)
        self._seq = 0
        self._seeded = False

    def clear(self) -> None:
        self._all.clear()
        self._seeded = False
        self._publish()

    def set_image(self, image: ClusterImage) -> None:
        """Before the first event: the decisions the image carries (those made before the app connected)."""
        if self._seeded or image.controller is None:
            return
        self._seeded = True
        known = [r.event for r in self._all]  # a list: some events hold dicts (not hashable)
        self._add([d for d in image.controller.decisions if d not in known])

    def add_events(self, events: list[EngineEvent]) -> None:
        decisions = [e for e in events if e.kind in CONTROLLER_DECISIONS]
        if decisions:
            recent = [r.event for r in list(self._all)[-50:]]
            self._add([e for e in decisions if e not in recent])

    def _add(self, events: list[EngineEvent]) -> None:
        for e in events:
            self._seq += 1
            self._all.append(LogRow(self._seq, e))
        if events:
            self._publish()

    def set_show_internal(self, show: bool) -> None:
        self.show_internal = show
        self._publish()

    def _publish(self) -> None:
        rows = [r for r in reversed(self._all)
                if self.show_internal or not is_internal_topic(event_topic(r.event))]
        self._replace_rows(rows, key=lambda r: r.seq)

    def rows(self) -> list[LogRow]:
        return list(self._rows)

    def decision_text(self, row: LogRow) -> str:
        return self.text.decision(row.event)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Time"), self.tr("Metadata record"), self.tr("Decision")][section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == RECORD:
            return self.tr("The record the controller appended to the metadata log (__cluster_metadata); "
                           "every broker applies it")
        return None

    def data(self, index: AnyIndex = QModelIndex(), role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: B008
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == TIME:
                return dt.datetime.fromtimestamp(r.event.time_ms / 1000).strftime("%H:%M:%S")
            if col == RECORD:
                return record_type(r.event)
            return self.decision_text(r)
        return None


SESSION_BROKER, SESSION_STATE, SESSION_HEARTBEAT = range(3)


@dataclass(frozen=True)
class SessionRow:
    session: BrokerSessionImage
    age_ms: int  # since the last heartbeat, -1 never


class SessionsModel(RowTableModel[SessionRow]):
    """The broker sessions the controller keeps (KRaft's registrations and heartbeats; in the notes,
    a broker's ephemeral znode in ZooKeeper)."""

    COLUMN_COUNT = 3

    def set_image(self, image: ClusterImage) -> None:
        c = image.controller
        rows = [] if c is None else [SessionRow(s, image.time_ms - s.last_heartbeat_ms if s.last_heartbeat_ms >= 0
                                                else -1) for s in c.sessions]
        self._replace_rows(rows, key=lambda r: r.session.broker_id)

    def rows(self) -> list[SessionRow]:
        return list(self._rows)

    def state_text(self, s: BrokerSessionImage) -> str:
        if not s.registered:
            return self.tr("not registered")
        return self.tr("fenced") if s.fenced else self.tr("registered · alive")

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Broker"), self.tr("Session"), self.tr("Last heartbeat")][section]
        return None

    def data(self, index: AnyIndex = QModelIndex(), role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: B008
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == SESSION_BROKER:
                return self.tr("broker {0}").format(r.session.broker_id)
            if col == SESSION_STATE:
                return self.state_text(r.session)
            if r.age_ms < 0:
                return self.tr("never")
            return self.tr("{0:.1f} s ago").format(max(0, r.age_ms) / 1000)
        return None
