"""Load generator dock: topic, rate, key distribution, acks; Start/Stop; live counters; the brokers'
error answers to its produce requests as they happen (a retrying client reports nothing until it
gives up); and, per partition, what the producer was told (acknowledged) against what the log holds
(stored below the high watermark, only on the leader, lost)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import CreateTopic
from engine.observe import ClusterImage
from gui.bridge import CommandReply, CommandRunner
from gui.loadgen import ACKS, KEY_MODES, LoadGenerator, LoadSpec
from gui.models.delivery_audit import DeliveryAuditModel, audit, start_offsets
from gui.models.produce_errors import ErrorText, Tallies, since, topic_errors
from gui.widgets.tables import row_table

DEFAULT_TOPIC = "lab-load"

# (name, args, callback) → runs a control command; the view never talks to the bridge itself


class LoadGeneratorView(QWidget):
    started = Signal()
    stopped = Signal()

    def __init__(self, run_command: CommandRunner, generator: LoadGenerator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoadGeneratorView")
        self.generator = generator or LoadGenerator()
        self._run_command = run_command
        self.bootstrap: str | None = None
        self.image: ClusterImage | None = None
        self.run_topic: str | None = None  # the topic of the current (or last) run
        self._error_base: Tallies = {}  # the brokers' error answers for it when the run started
        self._start_offsets: dict[int, int] = {}
        self._error_text = ErrorText(self)
        self._build_inputs()
        self._build_results()
        self._build_layout()
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()
        self._starting = False
        self.retranslate_ui()

    def _build_inputs(self) -> None:
        """Topic, rate, keys, acks; Start/Stop."""
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.topic.addItem(DEFAULT_TOPIC)
        self.rate = QSpinBox()
        self.rate.setRange(1, 500_000)
        self.rate.setValue(2000)
        self.rate.setSingleStep(500)
        self.keys = QComboBox()
        self.acks = QComboBox()
        for a in ACKS:
            self.acks.addItem(a, a)
        self.acks.setCurrentIndex(ACKS.index("all"))
        self.start_button = QPushButton()
        self.start_button.setObjectName("PrimaryButton")
        self.start_button.clicked.connect(self.toggle)

    def _build_results(self) -> None:
        """What the run did: counts, the brokers' error answers, and per partition acknowledged vs stored vs lost."""
        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.broker_label = QLabel()  # the brokers' error answers, as they happen
        self.broker_label.setObjectName("ErrorText")
        self.broker_label.setWordWrap(True)
        self.broker_detail = QLabel()
        self.broker_detail.setObjectName("Muted")
        self.broker_detail.setWordWrap(True)
        self.audit_label = QLabel()
        self.audit_label.setWordWrap(True)
        self.audit_model = DeliveryAuditModel(self)
        self.audit_table = row_table(self.audit_model)
        self.audit_table.setObjectName("DeliveryAudit")
        self.audit_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.audit_table.horizontalHeader().setStretchLastSection(True)
        for label in (self.broker_label, self.broker_detail, self.error_label, self.audit_label):
            label.hide()  # shown once they have something to say: no gaps in a short dock
        self.audit_table.setMinimumHeight(60)

    def _build_layout(self) -> None:
        self.form = QFormLayout()
        self.topic_label, self.rate_label, self.keys_label, self.acks_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.form.addRow(self.topic_label, self.topic)
        self.form.addRow(self.rate_label, self.rate)
        self.form.addRow(self.keys_label, self.keys)
        self.form.addRow(self.acks_label, self.acks)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.stats_label)
        layout.addWidget(self.broker_label)
        layout.addWidget(self.broker_detail)
        layout.addWidget(self.error_label)
        layout.addWidget(self.audit_label)
        layout.addWidget(self.audit_table, 1)

    # -- inputs ----------------------------------------------------------------------------------
    def set_bootstrap(self, bootstrap: str | None) -> None:
        self.bootstrap = bootstrap
        if bootstrap is None and self.generator.running:
            self.stop()
        self._refresh()

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        self._update_answers()
        names = [t.name for t in image.topics if not t.internal]
        current = self.topic.currentText()
        existing = [self.topic.itemText(i) for i in range(self.topic.count())]
        wanted = sorted(set(names) | {DEFAULT_TOPIC})
        if existing != wanted:
            self.topic.blockSignals(True)
            self.topic.clear()
            self.topic.addItems(wanted)
            self.topic.setCurrentText(current or DEFAULT_TOPIC)
            self.topic.blockSignals(False)

    def spec(self) -> LoadSpec:
        return LoadSpec(topic=self.topic.currentText().strip() or DEFAULT_TOPIC, rate=int(self.rate.value()),
                        key_mode=str(self.keys.currentData()), acks=str(self.acks.currentData()))

    # -- start/stop ------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.generator.running or self._starting:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        if self.bootstrap is None:
            self.error_label.setText(self.tr("The cluster is not running."))
            return
        spec = self.spec()
        self._starting = True
        self.error_label.setText("")
        brokers = len(self.image.brokers) if self.image is not None else 3
        if self.image is not None and self.image.topic(spec.topic) is not None:
            self._begin(spec)
            return
        create = CreateTopic(name=spec.topic, partitions=6, replication_factor=min(3, max(1, brokers)))
        self._run_command(create, lambda reply: self._topic_ready(spec, reply))
        self._refresh()

    def _topic_ready(self, spec: LoadSpec, reply: CommandReply[str]) -> None:
        if not reply.ok and reply.code != "TOPIC_ALREADY_EXISTS":
            self._starting = False
            self.error_label.setText(self.tr("Cannot create topic {0}: {1}").format(spec.topic, reply.message()))
            self._refresh()
            return
        if self._starting:
            self._begin(spec)

    def _begin(self, spec: LoadSpec) -> None:
        self._starting = False
        if self.bootstrap is None:
            return
        self.run_topic = spec.topic
        self._error_base = topic_errors(self.image, spec.topic)
        self._start_offsets = start_offsets(self.image, spec.topic)
        self.broker_label.setText("")
        self.broker_detail.setText("")
        self.generator.start(self.bootstrap, spec)
        self.started.emit()
        self._refresh()

    def stop(self) -> None:
        self._starting = False
        self.generator.stop(join=False)
        self.stopped.emit()
        self._refresh()

    def shutdown(self) -> None:
        self.generator.stop(join=True, timeout=3.0)

    # -- display ---------------------------------------------------------------------------------
    def _refresh(self) -> None:
        s = self.generator.stats()
        active = s.running or self._starting
        self.start_button.setText(self.tr("Stop") if active else self.tr("Start"))
        self.start_button.setEnabled(self.bootstrap is not None or active)
        for w in (self.topic, self.rate, self.keys, self.acks):
            w.setEnabled(not active)
        self.stats_label.setText(self.tr("sent {0} · acknowledged {1} · errors {2} · {3:.0f} records/s").format(
            s.sent, s.acked, s.errors, s.rate))
        if s.errors_by_name:
            failed = " · ".join(f"{name} ×{n}" for name, n in sorted(s.errors_by_name.items(), key=lambda e: -e[1]))
            self.error_label.setText(self.tr("Failed deliveries: {0} — last: {1}").format(failed, s.last_error))
        elif s.last_error:
            self.error_label.setText(self.tr("Last error: {0}").format(s.last_error))
        for label in (self.error_label, self.broker_label, self.broker_detail, self.audit_label):
            label.setVisible(bool(label.text()))

    def _update_answers(self) -> None:
        """The brokers' error answers and the acknowledged-vs-stored audit for the run's topic."""
        image, topic = self.image, self.run_topic
        if image is None or topic is None:
            return
        active = self.generator.running or self._starting
        tallies = since(topic_errors(image, topic), self._error_base)
        if tallies:
            self.broker_label.setText(self.tr("The brokers answered: {0}").format(
                self._error_text.summary(tallies, active)))
            self.broker_detail.setText(self._error_text.detail(tallies))
        stats = self.generator.stats()
        rows = audit(image, topic, self.generator.acked_at(image.time_ms), stats.first_offsets, self._start_offsets)
        self.audit_model.set_rows(rows)
        total = self.audit_model.totals()

        def n(v: int | None) -> str:
            return "?" if v is None else f"{v:,}"

        text = self.tr("{0}: acknowledged {1} · stored {2} · leader only {3} · lost {4}").format(
            topic, n(total.acknowledged), n(total.stored), n(total.leader_only), n(total.lost))
        if total.lost:
            text += "\n" + self.tr("{0} acknowledged record(s) are not in the log: their leader acknowledged "
                                   "them (acks={1}) and died before a follower copied them.").format(
                                       n(total.lost), self.generator.spec.acks if self.generator.spec else "?")
        self.audit_label.setText(text)
        name = "ErrorText" if total.lost else ""
        if self.audit_label.objectName() != name:  # restyling is costly: only on change
            self.audit_label.setObjectName(name)
            self.audit_label.style().unpolish(self.audit_label)
            self.audit_label.style().polish(self.audit_label)

    def retranslate_ui(self) -> None:
        self.topic_label.setText(self.tr("Topic"))
        self.rate_label.setText(self.tr("Rate"))
        self.rate.setSuffix(self.tr(" records/s"))
        self.keys_label.setText(self.tr("Keys"))
        self.acks_label.setText(self.tr("acks"))
        labels = {"null": self.tr("null keys (sticky partitioner)"), "sequential": self.tr("sequential keys"),
                  "random": self.tr("random keys"), "hot": self.tr("a few hot keys (90%)")}
        current = self.keys.currentData() or "null"
        self.keys.blockSignals(True)
        self.keys.clear()
        for mode in KEY_MODES:
            self.keys.addItem(labels[mode], mode)
        self.keys.setCurrentIndex(KEY_MODES.index(str(current)))
        self.keys.blockSignals(False)
        self.acks.setToolTip(self.tr("0: fire and forget · 1: the leader has it · all: every in-sync replica has it"))
        self.audit_model.retranslate()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
