"""Ctrl+C in the terminal of `make run` (SIGINT) or the session's SIGTERM at logout close the window as
its close button does: the layout is saved, the engine child stopped — no traceback, nothing forgotten."""

from __future__ import annotations

import os
import signal

import pytest

from gui.quit_signals import QuitOnSignals


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_closes_the_window_and_saves_its_layout(make_window, qtbot, settings, signum) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert settings.window_state() == (None, None)
    engine = window.session.process
    assert engine is not None and engine.running()
    quitting = QuitOnSignals(window.close)
    try:
        os.kill(os.getpid(), signum)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    finally:
        quitting.uninstall()
    assert quitting.received == [signum]
    geometry, state = settings.window_state()
    assert geometry is not None and state is not None
    window.session.stop()
    assert not engine.running()
