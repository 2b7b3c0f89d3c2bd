"""The partition log view with transactions (KIP-98): committed and aborted transactions and their
markers on the strip, the LSO held back by an open transaction, and the transaction coordinator's
events in the event log — the picture a lesson on exactly-once shows."""

from __future__ import annotations

from confluent_kafka import Producer

from gui.views.partition_log_view import PartitionLogView
from tests.gui.shots import screenshot_dir

TOPIC = "payments"
SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean


def test_strip_marks_transactions_and_the_lso(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(brokers=1)
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 1, {}))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    p = Producer({"bootstrap.servers": window.data.bootstrap, "transactional.id": "payments-app", "linger.ms": 5,
                  "log_level": 3})
    p.init_transactions(30)
    for n, commit in ((10, True), (5, False), (3, None)):  # commit 10, abort 5, leave 3 open
        p.begin_transaction()
        for i in range(n):
            p.produce(TOPIC, value=f"payment-{i}".encode(), partition=0)
        p.flush(30)
        if commit is True:
            p.commit_transaction(30)
        elif commit is False:
            p.abort_transaction(30)

    window.show_partition_log(TOPIC, 0)
    view: PartitionLogView = window.partition_view
    qtbot.waitUntil(lambda: view.strip.state is not None and len(view.strip.state.transactions) == 3
                    and view.strip.state.high_watermark == 20, timeout=15_000)
    s = view.strip.state
    assert s is not None
    assert s.transactions == ((0, 10, True), (11, 16, False), (17, -1, False))
    assert s.last_stable == 17  # read_committed consumers stop at the open transaction
    qtbot.waitUntil(lambda: sum(r.kind == "TransactionEnded" for r in window.event_model.rows()) == 2,
                    timeout=10_000)
    details = [r.details for r in window.event_model.rows() if r.kind == "TransactionEnded"]
    assert any("committed" in d for d in details) and any("aborted" in d for d in details)
    assert any(r.kind == "TransactionBegun" and "payments-app" in r.details for r in window.event_model.rows())
    window.partition_dock.raise_()
    view.resize(1000, 420)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SHOTS / "partition_log_transactions.png"))
    p.abort_transaction(30)
