"""Issue 9 item 12: in Korean, Qt's own dialogs are Korean too (Qt's translations are loaded, and the
strings qtbase's Korean file lacks are supplied), and the export dialog opens in the user's
documents folder, not the working directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton


def is_korean(text: str) -> bool:
    letters = [c for c in re.sub(r"\(&\w\)", "", text) if c.isalpha()]  # mnemonics like (&L) stay Latin
    return bool(letters) and all("\uac00" <= c <= "\ud7a3" for c in letters)


def inspect_modal(found: dict[str, object], reject: bool = True) -> None:
    """When a modal Qt dialog is up, record its labels and buttons, its directory, then close it."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        found["dialog"] = type(dialog).__name__
        found["labels"] = {w.objectName() or w.text(): w.text() for w in dialog.findChildren(QLabel) if w.isVisible()}
        found["buttons"] = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
        if isinstance(dialog, QFileDialog):
            found["directory"] = dialog.directory().absolutePath()
        dialog.reject() if reject else dialog.accept()

    QTimer.singleShot(0, look)


def test_export_dialog_is_korean_and_opens_in_documents(make_window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.chdir(tmp_path)  # the working directory (the repo, for a teacher who ran `make run`)
    window = make_window(start=False)
    window.set_language("ko")
    try:
        view = window.browser_view
        view.topic.addItem("orders")
        view.topic.setCurrentText("orders")
        found: dict[str, object] = {}
        inspect_modal(found)
        assert view.exporter.ask_path() is None  # the user cancels
        assert found["dialog"] == "QFileDialog"
        labels = found["labels"]
        assert isinstance(labels, dict)
        for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel"):
            assert is_korean(labels[name]), (name, labels[name])
        assert all(is_korean(b) for b in found["buttons"] if b), found["buttons"]  # type: ignore[union-attr]
        assert found["directory"] == str(home / "Documents") and (home / "Documents").is_dir()
        assert found["directory"] != os.getcwd()

        # a message box's standard buttons, too
        found = {}
        inspect_modal(found)
        QMessageBox.question(window, "?", "?")
        assert found["dialog"] == "QMessageBox"
        assert set(found["buttons"]) == {"예(&Y)", "아니요(&N)"}  # type: ignore[arg-type]
    finally:
        window.set_language("en")
