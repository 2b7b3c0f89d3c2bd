"""File → Settings: broker 0's port (Kafka's default 9092 one click away) and the number of brokers.
Changes apply at the next engine start (the window offers to restart it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.settings import DEFAULT_PORT, MAX_BROKERS, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, running_port: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.port = QSpinBox()
        self.port.setRange(0, 65535 - MAX_BROKERS)
        self.port.setSpecialValueText(self.tr("0 (any free port)"))
        self.port.setValue(settings.port)
        self.default_button = QPushButton(self.tr("Use {0} (Kafka's default)").format(DEFAULT_PORT))
        self.default_button.clicked.connect(lambda: self.port.setValue(DEFAULT_PORT))
        self.brokers = QSpinBox()
        self.brokers.setRange(1, MAX_BROKERS)
        self.brokers.setValue(settings.brokers)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port, 1)
        port_row.addWidget(self.default_button)
        form = QFormLayout()
        form.addRow(self.tr("Port of broker 0"), port_row)
        form.addRow(self.tr("Brokers"), self.brokers)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("Muted")
        text = self.tr("Broker i listens on port + i. The engine uses these at its next start.")
        if running_port is not None and running_port != settings.port:
            text += " " + self.tr("This run uses port {0} (chosen for this run only).").format(running_port)
        self.note.setText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.port = int(self.port.value())
        self.settings.brokers = int(self.brokers.value())
        self.settings.sync()
        super().accept()
