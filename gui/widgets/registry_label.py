"""The status bar's Schema Registry: its URL (click to copy), or that it is starting or failed (and why)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from engine.observe import ClusterImage, SchemaRegistryImage


def display_url(url: str) -> str:
    """``http://127.0.0.1:8081`` → ``http://localhost:8081`` (what a user types into a client)."""
    return url.replace("://127.0.0.1:", "://localhost:", 1)


class RegistryLabel(QLabel):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RegistryLabel")
        self.registry: SchemaRegistryImage | None = None
        self.setVisible(False)
        self.retranslate_ui()

    @property
    def url(self) -> str:
        r = self.registry
        return display_url(r.url) if r is not None and r.state == "running" and r.url else ""

    def set_registry(self, registry: SchemaRegistryImage | None) -> None:
        if registry == self.registry:
            return
        self.registry = registry
        self.setVisible(registry is not None)
        self.setCursor(Qt.CursorShape.PointingHandCursor if self.url else Qt.CursorShape.ArrowCursor)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        r = self.registry
        if r is None:
            self.setText("")
            self.setToolTip("")
        elif self.url:
            self.setText(self.tr("Schema Registry: {0}").format(self.url))
            self.setToolTip(self.tr("Confluent-compatible Schema Registry of this cluster. Click to copy its URL"))
        elif r.state == "failed":
            self.setText(self.tr("Schema Registry: failed"))
            self.setToolTip(r.error)
        elif r.state == "stopped":
            self.setText(self.tr("Schema Registry: stopped"))
            self.setToolTip("")
        else:
            self.setText(self.tr("Schema Registry: starting…"))
            self.setToolTip("")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.url:
            QGuiApplication.clipboard().setText(self.url)
            self.copied.emit(self.url)
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def registry_url(image: ClusterImage) -> str:
    """The URL clients reach the engine's registry at, "" while it is not running."""
    r = image.schema_registry
    return r.url if r is not None and r.state == "running" else ""
