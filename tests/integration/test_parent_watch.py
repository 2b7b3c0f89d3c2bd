"""``kafkalab serve --parent-pid PID`` ends with its app, portably: when stdin (a pipe from the app) reaches
EOF it shuts down cleanly — exit 0, every broker's clean-shutdown marker written. (The app's kill -9 with
Linux's PR_SET_PDEATHSIG as well: tests/gui/test_engine_dies_with_app.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_stdin_eof_from_the_app_stops_the_engine_cleanly(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--brokers", "2", "--port", "0",
                             "--data-dir", str(lab), "--parent-pid", str(os.getpid())], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        for line in proc.stdout:
            if line.startswith("KAFKALAB READY"):
                break
        proc.stdin.close()  # what the app's death does to its end of the pipe
        assert proc.wait(60) == 0
        err = proc.stderr.read() if proc.stderr is not None else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "stdin from the app closed: shutting down cleanly" in err
    assert all((lab / f"broker-{i}" / ".kafka_cleanshutdown").exists() for i in range(2))


def test_an_engine_whose_app_is_not_its_parent_any_more_stops_cleanly(tmp_path: Path) -> None:
    """The portable check: our parent pid is not the app's (re-parented: the app is gone) — here from the
    start, with stdin not a pipe (/dev/null: no EOF signal) — so the engine stops cleanly by itself."""
    lab = tmp_path / "lab"
    gone_app = os.getpid() + 1_000_000  # no such process is our parent
    proc = subprocess.run([sys.executable, "-m", "engine", "serve", "--brokers", "1", "--port", "0",
                           "--data-dir", str(lab), "--parent-pid", str(gone_app)], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"the app (pid {gone_app}) is gone: shutting down cleanly" in proc.stderr
    assert (lab / "broker-0" / ".kafka_cleanshutdown").exists()
