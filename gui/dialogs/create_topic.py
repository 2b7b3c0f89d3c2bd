"""Create a topic through the Kafka protocol (CreateTopics via the AdminClient).

While you type, the name is checked with Kafka's own rules (``org.apache.kafka.common.internals.
Topic.validate``) and the whole request is sent with ``validate_only`` so the broker says whether
it would accept it. Create sends the real request; a refusal (error name + the broker's message,
e.g. ``INVALID_REPLICATION_FACTOR``) is shown inline and nothing changes."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clients.errors import error_text
from gui.data_clients import DataClients

MAX_NAME_LENGTH = 249
_LEGAL = re.compile(r"^[a-zA-Z0-9._-]+$")
COMMON_CONFIGS = ("retention.ms", "retention.bytes", "cleanup.policy", "min.insync.replicas", "segment.bytes")
CLEANUP_POLICIES = ("", "delete", "compact", "compact,delete")


class CreateTopicDialog(QDialog):
    def __init__(self, data: DataClients, live_brokers: int, parent: QWidget | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("CreateTopicDialog")
        self.setWindowTitle(self.tr("New topic"))
        self.data = data
        self.live_brokers = live_brokers
        self.created: str | None = None
        self._generation = 0
        self._build_topic_inputs(name)
        self._build_config_inputs()
        self._build_layout()
        self._connect_validation()
        self.resize(520, self.sizeHint().height())
        self._changed()

    def _build_topic_inputs(self, name: str) -> None:
        """Name, partitions, replication factor."""
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("orders")
        self.name.setMaxLength(400)  # longer than Kafka allows, so the rule can be shown
        self.partitions = QSpinBox()
        self.partitions.setRange(1, 10_000)
        self.partitions.setValue(3)
        self.replication = QSpinBox()
        self.replication.setRange(1, 16)
        self.replication.setValue(min(3, max(1, self.live_brokers)))
        self.brokers_hint = QLabel(self.tr("{0} live broker(s)").format(self.live_brokers))
        self.brokers_hint.setObjectName("Muted")

    def _build_config_inputs(self) -> None:
        """The configs a new topic most often overrides."""
        self.retention_ms = QLineEdit()
        self.retention_ms.setPlaceholderText(self.tr("default: 604800000 (7 days); -1 keeps forever"))
        self.retention_bytes = QLineEdit()
        self.retention_bytes.setPlaceholderText(self.tr("default: -1 (no size limit)"))
        self.cleanup = QComboBox()
        for value in CLEANUP_POLICIES:
            self.cleanup.addItem(value or self.tr("(default: delete)"), value)
        self.min_isr = QLineEdit()
        self.min_isr.setPlaceholderText(self.tr("default: 1"))
        self.segment_bytes = QLineEdit()
        self.segment_bytes.setPlaceholderText(self.tr("default: 1073741824 (1 GiB)"))

    def _build_layout(self) -> None:
        self.hint_label = QLabel()
        self.hint_label.setObjectName("Muted")
        self.hint_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Partitions"), self.partitions)
        form.addRow(self.tr("Replication factor"), self.replication)
        form.addRow("", self.brokers_hint)
        configs = QGroupBox(self.tr("Configs (empty: the broker's default)"))
        cform = QFormLayout(configs)
        cform.addRow("retention.ms", self.retention_ms)
        cform.addRow("retention.bytes", self.retention_bytes)
        cform.addRow("cleanup.policy", self.cleanup)
        cform.addRow("min.insync.replicas", self.min_isr)
        cform.addRow("segment.bytes", self.segment_bytes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = QPushButton(self.tr("Create"))
        self.create_button.setObjectName("PrimaryButton")
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(configs)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_validation(self) -> None:
        """Check as the user types; ask the broker (validate_only) once typing pauses."""
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(350)
        self._validate_timer.timeout.connect(self._validate_with_broker)
        for w in (self.name, self.retention_ms, self.retention_bytes, self.min_isr, self.segment_bytes):
            w.textChanged.connect(self._changed)
        self.partitions.valueChanged.connect(self._changed)
        self.replication.valueChanged.connect(self._changed)
        self.cleanup.currentIndexChanged.connect(self._changed)

    # -- values ------------------------------------------------------------------------------------------
    def topic_name(self) -> str:
        return self.name.text().strip()

    def configs(self) -> dict[str, str]:
        out = {}
        for key, w in (("retention.ms", self.retention_ms), ("retention.bytes", self.retention_bytes),
                       ("min.insync.replicas", self.min_isr), ("segment.bytes", self.segment_bytes)):
            if w.text().strip():
                out[key] = w.text().strip()
        policy = str(self.cleanup.currentData() or "")
        if policy:
            out["cleanup.policy"] = policy
        return out

    def name_problem(self, name: str) -> str:
        """Kafka's topic-name rules (``Topic.validate``), worded as Kafka words them."""
        if not name:
            return self.tr("Topic name is illegal, it can't be empty")
        if name in (".", ".."):
            return self.tr('Topic name cannot be "." or ".."')
        if len(name) > MAX_NAME_LENGTH:
            return self.tr("Topic name is illegal, it can't be longer than {0} characters").format(MAX_NAME_LENGTH)
        if not _LEGAL.match(name):
            return self.tr("Topic name \"{0}\" is illegal, it contains a character other than ASCII alphanumerics, "
                           "'.', '_' and '-'").format(name)
        return ""

    def local_hints(self) -> list[str]:
        hints = []
        problem = self.name_problem(self.topic_name())
        if problem:
            hints.append(problem)
        elif "." in self.topic_name() and "_" in self.topic_name():
            hints.append(self.tr("Warning: topics with a period ('.') or underscore ('_') could collide in metric "
                                 "names; best use either, but not both."))
        if self.replication.value() > self.live_brokers:
            hints.append(self.tr("Replication factor: {0} larger than available brokers: {1}.").format(
                self.replication.value(), self.live_brokers))
        return hints

    # -- validation --------------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._generation += 1
        self.error_label.setText("")
        self.hint_label.setText("\n".join(self.local_hints()))
        self._validate_timer.start()

    def _validate_with_broker(self) -> None:
        if self.data.bootstrap is None or not self.topic_name():
            return
        generation = self._generation
        name, parts, rf, configs = self.topic_name(), self.partitions.value(), self.replication.value(), self.configs()

        def done(_result: object) -> None:
            if generation == self._generation and not self.error_label.text():
                hints = self.local_hints()
                self.hint_label.setText("\n".join([*hints, self.tr("✓ The broker would accept this topic.")]))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.hint_label.setText(self.tr("The broker would refuse it: {0}").format(error_text(exc)))

        self.data.admin(lambda a: a.create_topic(name, parts, rf, configs, validate_only=True), done, failed,
                        name="validate topic")

    # -- create ------------------------------------------------------------------------------------------
    def submit(self) -> None:
        self._validate_timer.stop()
        self.error_label.setText("")
        name, parts, rf, configs = self.topic_name(), self.partitions.value(), self.replication.value(), self.configs()
        self.create_button.setEnabled(False)
        self.hint_label.setText(self.tr("Sending CreateTopics…"))

        def done(_result: object) -> None:
            self.create_button.setEnabled(True)
            self.created = name
            self.accept()

        def failed(exc: BaseException) -> None:
            self.create_button.setEnabled(True)
            self.hint_label.setText("")
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: a.create_topic(name, parts, rf, configs), done, failed, name="create topic")
