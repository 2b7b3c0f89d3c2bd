"""Render the icon set from the SVGs: ``resources/icons/hicolor/<N>x<N>/apps/kafkalab.png`` (16 … 512; the
small sizes from the pixel-aligned ``kafkalab-16.svg``), ``kafkalab.ico`` for Windows and, when Qt's icns
writer is there, ``packaging/macos/kafkalab.icns``. The outputs are committed; run again after editing an
SVG:  .venv/bin/python packaging/render_icons.py"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SMALL = 24  # up to this size the 16 px drawing is used


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        svg = ICONS / ("kafkalab-16.svg" if size <= SMALL else "kafkalab.svg")
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "kafkalab.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(out)):
            raise SystemExit(f"could not write {out}")
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    if "ico" in formats:  # Windows: one file, several sizes (Qt's writer takes the largest ≤ 256)
        render(ICONS / "kafkalab.svg", 256).save(str(ICONS / "kafkalab.ico"))
    if "icns" in formats:
        icns = ROOT / "packaging" / "macos" / "kafkalab.icns"
        icns.parent.mkdir(parents=True, exist_ok=True)
        render(ICONS / "kafkalab.svg", 512).save(str(icns))
    sys.stdout.write(f"icons written under {ICONS} (ico: {'ico' in formats}, icns: {'icns' in formats})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
