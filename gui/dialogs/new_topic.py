"""Create a topic (name, partitions, replication factor)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget


class NewTopicDialog(QDialog):
    def __init__(self, brokers: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New topic"))
        self.name = QLineEdit()
        self.name.setPlaceholderText("orders")
        self.partitions = QSpinBox()
        self.partitions.setRange(1, 1000)
        self.partitions.setValue(3)
        self.replication = QSpinBox()
        self.replication.setRange(1, max(1, brokers))
        self.replication.setValue(min(3, max(1, brokers)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Partitions"), self.partitions)
        form.addRow(self.tr("Replication factor"), self.replication)
        form.addRow(buttons)

    def args(self) -> dict[str, object]:
        return {"name": self.name.text().strip(), "partitions": int(self.partitions.value()),
                "replication_factor": int(self.replication.value())}
