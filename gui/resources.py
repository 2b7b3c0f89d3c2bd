"""Where the app's resources live (``resources/`` beside the packages, or inside a frozen bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_root() -> Path:
    """The ``resources`` directory: ``$KAFKALAB_RESOURCES``, a PyInstaller bundle, or the source tree."""
    override = os.environ.get("KAFKALAB_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    try:
        from importlib.resources import files

        candidate = Path(str(files("resources")))
        if (candidate / "themes").is_dir():
            return candidate
    except (ImportError, TypeError, ValueError):
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")
