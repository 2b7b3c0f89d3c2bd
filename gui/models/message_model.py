"""The message browser's virtual table: one row per offset, records loaded a page at a time.

Rows cover ``[log start, high watermark)`` of one partition, or of every partition of a topic one
after the other (partition 0's offsets, then partition 1's, …), so ``rowCount`` is Σ (HW − log
start) and nothing is read until the view asks for a row. A row whose page is not loaded shows
"…" and puts its page on the wanted list (:attr:`pagesWanted`); the browser's worker reads pages
and hands them back with :meth:`put_page`. Pages are kept in an LRU of ``max_pages`` pages, so a
10 M-record partition costs as much memory as a small one.

A second mode shows an explicit list of records (the results of a search)."""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from clients.readers import Record
from gui.models import decoded_format as decoded
from gui.models import record_format as fmt
from gui.models.partition_models import format_ts

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 500
MAX_PAGES = 64
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
LOADING = "…"
OFFSET, PARTITION, TIMESTAMP, KEY, VALUE, HEADERS, SIZE = range(7)
PageKey = tuple[int, int]  # (partition, page number): offsets [n·PAGE_SIZE, (n+1)·PAGE_SIZE)


@dataclass(frozen=True)
class PartitionRange:
    partition: int
    low: int  # log start offset
    high: int  # high watermark (exclusive)

    @property
    def count(self) -> int:
        return max(0, self.high - self.low)


@dataclass
class Page:
    records: dict[int, Record]  # offset → record
    end: int  # offsets below this were read (a page read before the HW moved on is partial)



class MessageModel(QAbstractTableModel):
    pagesWanted = Signal()

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.max_pages = max_pages
        self.topic: str | None = None
        self.value_mode = "text"
        self._ranges: list[PartitionRange] = []
        self._starts: list[int] = []
        self._total = 0
        self._pages: OrderedDict[PageKey, Page] = OrderedDict()
        self._requested: set[PageKey] = set()
        self._wanted: OrderedDict[PageKey, None] = OrderedDict()
        self._results: list[Record] | None = None
        self.pages_loaded = 0

    # -- shape -------------------------------------------------------------------------------------------
    def set_topic(self, topic: str | None, ranges: list[PartitionRange]) -> None:
        self.beginResetModel()
        self.topic = topic
        self._pages.clear()
        self._requested.clear()
        self._wanted.clear()
        self._results = None
        self._set_ranges(ranges)
        self.endResetModel()

    def _set_ranges(self, ranges: list[PartitionRange]) -> None:
        self._ranges = sorted(ranges, key=lambda r: r.partition)
        self._starts = []
        total = 0
        for r in self._ranges:
            self._starts.append(total)
            total += r.count
        self._total = total

    @property
    def ranges(self) -> list[PartitionRange]:
        return list(self._ranges)

    def update_ranges(self, ranges: list[PartitionRange]) -> None:
        """New watermarks: rows appear at a partition's end (new records) and vanish at its start
        (retention) as row inserts/removes, so the view keeps its place."""
        new = sorted(ranges, key=lambda r: r.partition)
        old = self._ranges
        for r in new:  # drop partial pages that the new high watermark extends
            for key in [k for k, page in self._pages.items() if k[0] == r.partition and page.end < r.high
                        and page.end < (k[1] + 1) * self.page_size]:
                del self._pages[key]
        if self._results is not None:
            self._set_ranges(new)
            return
        if [r.partition for r in new] != [r.partition for r in old] or any(
                n.low < o.low or n.high < o.high or n.low > o.high for n, o in zip(new, old, strict=True)):
            self.beginResetModel()
            self._set_ranges(new)
            self.endResetModel()
            return
        if new == old:
            return
        for i in range(len(old) - 1, -1, -1):  # last range first: earlier row numbers stay valid
            o, n = old[i], new[i]
            start = self._starts[i]
            if n.high > o.high:
                first = start + o.count
                self.beginInsertRows(QModelIndex(), first, first + (n.high - o.high) - 1)
                self._replace_range(i, PartitionRange(o.partition, o.low, n.high))
                self.endInsertRows()
            if n.low > o.low:
                self.beginRemoveRows(QModelIndex(), start, start + (n.low - o.low) - 1)
                self._replace_range(i, PartitionRange(o.partition, n.low, n.high))
                self.endRemoveRows()

    def _replace_range(self, i: int, r: PartitionRange) -> None:
        ranges = list(self._ranges)
        ranges[i] = r
        self._set_ranges(ranges)

    # -- search results ----------------------------------------------------------------------------------
    def set_results(self, records: list[Record]) -> None:
        self.beginResetModel()
        self._results = list(records)
        self.endResetModel()

    def clear_results(self) -> None:
        if self._results is None:
            return
        self.beginResetModel()
        self._results = None
        self.endResetModel()

    @property
    def showing_results(self) -> bool:
        return self._results is not None

    # -- rows ↔ offsets ----------------------------------------------------------------------------------
    def locate(self, row: int) -> tuple[int, int] | None:
        """(partition, offset) of ``row``."""
        if self._results is not None:
            if 0 <= row < len(self._results):
                rec = self._results[row]
                return rec.partition, rec.offset
            return None
        if not 0 <= row < self._total:
            return None
        i = bisect.bisect_right(self._starts, row) - 1  # the last range starting at or before row
        r = self._ranges[i]
        return r.partition, r.low + (row - self._starts[i])

    def row_of(self, partition: int, offset: int) -> int:
        """The row showing ``partition``/``offset`` (-1 if outside the log)."""
        if self._results is not None:
            return next((i for i, rec in enumerate(self._results)
                         if rec.partition == partition and rec.offset == offset), -1)
        for i, r in enumerate(self._ranges):
            if r.partition == partition:
                return self._starts[i] + offset - r.low if r.low <= offset < r.high else -1
        return -1

    def range_of(self, partition: int) -> PartitionRange | None:
        return next((r for r in self._ranges if r.partition == partition), None)

    def record_at(self, row: int, request: bool = True) -> Record | None:
        if self._results is not None:
            return self._results[row] if 0 <= row < len(self._results) else None
        loc = self.locate(row)
        if loc is None:
            return None
        partition, offset = loc
        key = (partition, offset // self.page_size)
        page = self._pages.get(key)
        if page is not None and offset < page.end:
            self._pages.move_to_end(key)
            return page.records.get(offset)
        if request:
            self._want(key)
        return None

    def is_loaded(self, row: int) -> bool:
        if self._results is not None:
            return 0 <= row < len(self._results)
        loc = self.locate(row)
        if loc is None:
            return False
        page = self._pages.get((loc[0], loc[1] // self.page_size))
        return page is not None and loc[1] < page.end

    # -- pages -------------------------------------------------------------------------------------------
    def _want(self, key: PageKey) -> None:
        if key in self._requested:
            return
        first = not self._wanted
        self._wanted[key] = None
        self._wanted.move_to_end(key, last=False)  # newest wish first
        if first:
            self.pagesWanted.emit()

    def take_wanted(self, keep: set[PageKey] | None = None) -> PageKey | None:
        """The most recently wanted page still worth reading (``keep``: pages now on screen)."""
        while self._wanted:
            key, _ = self._wanted.popitem(last=False)
            if key in self._requested or (keep is not None and key not in keep):
                continue
            self._requested.add(key)
            return key
        return None

    def page_bounds(self, key: PageKey) -> tuple[int, int]:
        """Offsets ``[start, end)`` to read for a page: the page clipped to the partition's range."""
        partition, number = key
        start, end = number * self.page_size, (number + 1) * self.page_size
        r = self.range_of(partition)
        if r is not None:
            start, end = max(start, r.low), min(end, r.high)
        return start, max(start, end)

    def pages_for_rows(self, first: int, last: int) -> set[PageKey]:
        keys: set[PageKey] = set()
        if self._results is not None:
            return keys
        row = max(0, first)
        while row <= last:
            loc = self.locate(row)
            if loc is None:
                break
            partition, offset = loc
            keys.add((partition, offset // self.page_size))
            r = self.range_of(partition)
            page_end = (offset // self.page_size + 1) * self.page_size
            row += max(1, min(page_end, r.high if r else page_end) - offset)
        return keys

    def put_page(self, key: PageKey, records: list[Record], end: int) -> None:
        self._requested.discard(key)
        self._pages[key] = Page({r.offset: r for r in records}, end)
        self._pages.move_to_end(key)
        self.pages_loaded += 1
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        if self._results is not None:
            return
        start, stop = self.page_bounds(key)
        first, last = self.row_of(key[0], start), self.row_of(key[0], max(start, stop - 1))
        if first >= 0 and last >= 0:
            self.dataChanged.emit(self.index(first, 0), self.index(last, SIZE))

    def page_failed(self, key: PageKey) -> None:
        self._requested.discard(key)

    def forget_requests(self) -> None:
        self._requested.clear()
        self._wanted.clear()

    def load_again(self, key: PageKey) -> None:
        """A page that was read wrong (decoded with another registry): wanted again."""
        self._want(key)

    def drop_pages(self) -> None:
        """Read every page again when it is next shown (records are decoded with another registry)."""
        self._pages.clear()
        self.forget_requests()
        if self.rowCount() and self._results is None:
            self.dataChanged.emit(self.index(0, KEY), self.index(self.rowCount() - 1, HEADERS))

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def set_value_mode(self, mode: str) -> None:
        if mode in fmt.MODES and mode != self.value_mode:
            self.value_mode = mode
            if self.rowCount():
                self.dataChanged.emit(self.index(0, KEY), self.index(self.rowCount() - 1, HEADERS))

    # -- Qt model ----------------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._results) if self._results is not None else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Offset"), self.tr("Partition"), self.tr("Timestamp"), self.tr("Key"), self.tr("Value"), self.tr("Headers"),
                    self.tr("Size"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col in (OFFSET, PARTITION) and self._results is None:
                loc = self.locate(row)
                if loc is None:
                    return None
                return f"{loc[1]:,}" if col == OFFSET else str(loc[0])
            rec = self.record_at(row)
            if rec is None:
                if self._results is None and col == KEY and self.is_loaded(row):
                    return self.tr("(no record at this offset)")
                return LOADING
            if col == OFFSET:
                return f"{rec.offset:,}"
            if col == PARTITION:
                return str(rec.partition)
            if col == TIMESTAMP:
                return format_ts(rec.timestamp)
            if col == KEY:
                if rec.key_decoded is not None:
                    return decoded.preview(rec.key_decoded, rec.key, self.value_mode)
                return fmt.preview(rec.key, "hex" if self.value_mode == "hex" else "text")
            if col == VALUE:
                if rec.value_decoded is not None:
                    return decoded.preview(rec.value_decoded, rec.value, self.value_mode)
                return fmt.preview(rec.value, self.value_mode)
            if col == HEADERS:
                return fmt.headers_text(rec.headers)
            if col == SIZE:
                return f"{rec.size:,}"
        elif role == RECORD_ROLE:
            return self.record_at(row, request=False)
        elif role == Qt.ItemDataRole.ToolTipRole and col in (KEY, VALUE):
            rec = self.record_at(row, request=False)
            d = None if rec is None else rec.key_decoded if col == KEY else rec.value_decoded
            return decoded.tooltip(d) if d is not None else None
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (OFFSET, PARTITION, SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, SIZE)
