"""The partition log view's "Keys after cleaning": for a compacted partition, the keys the log
cleaner kept in the clean part of the log (below the cleaner offset) — each key's latest offset and
whether it is a tombstone or how many value bytes it keeps.

The records are read through the Kafka protocol (one assign()-ed Consumer,
:class:`clients.readers.PartitionReader`) on a worker thread of :class:`gui.data_clients.DataClients`,
never on the GUI thread. A read starts when the selected partition or its cleaner offset changes, and
again when a ``LogCleaned`` event for the partition arrives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from clients.errors import error_text
from clients.readers import PartitionReader
from engine.observe.events import EngineEvent, LogCleaned
from gui.data_clients import DataClients
from gui.models.base import RIGHT, AnyIndex, RowTableModel
from gui.tasks import Job, JobContext
from gui.widgets.tables import row_table

MAX_RECORDS = 100_000  # records one read looks at (the clean part of a huge log is cut short)


@dataclass(frozen=True, slots=True)
class KeptKey:
    key: bytes
    offset: int  # the latest offset of the key in the clean part
    tombstone: bool
    value_size: int


@dataclass(frozen=True, slots=True)
class CleanedKeys:
    keys: tuple[KeptKey, ...]  # in offset order
    keyless: int  # records without a key (the cleaner keeps them all)
    records: int  # records read
    truncated: bool  # MAX_RECORDS reached before the cleaner offset


def read_cleaned_keys(reader: PartitionReader, topic: str, partition: int, start: int, end: int,
                      ctx: JobContext | None = None) -> CleanedKeys:
    """The keys in ``[start, end)`` with their latest record (read through the Kafka protocol)."""
    latest: dict[bytes, KeptKey] = {}
    keyless = records = 0
    cancelled = (lambda: ctx.cancelled) if ctx is not None else (lambda: False)
    for chunk in reader.iter_read(topic, partition, start, end, cancelled):
        for r in chunk:
            records += 1
            if r.key is None:
                keyless += 1
            else:
                latest[r.key] = KeptKey(r.key, r.offset, r.value is None, len(r.value or b""))
        if records >= MAX_RECORDS:
            break
    if ctx is not None:
        ctx.check()
    return CleanedKeys(tuple(sorted(latest.values(), key=lambda k: k.offset)), keyless, records,
                       records >= MAX_RECORDS)


def key_text(key: bytes) -> str:
    return key.decode("utf-8", errors="replace")


class CleanedKeysModel(RowTableModel[KeptKey]):
    KEY, OFFSET, VALUE = range(3)
    COLUMN_COUNT = 3

    def set_keys(self, keys: Sequence[KeptKey]) -> None:
        self._replace_rows(tuple(keys), lambda k: (k.key, k.offset))

    def rows(self) -> Sequence[KeptKey]:
        return self._rows

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Key"), self.tr("Latest offset"), self.tr("Value"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        k = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.KEY:
                return key_text(k.key)
            if col == self.OFFSET:
                return f"{k.offset:,}"
            return self.tr("tombstone") if k.tombstone else self.tr("{0:,} bytes").format(k.value_size)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.KEY:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == self.VALUE and k.tombstone:
            return self.tr("A tombstone (null value): the cleaner removes it after delete.retention.ms")
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))


def _reader(bootstrap: str, connection: Mapping[str, str]) -> PartitionReader:
    return PartitionReader(bootstrap, settings=connection)


def _close(reader: Any) -> None:
    if isinstance(reader, PartitionReader):
        reader.close()


class CleanedKeysPanel(QWidget):
    """The "Keys after cleaning" table; hidden for a partition that was never cleaned."""

    loaded = Signal()  # a read finished (the table shows it)

    def __init__(self, data: DataClients | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.worker = data.worker("cleaned-keys", _reader, _close) if data is not None else None
        self.model = CleanedKeysModel(self)
        self.table = row_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.target: tuple[str, int, int, int] | None = None  # topic, partition, log start, cleaner offset
        self.shown: tuple[str, int, int, int] | None = None  # what the table shows
        self.result: CleanedKeys | None = None
        self.error = ""
        self._job: Job | None = None
        self.reads = 0
        self.setVisible(False)
        self.retranslate_ui()

    def set_partition(self, topic: str, partition: int, log_start: int, cleaner_offset: int) -> None:
        """The selected partition's leader: read again when its clean part changed."""
        if self.worker is None or cleaner_offset < 0:
            self.target = None
            self.setVisible(False)
            return
        self.setVisible(True)
        target = (topic, partition, max(0, log_start), cleaner_offset)
        if target != self.target:
            self.target = target
            self.reload()

    def note_events(self, events: Sequence[EngineEvent]) -> None:
        t = self.target
        if t is not None and any(isinstance(e, LogCleaned) and (e.topic, e.partition) == t[:2] for e in events):
            self.reload()

    def reload(self) -> None:
        t = self.target
        if self.worker is None or t is None:
            return
        if self._job is not None and not self._job.finished:
            self._job.cancel()
        topic, partition, start, end = t

        def job(ctx: JobContext) -> CleanedKeys:
            return read_cleaned_keys(ctx.resource, topic, partition, start, end, ctx)

        def done(result: CleanedKeys) -> None:
            if self.target != t:
                return
            self.shown, self.result, self.error = t, result, ""
            self.reads += 1
            self.model.set_keys(result.keys)
            self._update_status()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if self.target == t:
                self.error = error_text(exc)
                self._update_status()

        self._job = self.worker.submit(job, "cleaned keys", done, failed)

    def _update_status(self) -> None:
        r, t = self.result, self.shown
        if self.error:
            self.status.setText(self.tr("Cannot read the clean part: {0}").format(self.error))
        elif r is None or t is None:
            self.status.setText(self.tr("Reading the clean part…"))
        else:
            text = self.tr("{0:,} key(s) kept below the cleaner offset {1:,} ({2:,} records read)").format(
                len(r.keys), t[3], r.records)
            if r.keyless:
                text += self.tr(" · {0:,} record(s) without a key").format(r.keyless)
            if r.truncated:
                text += self.tr(" · only the first {0:,} records were read").format(MAX_RECORDS)
            self.status.setText(text)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Keys after cleaning"))
        self.title.setToolTip(self.tr("The keys the log cleaner kept in the clean part of the log (below the "
                                      "cleaner offset), read through the Kafka protocol"))
        self.model.retranslate()
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

