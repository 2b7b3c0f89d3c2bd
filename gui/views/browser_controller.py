"""The message browser's fetching: watermarks, pages, jumps, search and export, all through one
confluent-kafka Consumer (``assign()``) on the browser's worker thread, so the GUI thread only
ever touches finished pages. One page read is in flight at a time; the next one is whichever page
the view wanted most recently that is still on screen, so fast scrolling never queues up stale
reads."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from clients.errors import error_text
from clients.export import export_ranges
from clients.readers import PartitionReader, Record
from gui.data_clients import DataClients
from gui.models.message_model import MessageModel, PageKey, PartitionRange
from gui.tasks import Job, JobContext

MAX_RESULTS = 5000
SEARCH_CHUNK = 5000


def _reader(bootstrap: str, connection: Mapping[str, str]) -> PartitionReader:
    return PartitionReader(bootstrap, settings=connection)


def _close(reader: Any) -> None:
    if isinstance(reader, PartitionReader):
        reader.close()


def matches(r: Record, text: str, key_text: str) -> bool:
    """``text`` in the value (decoded, for a Schema Registry's wire format) or headers, ``key_text`` in the key."""
    if key_text:
        key = (r.key_decoded.text if r.key_decoded is not None else
               (r.key or b"").decode("utf-8", errors="replace")).lower()
        if key_text not in key:
            return False
    if text:
        value = (r.value_decoded.text if r.value_decoded is not None else
                 (r.value or b"").decode("utf-8", errors="replace")).lower()
        headers = " ".join(f"{k}={(v or b'').decode('utf-8', errors='replace')}" for k, v in r.headers).lower()
        if text not in value and text not in headers:
            return False
    return True


class BrowserController(QObject):
    opened = Signal()  # a topic's ranges are known (the model was reset)
    rangesUpdated = Signal(int)  # rows added by a watermark refresh
    error = Signal(str)
    busyChanged = Signal(bool)
    progress = Signal(int, int, str)  # done, total, what
    searchFinished = Signal(int, int)  # matches, scanned
    exportFinished = Signal(str, int)  # path, records
    jumped = Signal(int, int)  # partition, offset (the row is loaded or loading)

    def __init__(self, data: DataClients, model: MessageModel, visible_rows: Callable[[], tuple[int, int]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.model = model
        self._visible_rows = visible_rows
        self.worker = data.worker("browser", _reader, _close)
        self.export_worker = data.worker("export", _reader, _close)
        self.topic: str | None = None
        self.partition: int | None = None  # None: every partition
        self._page_job: Job | None = None
        self._refresh_job: Job | None = None
        self._long_job: Job | None = None
        self._export_job: Job | None = None
        self.page_reads = 0
        self.last_page_ms = 0.0
        self._pump_timer = QTimer(self)  # owned: never fires after the view is gone
        self._pump_timer.setSingleShot(True)
        self._pump_timer.setInterval(0)
        self._pump_timer.timeout.connect(self.pump)
        model.pagesWanted.connect(self.schedule_pump)
        data.schemaRegistryChanged.connect(self._registry_changed)
        self.worker.busyChanged.connect(self._busy)
        self.export_worker.busyChanged.connect(self._busy)

    def _busy(self, _b: bool) -> None:
        self.busyChanged.emit(self.worker.busy or self.export_worker.busy)

    # -- opening and watermarks ------------------------------------------------------------------------
    def open(self, topic: str, partition: int | None) -> Job:
        """Show ``topic`` (one partition, or all when ``partition`` is None)."""
        self.worker.cancel_all()
        self._page_job = self._refresh_job = self._long_job = None
        self.topic, self.partition = topic, partition
        self.model.set_topic(topic, [])

        def job(ctx: JobContext) -> list[PartitionRange]:
            return self._ranges(ctx.resource, topic, partition)

        def done(ranges: list[PartitionRange]) -> None:
            if (self.topic, self.partition) != (topic, partition):
                return
            self.model.set_topic(topic, ranges)
            self.opened.emit()

        return self.worker.submit(job, "open", done, self._failed)

    @staticmethod
    def _ranges(reader: PartitionReader, topic: str, partition: int | None) -> list[PartitionRange]:
        parts = reader.partitions(topic) if partition is None else [partition]
        out = []
        for p in parts:
            low, high = reader.watermarks(topic, p)
            out.append(PartitionRange(p, low, high))
        return out

    def refresh(self) -> Job | None:
        """Re-read the watermarks (new records at the end, retention at the start)."""
        if self.topic is None or (self._refresh_job is not None and not self._refresh_job.finished):
            return None
        topic, partition = self.topic, self.partition

        def job(ctx: JobContext) -> list[PartitionRange]:
            return self._ranges(ctx.resource, topic, partition)

        def done(ranges: list[PartitionRange]) -> None:
            if (self.topic, self.partition) != (topic, partition):
                return
            before = self.model.rowCount()
            self.model.update_ranges(ranges)
            self.rangesUpdated.emit(self.model.rowCount() - before)
            self.schedule_pump()

        self._refresh_job = self.worker.submit(job, "refresh", done, self._failed)
        return self._refresh_job

    def _registry_changed(self, _url: str) -> None:
        """Pages read before were decoded with the previous registry (or none): read them again (a page
        being read now is dropped when it arrives; nothing else the worker runs is cancelled)."""
        self.model.drop_pages()
        self.schedule_pump()

    # -- pages ---------------------------------------------------------------------------------------
    def schedule_pump(self) -> None:
        if not self._pump_timer.isActive():
            self._pump_timer.start()

    def pump(self) -> None:
        if self.topic is None or (self._page_job is not None and not self._page_job.finished):
            return
        first, last = self._visible_rows()
        keep = self.model.pages_for_rows(first, last) if last >= first else set()
        key = self.model.take_wanted(keep)
        if key is None:
            return
        start, end = self.model.page_bounds(key)
        topic = self.topic
        t0 = time.perf_counter()
        decoder = self.data.schema_decoder

        def job(ctx: JobContext) -> list[Record]:
            return decoder.records(topic, ctx.resource.read(topic, key[0], start, end, lambda: ctx.cancelled))

        def done(records: list[Record]) -> None:
            self._page_job = None
            if self.topic != topic:
                return
            if decoder is not self.data.schema_decoder:  # decoded with the registry before: again
                self.model.page_failed(key)
                self.model.load_again(key)
                self.schedule_pump()
                return
            self.page_reads += 1
            self.last_page_ms = (time.perf_counter() - t0) * 1000
            self.model.put_page(key, records, end)
            self.schedule_pump()

        def failed(exc: BaseException) -> None:
            self._page_job = None
            self.model.page_failed(key)
            self._failed(exc)

        self._page_job = self.worker.submit(job, "page", done, failed)

    def load_now(self, key: PageKey) -> None:
        """Ask for a page even if it is not painted yet (jumps)."""
        self.model._want(key)
        self.schedule_pump()

    # -- jumps ---------------------------------------------------------------------------------------
    def jump_to_time(self, partition: int | None, timestamp_ms: int, on_offset: Callable[[int, int], None]) -> Job | None:
        """Find the first offset at or after ``timestamp_ms`` (ListOffsets by time) and report it."""
        if self.topic is None:
            return None
        topic = self.topic
        partitions = [partition] if partition is not None else [r.partition for r in self.model.ranges]

        def job(ctx: JobContext) -> tuple[int, int]:
            for p in partitions:
                off = ctx.resource.offset_for_time(topic, p, timestamp_ms)
                if off >= 0:
                    return p, off
            return (partitions[0] if partitions else 0), -1

        def done(result: tuple[int, int]) -> None:
            if self.topic == topic:
                on_offset(*result)

        return self.worker.submit(job, "offsets_for_times", done, self._failed)

    # -- search --------------------------------------------------------------------------------------
    def search(self, text: str, key_text: str) -> Job | None:
        """Scan every row for ``text`` (in values and headers) and ``key_text`` (in keys)."""
        if self.topic is None:
            return None
        topic = self.topic
        ranges = [r for r in self.model.ranges if r.count]
        total = sum(r.count for r in ranges)
        text, key_text = text.strip().lower(), key_text.strip().lower()
        decoder = self.data.schema_decoder

        def job(ctx: JobContext) -> tuple[list[Record], int]:
            found: list[Record] = []
            scanned = 0
            for r in ranges:
                for chunk in ctx.resource.iter_read(topic, r.partition, r.low, r.high, lambda: ctx.cancelled,
                                                    batch=SEARCH_CHUNK):
                    scanned += len(chunk)
                    found.extend(rec for rec in decoder.records(topic, chunk) if matches(rec, text, key_text))
                    ctx.progress(scanned, total)
                    if len(found) >= MAX_RESULTS:
                        return found[:MAX_RESULTS], scanned
                ctx.check()
            return found, scanned

        def done(result: tuple[list[Record], int]) -> None:
            records, scanned = result
            if self.topic == topic:
                self.model.set_results(records)
                self.searchFinished.emit(len(records), scanned)

        def progress(done_n: int, total_n: int) -> None:
            self.progress.emit(done_n, total_n, "search")

        self._long_job = self.worker.submit(job, "search", done, self._failed, progress)
        return self._long_job

    # -- export --------------------------------------------------------------------------------------
    def export(self, path: Path, ranges: list[tuple[int, int, int]], fmt: str) -> Job | None:
        if self.topic is None:
            return None
        topic = self.topic
        decoder = self.data.schema_decoder

        def job(ctx: JobContext) -> int:
            return export_ranges(ctx.resource, topic, ranges, path, fmt, lambda: ctx.cancelled,
                                 lambda d, t: ctx.progress(d, t), decoder)

        def done(count: int) -> None:
            self._export_job = None
            self.exportFinished.emit(str(path), count)

        def progress(done_n: int, total_n: int) -> None:
            self.progress.emit(done_n, total_n, "export")

        def failed(exc: BaseException) -> None:
            self._export_job = None
            self._failed(exc)

        self._export_job = self.export_worker.submit(job, "export", done, failed, progress)
        return self._export_job

    # -- misc ----------------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Cancel what is running (search, export, page reads); pages are asked for again on repaint."""
        self._pump_timer.stop()
        self.worker.cancel_all()
        self.export_worker.cancel_all()
        self._page_job = self._refresh_job = self._long_job = self._export_job = None
        self.model.forget_requests()

    def _failed(self, exc: BaseException) -> None:
        self.error.emit(error_text(exc))
