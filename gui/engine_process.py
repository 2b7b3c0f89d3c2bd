"""The engine as a child process: ``python -m engine serve … --control-port 0`` (a frozen build runs
its own executable with ``serve`` instead: :func:`engine_command`).

Its stdout and stderr are read by two daemon threads (never the GUI thread); what matters is
forwarded as Qt signals, which arrive queued on the GUI thread."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.settings import Settings, data_dir

log = logging.getLogger(__name__)

CONTROL_PREFIX = "KAFKALAB CONTROL port="
READY_PREFIX = "KAFKALAB READY bootstrap="
REGISTRY_PREFIX = "KAFKALAB REGISTRY url="  # after READY: the registry starts once the brokers serve
DEFAULT_REGISTRY_PORT = 8081  # Confluent's Schema Registry port
STDERR_TAIL = 400  # lines kept: enough for a chained traceback after a burst of log lines


def engine_command() -> list[str]:
    """The command that runs the engine. From source: this Python with ``-m engine``. A frozen build
    (PyInstaller) has no Python to run modules with: its executable is the ``kafkalab`` launcher, which
    routes a first argument ``serve`` to the engine (``packaging/entry.py``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "serve"]
    return [sys.executable, "-m", "engine", "serve"]


@dataclass(frozen=True)
class EngineLaunch:
    """How to start the engine."""

    port: int = 9092  # broker 0's port (broker i: port + i); 0 = OS-chosen
    brokers: int = 3
    data_dir: Path | None = None  # None: a throw-away temp dir
    extra_args: tuple[str, ...] = field(default_factory=tuple)
    schema_registry_port: int | None = None  # serve a Schema Registry there (0: OS-chosen); None: none

    def argv(self) -> list[str]:
        args = [*engine_command(), "--brokers", str(self.brokers), "--port", str(self.port),
                "--control-port", "0", "--parent-pid", str(os.getpid())]  # it ends with the app, cleanly
        args += ["--data-dir", str(self.data_dir)] if self.data_dir is not None else ["--temp"]
        if self.schema_registry_port is not None:
            args += ["--schema-registry-port", str(self.schema_registry_port)]
            if self.schema_registry_port:  # 8081 was free when the app looked; taken by then → any port
                args.append("--schema-registry-fallback")
        return args + list(self.extra_args)


def launch_from_settings(settings: Settings, base: EngineLaunch | None = None) -> EngineLaunch:
    """The engine launch the remembered settings ask for (keeping ``base``'s port and brokers)."""
    port = base.port if base is not None else settings.port
    brokers = base.brokers if base is not None else settings.brokers
    ddir = data_dir() if settings.storage == "persistent" else None
    registry = base.schema_registry_port if base is not None else app_registry_port()
    return EngineLaunch(port=port, brokers=brokers, data_dir=ddir, schema_registry_port=registry)


def app_registry_port(preferred: int = DEFAULT_REGISTRY_PORT) -> int:
    """The app's Schema Registry port: Confluent's usual 8081 when free (what clients' examples use), else one
    the OS chooses (the status bar shows the URL either way)."""
    return 0 if ports_in_use(preferred, 1) else preferred


def ports_in_use(base: int, count: int, host: str = "127.0.0.1") -> list[int]:
    """Which of ``base .. base+count-1`` cannot be bound on ``host`` right now — bound as the engine's
    listeners are (SO_REUSEADDR on POSIX, as asyncio does), so a lab closed a moment ago, whose
    connections still sit in TIME_WAIT, does not count as another Kafka on the port."""
    if base == 0:
        return []
    busy = []
    for port in range(base, base + count):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if os.name == "posix":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((host, port))
            except OSError:
                busy.append(port)
    return busy


def suggest_free_base(start: int, count: int) -> int | None:
    """The first ``start + 100·k`` whose ``count`` consecutive ports are all free."""
    for base in range(start + 100, min(start + 5000, 65535 - count), 100):
        if not ports_in_use(base, count):
            return base
    return None


def exit_cause(code: int, stderr_lines: list[str]) -> str:
    """Why the engine process ended, from its exit status and the end of its stderr — never just the
    last log line (with INFO logging that is almost always unrelated):

    - killed by a signal: the signal (plus a "Fatal Python error" line, if Python printed one);
    - an uncaught exception: the traceback's last line (``OSError: [Errno 28] No space left on device``);
    - ``kafkalab serve: …``: the command's own error message;
    - else the last CRITICAL/ERROR log line; else nothing ("")."""
    fatal = next((ln.strip() for ln in reversed(stderr_lines) if ln.startswith("Fatal Python error")), "")
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"{name}: {fatal}" if fatal else name
    exception = ""
    for i, line in enumerate(stderr_lines):
        if line.startswith("Traceback (most recent call last)"):
            # the exception line: the first unindented line after the frames
            exception = next((ln.strip() for ln in stderr_lines[i + 1:] if ln and not ln[0].isspace()), exception)
    if exception:
        return exception
    own = next((ln.strip() for ln in reversed(stderr_lines) if ln.startswith("kafkalab serve:")), "")
    if own or fatal:
        return own or fatal
    return next((ln.strip() for ln in reversed(stderr_lines) if " CRITICAL " in ln or " ERROR " in ln), "")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class EngineProcess(QObject):
    """One run of the engine child process."""

    controlReady = Signal(int)  # control channel port
    ready = Signal(str)  # bootstrap address
    exited = Signal(int, str)  # exit code (-N: killed by signal N), the cause (exit_cause) or ""
    outputLine = Signal(str)

    def __init__(self, launch: EngineLaunch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.launch = launch
        self.token = secrets.token_urlsafe(32)
        self.proc: subprocess.Popen[str] | None = None
        self.control_port: int | None = None
        self.bootstrap: str | None = None
        self.schema_registry = ""  # its URL from the REGISTRY line ("" none; the image has it too)
        self.stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL)
        self._threads: list[threading.Thread] = []
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def spawn(self) -> None:
        """Start the child process only: its output waits in the pipes until :meth:`start` reads it (the app
        spawns its engine before it imports the window, and connects to it once the session exists; the engine
        prints a few KB meanwhile, a pipe holds 64 KB)."""
        if self.proc is not None:
            return
        env = dict(os.environ, KAFKALAB_CONTROL_TOKEN=self.token, PYTHONUNBUFFERED="1")
        argv = self.launch.argv()
        log.info("starting engine: %s", " ".join(argv))
        self.proc = subprocess.Popen(
            # stdin: a pipe never written to; its EOF tells the engine the app is gone (--parent-pid)
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", errors="replace", env=env, bufsize=1, preexec_fn=_die_with_parent,  # noqa: PLW1509
        )

    def start(self) -> None:
        """Spawn the child (unless :meth:`spawn` did) and read its output from now on."""
        self.spawn()
        out = threading.Thread(target=self._read_stdout, name="engine-stdout", daemon=True)
        err = threading.Thread(target=self._read_stderr, name="engine-stderr", daemon=True)
        self._threads = [out, err]
        out.start()
        err.start()

    def _read_stdout(self) -> None:
        proc = self.proc
        assert proc is not None and proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            if line.startswith(CONTROL_PREFIX):
                with contextlib.suppress(ValueError):
                    self.control_port = int(line[len(CONTROL_PREFIX):].strip())
                    self.controlReady.emit(self.control_port)
            elif line.startswith(READY_PREFIX):
                words = line[len(READY_PREFIX):].split()
                self.bootstrap = words[0] if words else ""
                self.ready.emit(self.bootstrap)
            elif line.startswith(REGISTRY_PREFIX):
                self.schema_registry = line[len(REGISTRY_PREFIX):].strip()
            self.outputLine.emit(line)
        code = proc.wait()
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        for t in self._threads[1:]:
            t.join(2)  # collect the last stderr lines for the message
        if not self._stopping:
            log.warning("engine exited with code %s", code)
        self.exited.emit(int(code), exit_cause(int(code), list(self.stderr_tail)))

    def _read_stderr(self) -> None:
        proc = self.proc
        assert proc is not None and proc.stderr is not None
        for raw in proc.stderr:
            self.stderr_tail.append(raw.rstrip("\n"))

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the engine to shut down cleanly (SIGINT), then kill it after ``timeout`` seconds."""
        self._stopping = True
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("engine did not stop within %.0fs; killing it", timeout)
            proc.kill()
            proc.wait(5)

    def kill(self) -> None:
        """SIGKILL the engine (tests and 'the engine hung')."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
