"""Compacted topics on a running broker: the log cleaner keeps only the latest record of each key
(offsets keep their numbers), and ``__consumer_offsets`` shrinks after many commits while the
group's committed offset stays what was last committed."""

from __future__ import annotations

import os

from confluent_kafka import Consumer, TopicPartition

from engine.observe.events import LogCleaned
from engine.observe.snapshot import take_snapshot
from engine.protocol.records import iter_batches
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, consume_confluent, create_topic, produce_confluent

CONFIG = {"log.cleaner.backoff.ms": "50", "offsets.topic.num.partitions": "1", "offsets.topic.segment.bytes": "4096",
          "transaction.state.log.num.partitions": "1"}
TOPIC_CONFIG = {"cleanup.policy": "compact", "segment.bytes": "1024", "min.cleanable.dirty.ratio": "0.01"}


def _cleaned(cluster: RunningCluster, topic: str) -> list[LogCleaned]:
    return [e for e in list(cluster.cluster.bus.history) if isinstance(e, LogCleaned) and e.topic == topic]


def test_compacted_topic_keeps_the_latest_per_key_and_offsets_shrink(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(brokers=1, config=CONFIG)
    bs = cluster.bootstrap
    create_topic(bs, "compacted", partitions=1, rf=1, config=TOPIC_CONFIG)
    produce_confluent(bs, "compacted", [(f"k{k}".encode(), f"v{v}".encode()) for v in range(40) for k in range(5)])
    produce_confluent(bs, "compacted", [(b"roll", b"x" * 1100)])  # closes the segment holding the last versions
    wait_for(lambda: _cleaned(cluster, "compacted"), 15, "the cleaner compacting the topic")
    unified = cluster.cluster.brokers[0].log_manager.logs[("compacted", 0)]  # type: ignore[union-attr]
    wait_for(lambda: cluster.call(lambda: sum(s.size for s in unified.segments)) < 2000, 15, "the log to shrink")
    records = consume_confluent(bs, "compacted", 6, timeout=15)
    assert [(k, v) for _p, _o, k, v in records[:5]] == [(f"k{k}".encode(), b"v39") for k in range(5)]
    assert [o for _p, o, _k, _v in records] == [195, 196, 197, 198, 199, 200]  # offsets keep their numbers
    assert cluster.call(lambda: unified.log_end_offset) == 201
    image = cluster.call(lambda: take_snapshot(cluster.cluster))
    assert image.topic("compacted").partitions[0].replica_states[0].cleaner_offset > 0  # type: ignore[attr-defined]

    # __consumer_offsets is compacted too: many commits of one group shrink to the latest
    c = Consumer({"bootstrap.servers": bs, "group.id": "committer", "enable.auto.commit": False, **QUIET})
    try:
        for i in range(300):
            c.commit(offsets=[TopicPartition("compacted", 0, i)], asynchronous=False)
    finally:
        c.close()
    wait_for(lambda: sum(e.records_removed for e in _cleaned(cluster, "__consumer_offsets")) > 200, 15,
             "the cleaner compacting __consumer_offsets")
    offsets_log = cluster.cluster.brokers[0].log_manager.logs[("__consumer_offsets", 0)]  # type: ignore[union-attr]
    cleaned = _cleaned(cluster, "__consumer_offsets")
    assert cluster.call(lambda: sum(s.size for s in offsets_log.segments)) < sum(e.bytes_before for e in cleaned)
    # a restarted broker opens the compacted logs (holes and all) and the coordinator reloads the group
    cluster.engine.run(cluster.cluster.stop_broker(0))
    cluster.engine.run(cluster.cluster.start_broker(0))
    c = Consumer({"bootstrap.servers": bs, "group.id": "committer", **QUIET})
    try:
        assert c.committed([TopicPartition("compacted", 0)], timeout=20)[0].offset == 299
    finally:
        c.close()
    assert [(k, v) for _p, _o, k, v in consume_confluent(bs, "compacted", 6, timeout=15)][:5] == \
        [(f"k{k}".encode(), b"v39") for k in range(5)]


def test_the_cleaner_offset_survives_a_restart(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    """``cleaner-offset-checkpoint`` (Kafka's format) is written after cleaning and read at start:
    the restarted broker knows where the clean part ends and does not clean it again."""
    cluster = cluster_factory(brokers=1, config=CONFIG)
    bs = cluster.bootstrap
    for topic in ("compacted", "witness"):
        create_topic(bs, topic, partitions=1, rf=1, config=TOPIC_CONFIG)
    produce_confluent(bs, "compacted", [(f"k{k}".encode(), f"v{v}".encode()) for v in range(40) for k in range(5)])
    produce_confluent(bs, "compacted", [(b"roll", b"x" * 1100)])
    broker = cluster.cluster.brokers[0]
    unified = broker.log_manager.logs[("compacted", 0)]  # type: ignore[union-attr]
    wait_for(lambda: cluster.call(lambda: unified.cleaner_offset) == 200, 15, "the cleaner reaching the last segment")
    checkpoint = broker.log_dir / "cleaner-offset-checkpoint"
    wait_for(lambda: checkpoint.exists() and "compacted 0 200\n" in checkpoint.read_text(), 10, "the checkpoint")
    lines = checkpoint.read_text().splitlines()
    assert lines[:2] == ["0", str(len(lines) - 2)]  # version 0, then the entry count
    cleaned_before = len(_cleaned(cluster, "compacted"))

    cluster.engine.run(cluster.cluster.stop_broker(0))
    cluster.engine.run(cluster.cluster.start_broker(0))

    def cleaner_offset() -> int:
        image = cluster.call(lambda: take_snapshot(cluster.cluster))
        return image.topic("compacted").partitions[0].replica_states[0].cleaner_offset  # type: ignore[attr-defined,no-any-return]

    wait_for(lambda: cleaner_offset() == 200, 15, "the restarted broker's image")
    # two cleanings of another log: the cleaner has passed over every log in between
    for round_ in range(2):
        produce_confluent(bs, "witness", [(b"w", f"{round_}-{v}".encode() * 20) for v in range(30)])
        produce_confluent(bs, "witness", [(b"roll", b"x" * 1100)])  # closes the segment with the new data
        wait_for(lambda n=round_: len(_cleaned(cluster, "witness")) > n, 15, "the cleaner cleaning the witness")
    assert len(_cleaned(cluster, "compacted")) == cleaned_before  # the clean part was not cleaned again
    assert cleaner_offset() == 200


def test_rewritten_batches_keep_their_compression(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    """A compressed batch that keeps some of its records is written again with the same codec, and
    a client reads the kept records from it."""
    cluster = cluster_factory(brokers=1, config=CONFIG)
    bs = cluster.bootstrap
    broker = cluster.cluster.brokers[0]
    codecs = {"gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
    for name in codecs:
        create_topic(bs, name, partitions=1, rf=1, config=TOPIC_CONFIG)
        produce_confluent(bs, name, [(f"k{k}".encode(), f"{name}-v{v}".encode()) for v in range(40) for k in range(5)],
                          **{"compression.type": name, "linger.ms": 50})
        produce_confluent(bs, name, [(b"roll", os.urandom(1100))])  # closes the segment (incompressible)
    for name, codec in codecs.items():
        unified = broker.log_manager.logs[(name, 0)]  # type: ignore[union-attr]
        wait_for(lambda u=unified: cluster.call(lambda: u.cleaner_offset) == 200, 15, f"the cleaner cleaning {name}")
        headers = [h for _pos, h in iter_batches(unified.segments[0].path.read_bytes())]
        assert headers and all(h.compression == codec for h in headers), (name, headers)
        assert sum(h.record_count for h in headers) == 5
        records = consume_confluent(bs, name, 6, timeout=15)
        assert [(o, k, v) for _p, o, k, v in records[:5]] == \
            [(195 + k, f"k{k}".encode(), f"{name}-v39".encode()) for k in range(5)]
