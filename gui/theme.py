"""Light and dark themes: a Qt palette, a .qss file from ``resources/themes`` and the colours the
views paint with (Okabe–Ito, a colour-blind-safe palette; meaning never relies on colour alone)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.resources import resource_path

log = logging.getLogger(__name__)

# Okabe & Ito (2008), "Color Universal Design"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    border: str
    card: str
    highlight: str
    leader: str
    in_sync: str
    out_of_sync: str
    offline: str
    preferred: str
    flash: str
    series: tuple[str, ...]
    state_colours: dict[str, str]
    dark: bool

    def state_colour(self, state: str) -> str:
        return self.state_colours.get(state, self.muted)

    def series_colour(self, index: int) -> str:
        return self.series[index % len(self.series)]


LIGHT = Theme(
    name="light", window="#f4f5f7", base="#ffffff", alt_base="#f0f2f5", text="#1b1f24", muted="#5b6470",
    border="#c9ced6", card="#ffffff", highlight=BLUE,
    leader=BLUE, in_sync=BLUISH_GREEN, out_of_sync=ORANGE, offline=VERMILLION, preferred=REDDISH_PURPLE,
    flash="#f3e56a",
    series=(BLUE, ORANGE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, SKY_BLUE, "#7a6a00", "#000000"),
    state_colours={"running": BLUISH_GREEN, "paused": ORANGE, "dead": VERMILLION, "stopped": "#6b7280",
                   "starting": SKY_BLUE, "restarting": SKY_BLUE},
    dark=False,
)

DARK = Theme(
    name="dark", window="#1e2127", base="#24282f", alt_base="#2a2f37", text="#e6e8eb", muted="#a0a8b3",
    border="#3c434d", card="#2a2f37", highlight=SKY_BLUE,
    leader=SKY_BLUE, in_sync=BLUISH_GREEN, out_of_sync=ORANGE, offline=VERMILLION, preferred=REDDISH_PURPLE,
    flash="#8a7d1a",
    series=(SKY_BLUE, ORANGE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, YELLOW, "#ffffff", BLUE),
    state_colours={"running": BLUISH_GREEN, "paused": ORANGE, "dead": VERMILLION, "stopped": "#8b93a0",
                   "starting": SKY_BLUE, "restarting": SKY_BLUE},
    dark=True,
)

THEMES = {"light": LIGHT, "dark": DARK}


def build_palette(theme: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alt_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.alt_base,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Highlight: theme.highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff" if not theme.dark else "#000000",
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.highlight,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(theme.muted))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.muted))
    return p


class ThemeManager(QObject):
    """Applies a theme to the application and tells the views (which paint with its colours)."""

    changed = Signal(object)  # Theme

    def __init__(self, app: QApplication, name: str = "light") -> None:
        super().__init__()
        self._app = app
        self.current = THEMES.get(name, LIGHT)

    def apply(self, name: str | None = None) -> Theme:
        if name is not None:
            self.current = THEMES.get(name, LIGHT)
        theme = self.current
        self._app.setStyle("Fusion")
        self._app.setPalette(build_palette(theme))
        try:
            qss = resource_path("themes", f"{theme.name}.qss").read_text(encoding="utf-8")
        except OSError:
            log.warning("theme stylesheet for %s not found", theme.name)
            qss = ""
        self._app.setStyleSheet(qss)
        self.changed.emit(theme)
        return theme
