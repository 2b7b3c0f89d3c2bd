"""Where the main window's docks go for a screen size: the right column (throughput over the load
generator, or both as tabs on a short screen) and the height of the bottom tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

SHORT_SCREEN = 860  # below this height the right column's docks share it as tabs


def screen_size(window: QMainWindow, width: int, height: int) -> tuple[int, int]:
    """``width`` × ``height``, never larger than the window's screen (a 1024×768 or 1280×720 projector)."""
    screen = window.screen()
    if screen is None:
        return width, height
    avail = screen.availableGeometry()
    return min(width, avail.width()), min(height, avail.height())


def arrange_docks(window: QMainWindow, width: int, height: int, bottom_dock: QDockWidget,
                  right_top: QDockWidget, right_bottom: QDockWidget) -> None:
    """Resize the window and size its docks in proportion."""
    short = height < SHORT_SCREEN
    if short:  # the two right docks share the column as tabs, so the data views get half the height
        # (the message browser needs rows)
        window.tabifyDockWidget(right_top, right_bottom)
        right_top.raise_()
    elif right_bottom in window.tabifiedDockWidgets(right_top):  # a tall screen again: stack them
        visible = right_bottom.isVisibleTo(window)
        window.removeDockWidget(right_bottom)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right_bottom)
        window.splitDockWidget(right_top, right_bottom, Qt.Orientation.Vertical)
        right_bottom.setVisible(visible or not window.isVisible())
    # resized only once the right column is tabbed on a short screen: before that, its stacked docks'
    # minimum heights would hold the window above a 1280×720 screen (Qt clamps resize to the minimum)
    window.resize(width, height)
    window.resizeDocks([right_top], [min(440, int(width * 0.3))], Qt.Orientation.Horizontal)
    bottom = int(height * 0.5) if short else 330
    window.resizeDocks([bottom_dock], [bottom], Qt.Orientation.Vertical)
    if not short:  # the plots get a little more of the right column than the load generator
        column = height - bottom - 80
        window.resizeDocks([right_top, right_bottom], [int(column * 0.56), int(column * 0.44)],
                           Qt.Orientation.Vertical)
