"""The lab a lesson runs on: send a command and wait for its result, read the newest image, the
events, and wait until the image satisfies something — from a worker thread.

:class:`LabState` keeps the newest image and the events (fed by whoever receives them) with a
condition to wait on. :class:`EngineLab` is the headless one: it starts a fresh engine child process
(``python -m engine serve --port 0 --control-port 0``, as the app does) and speaks the same loopback
channel as the app's bridge. The app's lab (``gui.lesson_lab``) feeds a :class:`LabState` from its
bridge instead.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from engine.control.commands import Command
from engine.observe import ClusterImage, EngineEvent
from engine.observe.image_diff import apply_delta

log = logging.getLogger(__name__)

R = TypeVar("R")
T = TypeVar("T")

EVENTS_KEPT = 20_000


class CommandFailed(RuntimeError):
    """The engine answered a command with an error (``code``: the Kafka error name, if any)."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class LabState:
    """The newest image and the events, shared between the thread that receives them and the lesson's
    worker thread, which waits on :meth:`wait_until` (woken by every image; never a fixed sleep)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._image: ClusterImage | None = None
        self._events: list[EngineEvent] = []
        self._dropped = 0  # events forgotten from the front (only the newest EVENTS_KEPT are kept)
        self.closed = False

    def set_image(self, image: ClusterImage) -> None:
        with self._cond:
            self._image = image
            self._cond.notify_all()

    def add_events(self, events: list[EngineEvent]) -> None:
        with self._cond:
            self._events.extend(events)
            extra = len(self._events) - EVENTS_KEPT
            if extra > 0:
                del self._events[:extra]
                self._dropped += extra
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    @property
    def image(self) -> ClusterImage | None:
        return self._image

    def mark(self) -> int:
        """A position in the event stream (events after it: :meth:`events_since`)."""
        with self._cond:
            return self._dropped + len(self._events)

    def events_since(self, mark: int) -> list[EngineEvent]:
        with self._cond:
            return list(self._events[max(0, mark - self._dropped):])

    def wait_until(self, condition: Callable[[ClusterImage], T], timeout: float,
                   cancelled: Callable[[], bool] = lambda: False) -> T | None:
        """``condition(image)`` once it is truthy (checked on every new image), None at the deadline."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self._image is not None:
                    value = condition(self._image)
                    if value:
                        return value
                left = deadline - time.monotonic()
                if left <= 0 or self.closed or cancelled():
                    return None
                self._cond.wait(min(left, 0.25))

    def wait_newer(self, than: ClusterImage | None, timeout: float) -> ClusterImage | None:
        """The first image newer than ``than`` (one the engine made after it)."""
        base = than.time_ms if than is not None else -1
        return self.wait_until(lambda image: image if image.time_ms > base else None, timeout)


class Lab(Protocol):
    """What a lesson needs of the lab it runs on."""

    state: LabState

    @property
    def bootstrap(self) -> str: ...

    def execute(self, command: Command[R], timeout: float = 30.0) -> R: ...


class EngineLab:
    """A fresh engine in a child process and the channel to it (headless lessons and tests)."""

    def __init__(self, brokers: int = 3, data_dir: Path | None = None, extra_args: tuple[str, ...] = ()) -> None:
        self.state = LabState()
        self.brokers = brokers
        self._token = secrets.token_hex(16)
        self._argv = [sys.executable, "-m", "engine", "serve", "--brokers", str(brokers), "--port", "0",
                      "--control-port", "0", "--log-level", "WARNING", *extra_args]
        self._argv += ["--data-dir", str(data_dir)] if data_dir is not None else ["--temp"]
        self.proc: subprocess.Popen[str] | None = None
        self._sock: socket.socket | None = None
        self._bootstrap = ""
        self._ids = 0
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[Command[Any], concurrent.futures.Future[Any]]] = {}
        self._reader: threading.Thread | None = None
        self.stderr_tail: list[str] = []

    @property
    def bootstrap(self) -> str:
        return self._bootstrap

    def start(self, timeout: float = 60.0) -> EngineLab:
        env = dict(os.environ, KAFKALAB_CONTROL_TOKEN=self._token, PYTHONUNBUFFERED="1")
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(self._argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env, cwd=root)
        threading.Thread(target=self._drain_stderr, name="lesson-engine-stderr", daemon=True).start()
        control_port = None
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(5)
                raise RuntimeError(f"the engine exited early ({self.proc.returncode}): {' '.join(self.stderr_tail[-5:])}")
            if line.startswith("KAFKALAB CONTROL port="):
                control_port = int(line.split("=", 1)[1])
            elif line.startswith("KAFKALAB READY bootstrap="):
                self._bootstrap = line.strip().split("=", 1)[1]
                break
        if control_port is None or not self._bootstrap:
            self.stop()
            raise RuntimeError("the engine did not become ready")
        threading.Thread(target=self._drain_stdout, name="lesson-engine-stdout", daemon=True).start()
        sock = socket.create_connection(("127.0.0.1", control_port), timeout=10)
        sock.sendall(json.dumps({"token": self._token}).encode() + b"\n")
        sock.settimeout(None)
        self._sock = sock
        self._reader = threading.Thread(target=self._read, name="lesson-engine-channel", daemon=True)
        self._reader.start()
        if self.state.wait_until(lambda image: sum(b.state == "running" for b in image.brokers) == self.brokers,
                                 timeout) is None:
            self.stop()
            raise RuntimeError("the engine's brokers did not all start")
        # every broker's address, so clients bootstrap even while broker 0 is dead
        image = self.state.image
        if image is not None:
            self._bootstrap = ",".join(f"{b.host}:{b.port}" for b in image.brokers)
        return self

    def _drain_stdout(self) -> None:
        proc = self.proc
        if proc is not None and proc.stdout is not None:
            for _ in proc.stdout:
                pass

    def _drain_stderr(self) -> None:
        proc = self.proc
        if proc is not None and proc.stderr is not None:
            for line in proc.stderr:
                self.stderr_tail = [*self.stderr_tail[-50:], line.rstrip()]

    def _read(self) -> None:
        sock = self._sock
        assert sock is not None
        buf = b""
        image: ClusterImage | None = None
        try:
            while True:
                chunk = sock.recv(1 << 20)
                if not chunk:
                    break
                buf += chunk
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    if not line.strip():
                        continue
                    msg = json.loads(line)
                    kind = msg.get("type")
                    if kind == "hello":
                        image = ClusterImage.from_json(msg["image"])
                        self.state.add_events([EngineEvent.from_json(e) for e in msg.get("events", [])])
                        self.state.set_image(image)
                    elif kind == "delta" and image is not None:
                        image = apply_delta(image, msg["delta"])
                        self.state.set_image(image)
                    elif kind == "event":
                        with contextlib.suppress(ValueError):
                            self.state.add_events([EngineEvent.from_json(msg["event"])])
                    elif kind == "reply":
                        self._reply(msg)
        except (OSError, ValueError) as e:
            log.debug("lesson channel closed: %s", e)
        finally:
            self.state.close()
            with self._lock:
                pending, self._pending = self._pending, {}
            for _cmd, fut in pending.values():
                if not fut.done():
                    fut.set_exception(CommandFailed("the engine connection closed"))

    def _reply(self, msg: dict[str, Any]) -> None:
        with self._lock:
            entry = self._pending.pop(msg.get("id", -1), None)
        if entry is None:
            return
        command, fut = entry
        if msg.get("ok"):
            try:
                fut.set_result(command.result_from_json(msg.get("result")))
            except ValueError as e:
                fut.set_exception(CommandFailed(f"unreadable result of {command.kind}: {e}"))
        else:
            fut.set_exception(CommandFailed(str(msg.get("error") or "failed"), msg.get("code")))

    def execute(self, command: Command[R], timeout: float = 30.0) -> R:
        fut: concurrent.futures.Future[R] = concurrent.futures.Future()
        with self._lock:
            self._ids += 1
            request_id = self._ids
            self._pending[request_id] = (command, fut)
        if self._sock is None:
            raise CommandFailed("not connected to the engine")
        self._sock.sendall(json.dumps({"id": request_id, "command": command.to_json()}).encode() + b"\n")
        return fut.result(timeout)

    def stop(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(2)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._reader is not None:
            self._reader.join(5)

    def __enter__(self) -> EngineLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
