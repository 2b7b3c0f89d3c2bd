"""Keeps a partition directory's segment files listed live, with ``watchdog``.

The ClusterImage says where a replica's segments are; this watches that directory (inotify on
Linux), coalesces bursts of events (every append touches the .log file), and rescans on its own
thread — never the GUI thread. ``on_change(directory, files)`` runs on that thread."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

COALESCE_S = 0.25


@dataclass(frozen=True)
class SegmentFile:
    base_offset: int
    log_bytes: int
    index_bytes: int
    timeindex_bytes: int
    modified: float  # mtime of the .log file (epoch seconds)
    path: str


def scan_partition_dir(directory: str | os.PathLike[str]) -> list[SegmentFile]:
    """The ``<base offset>.log`` segments in ``directory`` (sorted), with their index sizes."""
    d = Path(directory)
    sizes: dict[str, dict[str, tuple[int, float]]] = {}
    try:
        entries = list(os.scandir(d))
    except OSError:
        return []
    for e in entries:
        stem, dot, ext = e.name.partition(".")
        if not dot or ext not in ("log", "index", "timeindex") or not stem.isdigit():
            continue
        try:
            st = e.stat()
        except OSError:  # deleted between listing and stat (retention at work)
            continue
        sizes.setdefault(stem, {})[ext] = (st.st_size, st.st_mtime)
    out = []
    for stem, files in sizes.items():
        if "log" not in files:
            continue
        out.append(SegmentFile(int(stem), files["log"][0], files.get("index", (0, 0.0))[0],
                               files.get("timeindex", (0, 0.0))[0], files["log"][1], str(d / f"{stem}.log")))
    return sorted(out, key=lambda s: s.base_offset)


class SegmentWatcher:
    def __init__(self, on_change: Callable[[str, list[SegmentFile]], None], coalesce_s: float = COALESCE_S) -> None:
        self._on_change = on_change
        self._coalesce_s = coalesce_s
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._directory: str | None = None
        self._observer: Any = None
        self._watch: Any = None
        self._thread: threading.Thread | None = None
        self.scans = 0
        self.events = 0

    @property
    def directory(self) -> str | None:
        return self._directory

    def watch(self, directory: str | None) -> None:
        """Watch ``directory`` instead (None: nothing); always rescans once."""
        with self._lock:
            if directory != self._directory:
                self._unschedule()
                self._directory = directory
                if directory is not None and os.path.isdir(directory):
                    self._schedule(directory)
            self._ensure_thread()
        self._wake.set()

    def rescan(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        with self._lock:
            self._unschedule()
            observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(2)
        t = self._thread
        if t is not None:
            t.join(2)

    # -- internals ---------------------------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="kafkalab-segment-watch", daemon=True)
            self._thread.start()

    def _schedule(self, directory: str) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                watcher.events += 1
                watcher._wake.set()

        if self._observer is None:
            self._observer = Observer()
            self._observer.daemon = True
            self._observer.start()
        try:
            self._watch = self._observer.schedule(Handler(), directory, recursive=False)
        except OSError as exc:  # the directory vanished in between
            log.debug("cannot watch %s: %s", directory, exc)
            self._watch = None

    def _unschedule(self) -> None:
        if self._observer is not None and self._watch is not None:
            try:
                self._observer.unschedule(self._watch)
            except (KeyError, OSError):
                pass
        self._watch = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            if self._stop.is_set():
                return
            self._stop.wait(self._coalesce_s)  # let a burst of events settle into one rescan
            self._wake.clear()
            with self._lock:
                directory = self._directory
                if directory is not None and self._watch is None and os.path.isdir(directory):
                    self._schedule(directory)  # the directory appeared (replica created late)
            files = scan_partition_dir(directory) if directory is not None else []
            self.scans += 1
            try:
                self._on_change(directory or "", files)
            except RuntimeError:  # the receiver is gone
                return
            except Exception:
                log.exception("segment watch callback failed")
