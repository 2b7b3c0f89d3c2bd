"""Shared fixtures: real in-process clusters on OS-chosen ports, and `kafkalab serve` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from engine.cluster import ClusterConfig, KafkaCluster
from engine.runtime import EngineThread

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-frames", type=int, default=20_000,
                     help="frames the protocol fuzz test sends (tests/integration/test_protocol_fuzz.py)")


@dataclass
class RunningCluster:
    engine: EngineThread
    cluster: KafkaCluster
    num_brokers: int
    data_dir: Path

    @property
    def bootstrap(self) -> str:
        return self.cluster.bootstrap

    @property
    def bootstrap_servers(self) -> str:
        return self.cluster.bootstrap_servers

    def call(self, fn: Callable[[], object]) -> object:
        return self.engine.call(fn)


def wait_for(condition: Callable[[], object], timeout: float = 15.0, what: str = "condition") -> object:
    """Poll ``condition`` until it returns a truthy value or the deadline passes (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@pytest.fixture
def cluster_factory(tmp_path: Path) -> Iterator[Callable[..., RunningCluster]]:
    started: list[EngineThread] = []

    def make(brokers: int = 3, config: dict[str, str] | None = None, data_dir: Path | None = None) -> RunningCluster:
        d = data_dir or tmp_path / f"cluster-{len(started)}"
        engine = EngineThread(ClusterConfig(num_brokers=brokers, port=0, data_dir=d, overrides=dict(config or {})))
        started.append(engine)
        cluster = engine.start()
        return RunningCluster(engine, cluster, brokers, d)

    yield make
    for engine in started:
        engine.stop()


@pytest.fixture
def cluster(cluster_factory: Callable[..., RunningCluster]) -> RunningCluster:
    return cluster_factory()


@dataclass
class ServeProcess:
    proc: subprocess.Popen[str]
    bootstrap: str
    lines: list[str] = field(default_factory=list)
    schema_registry: str = ""  # its URL with --schema-registry-port

    def stop(self, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()

    def command(self, line: str) -> str:
        """Type a command into the running `kafkalab serve` and return its first answer line."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def kill9(self) -> None:
        self.proc.kill()
        self.proc.wait()


def start_serve(args: list[str], timeout: float = 30) -> ServeProcess:
    """Start `kafkalab serve ARGS` as a child process and wait for its READY line."""
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.PIPE, text=True, cwd=ROOT)
    lines: list[str] = []
    bootstrap = ""
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"kafkalab serve exited early ({proc.wait()}):\n{err}")
        lines.append(line)
        if line.startswith("KAFKALAB READY bootstrap="):
            bootstrap = line.split("=", 1)[1].split()[0]
            if "--schema-registry-port" not in args:
                return ServeProcess(proc, bootstrap, lines)
        elif line.startswith("KAFKALAB REGISTRY "):  # the registry starts after READY: its URL (or failed=why)
            fields = dict(word.split("=", 1) for word in line.split()[2:])
            return ServeProcess(proc, bootstrap, lines, fields.get("url", ""))
    proc.kill()
    raise AssertionError("kafkalab serve did not become ready")


@pytest.fixture
def serve_factory() -> Iterator[Callable[[list[str]], ServeProcess]]:
    procs: list[ServeProcess] = []

    def make(args: list[str]) -> ServeProcess:
        sp = start_serve(args)
        procs.append(sp)
        return sp

    yield make
    for sp in procs:
        if sp.proc.poll() is None:
            sp.proc.kill()
            sp.proc.wait()
