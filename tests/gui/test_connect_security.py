"""The Connect dialog through a secured listener, for real: a ``kafkalab serve --listener SASL_SSL://…``
process started as an external cluster; a profile with SCRAM-SHA-512 and the lab CA file first with a
wrong password (the test-connection line names Kafka's error), then the right one: Connect attaches
the window and the topics view shows the cluster's topics, the brokers at their SASL_SSL ports."""

from __future__ import annotations

from typing import Any

from clients.admin import ClusterAdmin
from tests.conftest import start_serve
from tests.gui import attach_fixtures
from tests.gui.shots import screenshot_dir
from tests.integration.attach_support import security_lines

PASSWORD = "alice-s3cret"
attach_window_factory = attach_fixtures.attach_window_factory  # the fixture, for this module


def test_connect_dialog_attaches_through_sasl_ssl(attach_window_factory: Any, qtbot) -> None:  # type: ignore[no-untyped-def]
    sp = start_serve(["--brokers", "2", "--port", "0", "--temp", "--log-level", "WARNING",
                      "--listener", "SASL_SSL://:0", "--sasl-user", f"alice:{PASSWORD}"])
    try:
        lines = security_lines(sp)
        secure_ports = sorted(int(hp.rsplit(":", 1)[1]) for hp in lines["SASL_SSL"].split(","))
        admin = ClusterAdmin(sp.bootstrap)
        admin.create_topic("payments", 3, 2)
        admin.create_topic("audit-trail", 1, 2)
        window = attach_window_factory()
        window.attach.connect_action.trigger()
        d = window.attach.dialog
        assert d is not None and d.isVisible()
        d.name.setText("secure-lab")
        d.bootstrap.setText(lines["SASL_SSL"])
        d.protocol.setCurrentText("SASL_SSL")
        d.mechanism.setCurrentText("SCRAM-SHA-512")
        d.username.setText("alice")
        d.password.setText("not-the-password")
        d.ca_file.setText(lines["ca"])

        with qtbot.waitSignal(d.testFinished, timeout=20_000) as failed:
            d.test_connection()
        assert failed.args[0] is False
        assert d.status.text().startswith("Cannot connect: SASL_AUTHENTICATION_FAILED"), d.status.text()
        assert "Invalid user credentials" in d.status.text()
        shots = screenshot_dir()
        assert d.grab().save(str(shots / "connect-sasl-wrong-password.png"))

        d.password.setText(PASSWORD)
        with qtbot.waitSignal(d.testFinished, timeout=20_000) as ok:
            d.test_connection()
        assert ok.args[0] is True and "2 brokers" in d.status.text(), d.status.text()
        d.connect_cluster()
        qtbot.waitUntil(lambda: window.session.state == "running" and window.image is not None
                        and window.image.topic("payments") is not None
                        and window.image.topic("audit-trail") is not None, timeout=30_000)
        assert window.topics_view.model.row_of("payments") >= 0 and window.topics_view.model.row_of("audit-trail") >= 0
        assert sorted(b.port for b in window.image.brokers) == secure_ports  # only the secure listener
        assert window.attach.badge.text().startswith("● secure-lab")
        qtbot.waitUntil(lambda: window.topics_view.model.rows()[window.topics_view.model.row_of("payments")]
                        .partitions == 3, timeout=10_000)
        window.topics_dock.raise_()
        qtbot.waitUntil(lambda: window.topics_view.isVisible(), timeout=5_000)
        assert window.grab().save(str(shots / "attach-sasl-ssl-topics.png"))
    finally:
        sp.stop()
