"""Background work for the data views: a :class:`Worker` is one thread with a job queue.

Kafka clients (confluent-kafka AdminClient / Consumer / Producer) block, so they never run on the
GUI thread. A view submits a job (a plain function); the job runs on the worker's thread and its
result, error and progress come back as queued Qt signals, so every callback runs on the GUI
thread. A worker may own a resource (e.g. one Consumer) that only its thread touches. Jobs can be
cancelled: the function receives a :class:`JobContext` whose ``cancelled`` it should check."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

PROGRESS_MIN_GAP_S = 0.05


class Cancelled(Exception):
    """Raised by :meth:`JobContext.check` when the job was cancelled."""


class JobContext:
    """What a running job sees: its cancel flag, a progress reporter and the worker's resource."""

    def __init__(self, job: Job, resource: Any) -> None:
        self._job = job
        self.resource = resource
        self._last_progress = 0.0

    @property
    def cancelled(self) -> bool:
        return self._job.cancel_event.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def progress(self, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_progress >= PROGRESS_MIN_GAP_S:
            self._last_progress = now
            self._job._worker._progress.emit(self._job, int(done), int(total))


class Job:
    """A submitted job; callbacks run on the GUI thread."""

    def __init__(self, worker: Worker, fn: Callable[[JobContext], Any], name: str,
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int], None] | None) -> None:
        self._worker = worker
        self.fn = fn
        self.name = name
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.cancel_event = threading.Event()
        self.needs_resource = True
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class Worker(QObject):
    """One thread running jobs in order. ``resource_factory`` (called on that thread, lazily)
    creates what the jobs share; ``resource_closer`` releases it when the worker stops."""

    _finished = Signal(object)  # Job
    _progress = Signal(object, int, int)
    busyChanged = Signal(bool)

    def __init__(self, name: str, resource_factory: Callable[[], Any] | None = None,
                 resource_closer: Callable[[Any], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._factory = resource_factory
        self._closer = resource_closer
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._resource: Any = None
        self._has_resource = False
        self._active: Job | None = None
        self._pending = 0
        self._finished.connect(self._on_finished)
        self._progress.connect(self._on_progress)

    # -- GUI side ----------------------------------------------------------------------------------
    def submit(self, fn: Callable[[JobContext], Any], name: str = "", on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None, needs_resource: bool = True) -> Job:
        job = Job(self, fn, name, on_done, on_error, on_progress)
        job.needs_resource = needs_resource
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name=f"kafkalab-{self.name}", daemon=True)
            self._thread.start()
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)
        self._queue.put(job)
        return job

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def cancel_all(self) -> None:
        """Cancel the running job and every queued one (their callbacks are not called)."""
        active = self._active
        if active is not None:
            active.cancel()
        drained: list[Job] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item.cancel()
                drained.append(item)
        for job in drained:  # still run them (they return at once): keeps the pending count honest
            self._queue.put(job)

    def stop(self, wait_s: float = 3.0) -> None:
        """Cancel everything, close the resource on the worker thread and end it."""
        self.cancel_all()
        t = self._thread
        self._queue.put(None)
        if t is not None and t.is_alive() and wait_s > 0:
            t.join(wait_s)
            if t.is_alive():
                log.warning("worker %s did not stop within %.1fs", self.name, wait_s)
        self._thread = None

    def reset_resource(self) -> None:
        """Close and forget the resource (e.g. the cluster address changed); recreated lazily."""
        self.submit(lambda ctx: self._drop_resource(), name="reset", needs_resource=False)

    # -- worker thread -------------------------------------------------------------------------------
    def _get_resource(self) -> Any:
        if not self._has_resource and self._factory is not None:
            self._resource = self._factory()
            self._has_resource = True
        return self._resource

    def _drop_resource(self) -> None:
        if self._has_resource and self._closer is not None:
            try:
                self._closer(self._resource)
            except Exception:
                log.exception("closing the %s worker's resource failed", self.name)
        self._resource = None
        self._has_resource = False

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                self._drop_resource()
                return
            self._active = job
            if not job.cancelled:
                try:
                    resource = self._get_resource() if job.needs_resource else None
                    job.result = job.fn(JobContext(job, resource))
                except Cancelled:
                    job.cancel()
                except BaseException as e:  # reported to the GUI, never lost
                    job.error = e
            self._active = None
            job.finished = True
            try:
                self._finished.emit(job)
            except RuntimeError:  # the QObject is gone (app shutting down)
                return

    def _on_finished(self, job: Job) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            self.busyChanged.emit(False)
        if job.cancelled:
            return
        try:
            if job.error is not None:
                if job.on_error is not None:
                    job.on_error(job.error)
                else:
                    log.error("%s job %s failed: %s", self.name, job.name, job.error)
            elif job.on_done is not None:
                job.on_done(job.result)
        except RuntimeError as exc:  # the widget that asked was closed meanwhile
            if "already deleted" not in str(exc):
                raise

    def _on_progress(self, job: Job, done: int, total: int) -> None:
        if job.on_progress is not None and not job.cancelled:
            job.on_progress(done, total)
