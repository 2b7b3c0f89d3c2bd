"""Ctrl+C in the terminal that ran `make run`, or the desktop session's SIGTERM at logout, closes the
window as its close button does — the window's geometry and docks are saved, consumers and data clients
stop, the engine child is stopped cleanly — instead of Python dying with a KeyboardInterrupt traceback
(or not at all, while Qt's event loop holds the interpreter) and the layout of this run forgotten.

Python runs a signal handler only when the interpreter gets control; a self-pipe (`signal.set_wakeup_fd`)
watched by a QSocketNotifier wakes the event loop for it."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class QuitOnSignals(QObject):
    """While it lives, SIGINT / SIGTERM call ``close`` (on the GUI thread). :meth:`uninstall` restores
    the previous handlers."""

    def __init__(self, close: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.close = close
        self.received: list[int] = []
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {s: signal.signal(s, self._on_signal) for s in SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signum)
        QTimer.singleShot(0, self.close)

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for s, previous in self._previous.items():
            signal.signal(s, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
