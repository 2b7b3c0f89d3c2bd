"""Records survive a clean restart and a `kill -9` of `kafkalab serve`; a torn tail is truncated."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ServeProcess, wait_for
from tests.integration.clients import consume_confluent, create_topic, produce_confluent

Serve = Callable[[list[str]], ServeProcess]


def test_clean_restart_recovers_every_topic_and_record(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    create_topic(sp.bootstrap, "kept", partitions=3)
    create_topic(sp.bootstrap, "also-kept", partitions=1, config={"retention.ms": "86400000"})
    produce_confluent(sp.bootstrap, "kept", [(str(i).encode(), b"v%d" % i) for i in range(3000)])
    produce_confluent(sp.bootstrap, "also-kept", [(None, b"w%d" % i) for i in range(10)])
    assert sp.stop() == 0
    assert glob.glob(str(data / "broker-*" / ".kafka_cleanshutdown"))

    sp2 = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    got = consume_confluent(sp2.bootstrap, "kept", 3000)
    assert sorted(v or b"" for _p, _o, _k, v in got) == sorted(b"v%d" % i for i in range(3000))
    assert [v for *_x, v in consume_confluent(sp2.bootstrap, "also-kept", 10)] == [b"w%d" % i for i in range(10)]
    # offsets continue after the recovered end
    placed = produce_confluent(sp2.bootstrap, "also-kept", [(None, b"after")])
    assert placed == [(0, 10)]


def test_kill_9_keeps_everything_acked_with_flush_messages_1(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data),
                        "--config", "log.flush.interval.messages=1"])
    create_topic(sp.bootstrap, "durable", partitions=3)
    acked = produce_confluent(sp.bootstrap, "durable", [(str(i).encode(), b"d%d" % i) for i in range(2000)],
                              acks="all")
    assert len(acked) == 2000
    sp.kill9()
    assert not glob.glob(str(data / "broker-*" / ".kafka_cleanshutdown"))

    sp2 = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    got = consume_confluent(sp2.bootstrap, "durable", 2000)
    assert sorted(v or b"" for *_x, v in got) == sorted(b"d%d" % i for i in range(2000))


def test_torn_tail_after_a_crash_is_truncated_not_fatal(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(["--brokers", "1", "--port", "0", "--data-dir", str(data)])
    create_topic(sp.bootstrap, "torn", partitions=1)
    for start in range(0, 100, 25):  # four separate batches
        produce_confluent(sp.bootstrap, "torn", [(None, b"t%d" % i) for i in range(start, start + 25)])
    sp.kill9()
    [segment] = glob.glob(str(data / "broker-0" / "torn-0" / "*.log"))
    size = os.path.getsize(segment)
    with open(segment, "r+b") as f:  # a crash in the middle of writing the last batch
        f.truncate(size - 7)
    sp2 = serve_factory(["--brokers", "1", "--port", "0", "--data-dir", str(data)])
    got = consume_confluent(sp2.bootstrap, "torn", 100, timeout=5)
    values = [v for *_x, v in got]
    assert len(values) == 75  # the torn last batch is gone, everything before it is intact
    assert values == [b"t%d" % i for i in range(len(values))]
    placed = produce_confluent(sp2.bootstrap, "torn", [(None, b"next")])
    assert placed == [(0, len(values))]


def test_a_restarted_lab_has_its_leaders_back_on_their_preferred_brokers(serve_factory: Serve, tmp_path: Path) -> None:
    """The first broker to register after a restart was elected leader of everything (the app showed
    "Leaders 54" on one broker card and 0 on the others after every start); the lab runs Kafka's
    preferred-leader check once every broker is up."""
    from confluent_kafka.admin import AdminClient

    data = tmp_path / "data"
    sp = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    create_topic(sp.bootstrap, "spread", partitions=6, rf=3)
    assert sp.stop() == 0
    sp2 = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    admin = AdminClient({"bootstrap.servers": sp2.bootstrap})

    def leaders() -> dict[int, tuple[int, int]]:
        partitions = admin.list_topics("spread", timeout=10).topics["spread"].partitions
        return {p.id: (p.leader, p.replicas[0]) for p in partitions.values()}

    # once the other brokers are back in the ISRs (about a second), not 300 s later
    wait_for(lambda: len(leaders()) == 6 and all(lead == preferred for lead, preferred in leaders().values()),
             timeout=20, what="every partition led by its preferred replica")
    assert len({lead for lead, _ in leaders().values()}) == 3
