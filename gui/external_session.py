"""A session on a cluster Kafka Lab does not run: :class:`ExternalSession` and its :class:`ExternalBridge`.

They have the signals and attributes of :class:`~gui.session.EngineSession` and :class:`~gui.bridge.Bridge`,
so the main window and its views are fed exactly as by the embedded engine: the images come from
:class:`clients.external.ExternalCluster` (the same :class:`~engine.observe.ClusterImage` type, built
through the Kafka protocol), polled on the source's own thread and handed to the GUI thread as a queued
signal. What the source cannot do is declared in :attr:`ExternalSession.capabilities`; an engine
command (kill a broker, slow motion, …) is answered at once with the capability's one-line reason."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from clients import capabilities as caps
from clients.capabilities import Capabilities
from clients.config import DEFAULT_INTERVAL_S
from clients.errors import KafkaOpError
from engine.control.commands import (
    AddPartitions,
    AlterTopicConfigs,
    Command,
    CreateTopic,
    DeleteTopic,
    KillBroker,
    PauseBroker,
    RestartBroker,
    ResumeBroker,
    RunRetention,
    SetReplicationDelay,
    StartBroker,
    StopBroker,
)
from engine.observe import ClusterImage
from gui.bridge import CommandReply, PendingCommand

if TYPE_CHECKING:  # imported when a cluster is attached: kio's serialisers are 0.3 s of the app's start-up
    from clients.external import ExternalCluster

log = logging.getLogger(__name__)

R = TypeVar("R")

# the capability an engine command needs (the others: "only the embedded lab")
_NEEDS = {KillBroker: caps.KILL_BROKER, PauseBroker: caps.PAUSE_BROKER, ResumeBroker: caps.PAUSE_BROKER,
          RestartBroker: caps.RESTART_BROKER, StopBroker: caps.RESTART_BROKER, StartBroker: caps.RESTART_BROKER,
          SetReplicationDelay: caps.SLOW_MOTION, RunRetention: caps.SEGMENTS, CreateTopic: caps.WRITES,
          DeleteTopic: caps.WRITES, AddPartitions: caps.WRITES, AlterTopicConfigs: caps.WRITES}


@dataclass(frozen=True)
class AttachTarget:
    """Where to attach: bootstrap servers, librdkafka ``settings`` (a profile's, secrets included),
    the profile ``name`` ("" for a bare ``--attach``), its read-only switch and status-line colour."""

    bootstrap: str
    settings: Mapping[str, str] = field(default_factory=dict)
    name: str = ""
    read_only: bool = False
    colour: str = ""
    interval_s: float = DEFAULT_INTERVAL_S

    @property
    def label(self) -> str:
        """How the window names this cluster: the profile's name, else the bootstrap servers."""
        return self.name or self.bootstrap


class ExternalBridge(QObject):
    """The :class:`~gui.bridge.Bridge` of an external cluster: images, no events, no engine commands."""

    connected = Signal()
    imageChanged = Signal(object)  # ClusterImage
    eventsArrived = Signal(list)  # never: an external cluster has no event stream (capability "events")
    connectionLost = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.image: ClusterImage | None = None
        self.is_connected = False
        self.capabilities: Capabilities = caps.external()
        self._next_id = 0

    def command(self, command: Command[R],
                callback: Callable[[CommandReply[R]], None] | None = None) -> PendingCommand[R]:
        """Engine commands are the embedded lab's: answered (on the GUI thread) with why not."""
        self._next_id += 1
        pending = PendingCommand(self._next_id, command)
        if callback is not None:
            pending.add_done_callback(callback)
        need = _NEEDS.get(type(command))
        why = (self.capabilities.why_not(need) if need is not None else None) or self.tr(
            "only the embedded lab runs {0}").format(command.kind)
        QTimer.singleShot(0, lambda: pending._resolve(CommandReply(False, error=why)))
        return pending

    def _deliver(self, image: ClusterImage, first: bool) -> None:
        self.image = image
        if first:
            self.is_connected = True
            self.connected.emit()
        self.imageChanged.emit(image)

    def _lose(self, reason: str) -> None:
        if self.is_connected:
            self.is_connected = False
            self.connectionLost.emit(reason)


class ExternalSession(QObject):
    """Polls an external cluster (states ``idle`` → ``starting`` → ``running`` ⇄ ``failed``, ``stopped``).

    A poll that fails (the cluster does not answer Metadata) makes the session ``failed`` with the
    Kafka error; polling goes on, and the next image makes it ``running`` again."""

    stateChanged = Signal(str)
    ready = Signal(str)  # bootstrap
    failed = Signal(str)
    capabilitiesChanged = Signal(object)  # Capabilities
    _polled = Signal(object, object, object)  # source, image, capabilities (from the poll thread)
    _poll_failed = Signal(object, str)  # source, message

    def __init__(self, target: AttachTarget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.bridge = ExternalBridge(self)
        self.bridge.capabilities = caps.external(target.read_only, target.name)
        self.source: ExternalCluster | None = None
        self.state = "idle"
        self.bootstrap: str | None = None
        self.failure = ""
        self.exit_code: int | None = None
        self.exit_cause = ""
        self.process = None  # no engine process
        self._polled.connect(self._on_polled)
        self._poll_failed.connect(self._on_poll_failed)

    @property
    def capabilities(self) -> Capabilities:
        return self.bridge.capabilities

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def start(self) -> None:
        self.stop()
        self.failure = ""
        self.bootstrap = None
        self._set_state("starting")
        t = self.target
        from clients.external import ExternalCluster

        try:
            source = ExternalCluster(t.bootstrap, t.settings, interval_s=t.interval_s, read_only=t.read_only,
                                     name=t.name)
        except Exception as exc:  # a bad librdkafka property: ConfigError / KafkaException
            self._fail(KafkaOpError.wrap(exc).text())
            return
        self.source = source
        source.start(lambda image, c: self._emit(source, self._polled, image, c),
                     lambda exc: self._emit(source, self._poll_failed, exc.text()))

    def _emit(self, source: ExternalCluster, signal: Any, *args: object) -> None:
        """From the poll thread: hand a result to the GUI thread, unless this session let the source go
        (a switch to another cluster deletes the session while the source's last poll finishes)."""
        if source is not self.source:
            return
        with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
            signal.emit(source, *args)

    def restart(self) -> None:
        self.start()

    def refresh(self) -> None:
        """Poll again now (after the user changed something)."""
        if self.source is not None:
            self.source.refresh(full=False)  # new topics' ids and configs are asked at once anyway

    def stop(self) -> None:
        source, self.source = self.source, None
        if source is None:
            return
        # stopping joins the poll thread, which may be inside a poll of a large cluster: not on the GUI thread
        threading.Thread(target=source.close, name="external-cluster-close", daemon=True).start()
        self.bridge.is_connected = False
        self._set_state("stopped")

    def _on_polled(self, source: object, image: ClusterImage, capabilities: Capabilities) -> None:
        if source is not self.source:
            return
        changed = capabilities != self.bridge.capabilities
        self.bridge.capabilities = capabilities
        if changed:
            self.capabilitiesChanged.emit(capabilities)
        first = self.state != "running"
        if first:
            self.bootstrap = self.target.bootstrap
            self.failure = ""
            self._set_state("running")
        self.bridge._deliver(image, first)
        if first:
            self.ready.emit(self.target.bootstrap)

    def _on_poll_failed(self, source: object, message: str) -> None:
        if source is not self.source or self.state == "failed":
            return
        self._fail(self.tr("Cannot reach {0}: {1}").format(self.target.label, message))

    def _fail(self, message: str) -> None:
        self.failure = message
        log.warning("external cluster session failed: %s", message)
        self.bridge._lose(message)
        self._set_state("failed")
        self.failed.emit(message)


def profile_target(store: Any, name: str, read_only: bool = False, colour: str = "") -> AttachTarget:
    """The :class:`AttachTarget` of a saved profile (its secrets from the keyring; ``read_only`` adds
    to the profile's own switch). Raises :class:`clients.profiles.ProfileError`."""
    profile = store.get(name)
    return AttachTarget(profile.bootstrap_servers, profile.librdkafka_settings(store.secrets(profile)),
                        profile.name, profile.read_only or read_only, colour)
