"""Shown when the default port (9092) is taken: pick another port or let the OS choose."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRadioButton, QSpinBox, QVBoxLayout, QWidget


class PortDialog(QDialog):
    def __init__(self, wanted: int, busy: list[int], suggestion: int | None, brokers: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Port in use"))
        text = QLabel(self.tr(
            "Port {0} is already in use on this computer (ports in use: {1}) — perhaps another Kafka "
            "is running. The lab's {2} brokers need {2} consecutive ports.").format(
                wanted, ", ".join(str(p) for p in busy), brokers))
        text.setWordWrap(True)
        self.use_port = QRadioButton(self.tr("Use ports starting at:"))
        self.port = QSpinBox()
        self.port.setRange(1024, 65535 - brokers)
        self.port.setValue(suggestion or wanted + 100)
        self.os_choice = QRadioButton(self.tr("Let the system choose free ports"))
        self.use_port.setChecked(suggestion is not None)
        self.os_choice.setChecked(suggestion is None)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.use_port)
        layout.addWidget(self.port)
        layout.addWidget(self.os_choice)
        layout.addWidget(buttons)

    def chosen_port(self) -> int:
        return int(self.port.value()) if self.use_port.isChecked() else 0
