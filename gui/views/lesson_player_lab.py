"""The app's lab for lessons: the bridge's images and events fed into a :class:`~lessons.lab.LabState`,
and commands sent through the bridge — so :class:`~lessons.runner.LessonRunner` runs the same code in
the app as headless, on its worker thread.

``execute`` is called from that worker thread: the command crosses to the GUI thread by a queued
signal (the bridge is a GUI-thread object) and the worker waits on a future for its reply.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from engine.control.commands import Command
from engine.observe import ClusterImage, EngineEvent
from gui.bridge import Bridge, CommandReply
from lessons.lab import CommandFailed, LabState

R = TypeVar("R")


class GuiLab(QObject):
    """A :class:`lessons.lab.Lab` over the app's bridge (``bootstrap``: the app's own clients' address)."""

    _send = Signal(object, object)  # command, Future — from the lesson's worker thread to the GUI thread

    def __init__(self, bridge: Bridge, bootstrap: Callable[[], str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._bootstrap = bootstrap
        self.state = LabState()
        bridge.imageChanged.connect(self._on_image)
        bridge.eventsArrived.connect(self._on_events)
        bridge.connectionLost.connect(lambda _why: self.state.close())
        bridge.connected.connect(self._on_connected)
        if bridge.image is not None:
            self.state.set_image(bridge.image)
        self._send.connect(self._on_send, Qt.ConnectionType.QueuedConnection)

    @property
    def bootstrap(self) -> str:
        return self._bootstrap() or ""

    @property
    def connected(self) -> bool:
        return self.bridge.is_connected and bool(self._bootstrap())

    def _on_connected(self) -> None:
        self.state = LabState()  # a new engine: a fresh event stream (runners re-read lab.state)
        if self.bridge.image is not None:
            self.state.set_image(self.bridge.image)

    def _on_image(self, image: ClusterImage) -> None:
        self.state.set_image(image)

    def _on_events(self, events: list[EngineEvent]) -> None:
        self.state.add_events(events)

    def execute(self, command: Command[R], timeout: float = 30.0) -> R:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._send.emit(command, future)
        return future.result(timeout)  # type: ignore[no-any-return]

    def _on_send(self, command: Command[Any], future: concurrent.futures.Future[Any]) -> None:
        def done(reply: CommandReply[Any]) -> None:
            if future.done():
                return
            if reply.ok:
                future.set_result(reply.result)
            else:
                future.set_exception(CommandFailed(reply.error or "failed", reply.code))

        self.bridge.command(command, done)
