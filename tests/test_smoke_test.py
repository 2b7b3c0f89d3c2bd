"""`kafkalab --smoke-test` — from this checkout and from the packaged build (`make package`, dist/KafkaLab):
the engine child process and the window start offscreen, 3 brokers come up, one record is produced and
consumed, the app quits with exit code 0. The packaged build runs with no Python on its PATH and none of
this checkout's environment, as after a double-click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "dist" / "KafkaLab" / "KafkaLab"


def run_smoke_test(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, "--smoke-test"], env=env, capture_output=True, text=True, timeout=240)


def check(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 live brokers" in done.stdout and "on 'offscreen'" in done.stdout, done.stdout
    assert "produced and consumed 1 record" in done.stdout, done.stdout


def test_smoke_test_from_source(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path)}
    check(run_smoke_test([sys.executable, "-m", "kafkalab"], env))
    assert not list(tmp_path.rglob("kafkalab.ini"))  # the user's settings are not touched


def stale_build() -> str:
    """Why dist/KafkaLab cannot stand for this checkout ("" when it can)."""
    if not PACKAGED.exists():
        return ("no packaged build in dist/KafkaLab: run 'make package' (PyInstaller comes from the [package] "
                "extra, which 'make test' does not install)")
    built = PACKAGED.stat().st_mtime
    newer = [p for pkg in ("engine", "clients", "gui", "kafkalab") for p in (ROOT / pkg).rglob("*.py")
             if p.stat().st_mtime > built]
    return f"dist/KafkaLab is older than {newer[0].relative_to(ROOT)}: run 'make package' again" if newer else ""


@pytest.mark.skipif(bool(stale_build()), reason=stale_build() or "-")
def test_smoke_test_of_the_packaged_app(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # no venv, no PYTHONPATH
    for name in ("DISPLAY", "XAUTHORITY", "TMPDIR"):
        if name in os.environ:
            env[name] = os.environ[name]
    check(run_smoke_test([str(PACKAGED)], env))
