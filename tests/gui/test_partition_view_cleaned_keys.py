"""The partition log view of a compacted partition: after the log cleaner ran, "Keys after cleaning"
lists the keys kept in the clean part with their latest offsets, read through the Kafka protocol
off the GUI thread, and reads them again when the partition is cleaned again."""

from __future__ import annotations

from confluent_kafka import Producer

from gui.views.partition_log_view import PartitionLogView
from tests.gui.shots import screenshot_dir

TOPIC = "profiles"
SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean
CONFIG = {"cleanup.policy": "compact", "segment.bytes": "1024", "min.cleanable.dirty.ratio": "0.01"}


def test_keys_after_cleaning(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(brokers=1, extra_args=("--config", "log.cleaner.backoff.ms=50"))
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 1, CONFIG))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    p = Producer({"bootstrap.servers": window.data.bootstrap, "linger.ms": 0, "log_level": 3})
    for v in range(40):  # 5 keys × 40 versions
        for k in range(5):
            p.produce(TOPIC, key=f"user-{k}".encode(), value=f"profile v{v}".encode(), partition=0)
    p.produce(TOPIC, key=b"user-4", value=None, partition=0)  # user-4 deleted: a tombstone
    assert p.flush(15) == 0
    p.produce(TOPIC, key=b"roll", value=b"x" * 1100, partition=0)  # closes the segment with the last versions
    assert p.flush(15) == 0

    window.show_partition_log(TOPIC, 0)
    view: PartitionLogView = window.partition_view
    panel = view.cleaned_keys
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown[3] == 201, timeout=20_000)
    rows = [(r.key, r.offset, r.tombstone) for r in panel.model.rows()]
    assert rows == [(b"user-0", 195, False), (b"user-1", 196, False), (b"user-2", 197, False),
                    (b"user-3", 198, False), (b"user-4", 200, True)]
    assert panel.isVisible() and view.strip.state is not None and view.strip.state.cleaned_to == 201
    assert panel.model.data(panel.model.index(0, 2)) == "11 bytes"
    assert "5 key(s)" in panel.status.text()

    # cleaned again (a LogCleaned event): the table follows
    reads = panel.reads
    for k in range(2):
        p.produce(TOPIC, key=f"user-{k}".encode(), value=b"profile v40", partition=0)
    assert p.flush(15) == 0
    p.produce(TOPIC, key=b"roll", value=b"y" * 1100, partition=0)
    assert p.flush(15) == 0
    qtbot.waitUntil(lambda: panel.reads > reads and [r.offset for r in panel.model.rows()][-2:] == [202, 203],
                    timeout=20_000)
    assert sorted(r.key for r in panel.model.rows()) == [b"roll", b"user-0", b"user-1", b"user-2", b"user-3",
                                                         b"user-4"]

    window.partition_dock.raise_()
    view.resize(1000, 520)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SHOTS / "partition_log_cleaned_keys-en.png"))
    window.set_language("ko")
    qtbot.waitUntil(lambda: panel.title.text() == "정리 후 남은 키", timeout=5_000)
    assert view.grab().save(str(SHOTS / "partition_log_cleaned_keys-ko.png"))
    window.set_language("en")
