"""Language, theme, settings, load generator and throughput against the live app."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from gui.engine_process import EngineLaunch, ports_in_use, suggest_free_base
from gui.settings import Settings


def test_language_switch_at_runtime_and_remembered(make_window, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    assert window.menus.file_menu.title() == "&File"
    model = window.cluster_view.model
    window.set_language("ko")
    assert window.menus.file_menu.title() == "파일(&F)"
    assert window.event_dock.windowTitle() == "이벤트 로그"
    assert window.cluster_view.internal_box.text() == "내부 토픽 표시"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "파티션"
    assert window.event_model.headerData(1, Qt.Orientation.Horizontal) == "종류"
    assert window.menus.language_actions["ko"].isChecked()
    assert Settings(settings.path).language == "ko"
    window.set_language("en")
    assert window.menus.file_menu.title() == "&File"
    assert window.cluster_view.internal_box.text() == "Show internal topics"


def test_theme_and_window_state_are_remembered(make_window, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    window.set_theme("dark")
    assert window.themes.current.name == "dark" and window.menus.theme_actions["dark"].isChecked()
    window.resize(1234, 777)
    window.close()
    again = Settings(settings.path)
    assert again.theme == "dark"
    geometry, state = again.window_state()
    assert geometry is not None and state is not None
    window.set_theme("light")


def test_load_generator_drives_traffic_into_the_plots(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    view = window.load_view
    view.topic.setCurrentText("loadtest")
    view.rate.setValue(2000)
    view.keys.setCurrentIndex(view.keys.findData("hot"))
    view.acks.setCurrentIndex(view.acks.findData("1"))
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.generator.stats().acked >= 500, timeout=20_000)
    assert view.start_button.text() == "Stop" and not view.rate.isEnabled()
    assert view.generator.stats().errors == 0
    tv = window.throughput_view
    qtbot.waitUntil(lambda: "in:loadtest" in tv.topics.series and tv.redraws > 0, timeout=10_000)
    qtbot.waitUntil(lambda: float(np.nanmax(tv.topics.series["in:loadtest"].view())) > 0, timeout=10_000)
    qtbot.waitUntil(lambda: "in:loadtest" in tv.topic_plot.curves, timeout=5_000)  # created once, then setData
    assert window.image is not None and window.image.topic("loadtest") is not None
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.generator.running and view.start_button.text() == "Start", timeout=10_000)
    assert view.rate.isEnabled()


def test_status_bar_slow_motion_and_help(make_window, qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    label = window.bootstrap_label
    assert label.address.startswith("localhost:")
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert qapp.clipboard().text() == label.address
    assert window.health_label.text().startswith("3/3 brokers up")

    # slow motion: the spin box → set_replication_delay → the next image carries the new delay
    window.cluster_view.slow_motion.spin.setValue(750)
    qtbot.waitUntil(lambda: window.image is not None and window.image.replication_delay_ms == 750, timeout=10_000)
    window.cluster_view.slow_motion.spin.setValue(0)
    qtbot.waitUntil(lambda: window.image is not None and window.image.replication_delay_ms == 0, timeout=10_000)

    # help: the course-note topics, in Korean after a language switch
    window.menus.help_action.trigger()
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible() and dialog.topics.count() == 10
    assert "Kafka" in dialog.topics.item(0).text()
    window.set_language("ko")
    assert dialog.windowTitle() == "Kafka Lab 도움말"
    assert dialog.topics.item(0).text() == "카프카란"
    assert "리더" in dialog.browser.toPlainText() or "카프카" in dialog.browser.toPlainText()
    window.set_language("en")
    dialog.close()


def test_port_helpers_detect_a_busy_port() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        assert ports_in_use(busy, 1) == [busy]
        suggestion = suggest_free_base(busy, 3)
        assert suggestion is not None and not ports_in_use(suggestion, 3)
    assert ports_in_use(0, 3) == []
    launch = EngineLaunch(port=0, brokers=3, data_dir=Path("/tmp/x"))
    argv = launch.argv()
    assert argv[argv.index("--port"):][:4] == ["--port", "0", "--control-port", "0"]
    assert argv[-2:] == ["--data-dir", "/tmp/x"]
    assert argv[argv.index("--parent-pid") + 1] == str(os.getpid())  # it ends with the app
    assert "--temp" in EngineLaunch(port=9092).argv()


def test_attach_from_the_command_line(settings: Settings, qapp, cluster, capsys) -> None:  # type: ignore[no-untyped-def]
    """``kafkalab --attach HOST:PORT`` opens the window on that cluster (the smoke check, in a process of
    its own — app.exec() ends this process's event loops for good — sees its three running brokers);
    an unknown ``--profile`` is refused before any window opens."""
    import os
    import subprocess
    import sys

    from gui import app

    done = subprocess.run([sys.executable, "-m", "kafkalab", "--attach", cluster.bootstrap, "--read-only",
                           "--smoke", "30"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 running brokers" in done.stdout
    assert app.main(["--profile", "nowhere"]) == 2  # returns before app.exec()
    assert "no connection profile named 'nowhere'" in capsys.readouterr().err
