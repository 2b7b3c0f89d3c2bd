"""Topics table from the ClusterImage: name, partitions, RF, under-replicated partitions, records
(Σ high watermark − log start over the leaders), size and the internal flag; a filter proxy for
the name box and the internal-topics toggle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from engine.observe import ClusterImage, TopicImage
from gui.models.base import AnyIndex, RowTableModel
from gui.models.prepared import Prepared

NAME, PARTITIONS, RF, UNDER_REPLICATED, RECORDS, SIZE, INTERNAL = range(7)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
TOPIC_ROLE = Qt.ItemDataRole.UserRole + 2


def human_bytes(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


@dataclass(frozen=True)
class TopicRow:
    name: str
    partitions: int
    replication_factor: int
    under_replicated: int
    offline: int
    records: int
    size_bytes: int  # one copy: the leaders' logs
    disk_bytes: int  # every replica
    internal: bool
    overrides: int


def topic_row(t: TopicImage) -> TopicRow:
    records = size = disk = 0
    sized = False  # an external cluster may not tell sizes (DescribeLogDirs refused): -1, shown as unknown
    for p in t.partitions:
        for r in p.replica_states:
            if r.size_bytes > 0:
                disk += r.size_bytes
            if r.is_leader and r.high_watermark >= 0:
                records += max(0, r.high_watermark - max(0, r.log_start_offset))
            if r.is_leader and r.size_bytes >= 0:
                size += r.size_bytes
                sized = True
    size = size if sized or not t.partitions else -1
    return TopicRow(t.name, len(t.partitions), t.replication_factor, sum(1 for p in t.partitions if p.under_replicated),
                    sum(1 for p in t.partitions if p.offline), records, size, disk, t.internal, len(t.configs))



@dataclass(frozen=True, eq=False)
class TopicsFrame:
    """The topic rows of one image (in the image's order) and their names in lower case (the filter's)."""

    image: ClusterImage | None
    rows: tuple[TopicRow, ...]
    lower: tuple[str, ...]


class TopicRows:
    """Builds :class:`TopicsFrame` s (on the view-frames thread, see :mod:`gui.view_frames`): a topic whose
    image object is unchanged (the channel's deltas and an external source keep it) keeps its row."""

    def __init__(self) -> None:
        self.prepared = Prepared()
        self._cache: dict[str, tuple[TopicImage, TopicRow, str]] = {}

    def build(self, image: ClusterImage | None) -> TopicsFrame:
        with self.prepared.lock:
            cache = self._cache
            fresh: dict[str, tuple[TopicImage, TopicRow, str]] = {}
            for t in image.topics if image is not None else ():
                hit = cache.get(t.name)
                fresh[t.name] = hit if hit is not None and hit[0] is t else (t, topic_row(t), t.name.lower())
            self._cache = fresh
            entries = fresh.values()
            return TopicsFrame(image, tuple(e[1] for e in entries), tuple(e[2] for e in entries))

    def prepare(self, image: ClusterImage) -> None:
        self.prepared.put(image, self.build(image))

    def take(self, image: ClusterImage | None) -> TopicsFrame:
        if image is None:
            return self.build(None)
        frame: TopicsFrame = self.prepared.take(image, lambda: self.build(image))
        return frame


class TopicsModel(RowTableModel[TopicRow]):
    COLUMN_COUNT = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.builder = TopicRows()
        self.lower: tuple[str, ...] = ()  # each row's name in lower case (the filter reads these)

    def set_image(self, image: ClusterImage | None) -> None:
        """Swap in the image's rows (prepared off the GUI thread when the image came through
        :class:`~gui.view_frames.ViewFrames`): only rows that are new objects are repainted."""
        frame = self.builder.take(image)
        self.lower = frame.lower
        self._replace_rows(frame.rows, lambda r: r.name, identity=True)

    def rows(self) -> list[TopicRow]:
        return list(self._rows)

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.name == name), -1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Topic"), self.tr("Partitions"), self.tr("RF"), self.tr("Under-replicated"), self.tr("Records"),
                    self.tr("Size"), self.tr("Internal"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Topic name"), self.tr("Number of partitions"), self.tr("Replication factor"),
                    self.tr("Partitions whose ISR is smaller than their replica set"),
                    self.tr("Records readable now: Σ (high watermark − log start offset) over the partition leaders"),
                    self.tr("Bytes on disk of one copy (the leaders' logs)"),
                    self.tr("Internal topics (e.g. __consumer_offsets) are managed by the cluster"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == TOPIC_ROLE:
            return r.name
        if role == SORT_ROLE:
            return (r.name, r.partitions, r.replication_factor, r.under_replicated, r.records, r.size_bytes,
                    int(r.internal))[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return r.name
            if col == PARTITIONS:
                return str(r.partitions)
            if col == RF:
                return str(r.replication_factor)
            if col == UNDER_REPLICATED:
                return str(r.under_replicated) if r.under_replicated else "0"
            if col == RECORDS:
                return f"{r.records:,}"
            if col == SIZE:
                return human_bytes(r.size_bytes) if r.size_bytes >= 0 else "—"
            if col == INTERNAL:
                return self.tr("yes") if r.internal else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (PARTITIONS, RF, UNDER_REPLICATED, RECORDS, SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == SIZE:
                return self.tr("{0} on every replica together").format(human_bytes(r.disk_bytes))
            if col == UNDER_REPLICATED and r.offline:
                return self.tr("{0} partition(s) offline (no leader)").format(r.offline)
            if col == NAME and r.overrides:
                return self.tr("{0} config override(s)").format(r.overrides)
        if role == Qt.ItemDataRole.FontRole and col == UNDER_REPLICATED and r.under_replicated:
            from PySide6.QtGui import QFont

            f = QFont()
            f.setBold(True)
            return f
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, INTERNAL)
        if self._rows:
            self.dataChanged.emit(self.index(0, INTERNAL), self.index(len(self._rows) - 1, INTERNAL))


class TopicsFilter(QSortFilterProxyModel):
    """Name filter (case-insensitive substring) plus the show-internal toggle."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_internal = False
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.strip().lower()))

    def set_show_internal(self, show: bool) -> None:
        self._refilter(lambda: setattr(self, "show_internal", show))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, TopicsModel):
            return True
        rows, lower = model._rows, model.lower
        if not 0 <= source_row < len(rows):
            return False
        if not self.show_internal and rows[source_row].internal:
            return False
        return not self.text or self.text in lower[source_row]
