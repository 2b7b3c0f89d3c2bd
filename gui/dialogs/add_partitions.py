"""Add partitions to a topic (CreatePartitions via the AdminClient). Kafka never lets the count go
down: the dialog sends what the user typed and shows the broker's answer (INVALID_PARTITIONS and its
message for a smaller or equal count) instead of quietly changing the number; it warns that keys map
to different partitions afterwards and shows a few sample keys moving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clients.errors import error_text
from clients.producers import predict_partition
from gui.data_clients import DataClients

SAMPLE_KEYS = ("user-1", "user-2", "user-3", "order-42", "order-77", "device-9")


class AddPartitionsDialog(QDialog):
    def __init__(self, data: DataClients, topic: str, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AddPartitionsDialog")
        self.setWindowTitle(self.tr("Add partitions to {0}").format(topic))
        self.data = data
        self.topic = topic
        self.current = current
        self.done_ok = False

        self.current_label = QLabel(str(current))
        self.total = QSpinBox()
        # any count can be typed: a smaller one is refused by Kafka itself, with its own message
        self.total.setRange(1, max(current + 1, 10_000))
        self.total.setValue(current + 1)
        self.warning = QLabel(self.tr(
            "Partitions can only be added, never removed. The default partitioner maps a key to "
            "murmur2(key) mod (number of partitions), so after this change most keys go to a different "
            "partition than before: records with the same key are no longer all in one partition, and "
            "per-key ordering across the change is lost. Records already written stay where they are."))
        self.warning.setWordWrap(True)
        self.warning.setObjectName("ErrorText")
        self.examples = QLabel()
        self.examples.setObjectName("Muted")
        self.examples.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Current partitions"), self.current_label)
        form.addRow(self.tr("New total"), self.total)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(self.tr("Add partitions"))
        self.apply_button.setObjectName("PrimaryButton")
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.examples)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.total.valueChanged.connect(self._update_examples)
        self._update_examples()
        self.resize(520, self.sizeHint().height())

    def _update_examples(self) -> None:
        new = self.total.value()
        self.error_label.setText("")
        if new <= self.current:
            self.examples.setText(self.tr("Kafka cannot remove partitions: the broker will refuse a total of {0} "
                                          "(the topic has {1}).").format(new, self.current))
            return
        lines = [self.tr("Where sample keys go (before → after):")]
        for key in SAMPLE_KEYS:
            before = predict_partition(key.encode(), self.current)
            after = predict_partition(key.encode(), new)
            mark = "" if before == after else "   ⚠"
            lines.append(f"  {key}: {before} → {after}{mark}")
        self.examples.setText("\n".join(lines))

    def submit(self) -> None:
        self.total.interpretText()  # what is typed, as typed (a smaller count goes to Kafka, which refuses it)
        total = self.total.value()
        self.error_label.setText("")
        self.apply_button.setEnabled(False)
        topic = self.topic

        def done(_r: object) -> None:
            self.apply_button.setEnabled(True)
            self.done_ok = True
            self.accept()

        def failed(exc: BaseException) -> None:
            self.apply_button.setEnabled(True)
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: a.add_partitions(topic, total), done, failed, name="add partitions")
