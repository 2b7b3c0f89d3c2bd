"""Issue 9 item 8: a port clash changes the port for this run only (unless the user keeps it), and
the settings dialog can always set it back to 9092."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from gui.app import resolve_port
from gui.dialogs.port_dialog import PortDialog
from gui.dialogs.settings_dialog import SettingsDialog
from gui.settings import Settings


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def answer_port_dialog(qtbot, keep: bool) -> list[PortDialog]:  # type: ignore[no-untyped-def]
    """Click OK in the port dialog when it appears (it runs modally inside resolve_port)."""
    seen: list[PortDialog] = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PortDialog):
            QTimer.singleShot(20, click)
            return
        seen.append(dialog)
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "for this run only" in texts and not dialog.keep.isChecked()  # keeping it is opt-in
        dialog.keep.setChecked(keep)
        dialog.accept()

    QTimer.singleShot(0, click)
    return seen


def test_a_port_clash_is_for_this_run_only(qapp, qtbot, settings: Settings, busy_port: int) -> None:  # type: ignore[no-untyped-def]
    settings.port = busy_port
    seen = answer_port_dialog(qtbot, keep=False)
    port = resolve_port(busy_port, 1, settings)
    assert seen and port is not None and port != busy_port
    assert Settings(settings.path).port == busy_port  # the next start tries the usual port again

    seen = answer_port_dialog(qtbot, keep=True)  # unless the user asks to keep the other one
    kept = resolve_port(busy_port, 1, settings)
    assert seen and kept is not None and kept != busy_port
    assert Settings(settings.path).port == kept


def test_settings_dialog_sets_the_port_back_to_9092(make_window, qtbot, settings: Settings,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(start=False)
    settings.port = 9192
    assert window.menus.settings_action.text() == "Settings…" and window.menus.settings_action in window.menus.file_menu.actions()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    window.menus.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.port.value() == 9192
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    assert dialog.port.value() == 9092
    dialog.accept()
    assert Settings(settings.path).port == 9092
    assert asked and "restart" in asked[0].lower()  # the running engine (port 0 here) differs: offer a restart


def test_fallback_port_is_marked_in_the_status_bar(make_window, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    settings.port = 9092
    window = make_window()  # the test engine runs on OS-chosen ports: not the settings' 9092
    qtbot.waitUntil(lambda: window.bootstrap_label.address != "", timeout=10_000)
    assert window.bootstrap_label.text().endswith("(this run only)")
    assert "9092" in window.bootstrap_label.toolTip()


def test_a_lab_just_closed_does_not_count_as_a_busy_port() -> None:
    """Reopening the app right after closing it found 9092 "in use": the old lab's connections sat in
    TIME_WAIT, and a probe bind without SO_REUSEADDR fails on them — the engine's own listener (asyncio,
    SO_REUSEADDR) binds fine. A port someone listens on is still busy."""
    from gui.engine_process import ports_in_use

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    assert ports_in_use(port, 1) == [port]
    accepted.close()  # the side that closes first keeps the TIME_WAIT on the lab's port
    client.close()
    listener.close()
    assert ports_in_use(port, 1) == []
    again = socket.create_server(("127.0.0.1", port))  # as the engine binds it
    again.close()
