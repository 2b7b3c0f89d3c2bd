"""Status-bar widgets: the bootstrap address (click to copy) and the cluster health."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from gui.models.telemetry import Health
from gui.theme import LIGHT, Theme


def display_bootstrap(bootstrap: str) -> str:
    """``127.0.0.1:9092`` → ``localhost:9092`` (what a user types into a client)."""
    host, _, port = bootstrap.rpartition(":")
    return f"localhost:{port}" if host in ("127.0.0.1", "localhost") else bootstrap


class BootstrapLabel(QLabel):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BootstrapLabel")
        self.address = ""
        self.usual_port: int | None = None  # set when this run uses another port than the settings'
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.retranslate_ui()

    def set_address(self, bootstrap: str | None, usual_port: int | None = None) -> None:
        """``usual_port``: the port the settings ask for, when this run had to use another one."""
        self.address = display_bootstrap(bootstrap) if bootstrap else ""
        self.usual_port = usual_port
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self.address and self.usual_port is not None:
            self.setText(self.tr("Bootstrap: {0} (this run only)").format(self.address))
            self.setToolTip(self.tr("Port {0} was in use, so this run uses another one; the next start tries {0} "
                                    "again. Click to copy the bootstrap address.").format(self.usual_port))
        elif self.address:
            self.setText(self.tr("Bootstrap: {0}").format(self.address))
            self.setToolTip(self.tr("Click to copy the bootstrap address"))
        else:
            self.setText(self.tr("Bootstrap: —"))
            self.setToolTip("")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.address:
            QGuiApplication.clipboard().setText(self.address)
            self.copied.emit(self.address)
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class HealthLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HealthLabel")
        self.health: Health | None = None
        self.theme: Theme = LIGHT
        self.retranslate_ui()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.retranslate_ui()

    def set_health(self, health: Health | None) -> None:
        self.health = health
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        h = self.health
        if h is None:
            self.setText(self.tr("No cluster"))
            if self.styleSheet():
                self.setStyleSheet("")
            return
        self.setText(self.tr("{0}/{1} brokers up · {2} offline · {3} under-replicated").format(
            h.brokers_up, h.brokers_total, h.offline_partitions, h.under_replicated))
        colour = self.theme.in_sync if h.ok else (self.theme.offline if h.offline_partitions or h.brokers_up == 0
                                                  else self.theme.out_of_sync)
        style = f"color: {colour}; font-weight: 600;"
        if self.styleSheet() != style:
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
