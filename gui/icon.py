"""The app's icon: every rendered size of ``resources/icons/hicolor`` (the small ones are a
pixel-aligned drawing of their own, so 16 px stays sharp) plus the SVG for any other size — the same
icon in the window, the about box and the desktop entry (``packaging/render_icons.py`` renders them)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from gui.resources import resource_path


def app_icon() -> QIcon:
    icon = QIcon()
    sized = sorted(resource_path("icons", "hicolor").glob("*x*/apps/kafkalab.png"),
                   key=lambda p: int(p.parent.parent.name.split("x")[0]))
    for png in sized:
        icon.addFile(str(png))
    svg = resource_path("icons", "kafkalab.svg")
    if not sized and svg.exists():
        icon.addFile(str(svg))
    return icon
