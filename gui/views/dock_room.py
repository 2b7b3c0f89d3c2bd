"""Room for a dock the user has just opened in the right column: the lesson player opened by Ctrl+L on a
1280×720 projector got the ~80 px left under the throughput plots and squashed them too. Opening it gives
it the column — as a tab in front of the plots on a short window, most of the column's height on a tall
one — and a column wide enough for its text. A dock the user has floated or moved elsewhere is left where
they put it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.window_layout import SHORT_SCREEN

WIDTH = 520  # the lesson text and its four choices read without wrapping every other word


def give_room(window: QMainWindow, dock: QDockWidget, plots: QDockWidget | None,
              below: QDockWidget | None = None) -> None:
    """Make ``dock`` (in the right column with ``plots``, the throughput charts, and ``below``, the load
    generator) usable now: a tab in front of the plots on a short window; on a tall one a tab in front
    of ``below`` with most of the column's height, the plots still in sight above it."""
    right = Qt.DockWidgetArea.RightDockWidgetArea
    if not dock.isVisible() or dock.isFloating() or window.dockWidgetArea(dock) != right:
        return

    def beside(other: QDockWidget | None) -> bool:
        return other is not None and other.isVisible() and not other.isFloating() \
            and window.dockWidgetArea(other) == right

    short = window.height() < SHORT_SCREEN
    if short:  # the column down to the status bar: the event log's half of the height is the lesson's too
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    host = plots if short or not beside(below) else below
    if host is not None and beside(host) and dock not in window.tabifiedDockWidgets(host):
        window.tabifyDockWidget(host, dock)
    dock.raise_()
    if not short:
        window.resizeDocks([dock], [int(window.height() * 0.6)], Qt.Orientation.Vertical)
    width = min(WIDTH, int(window.width() * 0.42))
    if dock.width() < width:
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)


def room_when_opened(window: QMainWindow, dock: QDockWidget, plots: QDockWidget | None,
                     below: QDockWidget | None) -> None:
    """Give ``dock`` room each time its View-menu action (or shortcut) opens it."""
    def opened(checked: bool) -> None:
        if checked:  # after Qt has shown and placed it
            QTimer.singleShot(0, lambda: give_room(window, dock, plots, below))

    dock.toggleViewAction().triggered.connect(opened)
