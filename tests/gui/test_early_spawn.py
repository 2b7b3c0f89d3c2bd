"""The app spawns its engine child before it imports the window (gui.app): the session then adopts that very
process — its output, kept in the pipe meanwhile, is read from then on, so the control port, READY and the
images all arrive — and a process spawned for another launch is stopped, not adopted."""

from __future__ import annotations

from pathlib import Path

from gui.engine_process import EngineLaunch, EngineProcess
from gui.session import EngineSession


def test_the_session_adopts_the_engine_spawned_before_it(qapp, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    launch = EngineLaunch(port=0, brokers=3, data_dir=tmp_path / "lab")
    early = EngineProcess(launch)
    early.spawn()  # no reader yet: what the engine prints waits in the pipe
    qtbot.waitUntil(lambda: (tmp_path / "lab" / "broker-2").is_dir(), timeout=30_000)  # it boots meanwhile
    pid = early.pid
    session = EngineSession(launch)
    try:
        session.start(spawned=early)
        assert session.process is early and session.process.pid == pid
        qtbot.waitUntil(lambda: session.state == "running", timeout=30_000)
        qtbot.waitUntil(lambda: session.bridge.image is not None and sum(
            b.state == "running" for b in session.bridge.image.brokers) == 3, timeout=30_000)
        assert session.bootstrap and early.running()
    finally:
        session.stop()
    assert not early.running()


def test_an_engine_spawned_for_another_launch_is_stopped(qapp, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = EngineProcess(EngineLaunch(port=0, brokers=1, data_dir=tmp_path / "other"))
    other.spawn()
    session = EngineSession(EngineLaunch(port=0, brokers=3, data_dir=tmp_path / "lab"))
    try:
        session.start(spawned=other)
        assert not other.running() and session.process is not other
        qtbot.waitUntil(lambda: session.state == "running", timeout=30_000)
    finally:
        session.stop()
