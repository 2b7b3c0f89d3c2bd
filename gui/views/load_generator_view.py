"""Load generator dock: topic, rate, key distribution, acks; Start/Stop; live counters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.observe import ClusterImage
from gui.bridge import CommandReply
from gui.loadgen import ACKS, KEY_MODES, LoadGenerator, LoadSpec

DEFAULT_TOPIC = "lab-load"

# (name, args, callback) → runs a control command; the view never talks to the bridge itself
CommandFn = Callable[[str, dict[str, object], Callable[[CommandReply], None]], None]


class LoadGeneratorView(QWidget):
    started = Signal()
    stopped = Signal()

    def __init__(self, run_command: CommandFn, generator: LoadGenerator | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoadGeneratorView")
        self.generator = generator or LoadGenerator()
        self._run_command = run_command
        self.bootstrap: str | None = None
        self.image: ClusterImage | None = None

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
        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)

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
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()
        self._starting = False
        self.retranslate_ui()

    # -- inputs ----------------------------------------------------------------------------------
    def set_bootstrap(self, bootstrap: str | None) -> None:
        self.bootstrap = bootstrap
        if bootstrap is None and self.generator.running:
            self.stop()
        self._refresh()

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
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
        args: dict[str, object] = {"name": spec.topic, "partitions": 6, "replication_factor": min(3, max(1, brokers))}
        self._run_command("create_topic", args, lambda reply: self._topic_ready(spec, reply))
        self._refresh()

    def _topic_ready(self, spec: LoadSpec, reply: CommandReply) -> None:
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
        if s.last_error:
            self.error_label.setText(self.tr("Last error: {0}").format(s.last_error))

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
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
