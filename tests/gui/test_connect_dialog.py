"""File → Connect to cluster…: profiles with SASL/TLS saved without their passwords (keyring or this
session only — never connections.json nor the app's settings file), "Test connection" off the GUI
thread with the Kafka error name, and Connect switching a real window to that cluster."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend

from clients.profiles import ConnectionProfile, ProfileStore
from gui.dialogs.connect_dialog import ConnectDialog
from gui.settings import Settings
from tests.conftest import RunningCluster
from tests.gui import attach_fixtures

PASSWORD = "s3cret-Pa55word"

attach_window_factory = attach_fixtures.attach_window_factory  # the fixture, for this module


class MemoryKeyring(KeyringBackend):
    priority = -1  # type: ignore[assignment]  # never chosen by keyring itself (it registers every subclass)

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


def fill_sasl(d: ConnectDialog, name: str = "production") -> None:
    d.name.setText(name)
    d.bootstrap.setText("kafka-1.example.com:9093,kafka-2.example.com:9093")
    d.protocol.setCurrentText("SASL_SSL")
    d.mechanism.setCurrentText("SCRAM-SHA-512")
    d.username.setText("alice")
    d.password.setText(PASSWORD)
    d.read_only.setChecked(True)
    d._set_colour("#7b2cbf")


def every_file_text(root: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in root.rglob("*") if p.is_file())


def test_save_without_a_keyring_says_so_and_writes_no_password(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = ProfileStore(tmp_path / "config" / "connections.json")
    assert not store.secret_storage().persistent  # this machine has no keyring backend
    d = ConnectDialog(store)
    qtbot.addWidget(d)
    assert "No OS keyring" in d.secret_note.text()
    assert d.sasl_box.isHidden() and d.tls_box.isHidden()
    fill_sasl(d)
    assert not d.sasl_box.isHidden() and not d.tls_box.isHidden()
    assert d.save_profile()
    assert "not saved" in d.status.text()
    settings.sync()
    text = every_file_text(tmp_path / "config")
    assert "alice" in text and "SCRAM-SHA-512" in text and "#7b2cbf" in text  # the profile is there
    assert PASSWORD not in text  # its password is not: neither connections.json nor kafkalab.ini
    saved = ProfileStore(store.path).get("production")
    assert saved.read_only and saved.colour == "#7b2cbf" and saved.security_protocol == "SASL_SSL"

    # a fresh dialog (the next run) knows the profile, not the password, and asks for it
    again = ConnectDialog(ProfileStore(store.path))
    qtbot.addWidget(again)
    assert again.profiles.findText("production") > 0
    assert again.load_profile("production")
    assert again.password.text() == "" and "Enter the password" in again.status.text()


def test_save_with_a_keyring_keeps_the_password_there(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ring = MemoryKeyring()
    store = ProfileStore(tmp_path / "connections.json", keyring_backend=ring)
    d = ConnectDialog(store)
    qtbot.addWidget(d)
    assert "OS keyring" in d.secret_note.text() and "No OS" not in d.secret_note.text()
    fill_sasl(d)
    assert d.save_profile() and "in the OS keyring" in d.status.text()
    assert ring.stored == {("kafkalab", "production/sasl.password"): PASSWORD}
    assert PASSWORD not in store.path.read_text()
    loaded = ConnectDialog(store)
    qtbot.addWidget(loaded)
    assert loaded.load_profile("production") and loaded.password.text() == PASSWORD
    settings = loaded.profile().librdkafka_settings(loaded.secrets())
    assert settings["sasl.mechanisms"] == "SCRAM-SHA-512" and settings["sasl.password"] == PASSWORD


def test_test_connection_off_the_gui_thread(qtbot, cluster: RunningCluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = ConnectDialog(ProfileStore(tmp_path / "c.json"))
    qtbot.addWidget(d)
    d.bootstrap.setText(cluster.bootstrap)
    with qtbot.waitSignal(d.testFinished, timeout=15_000) as ok:
        d.test_connection()
        assert not d.test_button.isEnabled()  # the GUI thread is free while the cluster answers
    assert ok.args[0] is True and "3 brokers" in d.status.text()

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    d.bootstrap.setText(f"127.0.0.1:{closed}")
    d.test_timeout_s = 2.0
    with qtbot.waitSignal(d.testFinished, timeout=15_000) as failed:
        d.test_connection()
    assert failed.args[0] is False
    assert d.status.text().startswith("Cannot connect: _TRANSPORT") or "_ALL_BROKERS_DOWN" in d.status.text(), \
        d.status.text()
    d.bootstrap.setText("no-port")
    d.test_connection()
    assert "expected HOST:PORT" in d.status.text()


def test_connect_switches_the_window_and_back(attach_window_factory: Any, qtbot, cluster: RunningCluster) -> None:  # type: ignore[no-untyped-def]
    window = attach_window_factory()
    window.attach.store.save(ConnectionProfile("staging", cluster.bootstrap, colour="#0072B2"))
    window.attach.connect_action.trigger()
    d = window.attach.dialog
    assert d is not None and d.isVisible()
    d.load_profile("staging")
    d.connect_cluster()
    qtbot.waitUntil(lambda: window.session.state == "running" and window.image is not None
                    and len(window.image.brokers) == 3, timeout=20_000)
    assert window.attach.badge.text().startswith("● staging") and "#0072B2" in window.attach.badge.styleSheet()
    assert window.data.cluster_name == "staging" and window.data.bootstrap is not None
    # the menu lists the lab and the saved profile, the one shown checked
    window.attach._fill_menu()
    checked = [a.text() for a in window.attach.menu.actions() if a.isCheckable() and a.isChecked()]
    assert checked == ["staging"]


def test_the_connection_settings_reach_every_client_of_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A profile's TLS settings go to the admin client, the message browser's consumer, the produce
    dialog's producer and the app's consumers: librdkafka refuses a CA file that does not exist."""
    import pytest

    from clients.fleet import ConsumerFleet
    from gui.data_clients import DataClients
    from gui.dialogs.produce import _sender
    from gui.views.browser_controller import _reader

    missing = str(tmp_path / "missing-ca.pem")
    data = DataClients()
    data.set_bootstrap("127.0.0.1:1")
    data.set_connection({"security.protocol": "SSL", "ssl.ca.location": missing}, "read-only profile", "prod")
    assert (data.read_only, data.cluster_name) == ("read-only profile", "prod")
    job = data.admin(lambda a: a.topic_names())
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert "ssl.ca.location" in str(job.error)
    with pytest.raises(Exception, match="ssl.ca.location"):
        _reader("127.0.0.1:1", data.connection)
    with pytest.raises(Exception, match="ssl.ca.location"):
        _sender("127.0.0.1:1", data.connection)._producer("all")
    fleet = ConsumerFleet()
    (member,) = fleet.start("127.0.0.1:1", "g", "t", 1, settings=data.connection)
    qtbot.waitUntil(lambda: not member.running and bool(member.error), timeout=10_000)
    assert "ssl.ca.location" in member.error
    data.shutdown()
