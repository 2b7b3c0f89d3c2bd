"""The engine child dies with the app: ``kill -9`` of the desktop app must not leave its ``serve`` child
holding the ports and the lab. The child notices (PR_SET_PDEATHSIG on Linux; everywhere: its parent pid
changes and its stdin pipe from the app reaches EOF) and shuts down cleanly — flushed, with the
clean-shutdown marker written — so the next start on the same persistent lab finds every acknowledged
record and opens clean (no recovery)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from confluent_kafka import Producer

from bench.sigkill_loop import free_port_block
from tests.conftest import ROOT, start_serve, wait_for
from tests.integration.test_data_dir_lock import read

BROKERS = 3
RECORDS = 200


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def engine_pid(app_pid: int) -> int | None:
    for child in children(app_pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"engine" in cmdline and b"serve" in cmdline:
            return child
    return None


def bindable(base: int, count: int) -> bool:
    """The next engine can listen on these ports (as asyncio does: SO_REUSEADDR, so the old engine's
    connections left in TIME_WAIT do not count)."""
    for port in range(base, base + count):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def gone(pid: int) -> bool:
    """No such process (a zombie nobody reaps yet counts as gone: it holds no port or file)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def test_kill_9_of_the_app_stops_its_engine_cleanly(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        return  # /proc is how the test finds the child
    lab = tmp_path / "lab"
    base = free_port_block(BROKERS)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KAFKALAB_CONFIG_DIR=str(tmp_path / "config"),
               KAFKALAB_DATA_DIR=str(tmp_path / "data"))
    app = subprocess.Popen([sys.executable, "-m", "gui", "--data-dir", str(lab), "--port", str(base),
                            "--brokers", str(BROKERS), "--language", "en"], cwd=ROOT, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = None
    try:
        acked: list[bytes] = []
        producer = Producer({"bootstrap.servers": f"127.0.0.1:{base}", "acks": "all", "enable.idempotence": True})
        wait_for(lambda: engine_pid(app.pid), 60, "the app's engine child")
        engine = engine_pid(app.pid)
        assert engine is not None
        for i in range(RECORDS):
            producer.produce("kept", f"r{i}".encode(), partition=0,
                             on_delivery=lambda err, msg: acked.append(msg.value()) if err is None else None)
        assert producer.flush(60) == 0
        assert len(acked) == RECORDS
        del producer  # its reconnection attempts are not part of the test

        app.send_signal(signal.SIGKILL)
        app.wait(10)
        wait_for(lambda: gone(engine), 30, "the engine to end after its app was killed")
        wait_for(lambda: bindable(base, BROKERS), 30, "the engine's ports to be free")
        # it shut down cleanly: every broker's log dir has the clean-shutdown marker
        assert all((lab / f"broker-{i}" / ".kafka_cleanshutdown").exists() for i in range(BROKERS))

        again = start_serve(["--brokers", str(BROKERS), "--port", "0", "--data-dir", str(lab)])
        try:
            assert read(again.bootstrap, "kept", RECORDS) == acked
        finally:
            assert again.stop() == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if engine is not None and not gone(engine):
            os.kill(engine, signal.SIGKILL)
            wait_for(lambda: gone(engine), 10, "the engine to end")
