"""One broker as a card: id, address, state, leader/replica counts, byte rates, and Kill / Pause
(Resume) / Restart buttons (also in its context menu). No broker is the controller: the engine runs
it apart (:mod:`gui.widgets.controller_card`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import BrokerCommand, KillBroker, PauseBroker, RestartBroker, ResumeBroker
from engine.observe import BrokerImage
from gui.models.telemetry import human_rate
from gui.theme import LIGHT, Theme


def _refresh_style(w: QWidget) -> None:
    style = w.style()
    style.unpolish(w)
    style.polish(w)


def pause_or_resume(broker_id: int, display_state: str) -> BrokerCommand:
    """Resume a paused broker, pause any other."""
    return ResumeBroker(broker_id=broker_id) if display_state == "paused" else PauseBroker(broker_id=broker_id)


class BrokerCard(QFrame):
    commandRequested = Signal(object)  # a BrokerCommand for this broker
    clicked = Signal(int)

    def __init__(self, broker_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.broker_id = broker_id
        self.setObjectName("BrokerCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(200)
        self.theme: Theme = LIGHT
        self.broker: BrokerImage | None = None
        self.display_state = "starting"
        self.rate_in = 0.0
        self.rate_out = 0.0
        self._build_labels()
        self._build_buttons()
        self._build_layout()
        self.set_selected(False)
        self.retranslate_ui()

    def _build_labels(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        self.state_label = QLabel()
        self.state_label.setObjectName("StatePill")
        self.address = QLabel()
        self.address.setObjectName("Muted")
        self.counts = QLabel()
        self.rates = QLabel()
        self.rates.setObjectName("Muted")

    def _build_buttons(self) -> None:
        """Kill, Pause (Resume), Restart."""
        self.kill_button = QPushButton()
        self.kill_button.setObjectName("DangerButton")
        self.pause_button = QPushButton()
        self.restart_button = QPushButton()
        for b in (self.kill_button, self.pause_button, self.restart_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setProperty("compact", True)
        self.kill_button.clicked.connect(lambda: self.commandRequested.emit(KillBroker(broker_id=self.broker_id)))
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.restart_button.clicked.connect(lambda: self.commandRequested.emit(RestartBroker(broker_id=self.broker_id)))

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.state_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.kill_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.restart_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.address)
        layout.addWidget(self.counts)
        layout.addWidget(self.rates)
        layout.addLayout(buttons)

    # -- state -----------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._render()

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        _refresh_style(self)

    def update_broker(self, broker: BrokerImage, rate_in: float, rate_out: float, pending: str | None = None) -> None:
        self.broker = broker
        self.display_state = pending or broker.state
        self.rate_in, self.rate_out = rate_in, rate_out
        self._render()

    def set_engine_down(self) -> None:
        """The engine process died: this broker's state is unknown (it died with the engine)."""
        self.display_state = "unknown"
        self.rate_in = self.rate_out = 0.0
        self._render()

    def state_text(self, state: str) -> str:
        return {
            "running": self.tr("running"), "paused": self.tr("paused"), "dead": self.tr("dead"),
            "stopped": self.tr("stopped"), "starting": self.tr("starting"), "restarting": self.tr("restarting"),
            "unknown": self.tr("engine stopped"),
        }.get(state, state)

    def _render(self) -> None:
        b = self.broker
        self.title.setText(self.tr("Broker {0}").format(self.broker_id))
        colour = self.theme.state_colour(self.display_state)
        self.state_label.setText(f"● {self.state_text(self.display_state)}")
        style = f"color: {colour};"
        if self.state_label.styleSheet() != style:  # restyling is costly: only on change
            self.state_label.setStyleSheet(style)
        if self.property("state") != self.display_state:
            self.setProperty("state", self.display_state)
            _refresh_style(self)
        if b is None:
            self.address.setText("")
            self.counts.setText("")
            self.rates.setText("")
        else:
            self.address.setText(f"{b.host}:{b.port}")
            self.counts.setText(self.tr("Leaders {0} · Replicas {1}").format(b.leader_count, b.replica_count))
            self.rates.setText(self.tr("in {0} · out {1}").format(human_rate(self.rate_in), human_rate(self.rate_out)))
        state = self.display_state
        up = state in ("running", "paused")
        self.kill_button.setEnabled(up)
        self.pause_button.setEnabled(up)
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.restart_button.setEnabled(state in ("running", "paused", "dead", "stopped"))
        self.setToolTip(self.tr("Broker {0}: {1}. Keys: K kill, P pause/resume, R restart").format(
            self.broker_id, self.state_text(state)))

    def retranslate_ui(self) -> None:
        self.kill_button.setText(self.tr("Kill"))
        self.kill_button.setToolTip(self.tr("Crash the broker: sockets closed, unflushed data lost (K). "
                                            "Right-click for a process crash that keeps the page cache."))
        self.pause_button.setToolTip(self.tr("Freeze the broker without closing its sockets (P)"))
        self.restart_button.setText(self.tr("Restart"))
        self.restart_button.setToolTip(self.tr("Start a dead broker again, or bounce a running one (R)"))
        self._render()
        # wide enough for the buttons in every language (Korean labels are longer)
        buttons = sum(b.sizeHint().width() for b in (self.kill_button, self.pause_button, self.restart_button))
        self.setMinimumWidth(max(200, buttons + 2 * 6 + 24 + 4))

    def _refit(self) -> None:
        self.retranslate_ui()
        self.updateGeometry()

    def _pause_or_resume(self) -> None:
        self.commandRequested.emit(pause_or_resume(self.broker_id, self.display_state))

    # -- events ----------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.FontChange:  # presenter mode's zoom: measure once the style settled
            QTimer.singleShot(0, self._refit)
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.clicked.emit(self.broker_id)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.clicked.emit(self.broker_id)
        super().focusInEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.clicked.emit(self.broker_id)
        menu = self.build_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_menu(self) -> QMenu:
        """Kill (the default: a machine crash), Crash process (the page cache survives), Pause, Restart."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        kill = menu.addAction(self.tr("Kill"))
        kill.setObjectName("kill")
        kill.setToolTip(self.tr("Machine crash: sockets closed, in-flight requests dropped, and log data not yet "
                                "flushed to disk is lost"))
        crash = menu.addAction(self.tr("Crash process (keeps page cache)"))
        crash.setObjectName("crash")
        crash.setToolTip(self.tr("Process crash (kill -9): sockets closed, nothing checkpointed, but the OS page "
                                 "cache keeps every write, so recovery finds all appended data"))
        menu.setDefaultAction(kill)
        pause = menu.addAction(self.pause_button.text())
        restart = menu.addAction(self.tr("Restart"))
        kill.setEnabled(self.kill_button.isEnabled())
        crash.setEnabled(self.kill_button.isEnabled())
        pause.setEnabled(self.pause_button.isEnabled())
        restart.setEnabled(self.restart_button.isEnabled())
        kill.triggered.connect(self.kill_button.click)
        crash.triggered.connect(lambda: self.commandRequested.emit(
            KillBroker(broker_id=self.broker_id, lose_unflushed=False)))
        pause.triggered.connect(self.pause_button.click)
        restart.triggered.connect(self.restart_button.click)
        return menu
