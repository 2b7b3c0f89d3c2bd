"""``kafkalab`` (no arguments): the desktop app. Starts the engine as a child process and shows it.

Start-up order (ARCHITECTURE.md, "Start-up"): this module imports only Qt's core, the settings and the engine
process; the engine child is spawned first, and boots while the window's modules are imported and the window
is built (it shows "Starting the Kafka cluster…" until the engine is ready); the charts are built after that
(:mod:`gui.widgets.lazy_view`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gui.engine_process import (
    EngineLaunch,
    EngineProcess,
    app_registry_port,
    launch_from_settings,
    ports_in_use,
    suggest_free_base,
)
from gui.lab_probe import lab_in_use
from gui.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)
startup_log = logging.getLogger("kafkalab.startup")  # DEBUG: where the start-up's time goes


def process_age() -> float:
    """Seconds since this process started (Linux: /proc, 10 ms steps; elsewhere since this module's import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started = int(f.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()


def stage(name: str) -> None:
    startup_log.debug("%.2f s after the process started (%.2f s CPU): %s", process_age(), time.process_time(), name)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab", description="Kafka Lab: a Kafka cluster you can see and break.")
    p.add_argument("--attach", metavar="HOST:PORT", help="open on an existing Kafka cluster instead of the embedded lab")
    p.add_argument("--profile", metavar="NAME", help="open on a saved connection profile (its SASL/TLS settings; "
                                                      "with --attach, at that address)")
    p.add_argument("--read-only", action="store_true", help="with --attach/--profile: disable every action that "
                                                             "changes the cluster")
    p.add_argument("--port", type=int, default=None, help="port of broker 0 (default: remembered, else 9092; 0: OS-chosen)")
    p.add_argument("--brokers", type=int, default=None, help="number of brokers (default 3)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, default=None, help="keep the cluster's data here")
    where.add_argument("--temp", action="store_true", help="use a throw-away cluster for this run")
    p.add_argument("--language", choices=["en", "ko"], default=None)
    p.add_argument("--theme", choices=["light", "dark"], default=None)
    p.add_argument("--log-level", default="WARNING")
    # start, wait until a shown window has all brokers running, print one line, quit (exit 1 on timeout)
    p.add_argument("--smoke", type=float, metavar="SECONDS", default=None, help=argparse.SUPPRESS)
    p.add_argument("--smoke-test", action="store_true", help="check this installation: start the engine and the "
                   "window offscreen, wait for 3 live brokers, produce and consume one record, quit (exit 0 if it worked)")
    return p


def attach_from_arguments(window: QWidget, args: argparse.Namespace) -> bool:
    """``--attach HOST:PORT`` / ``--profile NAME`` (``--read-only``): show that cluster. A profile
    whose password is not stored opens the connect dialog to ask for it (False)."""
    from gui.external_session import AttachTarget

    controls = window.attach  # type: ignore[attr-defined]
    if not args.profile:
        controls.attach(AttachTarget(args.attach, {}, "", args.read_only))
        return True
    if args.attach:
        from clients.profiles import ProfileError

        try:
            profile = controls.store.get(args.profile)
        except ProfileError as exc:
            window.statusBar().showMessage(str(exc))  # type: ignore[attr-defined]
            return False
        secrets = controls.store.secrets(profile)
        if len(secrets) == len(profile.secrets_needed()):
            controls.attach(AttachTarget(args.attach, profile.librdkafka_settings(secrets), profile.name,
                                         profile.read_only or args.read_only, profile.colour))
            return True
    return bool(controls.attach_profile(args.profile, args.read_only))


def missing_system_libraries() -> str:
    """A readable list of the system libraries Qt's xcb plugin lacks here ("" when none or not xcb)."""
    from gui.syslibs import checked_files, describe, missing_libraries, needs_xcb, qt_dir

    if not needs_xcb():
        return ""
    qt = qt_dir()
    missing = missing_libraries(checked_files(qt)[:1]) if qt is not None else []
    return describe(missing) if missing else ""


def arm_smoke_test(app: QApplication, window: QWidget, session: object, brokers: int, seconds: float) -> dict[str, int]:
    """``--smoke``: quit with 0 once the window is exposed and shows ``brokers`` running brokers, 1 on timeout."""
    from PySide6.QtCore import QTimer

    result = {"code": 1}
    deadline = time.monotonic() + seconds
    timer = QTimer(window)

    def check() -> None:
        image = getattr(window, "image", None)
        running = sum(1 for b in image.brokers if b.state == "running") if image is not None else 0
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed() and running == brokers:
            sys.stdout.write(f"kafkalab smoke: a {window.width()}x{window.height()} window with {running} running "
                             f"brokers on the '{app.platformName()}' platform\n")
            result["code"] = 0
        elif time.monotonic() < deadline:
            return
        else:
            sys.stderr.write(f"kafkalab smoke: no window with {brokers} running brokers after {seconds:g} s "
                             f"(running: {running}, engine: {getattr(session, 'state', '?')})\n")
        timer.stop()
        app.quit()

    timer.timeout.connect(check)
    timer.start(100)
    return result


def resolve_port(wanted: int, brokers: int, settings: Settings) -> int | None:
    """``wanted`` if free, else ask the user for another port (None: they cancelled). The other port
    is for this run only unless the user ticks "keep it": the settings keep ``wanted`` otherwise."""
    busy = ports_in_use(wanted, brokers)
    if not busy:
        return wanted
    from gui.dialogs.port_dialog import PortDialog

    log.warning("ports %s are in use", busy)
    dialog = PortDialog(wanted, busy, suggest_free_base(wanted, brokers), brokers)
    if not dialog.exec():
        return None
    port = dialog.chosen_port()
    if dialog.keep_port():
        settings.port = port
        settings.sync()
    return port


_NOISE = ("This plugin does not support propagateSizeHints()",)


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Route Qt's messages to logging, minus the offscreen platform's harmless chatter."""
    from PySide6.QtCore import QtMsgType

    if message in _NOISE:
        return
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def create_application(argv: Sequence[str]) -> QApplication:
    from PySide6.QtCore import QCoreApplication, Qt, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from gui.fonts import ensure_korean_font
    from gui.icon import app_icon

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_qt_message)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts, True)
    app = QApplication(["kafkalab", *argv])
    app.setApplicationName("Kafka Lab")
    app.setOrganizationName("KafkaLab")
    app.setDesktopFileName("kafkalab")
    app.setWindowIcon(app_icon())
    ensure_korean_font()  # a packaged build's NanumGothic when the system has no Korean font
    return app


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    from gui import smoke_test

    scratch = smoke_test.prepare(args) if args.smoke_test else None
    try:
        return _run(args, scratch is not None)
    finally:
        if scratch is not None:
            smoke_test.cleanup(scratch)


def _run(args: argparse.Namespace, smoke_test_run: bool) -> int:
    from gui import smoke_test

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    missing = missing_system_libraries()
    if missing:  # Qt would abort with "could not load the Qt platform plugin": say what to install
        sys.stderr.write(missing + "\n(or run 'make run', which installs them when it can)\n")
        return 1
    settings = Settings()
    external = bool(args.attach or args.profile)
    launch = requested_launch(args, settings)
    # the engine child first: it boots while the window's modules are imported and the window is built (its
    # output waits in the pipe until the session reads it). Not when the window opens on an external cluster
    # (--attach / --profile: the lab starts when switched to), nor when a port is taken (the user is asked)
    spawned: EngineProcess | None = None
    if not external and not ports_in_use(launch.port, launch.brokers) and not lab_in_use(launch):
        spawned = EngineProcess(launch)
        try:
            spawned.spawn()
        except OSError:
            spawned = None  # the session tries again and reports it
    stage("engine spawned" if spawned is not None else "settings read")

    from gui.cluster_switch import ClusterSwitch
    from gui.i18n import LanguageManager, system_language
    from gui.session import EngineSession
    from gui.theme import ThemeManager

    app = create_application([])
    languages = LanguageManager(app)
    languages.set_language(args.language or settings.language or system_language())
    themes = ThemeManager(app, args.theme or settings.theme)
    themes.apply()
    stage("QApplication")

    if args.profile:
        from clients.profiles import ProfileError, ProfileStore

        try:
            ProfileStore().get(args.profile)
        except ProfileError as exc:
            sys.stderr.write(f"kafkalab: {exc}\n")
            return 2
    if not external:  # a lab another engine holds: ask before anything (not first about its busy ports)
        from gui.lab_lock import ask_if_lab_in_use

        asked = ask_if_lab_in_use(launch)
        if asked != launch and spawned is not None:  # taken since the probe: the early engine is refused anyway
            spawned.stop()
            spawned = None
        if asked is None:
            return 1
        launch = asked
    if spawned is None and not external:
        resolved = resolve_port(launch.port, launch.brokers, settings)
        if resolved is None:
            return 1
        launch = EngineLaunch(port=resolved, brokers=launch.brokers, data_dir=launch.data_dir,
                              schema_registry_port=launch.schema_registry_port)
    session = ClusterSwitch(EngineSession(launch))
    app.aboutToQuit.connect(session.stop)
    if not external:
        session.start(spawned)

    from gui.main_window import MainWindow
    from gui.quit_signals import QuitOnSignals
    from gui.widgets.lazy_view import build_when_settled

    stage("imports of gui.main_window")
    window = MainWindow(session, settings, themes, languages)
    stage("MainWindow built")
    window.show()
    build_when_settled(window)  # the charts: once the window shows the running cluster
    if external:
        attach_from_arguments(window, args)
    elif not smoke_test_run:
        window.welcome.show_if_first_run(settings)
    smoke = arm_smoke_test(app, window, session, launch.brokers, args.smoke) if args.smoke else None
    smoke = smoke_test.arm(app, window, session, 120) if smoke_test_run else smoke
    quit_on_signals = QuitOnSignals(window.close, app)  # Ctrl+C / logout: saved and stopped like the close button
    code = app.exec()
    quit_on_signals.uninstall()
    session.stop()
    settings.sync()
    return smoke["code"] if smoke is not None else int(code)


def requested_launch(args: argparse.Namespace, settings: Settings) -> EngineLaunch:
    """The engine launch the command line and the remembered settings ask for."""
    if args.data_dir is not None:
        launch = EngineLaunch(port=settings.port, brokers=settings.brokers, data_dir=args.data_dir)
    elif args.temp:
        launch = EngineLaunch(port=settings.port, brokers=settings.brokers, data_dir=None)
    else:
        launch = launch_from_settings(settings)
    return EngineLaunch(port=args.port if args.port is not None else launch.port,
                        brokers=args.brokers or launch.brokers, data_dir=launch.data_dir,
                        schema_registry_port=app_registry_port())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
