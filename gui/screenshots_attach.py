"""``python -m gui.screenshots_attach``: the window attached to an external cluster, offscreen.

Starts a ``kafkalab serve`` process as the "external" cluster (three brokers, two topics, a group
with committed offsets), attaches the main window to it as a read-only profile and writes
docs/screenshots/attach-window-{en,ko}.png (the status line's coloured badge, the broker actions
disabled with their reasons) and attach-connect-{en,ko}.png (the Connect to cluster dialog)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui.screenshots import ROOT, save, settle, wait_until  # noqa: E402


def start_external() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--brokers", "3", "--port", "0", "--temp",
                             "--log-level", "WARNING"], stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("KAFKALAB READY bootstrap="):
            return proc, line.strip().split("=", 1)[1]
    raise SystemExit("screenshots: kafkalab serve did not start")


def seed(bootstrap: str) -> None:
    from confluent_kafka import Consumer, Producer, TopicPartition

    from clients.admin import ClusterAdmin

    admin = ClusterAdmin(bootstrap)
    admin.create_topic("orders", 6, 3)
    admin.create_topic("payments", 3, 3)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(3000):
        p.produce("orders" if i % 3 else "payments", key=f"customer-{i % 97}".encode(), value=b"x" * 120)
    p.flush(15)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "billing", "enable.auto.commit": False})
    c.commit(offsets=[TopicPartition("orders", i, 200) for i in range(6)], asynchronous=False)
    c.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KAFKALAB_CONFIG_DIR", tempfile.mkdtemp(prefix="kafkalab-shots-"))
    from clients.profiles import SASL_PASSWORD, ConnectionProfile
    from gui.app import create_application
    from gui.cluster_switch import ClusterSwitch
    from gui.engine_process import EngineLaunch
    from gui.i18n import LanguageManager
    from gui.main_window import MainWindow
    from gui.session import EngineSession
    from gui.settings import Settings
    from gui.theme import ThemeManager

    proc, bootstrap = start_external()
    try:
        seed(bootstrap)
        app = create_application([])
        languages = LanguageManager(app)
        languages.set_language("en")
        themes = ThemeManager(app, "light")
        themes.apply()
        window = MainWindow(ClusterSwitch(EngineSession(EngineLaunch(port=0, brokers=3))), Settings(), themes,
                            languages)
        window.apply_size(1600, 980)
        window.show()
        store = window.attach.store
        store.save(ConnectionProfile("production", bootstrap, read_only=True, colour="#7b2cbf"))
        assert window.attach.attach_profile("production")
        wait_until(lambda: window.image is not None and window.image.topic("payments") is not None
                   and window.groups_view.groups.group("billing") is not None, 30, "the external image")
        window.cluster_view.select_broker(1)
        window.topics_view.select_topic("orders")
        window.topics_dock.raise_()
        settle(2.5)
        for lang in ("en", "ko"):
            languages.set_language(lang)
            settle(0.5)
            save(window, args.out / f"attach-window-{lang}.png")
        languages.set_language("en")
        store.save(ConnectionProfile("staging-eu", "kafka-1.staging:9093,kafka-2.staging:9093",
                                     security_protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-512",
                                     sasl_username="alice", ssl_ca_location="/etc/kafka/ca.pem", colour="#0072B2"),
                   {SASL_PASSWORD: "not-a-real-password"})
        dialog = window.attach.open_connect_dialog("staging-eu")
        for lang in ("en", "ko"):
            languages.set_language(lang)
            settle(0.3)
            dialog.adjustSize()
            save(dialog, args.out / f"attach-connect-{lang}.png")
        dialog.close()
        window.session.stop()
        window.close()
    finally:
        proc.kill()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
