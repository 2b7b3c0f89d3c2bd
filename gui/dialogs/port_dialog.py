"""Shown when broker 0's port (9092 by default) is taken: pick another port or let the OS choose —
for this run only, unless the user asks to keep it (the course notes' commands use localhost:9092,
so a clash must not change the port for good)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class PortDialog(QDialog):
    def __init__(self, wanted: int, busy: list[int], suggestion: int | None, brokers: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PortDialog")
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
        self.keep = QCheckBox(self.tr("Keep this port for later starts"))
        self.keep.setChecked(False)
        note = QLabel(self.tr(
            "Without it the other port is for this run only and the next start tries {0} again (the "
            "commands in the course notes use localhost:{0}). File → Settings can change it any time.").format(wanted))
        note.setWordWrap(True)
        note.setObjectName("Muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.use_port)
        layout.addWidget(self.port)
        layout.addWidget(self.os_choice)
        layout.addWidget(self.keep)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def chosen_port(self) -> int:
        return int(self.port.value()) if self.use_port.isChecked() else 0

    def keep_port(self) -> bool:
        return self.keep.isChecked()
