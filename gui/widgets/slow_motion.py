"""The "slow motion" control: a replication delay (ms) for every follower fetch."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QSpinBox, QWidget

MAX_DELAY_MS = 5000


class SlowMotionControl(QWidget):
    delayChanged = Signal(int)  # debounced

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, MAX_DELAY_MS)
        self.slider.setSingleStep(50)
        self.slider.setPageStep(500)
        self.slider.setMinimumWidth(120)
        self.spin = QSpinBox()
        self.spin.setRange(0, 60_000)
        self.spin.setSingleStep(100)
        self.spin.setSuffix(" ms")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(lambda: self.delayChanged.emit(self.spin.value()))
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self._syncing = False
        self.retranslate_ui()

    def value(self) -> int:
        return int(self.spin.value())

    def set_value_from_engine(self, ms: int) -> None:
        """Show the engine's setting unless the user is mid-edit."""
        if self._debounce.isActive() or self.spin.hasFocus() or self.slider.isSliderDown():
            return
        self._syncing = True
        self.spin.setValue(ms)
        self.slider.setValue(min(ms, MAX_DELAY_MS))
        self._syncing = False

    def _from_slider(self, v: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.spin.setValue(v)
        self._syncing = False
        self._debounce.start()

    def _from_spin(self, v: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.slider.setValue(min(v, MAX_DELAY_MS))
        self._syncing = False
        self._debounce.start()

    def retranslate_ui(self) -> None:
        self.label.setText(self.tr("Slow motion:"))
        tip = self.tr("Replication delay: every follower fetch waits this long (0 = full speed)")
        for w in (self.label, self.slider, self.spin):
            w.setToolTip(tip)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
