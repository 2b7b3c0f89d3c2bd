"""Issue 16 in the groups view: a group's lag never counts the records of an open transaction as consumable.
A real transactional producer (confluent-kafka) holds a transaction open on the partition a group has committed
offset 2 in; the lag is the last stable offset − 2 (what a read_committed consumer can still read), the open
records shown beside it; once the transaction commits, they count."""

from __future__ import annotations

from confluent_kafka import Consumer, Producer, TopicPartition

from gui.models.group_models import GroupOffsetsModel

TOPIC = "txn-lag"
GROUP = "readers"


def test_lag_uses_the_last_stable_offset(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 3, {}))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    bootstrap = window.data.bootstrap
    plain = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i in range(5):
        plain.produce(TOPIC, value=f"order-{i}".encode(), partition=0)
    assert plain.flush(15) == 0
    group = Consumer({"bootstrap.servers": bootstrap, "group.id": GROUP, "isolation.level": "read_committed",
                      "enable.auto.commit": False})
    try:
        group.commit(offsets=[TopicPartition(TOPIC, 0, 2)], asynchronous=False)
    finally:
        group.close()

    txn = Producer({"bootstrap.servers": bootstrap, "transactional.id": "lag-app", "log_level": 3})
    txn.init_transactions(30)
    txn.begin_transaction()
    for i in range(4):
        txn.produce(TOPIC, value=f"pending-{i}".encode(), partition=0)
    assert txn.flush(30) == 0  # appended (and replicated): the high watermark is 9, the LSO stays 5

    view = window.groups_view
    window.groups_dock.show()
    window.groups_dock.raise_()
    qtbot.waitUntil(lambda: view.select_group(GROUP), timeout=15_000)
    model = view.offsets

    def cell(col: int) -> str:
        return str(model.data(model.index(0, col))) if model.rowCount() == 1 else ""

    qtbot.waitUntil(lambda: cell(GroupOffsetsModel.LOG_END) == "9", timeout=15_000)
    assert cell(GroupOffsetsModel.COMMITTED) == "2"
    assert cell(GroupOffsetsModel.LAG) == "3 (+4 in open transactions)"
    tip = str(model.data(model.index(0, GroupOffsetsModel.LAG), 3))  # ToolTipRole
    assert tip.startswith("Last stable offset 5: 4 records above it are in open transactions")
    assert window.groups_view.groups.group(GROUP).total_lag == 3
    engine_group = next(g for g in window.image.groups if g.group_id == GROUP)
    assert engine_group.total_lag == 3 and engine_group.offsets[0].log_end_offset == 5  # the engine's image too

    txn.commit_transaction(30)  # the COMMIT marker at offset 9: LSO = HW = 10
    qtbot.waitUntil(lambda: cell(GroupOffsetsModel.LAG) == "8", timeout=15_000)
    assert cell(GroupOffsetsModel.LOG_END) == "10"
    assert next(g for g in window.image.groups if g.group_id == GROUP).total_lag == 8
