"""Which cluster the window shows: the embedded lab or an external one, switched without a restart.

:class:`ClusterSwitch` has the signals and attributes of :class:`~gui.session.EngineSession` (and its
``bridge`` those of :class:`~gui.bridge.Bridge`) and passes on those of the session that is current —
the embedded :class:`EngineSession` or an :class:`~gui.external_session.ExternalSession` — so the main
window is wired once and never learns which it is, except through :attr:`capabilities`. The embedded
engine keeps running while an external cluster is shown; switching back shows its newest image."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from clients import capabilities as caps
from clients.capabilities import Capabilities
from engine.control.commands import Command
from engine.observe import ClusterImage
from gui.bridge import Bridge, CommandReply, PendingCommand
from gui.engine_process import EngineLaunch, EngineProcess
from gui.external_session import AttachTarget, ExternalSession
from gui.session import EngineSession

R = TypeVar("R")
Session = EngineSession | ExternalSession


class SwitchBridge(QObject):
    """The current session's bridge, passed on."""

    connected = Signal()
    imageChanged = Signal(object)
    eventsArrived = Signal(list)
    connectionLost = Signal(str)
    # the time machine's: what the cluster sends also while replaying, and replay on / off
    liveImage = Signal(object)
    liveEvents = Signal(list)
    replayChanged = Signal(bool)

    def __init__(self, switch: ClusterSwitch) -> None:
        super().__init__(switch)
        self._switch = switch

    @property
    def current(self) -> Any:
        return self._switch.current.bridge

    @property
    def image(self) -> ClusterImage | None:
        image: ClusterImage | None = self.current.image
        return image

    @property
    def is_connected(self) -> bool:
        return bool(self.current.is_connected)

    def command(self, command: Command[R],
                callback: Callable[[CommandReply[R]], None] | None = None) -> PendingCommand[R]:
        pending: PendingCommand[R] = self.current.command(command, callback)
        return pending

    def disconnect_from_engine(self) -> None:
        self.current.disconnect_from_engine()

    # -- replay (the time machine): the embedded lab's bridge replays; an external cluster's cannot ----
    @property
    def replaying(self) -> bool:
        return bool(getattr(self.current, "replaying", False))

    @property
    def live_image(self) -> ClusterImage | None:
        image: ClusterImage | None = getattr(self.current, "live_image", self.current.image)
        return image

    def start_replay(self) -> None:
        if hasattr(self.current, "start_replay"):
            self.current.start_replay()

    def show_past(self, image: ClusterImage, events: list[Any] | None = None) -> None:
        if hasattr(self.current, "show_past"):
            self.current.show_past(image, events)

    def end_replay(self) -> list[Any]:
        held: list[Any] = self.current.end_replay() if hasattr(self.current, "end_replay") else []
        return held


class ClusterSwitch(QObject):
    stateChanged = Signal(str)
    ready = Signal(str)
    failed = Signal(str)
    switched = Signal()  # the current session changed (after its state, image and ready were passed on)
    capabilitiesChanged = Signal(object)

    def __init__(self, embedded: EngineSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.embedded = embedded
        self.current: Session = embedded
        self.bridge = SwitchBridge(self)
        self._wire(embedded)

    # -- what the window reads (the current session's) ---------------------------------------------
    @property
    def state(self) -> str:
        return self.current.state

    @property
    def bootstrap(self) -> str | None:
        return self.current.bootstrap

    @property
    def failure(self) -> str:
        return self.current.failure

    @property
    def exit_code(self) -> int | None:
        return self.current.exit_code

    @property
    def exit_cause(self) -> str:
        return self.current.exit_cause

    @property
    def process(self) -> EngineProcess | None:
        return self.current.process

    @property
    def launch(self) -> EngineLaunch:
        """The embedded engine's launch (settings and storage change it, whichever cluster is shown)."""
        return self.embedded.launch

    @launch.setter
    def launch(self, value: EngineLaunch) -> None:
        self.embedded.launch = value

    @property
    def external(self) -> ExternalSession | None:
        return self.current if isinstance(self.current, ExternalSession) else None

    @property
    def target(self) -> AttachTarget | None:
        ext = self.external
        return ext.target if ext is not None else None

    @property
    def capabilities(self) -> Capabilities:
        ext = self.external
        return ext.capabilities if ext is not None else caps.EMBEDDED

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self, spawned: EngineProcess | None = None) -> None:
        if spawned is not None and self.current is self.embedded:
            self.embedded.start(spawned=spawned)  # the engine the app spawned before importing the window
        else:
            self.current.start()

    def restart(self) -> None:
        self.current.restart()

    def stop(self) -> None:
        """Stop everything (the app quits)."""
        if isinstance(self.current, ExternalSession):
            self.current.stop()
        self.embedded.stop()

    def attach(self, target: AttachTarget) -> ExternalSession:
        """Show ``target`` (an external cluster) from now on."""
        session = ExternalSession(target, self)
        self._switch_to(session)
        session.start()
        return session

    def use_embedded(self) -> None:
        """Show the embedded lab again (started if it is not running)."""
        if self.current is self.embedded:
            return
        self._switch_to(self.embedded)
        if self.embedded.state in ("idle", "stopped"):
            self.embedded.start()

    def _switch_to(self, session: Session) -> None:
        old = self.current
        if isinstance(old, ExternalSession):
            old.stop()
            self._unwire(old)
            old.deleteLater()
        self.current = session
        if session is not self.embedded:
            self._wire(session)
        self.stateChanged.emit(session.state)
        bridge = session.bridge
        if bridge.is_connected and bridge.image is not None:
            self.bridge.connected.emit()
            self.bridge.imageChanged.emit(bridge.image)
        if session.state == "running" and session.bootstrap:
            self.ready.emit(session.bootstrap)
        self.capabilitiesChanged.emit(self.capabilities)
        self.switched.emit()

    # -- passing signals on ------------------------------------------------------------------------
    def _wire(self, session: Session) -> None:
        def only_current(fn: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: fn(*args) if self.current is session else None

        session.stateChanged.connect(only_current(self.stateChanged.emit))
        session.ready.connect(only_current(self.ready.emit))
        session.failed.connect(only_current(self.failed.emit))
        b = session.bridge
        b.connected.connect(only_current(self.bridge.connected.emit))
        b.imageChanged.connect(only_current(self.bridge.imageChanged.emit))
        b.eventsArrived.connect(only_current(self.bridge.eventsArrived.emit))
        b.connectionLost.connect(only_current(self.bridge.connectionLost.emit))
        if isinstance(b, Bridge):  # the embedded lab's bridge (it replays)
            b.liveImage.connect(only_current(self.bridge.liveImage.emit))
            b.liveEvents.connect(only_current(self.bridge.liveEvents.emit))
            b.replayChanged.connect(only_current(self.bridge.replayChanged.emit))
        else:  # an external cluster's images are recorded too
            b.imageChanged.connect(only_current(self.bridge.liveImage.emit))
            b.eventsArrived.connect(only_current(self.bridge.liveEvents.emit))
        if isinstance(session, ExternalSession):
            session.capabilitiesChanged.connect(only_current(self.capabilitiesChanged.emit))

    def _unwire(self, session: ExternalSession) -> None:
        for sig in (session.stateChanged, session.ready, session.failed, session.capabilitiesChanged,
                    session.bridge.connected, session.bridge.imageChanged, session.bridge.eventsArrived,
                    session.bridge.connectionLost):
            with contextlib.suppress(RuntimeError, TypeError):
                sig.disconnect()
