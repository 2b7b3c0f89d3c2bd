"""The status line's "which cluster am I on": the embedded lab in the usual colours, an external
cluster as a coloured badge of its own (the profile's colour) naming it, its bootstrap servers and
whether it is read-only — so nobody deletes a topic on production thinking it is the lab."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

# Okabe–Ito vermillion: unlike every colour the lab's own views use for states
DEFAULT_EXTERNAL_COLOUR = "#D55E00"


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    c = QColor(background)
    if not c.isValid():
        return "#ffffff"

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


def badge_colour(colour: str) -> str:
    """The profile's colour if it is a valid one, else :data:`DEFAULT_EXTERNAL_COLOUR`."""
    return colour if colour and QColor(colour).isValid() else DEFAULT_EXTERNAL_COLOUR


class ClusterBadge(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClusterBadge")
        self.external = False
        self.name = ""
        self.bootstrap = ""
        self.read_only = False
        self.colour = ""
        self.retranslate_ui()

    def show_embedded(self) -> None:
        if not self.external and self.text():
            return
        self.external = False
        self.name = self.bootstrap = self.colour = ""
        self.read_only = False
        self.retranslate_ui()

    def show_external(self, name: str, bootstrap: str, read_only: bool, colour: str = "") -> None:
        if (self.external, self.name, self.bootstrap, self.read_only, self.colour) == (
                True, name, bootstrap, read_only, badge_colour(colour)):
            return
        self.external = True
        self.name, self.bootstrap, self.read_only = name, bootstrap, read_only
        self.colour = badge_colour(colour)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if not self.external:
            self.setText(self.tr("Embedded lab"))
            self.setToolTip(self.tr("The cluster Kafka Lab runs on this machine"))
            if self.styleSheet():
                self.setStyleSheet("")
            return
        parts = [self.name or self.bootstrap]
        if self.name and self.name != self.bootstrap:
            parts.append(self.bootstrap)
        if self.read_only:
            parts.append(self.tr("read-only"))
        self.setText("● " + " · ".join(parts))
        label = self.name or self.bootstrap
        self.setToolTip(self.tr("External cluster {0} ({1}), read-only: nothing here can change it").format(
            label, self.bootstrap) if self.read_only else self.tr(
            "External cluster {0} ({1}): what you do here changes that cluster").format(label, self.bootstrap))
        style = (f"QLabel#ClusterBadge {{ background: {self.colour}; color: {text_colour(self.colour)}; "
                           "font-weight: bold; border-radius: 3px; padding: 1px 8px; }")
        if self.styleSheet() != style:  # restyling costs milliseconds: only on change
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
