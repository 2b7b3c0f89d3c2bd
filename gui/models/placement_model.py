"""Broker × partition placement grid: rows are topic-partitions, the last columns are brokers.

Each broker cell is a :class:`Cell` (leader / in-sync follower / out-of-sync follower / offline
replica / not a replica, plus the preferred-leader mark). The model also remembers *when* rows and
cells last changed so the view can flash failovers and animate leader and ISR changes."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from engine.observe import ClusterImage, EngineEvent, PartitionImage, TopicImage
from engine.observe.events import BrokerDown, IsrExpanded, IsrShrunk, LeaderElected
from gui.models.prepared import Prepared

CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # Cell
FLASH_ROLE = Qt.ItemDataRole.UserRole + 2  # float 0..1: row highlight after a failover/ISR change
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 3  # float 0..1: this cell just changed state
STATE_ROLE = Qt.ItemDataRole.UserRole + 4  # ReplicaState as int (broker columns)
KEY_ROLE = Qt.ItemDataRole.UserRole + 5  # (topic, partition)

FLASH_SECONDS = 2.5
CHANGE_SECONDS = 1.2
FIXED_COLUMNS = 4  # partition, leader, epoch, ISR

_ROLES = frozenset({
    CELL_ROLE, FLASH_ROLE, CHANGE_ROLE, STATE_ROLE, KEY_ROLE, Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole,
})

Key = tuple[str, int]
AnyIndex = QModelIndex | QPersistentModelIndex


class ReplicaState(enum.IntEnum):
    NONE = 0  # the broker holds no replica of this partition
    LEADER = 1
    IN_SYNC = 2  # in-sync follower
    OUT_OF_SYNC = 3  # follower not in the ISR
    OFFLINE = 4  # replica on a broker that is down


@dataclass(frozen=True)
class Cell:
    state: ReplicaState
    preferred: bool


_NO_REPLICA = Cell(ReplicaState.NONE, False)
# every cell there can be (immutable): a 10,000-partition grid shares these instead of making 30,000
_CELLS = {(state, preferred): Cell(state, preferred) for state in ReplicaState for preferred in (False, True)}


def cell_for(p: PartitionImage, broker_id: int, broker_up: bool) -> Cell:
    if broker_id not in p.replicas:
        return _NO_REPLICA
    replica = next((r for r in p.replica_states if r.broker_id == broker_id), None)
    preferred = p.preferred_leader == broker_id
    online = broker_up and (replica.online if replica is not None else True)
    if not online:
        state = ReplicaState.OFFLINE
    elif p.leader == broker_id:
        state = ReplicaState.LEADER
    elif broker_id in p.isr:
        state = ReplicaState.IN_SYNC
    else:
        state = ReplicaState.OUT_OF_SYNC
    return _CELLS[(state, preferred)]


def placement_of(p: PartitionImage) -> tuple[Any, ...]:
    """What the grid paints of a partition: offsets moving under load leave it unchanged."""
    return (p.leader, p.leader_epoch, p.isr, p.replicas, p.preferred_leader,
            tuple(r.online for r in p.replica_states))


@dataclass(frozen=True, eq=False)
class PlacementFrame:
    """The grid of one image: rows, cells, and what changed since the builder's previous frame (``base``)."""

    image: ClusterImage
    show_internal: bool
    rows: tuple[PartitionImage, ...]
    keys: tuple[Key, ...]
    row_of: dict[Key, int]
    brokers: tuple[int, ...]
    broker_up: dict[int, bool]
    cells: dict[tuple[Key, int], Cell]
    placements: dict[Key, tuple[Any, ...]]  # placement_of each row's partition
    base: PlacementFrame | None
    changed_rows: tuple[int, ...] = ()  # rows whose painted content changed since base
    changed_cells: tuple[tuple[Key, int], ...] = ()  # cells whose replica state changed (a pulse)
    flashed: tuple[Key, ...] = ()  # rows whose leader or ISR changed (a flash)
    labels: tuple[str, ...] = ()  # the longest partition labels (the first column's width)
    topics: dict[str, tuple[TopicImage, tuple[Key, ...]]] = field(default_factory=dict)  # each topic's keys


def _longest_labels(keys: tuple[Key, ...], n: int = 16) -> tuple[str, ...]:
    labels = [f"{t}-{p}" for t, p in keys]
    return tuple(sorted(labels, key=len)[-n:])


class PlacementFrames:
    """Builds :class:`PlacementFrame` s (on the view-frames thread, see :mod:`gui.view_frames`).

    Incremental: a partition whose image object is the previous one (the channel's deltas and an external
    source keep unchanged parts) or whose placement did not change (only its offsets moved) keeps its
    cells, so an image at 10,000 partitions costs a comparison per changed partition, not a new grid."""

    def __init__(self) -> None:
        self.prepared = Prepared()
        self.show_internal = False  # the model's setting (set on the GUI thread)
        self._last: PlacementFrame | None = None

    def prepare(self, image: ClusterImage) -> None:
        self.prepared.put(image, self.build(image, self.show_internal))

    def take(self, image: ClusterImage, show_internal: bool, force_reset: bool = False) -> PlacementFrame:
        def build() -> PlacementFrame:
            return self.build(image, show_internal, force_reset)

        frame: PlacementFrame = self.prepared.take(
            image, build, lambda f: not force_reset and f.show_internal == show_internal)
        return frame

    def build(self, image: ClusterImage, show_internal: bool, force_reset: bool = False) -> PlacementFrame:
        with self.prepared.lock:
            prev = self._last
            self._last = frame = self._build(image, show_internal, prev, force_reset)
            return frame

    @staticmethod
    def _build(image: ClusterImage, show_internal: bool, prev: PlacementFrame | None,
               force_reset: bool) -> PlacementFrame:
        brokers = tuple(b.broker_id for b in image.brokers)
        broker_up = {b.broker_id: b.state in ("running", "paused") for b in image.brokers}
        if prev is not None and prev.show_internal != show_internal:
            prev = None
        old_rows = prev.rows if prev is not None else ()
        old_row_of = prev.row_of if prev is not None else {}
        old_cells = prev.cells if prev is not None else {}
        reuse = prev is not None and not force_reset and brokers == prev.brokers and broker_up == prev.broker_up
        old_topics = prev.topics if prev is not None and reuse else {}
        cells: dict[tuple[Key, int], Cell] = dict(old_cells) if reuse else {}
        placements = dict(prev.placements) if reuse and prev is not None else {}
        topics: dict[str, tuple[TopicImage, tuple[Key, ...]]] = {}
        rows: list[PartitionImage] = []
        keys: list[Key] = []
        changed_rows: list[int] = []
        changed_cells: list[tuple[Key, int]] = []
        flashed: list[Key] = []
        for t in image.topics:
            if t.internal and not show_internal:
                continue
            hit = old_topics.get(t.name)
            if hit is not None and hit[0] is t:  # the same topic object: the same partitions, cells and keys
                topics[t.name] = hit
                rows.extend(t.partitions)
                keys.extend(hit[1])
                continue
            topic_keys = []
            for p in t.partitions:
                key = (t.name, p.partition)
                row = len(rows)
                rows.append(p)
                keys.append(key)
                topic_keys.append(key)
                i = old_row_of.get(key)
                old = old_rows[i] if i is not None and i < len(old_rows) else None
                if old is p and key in placements:
                    continue
                placement = placement_of(p)
                if placements.get(key) == placement:
                    continue
                placements[key] = placement
                flash = False
                for b in brokers:
                    cell = cell_for(p, b, broker_up.get(b, False))
                    before = old_cells.get((key, b))
                    cells[(key, b)] = cell
                    if old is not None and before is not None and before.state != cell.state:
                        changed_cells.append((key, b))
                        flash = True
                if old is not None:
                    if flash or old.leader != p.leader or set(old.isr) != set(p.isr):
                        flashed.append(key)
                    changed_rows.append(row)
            topics[t.name] = (t, tuple(topic_keys))
        key_tuple = tuple(keys)
        if prev is not None and key_tuple == prev.keys:
            key_tuple, row_of, labels = prev.keys, prev.row_of, prev.labels  # the same objects: cheap to compare
        else:
            row_of = {k: i for i, k in enumerate(key_tuple)}
            labels = _longest_labels(key_tuple)
        if len(placements) > len(key_tuple):  # partitions gone: drop their placements and cells
            placements = {k: v for k, v in placements.items() if k in row_of}
            cells = {k: c for k, c in cells.items() if k[0] in row_of}
        return PlacementFrame(image, show_internal, tuple(rows), key_tuple, row_of, brokers, broker_up, cells,
                              placements, prev, tuple(changed_rows), tuple(changed_cells), tuple(flashed), labels,
                              topics)


class PlacementModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self.builder = PlacementFrames()
        self._frame: PlacementFrame | None = None
        self._image: ClusterImage | None = None
        self._rows: tuple[PartitionImage, ...] = ()
        self._keys: tuple[Key, ...] = ()
        self._row_of: dict[Key, int] = {}
        self._brokers: tuple[int, ...] = ()
        self._cells: dict[tuple[Key, int], Cell] = {}
        self._labels: tuple[str, ...] = ()
        self._flash: dict[Key, float] = {}
        self._changed: dict[tuple[Key, int], float] = {}
        self.show_internal = False

    # -- inputs ----------------------------------------------------------------------------------
    def set_show_internal(self, show: bool) -> None:
        if show != self.show_internal:
            self.show_internal = self.builder.show_internal = show
            if self._image is not None:
                self.set_image(self._image, force_reset=True)

    def set_image(self, image: ClusterImage, force_reset: bool = False) -> None:
        """Take a new image: swap in its frame (built off the GUI thread when the image came through
        :class:`~gui.view_frames.ViewFrames`, else here) and repaint only the rows that changed."""
        frame = self.builder.take(image, self.show_internal, force_reset)
        now = self._clock()
        for cell_key in frame.changed_cells:
            self._changed[cell_key] = now
        for key in frame.flashed:
            self._flash[key] = now
        incremental = not force_reset and frame.keys == self._keys and frame.brokers == self._brokers
        old = self._frame
        self._frame, self._image = frame, frame.image
        self._rows, self._cells = frame.rows, frame.cells
        if incremental:
            # only rows whose painted content changed are repainted (offsets/lag live in tooltips,
            # which read the current image on demand); a frame built on another base: every row
            self._keys, self._row_of = frame.keys, frame.row_of
            changed = frame.changed_rows if frame.base is old and old is not None else range(len(frame.rows))
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), self.columnCount() - 1))
            return
        self.beginResetModel()
        self._keys, self._row_of, self._brokers, self._labels = frame.keys, frame.row_of, frame.brokers, frame.labels
        self.endResetModel()

    def note_events(self, events: Iterable[EngineEvent]) -> None:
        """Flash rows named by failover/ISR events (and every row a dead broker hosted)."""
        now = self._clock()
        touched: set[Key] = set()
        for e in events:
            if isinstance(e, LeaderElected | IsrShrunk | IsrExpanded):
                touched.add((e.topic, e.partition))
            elif isinstance(e, BrokerDown):
                touched.update(k for k, p in zip(self._keys, self._rows, strict=True) if e.broker_id in p.replicas)
        for key in touched:
            self._flash[key] = now
        rows = [self._row_of[k] for k in touched if k in self._row_of]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1),
                                  [FLASH_ROLE])

    # -- queries ---------------------------------------------------------------------------------
    @property
    def image(self) -> ClusterImage | None:
        return self._image

    @property
    def brokers(self) -> list[int]:
        return list(self._brokers)

    def row_of(self, topic: str, partition: int) -> int:
        return self._row_of.get((topic, partition), -1)

    def partitions(self) -> list[PartitionImage]:
        return list(self._rows)

    def longest_labels(self) -> tuple[str, ...]:
        """The longest ``topic-partition`` labels of the rows (what the first column must fit)."""
        return self._labels

    def partition_at(self, row: int) -> PartitionImage | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def broker_column(self, broker_id: int) -> int:
        return FIXED_COLUMNS + self._brokers.index(broker_id) if broker_id in self._brokers else -1

    def broker_at_column(self, column: int) -> int | None:
        i = column - FIXED_COLUMNS
        return self._brokers[i] if 0 <= i < len(self._brokers) else None

    def cell(self, topic: str, partition: int, broker_id: int) -> Cell | None:
        return self._cells.get(((topic, partition), broker_id))

    def flash_level(self, key: Key, now: float | None = None) -> float:
        t = self._flash.get(key)
        if t is None:
            return 0.0
        age = (self._clock() if now is None else now) - t
        return max(0.0, 1.0 - age / FLASH_SECONDS)

    def change_level(self, key: Key, broker_id: int, now: float | None = None) -> float:
        t = self._changed.get((key, broker_id))
        if t is None:
            return 0.0
        age = (self._clock() if now is None else now) - t
        return max(0.0, 1.0 - age / CHANGE_SECONDS)

    def animating(self) -> bool:
        now = self._clock()
        self._flash = {k: t for k, t in self._flash.items() if now - t < FLASH_SECONDS}
        self._changed = {k: t for k, t in self._changed.items() if now - t < CHANGE_SECONDS}
        return bool(self._flash or self._changed)

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._brokers)

    def state_text(self, state: ReplicaState) -> str:
        return {
            ReplicaState.NONE: "",
            ReplicaState.LEADER: self.tr("leader"),
            ReplicaState.IN_SYNC: self.tr("in-sync follower"),
            ReplicaState.OUT_OF_SYNC: self.tr("out-of-sync follower"),
            ReplicaState.OFFLINE: self.tr("offline replica"),
        }[state]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIXED_COLUMNS:
                return [self.tr("Partition"), self.tr("Leader"), self.tr("Epoch"), self.tr("ISR")][section]
            bid = self.broker_at_column(section)
            return self.tr("Broker {0}").format(bid) if bid is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 2:
                return self.tr("Leader epoch: bumped on every leader change")
            if section == 3:
                return self.tr("In-sync replicas: followers caught up with the leader")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._rows):
            return None  # cheap exit: the view asks for many roles per cell on every paint
        p = self._rows[index.row()]
        key = (p.topic, p.partition)
        col = index.column()
        if role == FLASH_ROLE:
            return self.flash_level(key)
        if role == KEY_ROLE:
            return key
        if col >= FIXED_COLUMNS:
            bid = self.broker_at_column(col)
            if bid is None:
                return None
            cell = self._cells.get((key, bid))
            if cell is None:
                return None
            if role == CELL_ROLE:
                return cell
            if role == STATE_ROLE:
                return int(cell.state)
            if role == CHANGE_ROLE:
                return self.change_level(key, bid)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                text = self.state_text(cell.state)
                return text + (self.tr(" (preferred)") if cell.preferred and text else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._replica_tooltip(p, bid, cell)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{p.topic}-{p.partition}"
            if col == 1:
                return str(p.leader) if p.leader >= 0 else self.tr("offline")
            if col == 2:
                return str(p.leader_epoch)
            if col == 3:
                return ", ".join(str(b) for b in p.isr)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return self.tr("{0}-{1}: replicas {2}, preferred leader {3}{4}").format(
                p.topic, p.partition, list(p.replicas), p.preferred_leader,
                self.tr(" — under-replicated") if p.under_replicated else "")
        return None

    def _replica_tooltip(self, p: PartitionImage, broker_id: int, cell: Cell) -> str:
        if cell.state == ReplicaState.NONE:
            return self.tr("Broker {0} holds no replica of {1}-{2}").format(broker_id, p.topic, p.partition)
        lines = [self.tr("{0}-{1} on broker {2}: {3}").format(p.topic, p.partition, broker_id,
                                                               self.state_text(cell.state))]
        if cell.preferred:
            lines.append(self.tr("preferred leader"))
        r = next((r for r in p.replica_states if r.broker_id == broker_id), None)
        if r is not None and r.log_end_offset >= 0:
            lines.append(self.tr("LEO {0} · HW {1} · log start {2} · lag {3}").format(
                r.log_end_offset, r.high_watermark, r.log_start_offset, r.lag))
            lines.append(self.tr("{0} bytes on disk").format(r.size_bytes))
        else:
            lines.append(self.tr("log not available (broker down)"))
        return "\n".join(lines)
