"""The data views' access to the cluster through the Kafka protocol.

One :class:`DataClients` per window (passed to the views, no singleton): it knows the bootstrap
address and runs AdminClient operations on its own worker thread. Views that need a long-lived
client of their own (the message browser's Consumer, the produce dialog's Producer) get a
:class:`~gui.tasks.Worker` from :meth:`DataClients.worker` whose resource is rebuilt when the
cluster address changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from clients.admin import ClusterAdmin
from clients.config import APP_SETTINGS
from clients.errors import KafkaOpError
from clients.serdes import SchemaDecoder, decoder_for
from gui.tasks import Job, JobContext, Worker


class DataClients(QObject):
    bootstrapChanged = Signal(object)  # str | None
    schemaRegistryChanged = Signal(str)  # its URL ("" none)
    readOnlyChanged = Signal(str)  # why writes are disabled ("" = they are not): views re-gate their buttons now

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bootstrap: str | None = None
        # an external cluster's librdkafka properties (a profile's security settings; {} for the lab)
        self.connection: Mapping[str, str] = {}
        self.read_only = ""  # why every action that changes the cluster is disabled ("" = it is not)
        self.cluster_name = ""  # an external cluster's name, for confirmations ("" = the embedded lab)
        self.schema_registry = ""  # the Schema Registry's URL ("" none): the one chosen, else the engine's
        self.engine_registry = self.chosen_registry = ""
        # decodes records in its wire format on any worker thread (one schema cache, thread-safe)
        self.schema_decoder: SchemaDecoder = decoder_for(None)
        self._workers: list[tuple[Worker, Callable[..., Any] | None]] = []
        self.admin_worker = self.worker("admin", lambda b, c: ClusterAdmin(b, settings={**APP_SETTINGS, **c}), None)

    def worker(self, name: str, factory: Callable[[str, Mapping[str, str]], Any] | None,
               closer: Callable[[Any], None] | None = None) -> Worker:
        """A worker whose resource is ``factory(bootstrap, connection)``, created on its thread when first needed."""
        def make() -> Any:
            if self.bootstrap is None:
                raise KafkaOpError("NOT_CONNECTED", "the cluster is not running")
            return factory(self.bootstrap, self.connection) if factory is not None else None

        w = Worker(name, make if factory is not None else None, closer, self)
        self._workers.append((w, factory))
        return w

    def release(self, worker: Worker) -> None:
        """A dialog is done with its worker: end it (without waiting) and forget it."""
        self._workers = [(w, f) for w, f in self._workers if w is not worker]
        worker.stop(wait_s=0)

    def set_connection(self, connection: Mapping[str, str], read_only: str = "", cluster_name: str = "") -> None:
        """The cluster's security settings (clients are rebuilt with them), its read-only reason and name."""
        changed = read_only != self.read_only
        self.read_only = read_only
        self.cluster_name = cluster_name
        if changed:  # at once, not with the next image: a topic already selected kept Delete enabled
            self.readOnlyChanged.emit(read_only)
        if dict(connection) != dict(self.connection):
            self.connection = dict(connection)
            self._reset()
            self.bootstrapChanged.emit(self.bootstrap)

    def set_bootstrap(self, bootstrap: str | None) -> None:
        if bootstrap == self.bootstrap:
            return
        self.bootstrap = bootstrap
        self._reset()
        self.bootstrapChanged.emit(bootstrap)

    def _reset(self) -> None:
        for w, factory in self._workers:
            if factory is not None:
                w.cancel_all()
                w.reset_resource()

    def set_schema_registry(self, url: str, chosen: str | None = None) -> None:
        """The engine's registry (``url``); ``chosen``: one the user typed in (an attached cluster's, "" to
        follow the engine's again). Records are decoded with the chosen one, else the engine's."""
        self.engine_registry = url
        if chosen is not None:
            self.chosen_registry = chosen
        effective = self.chosen_registry or url
        if effective == self.schema_registry:
            return
        self.schema_registry = effective
        self.schema_decoder = decoder_for(effective or None)
        self.schemaRegistryChanged.emit(effective)

    def choose_schema_registry(self, url: str) -> None:
        self.set_schema_registry(self.engine_registry, url.strip())

    def admin(self, fn: Callable[[ClusterAdmin], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None, name: str = "") -> Job:
        """Run ``fn(admin)`` on the admin thread; callbacks on the GUI thread."""
        def job(ctx: JobContext) -> Any:
            if ctx.resource is None:
                raise KafkaOpError("NOT_CONNECTED", "the cluster is not running")
            return fn(ctx.resource)

        return self.admin_worker.submit(job, name=name, on_done=on_done, on_error=on_error)

    def shutdown(self) -> None:
        for w, _f in self._workers:
            w.stop(wait_s=2.0)
