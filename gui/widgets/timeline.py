"""The time machine's timeline bar (under the cluster view): a track from the start of the recording to
now with a marker per notable event (kills, elections, rebalances, lesson steps, faults), a handle to
drag, ← → to step from event to event, play at 0.1×–10×, and "Live".

The widget knows times and markers only; :mod:`gui.timemachine` feeds it and acts on its signals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)

# marker kinds: (colour, height share of the track)
MARKER_STYLE = {
    "kill": ("#d32f2f", 1.0), "start": ("#388e3c", 0.8), "election": ("#f57c00", 0.9),
    "rebalance": ("#1976d2", 0.7), "lesson": ("#7b1fa2", 1.0), "fault": ("#c2185b", 0.8), "mark": ("#00838f", 1.0),
    "other": ("#9e9e9e", 0.4),
}


def clock_text(ms: int) -> str:
    """14:03:21.412, local time."""
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%H:%M:%S.%f")[:-3]


@dataclass(frozen=True, slots=True)
class Marker:
    time_ms: int
    kind: str  # a MARKER_STYLE key
    text: str  # its tooltip


class TimelineTrack(QWidget):
    """The track: markers, the handle; press/drag moves the handle (``scrubbed``), ← → step."""

    scrubbed = Signal(object)  # time in ms (an int: too big for a Qt int)
    stepRequested = Signal(int)  # -1 / +1: the previous / next marker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineTrack")
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.start_ms = 0
        self.end_ms = 0
        self.position_ms: int | None = None  # None: live (the handle at the end)
        self.markers: list[Marker] = []
        self._dragging = False

    def set_range(self, start_ms: int, end_ms: int) -> None:
        self.start_ms, self.end_ms = start_ms, max(end_ms, start_ms)
        self.update()

    def set_markers(self, markers: list[Marker]) -> None:
        self.markers = markers
        self.update()

    def set_position(self, t_ms: int | None) -> None:
        self.position_ms = t_ms
        self.update()

    def x_of(self, t_ms: int) -> int:
        span = max(1, self.end_ms - self.start_ms)
        return 6 + round((t_ms - self.start_ms) / span * max(1, self.width() - 12))

    def time_at(self, x: float) -> int:
        share = min(1.0, max(0.0, (x - 6) / max(1, self.width() - 12)))
        return self.start_ms + round(share * (self.end_ms - self.start_ms))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        mid = h // 2
        p.fillRect(QRectF(6, mid - 2, self.width() - 12, 4), self.palette().mid())
        for m in self.markers:
            color, share = MARKER_STYLE.get(m.kind, MARKER_STYLE["other"])
            x = self.x_of(m.time_ms)
            half = (h - 6) * share / 2
            p.setPen(QPen(QColor(color), 2))
            p.drawLine(x, round(mid - half), x, round(mid + half))
        x = self.x_of(self.end_ms if self.position_ms is None else self.position_ms)
        handle = QColor("#2e7d32") if self.position_ms is None else QColor("#e65100")
        p.setPen(QPen(handle.darker(130), 1))
        p.setBrush(handle)
        p.drawRoundedRect(QRectF(x - 4, 1, 8, h - 2), 3, 3)
        p.end()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = e.pos()  # type: ignore[attr-defined]
            near = [m for m in self.markers if abs(self.x_of(m.time_ms) - pos.x()) <= 3]
            self.setToolTip("\n".join(f"{clock_text(m.time_ms)}  {m.text}" for m in near[:8]))
        return super().event(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton and self.end_ms > self.start_ms:
            self._dragging = True
            self.scrubbed.emit(self.time_at(e.position().x()))

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._dragging:
            self.scrubbed.emit(self.time_at(e.position().x()))

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._dragging:
            self._dragging = False
            self.scrubbed.emit(self.time_at(e.position().x()))

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.stepRequested.emit(-1 if e.key() == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(e)


class TimelineBar(QWidget):
    """Buttons, the track and the time shown."""

    liveRequested = Signal()
    playToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TimelineBar")
        self.track = TimelineTrack()
        self.live_button = QPushButton()
        self.live_button.setObjectName("LiveButton")
        self.live_button.setMinimumWidth(72)
        self.live_button.clicked.connect(self.liveRequested)
        self.back_button = QPushButton("◀")
        self.back_button.clicked.connect(lambda: self.track.stepRequested.emit(-1))
        self.forward_button = QPushButton("▶")
        self.forward_button.clicked.connect(lambda: self.track.stepRequested.emit(1))
        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play)
        self.speed_box = QComboBox()
        for s in SPEEDS:
            self.speed_box.addItem(f"{s:g}×", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.time_label = QLabel()
        self.time_label.setObjectName("TimelineTime")
        for b in (self.back_button, self.forward_button):
            b.setFixedWidth(32)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(4)
        for w in (self.live_button, self.back_button, self.play_button, self.forward_button, self.speed_box):
            layout.addWidget(w)
        layout.addWidget(self.track, 1)
        layout.addWidget(self.time_label)
        self.retranslate_ui()

    @property
    def speed(self) -> float:
        return float(self.speed_box.currentData())

    def _on_play(self, on: bool) -> None:
        self.retranslate_ui()
        self.playToggled.emit(on)

    def set_live(self, live: bool) -> None:
        self.live_button.setEnabled(not live)
        if live and self.play_button.isChecked():
            self.play_button.setChecked(False)
        if live:
            self.track.set_position(None)

    def retranslate_ui(self) -> None:
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Back to the present cluster"))
        self.back_button.setToolTip(self.tr("Previous event (←)"))
        self.forward_button.setToolTip(self.tr("Next event (→)"))
        self.play_button.setText(self.tr("Pause") if self.play_button.isChecked() else self.tr("Play"))
        self.speed_box.setToolTip(self.tr("Replay speed"))
        self.track.setToolTip(self.tr("Drag to see the cluster as it was; ← → step from event to event"))

    def changeEvent(self, e: QEvent) -> None:
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(e)
