"""First run: the welcome panel in place of the cluster view, what its choices do, and Help → Welcome.

Two choices are hooks for features built elsewhere; until they are connected they fall back to the
help pages:

- ``Welcome.on_lesson`` — "Start the first lesson": the main window sets it to open the lesson player
  dock on the first lesson (``lesson_player_dock.open_first_lesson``; default: the help page on the lab);
- ``Welcome.on_connect`` — "Connect to my cluster": the connect dialog sets it (default: a note that
  the built-in cluster is the one shown, and the help page on it).

"Create a sample topic with data" is real: CreateTopics through the AdminClient, then 30 keyed JSON
records through the produce dialog's path (``clients.producers.RecordSender``, acks=all), then the
message browser on the topic."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMenu, QMessageBox, QWidget

from clients.errors import KafkaOpError, error_text
from clients.producers import Delivery, OutRecord, RecordSender
from gui.data_clients import DataClients
from gui.settings import Settings
from gui.tasks import JobContext
from gui.views.welcome_view import WelcomePanel

log = logging.getLogger(__name__)

SAMPLE_TOPIC = "sample-orders"
SAMPLE_PARTITIONS = 3
SAMPLE_RECORDS = 30
ITEMS = ("coffee", "tea", "bagel", "muffin", "juice")


def sample_records(count: int = SAMPLE_RECORDS) -> list[OutRecord]:
    """Orders of five customers, keyed by customer (so each customer's orders stay on one partition)."""
    out = []
    for i in range(count):
        customer = f"customer-{i % 5 + 1}"
        value = {"order": i + 1, "customer": customer, "item": ITEMS[(i * 3) % len(ITEMS)], "amount": 2 + (i * 7) % 9}
        out.append(OutRecord(customer.encode(), json.dumps(value).encode()))
    return out


class Welcome(QObject):
    """The welcome panel of one main window (shown on the first run, and from Help → Welcome)."""

    def __init__(self, window: QWidget, data: DataClients, central: QWidget | None, cluster_view: QWidget,
                 help_menu: QMenu, show_help: Callable[[str], object], browse: Callable[[str], object],
                 live_brokers: Callable[[], int]) -> None:
        super().__init__(window)
        self.window = window
        self.data = data
        self.cluster_view = cluster_view
        self.show_help = show_help
        self.browse = browse
        self.live_brokers = live_brokers
        self.on_lesson: Callable[[], object] = lambda: show_help("overview")
        self.on_connect: Callable[[], object] = self._connect_not_yet
        self.panel = WelcomePanel()
        self.panel.hide()
        layout = central.layout() if central is not None else None  # banner over cluster view: the panel in its place
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(layout.indexOf(cluster_view), self.panel, 1)
        self.panel.lessonRequested.connect(lambda: self._chosen(self.on_lesson))
        self.panel.connectRequested.connect(lambda: self._chosen(self.on_connect))
        self.panel.helpRequested.connect(lambda: self._chosen(lambda: show_help("lab")))
        self.panel.sampleRequested.connect(self.create_sample)
        self.panel.closeRequested.connect(self.hide_panel)
        self.action = QAction(window)
        self.action.triggered.connect(lambda *_: self.show_panel())
        first = help_menu.actions()[0] if help_menu.actions() else None
        if first is not None:
            help_menu.insertAction(first, self.action)
        else:
            help_menu.addAction(self.action)
        self.sample_done: list[Delivery] = []
        window.installEventFilter(self)
        self.retranslate()

    # -- showing ---------------------------------------------------------------------------------
    def show_if_first_run(self, settings: Settings) -> bool:
        """Show the panel the first time the app runs (remembered in the settings)."""
        if settings.welcome_seen:
            return False
        settings.welcome_seen = True
        settings.sync()
        self.show_panel()
        return True

    def show_panel(self) -> None:
        self.cluster_view.hide()
        self.panel.show()
        self.panel.lesson_button.setFocus()

    def hide_panel(self) -> None:
        self.panel.hide()
        self.cluster_view.show()

    def _chosen(self, action: Callable[[], object]) -> None:
        self.hide_panel()
        action()

    def _connect_not_yet(self) -> None:
        QMessageBox.information(self.window, self.tr("Connect to my cluster"), self.tr(
            "Kafka Lab shows its own built-in cluster for now. Any Kafka client can connect to it at the "
            "bootstrap address in the status bar."))

    # -- the sample topic ------------------------------------------------------------------------
    def create_sample(self) -> None:
        """Create ``sample-orders`` (RF up to 3) and produce the sample records into it (again, if it exists)."""
        self.panel.sample_button.setEnabled(False)
        self.panel.status.setText(self.tr("Creating the topic {0}…").format(SAMPLE_TOPIC))
        rf = max(1, min(3, self.live_brokers()))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KafkaOpError) and exc.name == "TOPIC_ALREADY_EXISTS":
                self._produce_sample()
            else:
                self._sample_failed(exc)

        self.data.admin(lambda a: a.create_topic(SAMPLE_TOPIC, SAMPLE_PARTITIONS, rf),
                        lambda _r: self._produce_sample(), failed, name="sample topic")

    def _produce_sample(self) -> None:
        self.panel.status.setText(self.tr("Sending {0} records to {1}…").format(SAMPLE_RECORDS, SAMPLE_TOPIC))
        worker = self.data.worker("sample", lambda b, c: RecordSender(b, settings=c), lambda s: s.close())
        records = sample_records()

        def job(ctx: JobContext) -> list[Delivery]:
            sender: RecordSender = ctx.resource
            return sender.send(SAMPLE_TOPIC, records, "all")

        def done(deliveries: list[Delivery]) -> None:
            self.data.release(worker)
            self._sample_sent(deliveries)

        def failed(exc: BaseException) -> None:
            self.data.release(worker)
            self._sample_failed(exc)

        worker.submit(job, "sample records", done, failed)

    def _sample_sent(self, deliveries: list[Delivery]) -> None:
        self.sample_done = deliveries
        self.panel.sample_button.setEnabled(True)
        errors = [d.error for d in deliveries if d.error]
        if errors:
            self.panel.status.setText(self.tr("{0} record(s) failed: {1}").format(len(errors), errors[0]))
            return
        self.panel.status.setText(self.tr("{0} records in {1}, on partitions {2}.").format(
            len(deliveries), SAMPLE_TOPIC, ", ".join(str(p) for p in sorted({d.partition for d in deliveries}))))
        self.hide_panel()
        self.browse(SAMPLE_TOPIC)

    def _sample_failed(self, exc: BaseException) -> None:
        log.warning("sample topic: %s", exc)
        self.panel.sample_button.setEnabled(True)
        self.panel.status.setText(self.tr("Could not create the sample: {0}").format(error_text(exc)))

    # -- words -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.action.setText(self.tr("Welcome…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
