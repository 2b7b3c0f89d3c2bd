"""If the engine child process dies, the window says so and offers Restart (and it works)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import running_brokers


def test_engine_death_shows_banner_and_restart(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert not window.banner.isVisible()
    proc = window.session.process
    assert proc is not None
    proc.kill()  # SIGKILL the engine
    qtbot.waitUntil(lambda: window.banner.isVisible() and "exit" in window.banner.text(), timeout=10_000)
    assert window.session.state == "failed"
    assert window.banner.restart_button.isVisible()
    assert not window.cluster_view.isEnabled()
    assert window.health_label.text() == "No cluster"
    qtbot.mouseClick(window.banner.restart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.state == "running" and running_brokers(window) == 3, timeout=30_000)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5_000)
    assert window.cluster_view.isEnabled()
    assert window.bootstrap_label.address.startswith("localhost:")
