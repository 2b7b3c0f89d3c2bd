"""The bridge: the one crossing between the GUI thread and the engine.

A reader thread owns the control-channel socket: it parses JSON lines, applies each image delta to
the image it holds (:func:`~engine.observe.image_diff.apply_delta`, off the GUI thread) and hands the
views the whole immutable :class:`ClusterImage` at most 30 times a second, batches
events (decoded into :class:`EngineEvent` objects), and hands both to the GUI thread as queued Qt
signals. Commands are :class:`~engine.control.commands.Command` objects queued to the same thread,
which encodes them and decodes each reply's typed result; the replies resolve :class:`PendingCommand`
objects whose callbacks run on the GUI thread. Nothing in here ever blocks the GUI thread on the engine."""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import selectors
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from engine.control.commands import Command
from engine.observe import ClusterImage, EngineEvent
from engine.observe.image_diff import apply_delta

log = logging.getLogger(__name__)

MAX_EMIT_HZ = 30.0
CONNECT_TIMEOUT_S = 5.0

R = TypeVar("R")


@dataclass(frozen=True)
class CommandReply(Generic[R]):
    """A command's outcome: ``result`` (the command's result type) when ``ok``, else the engine's
    ``error`` and its Kafka error name ``code`` (``None`` when it is not a Kafka error)."""

    ok: bool
    result: R | None = None
    error: str = ""
    code: str | None = None

    def message(self) -> str:
        return f"{self.error} ({self.code})" if self.code else self.error


class PendingCommand(Generic[R]):
    """A command in flight; callbacks run on the GUI thread with its :class:`CommandReply`."""

    def __init__(self, request_id: int, command: Command[R]) -> None:
        self.id = request_id
        self.command = command
        self.reply: CommandReply[R] | None = None
        self._callbacks: list[Callable[[CommandReply[R]], None]] = []

    def done(self) -> bool:
        return self.reply is not None

    def add_done_callback(self, fn: Callable[[CommandReply[R]], None]) -> None:
        if self.reply is not None:
            fn(self.reply)
        else:
            self._callbacks.append(fn)

    def _resolve(self, reply: CommandReply[R]) -> None:
        if self.reply is not None:
            return
        self.reply = reply
        callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            try:
                fn(reply)
            except Exception:
                log.exception("command callback failed")


class CommandRunner(Protocol):
    """What a view gets to send commands: ``run(command, callback)`` (the main window's, over the bridge)."""

    def __call__(self, command: Command[R], callback: Callable[[CommandReply[R]], None]) -> object: ...


class _ChannelThread(QThread):
    """Owns the socket. Every signal it emits is delivered queued on the GUI thread."""

    hello = Signal(object, list)  # ClusterImage, [EngineEvent]
    image = Signal(object)  # ClusterImage
    events = Signal(list)  # [EngineEvent]
    reply = Signal(int, object)  # request id, CommandReply (result decoded)
    lost = Signal(str)

    def __init__(self, host: str, port: int, token: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.port = port
        self.token = token
        self.outbox: queue.SimpleQueue[tuple[int, Command[Any]]] = queue.SimpleQueue()
        self._sent: dict[int, Command[Any]] = {}  # request id → command awaiting its reply
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._stop = False
        self.images_received = 0
        self.images_emitted = 0
        # reader-thread state
        self._buf = b""
        self._image: ClusterImage | None = None  # the engine's image as of the last delta applied
        self._pending_image = False  # changed since the last emit
        # an emitted image the GUI thread has not taken yet: no second one is queued behind it, so a
        # GUI slower than the engine's changes skips images instead of falling seconds behind
        self._image_in_flight = False
        self._pending_events: list[EngineEvent] = []
        self._last_emit = 0.0

    def send(self, request_id: int, command: Command[Any]) -> None:
        self.outbox.put((request_id, command))
        self._wake()

    def stop(self) -> None:
        self._stop = True
        self._wake()

    def image_taken(self) -> None:
        """The GUI thread has handled the emitted image: the newest pending one may follow (GUI thread)."""
        self._image_in_flight = False
        if self._pending_image:
            self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def run(self) -> None:
        reason = "closed"
        sock: socket.socket | None = None
        try:
            sock = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
            sock.sendall(json.dumps({"token": self.token}).encode() + b"\n")
            sock.settimeout(CONNECT_TIMEOUT_S)
            reason = self._loop(sock)
        except OSError as e:
            reason = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        except Exception as e:  # a bug must show as a lost connection, not a silent thread death
            log.exception("bridge reader failed")
            reason = f"{type(e).__name__}: {e}"
        finally:
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
            self._wake_r.close()
            self._wake_w.close()
        if not self._stop:
            self.lost.emit(reason)

    def _loop(self, sock: socket.socket) -> str:
        sel = selectors.DefaultSelector()
        sel.register(sock, selectors.EVENT_READ)
        sel.register(self._wake_r, selectors.EVENT_READ)
        while not self._stop:
            timeout = None
            if self._pending_events or (self._pending_image and not self._image_in_flight):
                timeout = max(0.0, self._last_emit + 1.0 / MAX_EMIT_HZ - time.monotonic())
            for key, _ in sel.select(timeout):
                if key.fileobj is self._wake_r:
                    self._send_outbox(sock)
                    continue
                problem = self._receive(sock)
                if problem is not None:
                    return problem
            if self._stop:
                break
            self._emit_when_due()
        return "disconnected"

    def _send_outbox(self, sock: socket.socket) -> None:
        with contextlib.suppress(BlockingIOError):
            self._wake_r.recv(4096)
        while True:
            try:
                request_id, command = self.outbox.get_nowait()
            except queue.Empty:
                return
            self._sent[request_id] = command
            sock.sendall(json.dumps({"id": request_id, "command": command.to_json()}).encode() + b"\n")

    def _receive(self, sock: socket.socket) -> str | None:
        """Read what the engine sent and handle every complete line; a reason when the channel is done."""
        chunk = sock.recv(1 << 20)
        if not chunk:
            return "the engine closed the connection"
        self._buf += chunk
        *lines, self._buf = self._buf.split(b"\n")
        for line in lines:
            if line.strip():
                problem = self._handle(json.loads(line))
                if problem is not None:
                    return problem
        return None

    def _handle(self, msg: dict[str, Any]) -> str | None:
        kind = msg.get("type")
        if kind == "delta":
            if self._image is None:
                return "the engine sent an image delta before its hello"
            self.images_received += 1
            try:
                self._image = apply_delta(self._image, msg["delta"])
            except (ValueError, KeyError, TypeError) as e:
                return f"unreadable image delta: {e}"
            self._pending_image = True
        elif kind == "event":
            self._pending_events.extend(_events([msg["event"]]))
        elif kind == "reply":
            if self._pending_events:  # keep the engine's order: events before the reply
                self.events.emit(self._pending_events)
                self._pending_events = []
            self._reply(msg)
        elif kind == "hello" and self._image is None:
            self._image = ClusterImage.from_json(msg["image"])
            self.hello.emit(self._image, _events(msg.get("events", [])))
        return None

    def _emit_when_due(self) -> None:
        """Events and the newest image, at most :data:`MAX_EMIT_HZ` times a second."""
        now = time.monotonic()
        image_due = self._pending_image and not self._image_in_flight
        if not (image_due or self._pending_events) or now - self._last_emit < 1.0 / MAX_EMIT_HZ:
            return
        self._last_emit = now
        if self._pending_events:
            self.events.emit(self._pending_events)
            self._pending_events = []
        if image_due and self._image is not None:
            self._pending_image = False
            self._image_in_flight = True
            self.images_emitted += 1
            self.image.emit(self._image)

    def _reply(self, msg: dict[str, Any]) -> None:
        """Decode a reply's result as its command's result type (here, off the GUI thread)."""
        request_id = msg.get("id")
        command = self._sent.pop(request_id, None) if isinstance(request_id, int) else None
        if command is None:
            if not msg.get("ok"):
                log.warning("engine rejected a request: %s", msg.get("error"))
            return
        reply: CommandReply[Any]
        if not msg.get("ok"):
            reply = CommandReply(False, error=str(msg.get("error") or ""), code=msg.get("code"))
        else:
            try:
                reply = CommandReply(True, result=command.result_from_json(msg.get("result")))
            except ValueError as e:
                reply = CommandReply(False, error=f"unreadable result of {command.kind}: {e}")
        self.reply.emit(request_id, reply)


def _events(data: list[Any]) -> list[EngineEvent]:
    """Events from their JSON; one this GUI does not know is logged and left out."""
    events = []
    for item in data:
        try:
            events.append(EngineEvent.from_json(item))
        except ValueError as e:
            log.warning("unreadable engine event: %s", e)
    return events


class Bridge(QObject):
    """The GUI's only link to the engine (see the module docstring)."""

    connected = Signal()
    imageChanged = Signal(object)  # ClusterImage (a past one while replaying)
    eventsArrived = Signal(list)  # [EngineEvent], in the engine's order
    connectionLost = Signal(str)
    # what the engine sends, also while replaying (the time machine's recorder is fed from these)
    liveImage = Signal(object)
    liveEvents = Signal(list)
    replayChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: _ChannelThread | None = None
        self._pending: dict[int, PendingCommand[Any]] = {}
        self._next_id = 0
        self.image: ClusterImage | None = None  # the image the views show (a past one while replaying)
        self.live_image: ClusterImage | None = None
        self.is_connected = False
        # replaying (the time machine): the views get past images; the engine's are held back, its
        # events kept for when the views return to the present, and commands refused
        self.replaying = False
        self._held_events: list[EngineEvent] = []
        self._hello_held = False

    # -- connection ------------------------------------------------------------------------------
    def connect_to(self, port: int, token: str, host: str = "127.0.0.1") -> None:
        self.disconnect_from_engine()
        t = _ChannelThread(host, port, token, self)
        t.hello.connect(self._on_hello)
        t.image.connect(self._on_image)
        t.events.connect(self._on_events)
        t.reply.connect(self._on_reply)
        t.lost.connect(self._on_lost)
        self._thread = t
        t.start()

    def disconnect_from_engine(self) -> None:
        t, self._thread = self._thread, None
        self.is_connected = False
        if t is not None:
            for sig in (t.hello, t.image, t.events, t.reply, t.lost):
                with contextlib.suppress(RuntimeError, TypeError):
                    sig.disconnect()
            t.stop()
            if t.wait(3000):
                t.deleteLater()
            else:
                log.warning("bridge reader thread did not stop")
        self._fail_pending("disconnected from the engine")

    def _fail_pending(self, why: str) -> None:
        pending, self._pending = self._pending, {}
        for cmd in pending.values():
            cmd._resolve(CommandReply(False, error=why))

    # -- commands --------------------------------------------------------------------------------
    def command(self, command: Command[R],
                callback: Callable[[CommandReply[R]], None] | None = None) -> PendingCommand[R]:
        """Send ``command``; ``callback`` (on the GUI thread) gets its reply with the typed result."""
        self._next_id += 1
        cmd = PendingCommand(self._next_id, command)
        if callback is not None:
            cmd.add_done_callback(callback)
        if self._thread is None or not self.is_connected or self.replaying:
            why = self.tr("replaying a session: commands are off until Live") if self.replaying else \
                self.tr("not connected to the engine")
            QTimer.singleShot(0, lambda: cmd._resolve(CommandReply(False, error=why)))
            return cmd
        self._pending[cmd.id] = cmd
        self._thread.send(cmd.id, command)
        return cmd

    # -- from the reader thread (queued) ---------------------------------------------------------
    def _on_hello(self, image: ClusterImage, events: list[EngineEvent]) -> None:
        self.is_connected = True
        self.live_image = image
        self.liveImage.emit(image)
        if self.replaying:  # a new engine while replaying: it is announced on the way back to Live
            self._held_events = list(events)
            self._hello_held = True
            return
        self.image = image
        self.connected.emit()
        self.imageChanged.emit(image)
        if events:
            self.eventsArrived.emit(events)

    def _on_image(self, image: ClusterImage) -> None:
        try:
            self.live_image = image
            self.liveImage.emit(image)
            if not self.replaying:
                self.image = image
                self.imageChanged.emit(image)
        finally:
            thread = self._thread
            if thread is not None:
                thread.image_taken()

    def _on_events(self, events: list[EngineEvent]) -> None:
        self.liveEvents.emit(events)
        if self.replaying:
            self._held_events.extend(events)
        else:
            self.eventsArrived.emit(events)

    # -- replay (the time machine) ----------------------------------------------------------------
    def start_replay(self) -> None:
        if not self.replaying:
            self.replaying = True
            self._held_events = []
            self.replayChanged.emit(True)

    def show_past(self, image: ClusterImage, events: list[EngineEvent] | None = None) -> None:
        """While replaying: the views show ``image`` (and get ``events``, those crossed going forward)."""
        if not self.replaying:
            return
        self.image = image
        self.imageChanged.emit(image)
        if events:
            self.eventsArrived.emit(events)

    def end_replay(self) -> list[EngineEvent]:
        """Back to the present: the live image; returns the events held back meanwhile (the caller
        rebuilds the event log with them)."""
        if not self.replaying:
            return []
        self.replaying = False
        held, self._held_events = self._held_events, []
        if self._hello_held:
            self._hello_held = False
            self.connected.emit()
        if self.live_image is not None:
            self.image = self.live_image
            self.imageChanged.emit(self.live_image)
        self.replayChanged.emit(False)
        return held

    def _on_reply(self, request_id: int, reply: CommandReply[Any]) -> None:
        cmd = self._pending.pop(request_id, None)
        if cmd is not None:
            cmd._resolve(reply)

    def _on_lost(self, reason: str) -> None:
        self.is_connected = False
        t, self._thread = self._thread, None
        if t is not None and t.wait(1000):
            t.deleteLater()
        self._fail_pending(reason)
        self.connectionLost.emit(reason)
