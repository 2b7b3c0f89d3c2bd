"""Korean text needs a CJK font. The app uses the system's (Debian's fonts-nanum, Noto CJK, …); a
packaged build also carries NanumGothic (SIL OFL 1.1, its licence beside it in ``resources/fonts/``),
loaded only when the system has no font that writes Korean."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from gui.resources import resource_path

log = logging.getLogger(__name__)


def system_has_korean() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))


def ensure_korean_font() -> list[str]:
    """Load the bundled Korean fonts when the system has none; the families loaded (``[]``: none needed
    or none bundled — a source checkout bundles none and relies on the system's)."""
    if system_has_korean():
        return []
    loaded: list[str] = []
    for ttf in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(ttf))
        if font_id < 0:
            log.warning("could not load the font %s", ttf)
            continue
        loaded += QFontDatabase.applicationFontFamilies(font_id)
    if not loaded:
        log.info("no font for Korean on this system (Debian: apt-get install fonts-nanum)")
    return sorted(set(loaded))
