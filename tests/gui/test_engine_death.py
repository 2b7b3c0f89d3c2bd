"""If the engine child process dies, every view says so, the banner names the real cause, and
Restart works (issue 9 item 9)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from PySide6.QtCore import Qt

from gui.engine_process import EngineLaunch, exit_cause
from tests.gui.conftest import running_brokers


def test_engine_death_shows_banner_and_restart(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert not window.banner.isVisible()
    proc = window.session.process
    assert proc is not None
    # an unrelated warning is the last thing the engine writes to stderr before it dies
    with socket.create_connection(("127.0.0.1", proc.control_port), timeout=5) as s:  # type: ignore[arg-type]
        s.sendall(json.dumps({"token": "wrong"}).encode() + b"\n")
        s.recv(10)
    qtbot.waitUntil(lambda: any("rejected a client" in line for line in proc.stderr_tail), timeout=10_000)
    proc.kill()  # SIGKILL the engine
    qtbot.waitUntil(lambda: window.banner.isVisible() and "SIGKILL" in window.banner.text(), timeout=10_000)
    assert window.banner.text() == ("The engine process was killed by SIGKILL. "
                                    "(kill -9, or the system ran out of memory)")
    assert "rejected" not in window.banner.text()
    assert window.session.state == "failed"
    assert window.banner.restart_button.isVisible()

    # every view shows the engine's death
    assert not window.cluster_view.isEnabled()
    assert window.health_label.text() == "No cluster"
    for card in window.cluster_view.cards.values():
        assert card.display_state == "unknown" and card.state_label.text() == "● engine stopped"
        assert not card.kill_button.isEnabled() and not card.restart_button.isEnabled()
    controller = window.cluster_view.controller_card
    assert controller.state_label.text() == "● stopped" and controller.sessions.text() == "sessions: none (engine stopped)"
    assert window.bootstrap_label.text() == "Bootstrap: —"
    for overlay in window.overlays:
        assert overlay.isVisible() and "The engine stopped" in overlay.text() and "SIGKILL" in overlay.text()
        assert overlay.geometry() == overlay.parentWidget().rect()
    last = window.event_model.rows()[-1]
    assert last.kind == "EngineStopped" and "SIGKILL" in last.details
    assert window.engine_label.text() == "Engine: stopped unexpectedly"

    qtbot.mouseClick(window.banner.restart_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.state == "running" and running_brokers(window) == 3, timeout=30_000)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5_000)
    assert window.cluster_view.isEnabled()
    assert not any(o.isVisible() for o in window.overlays)
    assert all(c.display_state == "running" for c in window.cluster_view.cards.values())
    assert window.bootstrap_label.address.startswith("localhost:")


def test_engine_that_cannot_start_quotes_its_error(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    not_a_dir = tmp_path / "a-file"
    not_a_dir.write_text("x")
    window.session.start(EngineLaunch(port=0, brokers=1, data_dir=not_a_dir))
    qtbot.waitUntil(lambda: window.session.state == "failed", timeout=20_000)
    text = window.banner.text()
    assert text.startswith("The engine process stopped (exit code 1): kafkalab serve: cannot start: ")
    assert str(not_a_dir) in text  # the real cause: the data dir is a file


def test_exit_cause_reads_the_real_cause() -> None:
    log = ["2026-01-01 10:00:00,000 INFO engine.server.broker: broker 0 listening",
           "2026-01-01 10:00:01,000 WARNING engine.control.channel: control channel: rejected a client"]
    assert exit_cause(-9, log) == "SIGKILL"
    assert exit_cause(-6, [*log, "Fatal Python error: Aborted", "", "Thread 0x1 (most recent call first):"]) \
        == "SIGABRT: Fatal Python error: Aborted"
    traceback = ["Traceback (most recent call last):", '  File "x.py", line 1, in <module>', "    f()",
                 "ValueError: first", "", "During handling of the above exception, another exception occurred:", "",
                 "Traceback (most recent call last):", '  File "y.py", line 2, in g', "    os.write(fd, data)",
                 "OSError: [Errno 28] No space left on device", *log]
    assert exit_cause(1, [*log, *traceback]) == "OSError: [Errno 28] No space left on device"
    assert exit_cause(2, [*log, "kafkalab serve: unknown config 'x'"]) == "kafkalab serve: unknown config 'x'"
    assert exit_cause(1, [*log, "2026-01-01 10:00:02,000 ERROR engine.x: disk failed", *log]) \
        == "2026-01-01 10:00:02,000 ERROR engine.x: disk failed"
    assert exit_cause(1, log) == ""
