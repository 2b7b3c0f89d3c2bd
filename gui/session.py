"""EngineSession: one engine child process plus the bridge connected to it; restartable."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from gui.bridge import Bridge
from gui.engine_process import EngineLaunch, EngineProcess, launch_from_settings

__all__ = ["EngineSession", "launch_from_settings"]

log = logging.getLogger(__name__)

LOST_GRACE_MS = 1500  # a dying engine closes the channel just before it exits: wait for its exit status


class EngineSession(QObject):
    """Starts the engine, connects the bridge once the control port is known, and reports death.

    States: ``idle`` → ``starting`` → ``running`` → (``failed`` | ``stopped``)."""

    stateChanged = Signal(str)
    ready = Signal(str)  # bootstrap address
    failed = Signal(str)  # a readable reason

    def __init__(self, launch: EngineLaunch, bridge: Bridge | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.launch = launch
        self.bridge = bridge or Bridge(self)
        self.bridge.connectionLost.connect(self._on_connection_lost)
        self.process: EngineProcess | None = None
        self._old: list[EngineProcess] = []  # finished runs, kept until their reader threads end
        self.state = "idle"
        self.bootstrap: str | None = None
        self.failure = ""
        self.exit_code: int | None = None  # of the engine process that died
        self.exit_cause = ""

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def start(self, launch: EngineLaunch | None = None, spawned: EngineProcess | None = None) -> None:
        """Start an engine; ``spawned``: one already spawned with this launch (the app's start-up), adopted."""
        if launch is not None:
            self.launch = launch
        self.stop()
        if spawned is not None and spawned.launch != self.launch:
            spawned.stop()  # spawned for another launch: not this session's engine
            spawned = None
        proc = spawned or EngineProcess(self.launch, self)
        proc.setParent(self)
        proc.controlReady.connect(self._on_control_ready)
        proc.ready.connect(self._on_ready)
        proc.exited.connect(self._on_exited)
        self.process = proc
        self.bootstrap = None
        self.failure = ""
        self.exit_code = None
        self.exit_cause = ""
        self._set_state("starting")
        try:
            proc.start()
        except OSError as e:
            self._fail(self.tr("Could not start the engine: {0}").format(e))

    def restart(self) -> None:
        self.start()

    def stop(self) -> None:
        proc, self.process = self.process, None
        self.bridge.disconnect_from_engine()
        if proc is not None:
            for sig in (proc.controlReady, proc.ready):
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect()
            proc.stop()
            self._old.append(proc)
            self._set_state("stopped")

    def _on_control_ready(self, port: int) -> None:
        proc = self.sender()
        if proc is not self.process or self.process is None:
            return
        self.bridge.connect_to(port, self.process.token)

    def _on_ready(self, bootstrap: str) -> None:
        if self.sender() is not self.process:
            return
        self.bootstrap = bootstrap
        self._set_state("running")
        self.ready.emit(bootstrap)

    def _on_exited(self, code: int, cause: str) -> None:
        proc = self.sender()
        if isinstance(proc, EngineProcess) and proc in self._old:
            self._old.remove(proc)
            proc.deleteLater()
            return
        if proc is not self.process or self.process is None or self.process.stopping:
            return
        self.exit_code = code
        self.exit_cause = cause
        if code < 0:
            msg = self.tr("The engine process was killed by {0}.").format(cause)
            if cause.startswith("SIGKILL"):
                msg += " " + self.tr("(kill -9, or the system ran out of memory)")
        elif cause:
            msg = self.tr("The engine process stopped (exit code {0}): {1}").format(code, cause)
        else:
            msg = self.tr("The engine process exited unexpectedly (exit code {0}).").format(code)
        self._fail(msg)

    def _on_connection_lost(self, reason: str) -> None:
        if self.process is None or self.process.stopping or self.state in ("failed", "stopped"):
            return
        # if the process is dying, _on_exited reports it with its exit status and cause; only a
        # process still running after a grace period means the channel itself broke
        proc = self.process
        QTimer.singleShot(LOST_GRACE_MS, lambda: self._lost_after_grace(proc, reason))

    def _lost_after_grace(self, proc: EngineProcess, reason: str) -> None:
        if proc is self.process and not proc.stopping and self.state not in ("failed", "stopped") and proc.running():
            self._fail(self.tr("Lost the connection to the engine: {0}").format(reason))

    def _fail(self, message: str) -> None:
        self.failure = message
        log.warning("engine session failed: %s", message)
        self._set_state("failed")
        self.failed.emit(message)
