"""Where file dialogs open: the user's documents folder (never the app's working directory)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> str:
    """The user's documents folder (XDG ``DOCUMENTS``, e.g. ~/Documents or ~/문서), else the home folder."""
    for location in (QStandardPaths.StandardLocation.DocumentsLocation, QStandardPaths.StandardLocation.HomeLocation):
        path = QStandardPaths.writableLocation(location)
        if path and Path(path).is_dir():
            return path
    return str(Path.home())


def in_documents(file_name: str) -> str:
    """``file_name`` in the documents folder (the suggested path of a save dialog)."""
    return str(Path(documents_dir()) / file_name)
