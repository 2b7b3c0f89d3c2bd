"""Which cluster am I on: the status line names an external cluster in a colour of its own (the
profile's), says read-only, the window title names it, and a destructive confirmation names the
cluster it would change; the embedded lab keeps the usual colours."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from clients.admin import ClusterAdmin
from clients.profiles import ConnectionProfile
from gui.dialogs.reset_offsets import ResetOffsetsDialog
from gui.external_session import AttachTarget
from gui.widgets.cluster_badge import DEFAULT_EXTERNAL_COLOUR, ClusterBadge, text_colour
from tests.conftest import RunningCluster
from tests.gui import attach_fixtures

attach_window_factory = attach_fixtures.attach_window_factory  # the fixture, for this module


def test_badge_colours(qtbot) -> None:  # type: ignore[no-untyped-def]
    badge = ClusterBadge()
    qtbot.addWidget(badge)
    assert badge.text() == "Embedded lab" and badge.styleSheet() == ""  # the app's usual look
    badge.show_external("", "kafka-1:9092", read_only=False)
    assert badge.text() == "● kafka-1:9092" and DEFAULT_EXTERNAL_COLOUR in badge.styleSheet()
    badge.show_external("production", "kafka-1:9092", read_only=True, colour="#ffd400")
    assert badge.text() == "● production · kafka-1:9092 · read-only"
    assert "background: #ffd400; color: #000000" in badge.styleSheet()  # black on yellow, white on dark
    assert text_colour("#1a1a6e") == "#ffffff"
    badge.show_embedded()
    assert badge.text() == "Embedded lab" and badge.styleSheet() == ""


def test_the_window_names_the_cluster_and_so_do_confirmations(
        attach_window_factory: Any, qtbot, cluster: RunningCluster, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ClusterAdmin(cluster.bootstrap).create_topic("payments", 3, 3)
    window = attach_window_factory()
    assert window.attach.badge.text() == "Embedded lab"
    window.attach.store.save(ConnectionProfile("staging-eu", cluster.bootstrap, colour="#0072B2"))
    assert window.attach.attach_profile("staging-eu")
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic("payments") is not None, timeout=20_000)
    badge = window.attach.badge
    assert badge.text() == f"● staging-eu · {cluster.bootstrap}" and "#0072B2" in badge.styleSheet()
    assert window.statusBar().isAncestorOf(badge) and badge.isVisible()
    assert window.windowTitle() == "Kafka Lab — staging-eu"

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.topics_view.select_topic("payments")
    window.topics_view.delete_button.click()
    assert asked == ["Delete topic payments and all its records on cluster staging-eu? This cannot be undone."]
    assert window.image.topic("payments") is not None
    reset = ResetOffsetsDialog(window.data, "billing", ["payments"], window)
    assert reset.windowTitle() == "Reset offsets of billing on cluster staging-eu"
    reset.deleteLater()

    # read-only: the status line says so, and there is nothing left to confirm
    window.attach.attach(AttachTarget(cluster.bootstrap, name="production", read_only=True))
    qtbot.waitUntil(lambda: window.session.state == "running" and window.image is not None, timeout=20_000)
    assert badge.text().endswith("· read-only") and "production" in window.windowTitle()
    assert window.topics_view.select_topic("payments")
    assert not window.topics_view.delete_button.isEnabled()
