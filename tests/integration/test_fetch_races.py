"""Fetch responses are sent with sendfile from the segment files (engine.network.response_writer). Here
real consumers (confluent-kafka and kafka-python, both checking CRCs) read while the segment under a
response that is still being written is deleted by retention, or truncated (what a leader that
becomes a follower does to its log): every record they get is whole and the one produced at its
offset, and they keep reading. Plus fetches far larger than the broker's request memory pool.

Each race is made on purpose: the broker's and the consumer's socket buffers are made small, so a
1 MiB response takes many writes; the test waits (on the engine's loop) until a connection is waiting for its socket with a
region of a segment still to send, and deletes or truncates that very segment in the same step."""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest
from confluent_kafka import Consumer, KafkaError, TopicPartition
from kafka import KafkaConsumer
from kafka import TopicPartition as KTopicPartition

from engine.log.file_records import FileRecords
from engine.log.unified_log import UnifiedLog
from engine.protocol.records import build_batch, validate_batches
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, create_topic, produce_confluent

VALUE_BYTES = 2000


def value_of(n: int) -> bytes:
    """A record that shows any damage: its number, then bytes derived from it."""
    digest = hashlib.sha256(b"%d" % n).digest()
    return (b"%d:" % n + digest * (VALUE_BYTES // len(digest) + 1))[:VALUE_BYTES]


def produce(bootstrap: str, topic: str, start: int, count: int) -> None:
    produce_confluent(bootstrap, topic, [(b"%d" % n, value_of(n)) for n in range(start, start + count)],
                      **{"batch.size": 1 << 20, "linger.ms": 20})


def check(key: bytes | None, value: bytes | None, seen: list[str]) -> None:
    if key is None or value is None or value != value_of(int(key)):
        seen.append(f"damaged record: key {key!r}, value {value[:40] if value else value!r}…")


class Reader:
    """A consumer on its own thread, from the start of the partition again and again (an offset a deletion
    took away is answered OFFSET_OUT_OF_RANGE, as Kafka does, and both clients reset to the new log start)."""

    def __init__(self, kind: str, bootstrap: str, topic: str) -> None:
        self.kind, self.bootstrap, self.topic = kind, bootstrap, topic
        self.records = 0
        self.problems: list[str] = []
        self.resets = 0
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reader-{kind}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            (self._confluent if self.kind == "confluent-kafka" else self._kafka_python)()
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.problems.append(f"{type(e).__name__}: {e}")

    def _confluent(self) -> None:
        c = Consumer({"bootstrap.servers": self.bootstrap, "group.id": f"race-{self.kind}", "enable.auto.commit": False,
                      "auto.offset.reset": "earliest", "check.crcs": True, "socket.receive.buffer.bytes": 8192,
                      "fetch.queue.backoff.ms": 10, "max.partition.fetch.bytes": 1 << 20, **QUIET})
        try:
            while not self._halt.is_set():
                c.assign([TopicPartition(self.topic, 0, -2)])
                for m in c.consume(200, 0.5):
                    err = m.error()
                    if err is None:
                        check(m.key(), m.value(), self.problems)
                        self.records += 1
                    elif err.code() != KafkaError._PARTITION_EOF:
                        self.problems.append(f"consume error: {err}")
                self.resets += 1
        finally:
            c.close()

    def _kafka_python(self) -> None:
        c = KafkaConsumer(bootstrap_servers=self.bootstrap, auto_offset_reset="earliest", enable_auto_commit=False,
                          check_crcs=True, receive_buffer_bytes=8192, max_partition_fetch_bytes=1 << 20,
                          fetch_max_wait_ms=100, reconnect_backoff_ms=50)
        tp = KTopicPartition(self.topic, 0)
        c.assign([tp])
        c.seek_to_beginning(tp)
        last = -1
        try:
            # from the start again only at the end: a seek on every poll discarded the 1 MiB response still in
            # flight (kafka-python ignores records for a partition being reset), and through these small socket
            # buffers a loaded machine delivers one in more than a poll — the reader then read nothing at all
            while not self._halt.is_set():
                for batch in c.poll(timeout_ms=500, max_records=200).values():
                    for r in batch:
                        check(r.key, r.value, self.problems)
                        self.records += 1
                        last = r.offset
                end = c.highwater(tp)
                if end is not None and last + 1 >= end:
                    c.seek_to_beginning(tp)
                    last = -1
                    self.resets += 1
        finally:
            c.close()

    def stop(self) -> None:
        self._halt.set()
        self._thread.join(30)
        assert not self._thread.is_alive(), f"{self.kind} reader did not stop"


def _pending_region_segment(cluster: RunningCluster, topic: str) -> tuple[UnifiedLog, int] | None:
    """(log, segment index) of a region a connection is waiting to send, if any (run on the loop)."""
    broker = cluster.cluster.brokers[0]
    unified = broker.log_manager.logs.get((topic, 0)) if broker.log_manager else None
    if unified is None:
        return None
    for conn in broker.server.connections:
        sock = conn.transport.get_extra_info("socket") if conn.transport is not None else None
        if sock is not None and sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) > 65536:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)  # a slow network: writes queue up
        writer = conn._writer
        if writer is None or not writer.waiting:
            continue
        for part in writer._out:
            if isinstance(part, FileRecords):
                for i, seg in enumerate(unified.segments):
                    if part._truncations is seg.truncations and i < len(unified.segments) - 1:
                        return unified, i
    return None


def _race(cluster: RunningCluster, topic: str, act: Callable[[UnifiedLog, int], None], times: int) -> int:
    """Do ``act`` to the segment under a response being written, ``times`` times; returns how often."""
    done = 0

    def attempt() -> bool:
        found = _pending_region_segment(cluster, topic)
        if found is not None:
            act(*found)
        return found is not None

    for _ in range(times):
        wait_for(lambda: cluster.call(attempt), timeout=30, what="a response waiting for its socket")
        done += 1
    return done


@pytest.fixture
def racing(cluster_factory: Callable[..., RunningCluster]) -> Any:
    cluster = cluster_factory(brokers=1, config={"log.retention.check.interval.ms": "100"})
    create_topic(cluster.bootstrap, "races", config={"segment.bytes": str(3 << 20)})
    produce(cluster.bootstrap, "races", 0, 30_000)  # ≈ 60 MB in 20 segments
    return cluster


@pytest.mark.parametrize("kind", ["confluent-kafka", "kafka-python"])
def test_retention_deletes_the_segment_under_a_response(racing: RunningCluster, kind: str) -> None:
    reader = Reader(kind, racing.bootstrap, "races")
    try:
        def delete_through(unified: UnifiedLog, i: int) -> None:  # DeleteRecords up to the next segment
            unified.set_log_start_offset(unified.segments[i + 1].base_offset)

        assert _race(racing, "races", delete_through, times=4) == 4
        before = reader.records
        # (a deadline, not a speed: through 8 KiB socket buffers kafka-python reads ~100 records/s on a loaded
        # machine, so 2,000 records may take 20 s there)
        wait_for(lambda: reader.problems or reader.records > before + 2000, timeout=60,
                 what="reading on after the deletions")
    finally:
        reader.stop()
    assert not reader.problems, reader.problems[:5]
    assert reader.records > 2000


@pytest.mark.parametrize("kind", ["confluent-kafka", "kafka-python"])
def test_a_truncation_under_a_response_never_reaches_the_consumer(racing: RunningCluster, kind: str) -> None:
    reader = Reader(kind, racing.bootstrap, "races")
    next_n = [30_000]
    partition = racing.cluster.brokers[0].replica_manager.partitions[("races", 0)]  # type: ignore[union-attr]
    try:
        def truncate_inside(unified: UnifiedLog, i: int) -> None:
            seg = unified.segments[i]
            unified.truncate_to(seg.base_offset + (seg.next_offset - seg.base_offset) // 2)
            # in the same step the log grows again over what was cut: other bytes at the same positions
            n = next_n[0]
            raw = bytearray(build_batch([(b"%d" % k, value_of(k)) for k in range(n, n + 1500)]))
            partition.append_as_leader(validate_batches(memoryview(raw), 10 << 20), acks=1)
            next_n[0] += 1500

        for _ in range(3):
            _race(racing, "races", truncate_inside, times=1)
            produce(racing.bootstrap, "races", next_n[0], 3000)
            next_n[0] += 3000
        before = reader.records
        wait_for(lambda: reader.problems or reader.records > before + 2000, timeout=60,
                 what="reading on after the truncations")
    finally:
        reader.stop()
    assert not reader.problems, reader.problems[:5]


def test_fetches_far_larger_than_the_request_memory_pool(cluster_factory: Callable[..., RunningCluster]) -> None:
    """queued.max.request.bytes bounds requests, not responses: 50 MB fetch responses through a broker
    whose request pool is 64 KiB, to confluent-kafka and kafka-python at once."""
    cluster = cluster_factory(brokers=1, config={"queued.max.request.bytes": str(64 << 10)})
    create_topic(cluster.bootstrap, "wide", partitions=8, config={"segment.bytes": str(8 << 20)})
    produce_confluent(cluster.bootstrap, "wide", [(b"%d" % n, value_of(n)) for n in range(24_000)],
                      **{"batch.size": 1 << 20, "linger.ms": 20})
    got: dict[str, int] = {}
    problems: list[str] = []

    def confluent() -> None:
        c = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "wide", "enable.auto.commit": False,
                      "check.crcs": True, "fetch.max.bytes": 50 << 20, "max.partition.fetch.bytes": 8 << 20,
                      "fetch.queue.backoff.ms": 10, **QUIET})
        c.assign([TopicPartition("wide", p, -2) for p in range(8)])
        n = 0
        try:
            while n < 24_000:
                msgs = c.consume(10_000, 10)
                assert msgs, "no progress"
                for m in msgs:
                    if m.error() is None:
                        check(m.key(), m.value(), problems)
                        n += 1
        finally:
            c.close()
        got["confluent-kafka"] = n

    def kafka_python() -> None:
        c = KafkaConsumer(bootstrap_servers=cluster.bootstrap, auto_offset_reset="earliest", enable_auto_commit=False,
                          check_crcs=True, fetch_max_bytes=50 << 20, max_partition_fetch_bytes=8 << 20)
        c.assign([KTopicPartition("wide", p) for p in range(8)])
        n = 0
        try:
            while n < 24_000:
                polled = c.poll(timeout_ms=10_000)
                assert polled, "no progress"
                for batch in polled.values():
                    for r in batch:
                        check(r.key, r.value, problems)
                        n += 1
        finally:
            c.close()
        got["kafka-python"] = n

    threads = [threading.Thread(target=f) for f in (confluent, kafka_python)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert got == {"confluent-kafka": 24_000, "kafka-python": 24_000}
    assert not problems, problems[:5]
    pool = cluster.cluster.brokers[0].server.memory_pool
    wait_for(lambda: pool.used == 0, what="the request pool to be empty")
