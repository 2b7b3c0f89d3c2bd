"""Retention by retention.ms / retention.bytes deletes old segments; consumers from earliest start
at the new log start offset."""

from __future__ import annotations

import time

from confluent_kafka import Producer

from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import consume_confluent, create_topic, produce_confluent


def _log_start(cluster: RunningCluster, topic: str) -> int:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    t = image.topic(topic)  # type: ignore[attr-defined]
    assert t is not None
    return min(r.log_start_offset for p in t.partitions for r in p.replica_states if r.is_leader)


def test_retention_bytes_deletes_old_segments(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(brokers=1, config={"log.retention.check.interval.ms": "100"})
    bs = cluster.bootstrap
    create_topic(bs, "small", partitions=1, config={"segment.bytes": "2000", "retention.bytes": "4000"})
    for start in range(0, 400, 20):
        produce_confluent(bs, "small", [(None, b"%05d" % i + b"." * 90) for i in range(start, start + 20)])
    start = wait_for(lambda: _log_start(cluster, "small") or None, 10, "log start offset to advance")
    assert isinstance(start, int) and 0 < start < 400
    got = consume_confluent(bs, "small", 400 - start, timeout=10)
    assert got[0][1] == start
    assert got[0][3] == b"%05d" % start + b"." * 90
    assert len(got) == 400 - start


def test_retention_ms_deletes_expired_segments(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster = cluster_factory(brokers=1, config={"log.retention.check.interval.ms": "100"})
    bs = cluster.bootstrap
    create_topic(bs, "short-lived", partitions=1, config={"segment.bytes": "1000", "retention.ms": "1000"})
    old_ts = [(None, b"old%d" % i) for i in range(50)]
    # records stamped an hour ago are already past retention.ms
    p = Producer({"bootstrap.servers": bs, "log_level": 3})
    hour_ago = int(time.time() * 1000) - 3_600_000
    for k, v in old_ts:
        p.produce("short-lived", key=k, value=v, timestamp=hour_ago)
        p.flush(10)
    produce_confluent(bs, "short-lived", [(None, b"new")])
    start = wait_for(lambda: _log_start(cluster, "short-lived") or None, 10, "expired segments to be deleted")
    assert isinstance(start, int) and start > 0
    got = consume_confluent(bs, "short-lived", 50 - start + 1, timeout=10)
    assert got[0][1] == start
    assert got[-1][3] == b"new"
