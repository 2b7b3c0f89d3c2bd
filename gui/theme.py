"""Light and dark themes: a Qt palette, a .qss file from ``resources/themes`` and the colours the
views paint with (Okabe–Ito, a colour-blind-safe palette; meaning never relies on colour alone)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
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
    # presenter mode (:mod:`gui.presenter`): high contrast, lines this many times thicker, and the
    # colour of the outline around the thing being discussed (the selected broker, partition, record)
    presenter: bool = False
    line_width: float = 1.0
    pointer: str = ORANGE

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


def high_contrast(theme: Theme) -> Theme:
    """``theme`` for a projector: pure black on white (or white on black), black borders, strong
    outlines; the Okabe–Ito accents keep their meaning."""
    if theme.dark:
        return replace(theme, window="#000000", base="#000000", alt_base="#161616", text="#ffffff",
                       muted="#e8e8e8", border="#ffffff", card="#000000", presenter=True, line_width=2.0,
                       pointer=YELLOW)
    return replace(theme, window="#ffffff", base="#ffffff", alt_base="#ececec", text="#000000", muted="#1f1f1f",
                   border="#000000", card="#ffffff", presenter=True, line_width=2.0, pointer=VERMILLION)


_FONT_PX = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")
_BORDER_PX = re.compile(r"(border(?:-[a-z]+)?:\s*)(\d+)px")


def scale_stylesheet(qss: str, zoom: float, line_width: float) -> str:
    """``qss`` with its pixel font sizes times ``zoom`` and its border widths times ``line_width``."""
    qss = _FONT_PX.sub(lambda m: f"font-size: {round(float(m.group(1)) * zoom)}px", qss)
    return _BORDER_PX.sub(lambda m: f"{m.group(1)}{max(1, round(int(m.group(2)) * line_width))}px", qss)


def presenter_stylesheet(theme: Theme, zoom: float) -> str:
    """What presenter mode adds after the theme's own rules: high-contrast surfaces and text, thick
    borders, and a strong outline on the selected broker (the pointer)."""
    t = theme
    return f"""
QMainWindow, QDockWidget, QWidget#ClusterView {{ background: {t.window}; color: {t.text}; }}
QDockWidget::title {{ background: {t.alt_base}; color: {t.text}; border-bottom: 2px solid {t.border}; }}
QLabel, QCheckBox, QRadioButton {{ color: {t.text}; }}
QLabel#Muted {{ color: {t.muted}; }}
QFrame#BrokerCard, QFrame#ControllerCard {{ background: {t.card}; border: 2px solid {t.border}; }}
QFrame#BrokerCard[selected="true"] {{ border: 6px solid {t.pointer}; }}
QTableView {{ background: {t.base}; color: {t.text}; gridline-color: {t.border}; selection-color: {t.text}; }}
QTableView::item:selected {{ border: 3px solid {t.pointer}; }}
QHeaderView::section {{ background: {t.alt_base}; color: {t.text}; border-bottom: 2px solid {t.border}; }}
QPushButton {{ color: {t.text}; border: 2px solid {t.border}; background: {t.alt_base}; }}
QStatusBar {{ background: {t.alt_base}; color: {t.text}; border-top: 2px solid {t.border}; }}
QMenuBar, QMenu {{ background: {t.base}; color: {t.text}; }}
QToolTip {{ font-size: {round(13 * zoom)}px; background: {t.base}; color: {t.text}; border: 2px solid {t.border}; }}
"""


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
        self.base_font = QFont(app.font())  # the font presenter mode scales (and gives back)
        self.zoom: float | None = None  # presenter mode's font scale; None: off
        self._fusion = False

    @property
    def shown(self) -> Theme:
        """The theme the views paint with: the chosen one, in high contrast in presenter mode."""
        return high_contrast(self.current) if self.zoom is not None else self.current

    def set_presentation(self, zoom: float | None) -> Theme:
        """Presenter mode at ``zoom`` (fonts × zoom, high contrast, thick lines), or off with None."""
        self.zoom = zoom
        return self.apply()

    def apply(self, name: str | None = None) -> Theme:
        if name is not None:
            self.current = THEMES.get(name, LIGHT)
        theme = self.shown
        if not self._fusion:  # once: setting a style again re-polishes every widget for nothing
            self._app.setStyle("Fusion")
            self._fusion = True
        self._app.setPalette(build_palette(theme))
        try:
            qss = resource_path("themes", f"{theme.name}.qss").read_text(encoding="utf-8")
        except OSError:
            log.warning("theme stylesheet for %s not found", theme.name)
            qss = ""
        font = QFont(self.base_font)
        if self.zoom is not None:
            qss = scale_stylesheet(qss, self.zoom, theme.line_width) + presenter_stylesheet(theme, self.zoom)
            size = self.base_font.pointSizeF()
            if size > 0:
                font.setPointSizeF(size * self.zoom)
            else:
                font.setPixelSize(round(self.base_font.pixelSize() * self.zoom))
        if self._app.font() != font:
            self._app.setFont(font)
        self._app.setStyleSheet(qss)
        self.changed.emit(theme)
        return theme
