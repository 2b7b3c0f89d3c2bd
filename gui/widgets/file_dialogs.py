"""Where file dialogs open: the user's documents folder (never the app's working directory)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> str:
    """The user's documents folder (XDG ``DOCUMENTS``, e.g. ~/Documents or ~/문서; created if missing, as
    xdg-user-dirs would), else the home folder."""
    path = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if path:
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
            return path
        except OSError:
            pass
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation) or str(Path.home())


def in_documents(file_name: str) -> str:
    """``file_name`` in the documents folder (the suggested path of a save dialog)."""
    return str(Path(documents_dir()) / file_name)
