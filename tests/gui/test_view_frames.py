"""The rows users see when the big tables are built off the GUI thread (``gui.view_frames``), on a live engine:
the topic filter's results as you type, the placement grid after a leader change, and a group's lag —
each the same as a model built from scratch on the same image."""

from __future__ import annotations

from confluent_kafka import Consumer, Producer, TopicPartition
from PySide6.QtCore import Qt

from engine.control.commands import KillBroker
from gui.models.group_models import GroupListModel
from gui.models.placement_model import PlacementModel, ReplicaState
from gui.models.topics_model import NAME, RECORDS, TopicsModel

GROUP = "frame-readers"


def shown_topics(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.topics_view.proxy
    return [proxy.index(r, NAME).data() for r in range(proxy.rowCount())]


def test_rows_built_off_the_gui_thread_are_what_the_views_show(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for name in ("orders-eu", "orders-us", "payments"):
        job = window.data.admin(lambda a, name=name: a.create_topic(name, 3, 3))
        qtbot.waitUntil(lambda job=job: job.finished, timeout=10_000)
        assert job.error is None, job.error
    producer = Producer({"bootstrap.servers": window.data.bootstrap, "linger.ms": 5})
    for i in range(30):
        producer.produce("orders-eu", value=f"o-{i}".encode(), partition=i % 3)
    assert producer.flush(10) == 0
    consumer = Consumer({"bootstrap.servers": window.data.bootstrap, "group.id": GROUP})
    try:  # committed 4 of the 10 records in each partition: lag 6 × 3
        consumer.commit(offsets=[TopicPartition("orders-eu", p, 4) for p in range(3)], asynchronous=False)
    finally:
        consumer.close()

    # the images reach the views through the frames' worker thread
    view = window.topics_view
    qtbot.waitUntil(lambda: {"orders-eu", "orders-us", "payments"} <= set(shown_topics(window)), timeout=15_000)
    assert window.view_frames.images_built > 0

    # the filter, typed in capitals, matches names case-insensitively; erased, every topic is back
    qtbot.keyClicks(view.filter_box, "ORDERS")
    assert shown_topics(window) == ["orders-eu", "orders-us"]
    assert view.count_label.text() == f"2 of {view.model.rowCount()} topics"
    qtbot.keyClicks(view.filter_box, "-US")
    assert shown_topics(window) == ["orders-us"]
    view.filter_box.clear()
    assert "payments" in shown_topics(window)
    def orders_row():  # type: ignore[no-untyped-def]
        r = view.model.rows()[view.model.row_of("orders-eu")]
        return r.partitions, r.replication_factor, r.records

    qtbot.waitUntil(lambda: orders_row() == (3, 3, 30), timeout=10_000)  # once the high watermarks are in an image
    assert view.model.index(view.model.row_of("orders-eu"), RECORDS).data() == "30"
    # … and after more images arrived, the filter still holds
    qtbot.keyClicks(view.filter_box, "pay")
    seen = window.view_frames.images_built
    producer.produce("orders-eu", value=b"one more", partition=0)
    assert producer.flush(10) == 0
    qtbot.waitUntil(lambda: window.view_frames.images_built > seen and window.image is window.bridge.image,
                    timeout=10_000)
    assert shown_topics(window) == ["payments"]

    # the group's lag, as the group list shows it
    groups = window.groups_view.groups
    qtbot.waitUntil(lambda: groups.group(GROUP) is not None, timeout=15_000)
    row_of = groups.row_of(GROUP)
    qtbot.waitUntil(lambda: groups.index(groups.row_of(GROUP), GroupListModel.LAG).data() == "19", timeout=10_000)
    assert groups.index(row_of, GroupListModel.TOPICS).data() == "orders-eu"

    # a leader change: the grid's row for payments-0 follows, as a grid built from scratch would show it
    grid = window.cluster_view.model
    old = grid.partition_at(grid.row_of("payments", 0)).leader  # type: ignore[union-attr]
    window.run_command(KillBroker(broker_id=old))

    def moved() -> bool:
        p = grid.partition_at(grid.row_of("payments", 0))
        return p is not None and p.leader not in (old, -1)

    qtbot.waitUntil(moved, timeout=20_000)
    r = grid.row_of("payments", 0)
    new = grid.partition_at(r).leader  # type: ignore[union-attr]
    assert grid.index(r, 1).data() == str(new)
    assert grid.cell("payments", 0, new).state == ReplicaState.LEADER  # type: ignore[union-attr]
    assert grid.cell("payments", 0, old).state == ReplicaState.OFFLINE  # type: ignore[union-attr]
    assert grid.flash_level(("payments", 0)) > 0  # the row flashed
    image = grid.image
    assert image is not None
    scratch = PlacementModel()
    scratch.set_image(image)
    assert scratch.partitions() == grid.partitions()
    assert all(grid.cell(p.topic, p.partition, b) == scratch.cell(p.topic, p.partition, b)
               for p in grid.partitions() for b in grid.brokers)
    assert all(grid.index(i, c).data(Qt.ItemDataRole.DisplayRole) == scratch.index(i, c).data()
               for i in range(grid.rowCount()) for c in range(grid.columnCount()))
    topics = TopicsModel()
    topics.set_image(window.image)
    assert topics.rows() == view.model.rows()


def test_a_burst_of_images_ends_on_the_newest(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Images submitted faster than they are built: the views are handed images in order, the newest last."""
    from engine.observe import BrokerImage, ClusterImage, PartitionImage, ReplicaImage, TopicImage
    from gui.view_frames import ViewFrames

    def image(t: int, leader: int) -> ClusterImage:
        replicas = tuple(ReplicaImage(b, True, True, b == leader, 0, t, t, 0, 0) for b in (0, 1, 2))
        parts = tuple(PartitionImage("burst", i, leader, t, (0, 1, 2), (0, 1, 2), replicas) for i in range(200))
        brokers = tuple(BrokerImage(b, "h", 9092 + b, "running", b == 0, 0, 0, 0, 0, 0, 0, "") for b in range(3))
        return ClusterImage(t, "c", 0, 0, brokers, (TopicImage("burst", "", False, parts, {}),), ())

    topics, grid = TopicsModel(), PlacementModel()
    frames = ViewFrames([topics.builder, grid.builder])
    shown: list[int] = []

    def take(img: ClusterImage) -> None:
        topics.set_image(img)
        grid.set_image(img)
        shown.append(img.time_ms)

    frames.imageReady.connect(take)
    burst = [image(t, t % 3) for t in range(1, 21)]
    for img in burst:
        frames.submit(img)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 20, timeout=10_000)
    assert shown == sorted(shown) and len(shown) <= len(burst)
    assert topics.rows()[0].records == 20 * 200  # the newest image's rows
    assert grid.partition_at(0).leader == 20 % 3  # type: ignore[union-attr]
    assert grid.cell("burst", 0, 20 % 3).state == ReplicaState.LEADER  # type: ignore[union-attr]
    frames.stop()


def test_an_image_built_before_the_engine_died_is_not_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    """An image still on the worker when the engine dies (discard) never reaches the views: a frame landing after
    the death set the status line back to "3/3 brokers up" over "No cluster" (test_engine_death, in CI)."""
    import threading

    from engine.observe import BrokerImage, ClusterImage
    from gui.view_frames import ViewFrames

    building, release = threading.Event(), threading.Event()

    class SlowBuilder:
        def prepare(self, image: ClusterImage) -> None:
            building.set()
            release.wait(10)

    def image(t: int) -> ClusterImage:
        brokers = tuple(BrokerImage(b, "h", 9092 + b, "running", b == 0, 0, 0, 0, 0, 0, 0, "") for b in range(3))
        return ClusterImage(t, "c", 0, 0, brokers, (), ())

    frames = ViewFrames([SlowBuilder()])
    shown: list[int] = []
    frames.imageReady.connect(lambda img: shown.append(img.time_ms))
    frames.submit(image(1))
    assert building.wait(10)
    frames.submit(image(2))  # waiting behind it
    frames.discard()  # the engine died
    release.set()
    frames.submit(image(3))  # the restarted engine's first image
    qtbot.waitUntil(lambda: shown == [3], timeout=10_000)
    frames.stop()
