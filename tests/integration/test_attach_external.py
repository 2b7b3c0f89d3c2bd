"""Attaching to clusters in other processes: a second ``kafkalab serve`` (whose broker is killed from
outside, through its stdin, while we watch) and Tansu, the reference broker — every part of the image
either right or declared missing, never a traceback."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from bench._harness import BenchError, BrokerProcess, start_tansu
from clients.admin import ClusterAdmin
from clients.capabilities import NAMES
from clients.external import ExternalCluster
from tests.conftest import ServeProcess, wait_for
from tests.integration.attach_support import unknowns_ok

FAST = "broker.session.timeout.ms=1500,broker.heartbeat.interval.ms=200,replica.lag.time.max.ms=3000"
BROKER_LINE = re.compile(r"broker (\d+) (\S+):(\d+) (\w+)( \(controller\))?: (\d+) leaders, (\d+) replicas")
PARTITION_LINE = re.compile(r"\s+(\S+)-(\d+): leader (-?\d+) epoch (\d+) replicas \[([\d, ]*)\] isr \[([\d, ]*)\]")


def serve_status(sp: ServeProcess) -> dict[str, Any]:
    """The serve process's own take_snapshot, through its ``status`` console command.

    The answer has no end marker, so an unknown command follows it; it is sent only once the answer
    started (serve reads one line per readable stdin event: two lines written at once would leave
    the second in its buffer)."""
    assert sp.proc.stdin is not None and sp.proc.stdout is not None
    sp.proc.stdin.write("status\n")
    sp.proc.stdin.flush()
    brokers, partitions = {}, {}
    sent_marker = False
    while True:
        line = sp.proc.stdout.readline()
        assert line, "kafkalab serve closed its stdout"
        if not sent_marker:
            sp.proc.stdin.write("end-of-status\n")
            sp.proc.stdin.flush()
            sent_marker = True
        if "end-of-status" in line:
            return {"brokers": brokers, "partitions": partitions}
        if m := BROKER_LINE.match(line):
            brokers[int(m[1])] = (m[2], int(m[3]), m[4], bool(m[5]), int(m[6]), int(m[7]))
        elif m := PARTITION_LINE.match(line):
            leader = int(m[3])  # an offline partition's epoch: no leader to answer ListOffsets (unknown, -1)
            partitions[(m[1], int(m[2]))] = (leader, int(m[4]) if leader >= 0 else -1, _ids(m[5]), _ids(m[6]))


def _explain(external: dict[str, Any], serve: dict[str, Any]) -> None:
    for part in ("brokers", "partitions"):
        for key in sorted(set(external[part]) | set(serve[part])):
            if external[part].get(key) != serve[part].get(key):
                print(f"{part} {key}: external {external[part].get(key)} serve {serve[part].get(key)}")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def external_status(external: ExternalCluster) -> dict[str, Any]:
    image = external.poll()
    return {"brokers": {b.broker_id: (b.host, b.port, b.state, b.is_controller, b.leader_count, b.replica_count)
                        for b in image.brokers},
            "partitions": {(t.name, p.partition): (p.leader, p.leader_epoch, p.replicas, p.isr)
                           for t in image.topics for p in t.partitions}}


def test_attach_to_a_serve_process_and_kill_a_broker_from_outside(
        serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp", "--log-level", "WARNING", "--config", FAST])
    admin = ClusterAdmin(sp.bootstrap)
    admin.create_topic("events", 6, 3)
    admin.create_topic("single", 3, 1)
    with ExternalCluster(sp.bootstrap, timeout_s=10) as external:
        same: list[Any] = []

        def agree() -> bool:
            same[:] = [external_status(external), serve_status(sp)]
            return bool(same[0] == same[1])

        wait_for(agree, 20, "the external image to equal serve's status")
        victim = 2
        led = {k for k, (leader, *_rest) in same[1]["partitions"].items() if leader == victim}
        assert any(t == "events" for t, _p in led) and any(t == "single" for t, _p in led)
        assert sp.command(f"kill {victim}") == f"broker {victim}: dead"
        try:
            wait_for(agree, 20, f"the external image to follow the kill of broker {victim}")
        except AssertionError:
            _explain(*same)
            raise
        after = same[0]
        assert after["brokers"][victim][2] == "dead"
        for (topic, index), (leader, _epoch, replicas, isr) in after["partitions"].items():
            assert victim not in isr or replicas == (victim,)
            if (topic, index) in led:
                # RF 3: a new leader from the ISR; RF 1: offline (-1), as Kafka without unclean election
                assert leader == (-1 if replicas == (victim,) else leader) and leader != victim
        image = external.poll()
        assert not unknowns_ok(json.loads(json.dumps(image.to_json())), external.capabilities)
        for t in image.topics:
            for p in t.partitions:
                if p.leader == -1:
                    assert all(r.high_watermark == -1 for r in p.replica_states)  # nobody to ask: unknown


@pytest.fixture
def tansu() -> Iterator[BrokerProcess]:
    try:
        bp = start_tansu()
    except BenchError as exc:
        pytest.skip(f"Tansu is not available: {exc}")
    yield bp
    bp.stop()


def test_attach_to_tansu(tansu: BrokerProcess) -> None:
    admin = ClusterAdmin(tansu.bootstrap)
    admin.create_topic("tt", 3, 1, {"retention.ms": "600000"})
    _produce_one_record_per_batch(tansu.bootstrap, 6)
    admin.alter_group_offsets("committed-only", {("tt", 0): 1})
    with ExternalCluster(tansu.bootstrap, timeout_s=5) as external:
        image = external.poll()
        caps = external.capabilities
        assert set(caps) == set(NAMES)
        (broker,) = image.brokers
        assert broker.state == "running" and broker.is_controller and image.controller_id == broker.broker_id
        topic = image.topic("tt")
        assert topic is not None and len(topic.partitions) == 3
        for p in topic.partitions:
            (leader,) = p.replica_states
            assert p.leader == broker.broker_id and p.isr == p.replicas == (broker.broker_id,)
            if caps.available("leader_offsets"):
                assert (leader.log_start_offset, leader.high_watermark) == (0, 2), p
            else:
                assert (leader.log_start_offset, leader.high_watermark) == (-1, -1)
            assert leader.size_bytes == -1 or caps.available("replica_sizes")
        if caps.available("topic_configs"):
            assert topic.configs.get("retention.ms") in ("600000", None)
        else:
            assert topic.configs == {}
        group = image.group("committed-only")
        if caps.available("groups"):
            assert group is not None and group.state == "Empty" and group.members == ()
            if caps.available("group_offsets"):
                assert [(o.topic, o.partition, o.committed_offset, o.lag) for o in group.offsets] == [("tt", 0, 1, 1)]
        assert not unknowns_ok(json.loads(json.dumps(image.to_json())), caps)
        # what Tansu does not serve is declared, with its own answer
        assert "DescribeLogDirs" in (caps.why_not("replica_sizes") or "")
        _check_consumed_offsets_match(tansu.bootstrap)


def _produce_one_record_per_batch(bootstrap: str, records: int) -> None:
    """One record per batch: Tansu's ListOffsets "latest" answers the last batch's base offset + 1
    (a batch of n records leaves it n − 1 short), so single-record batches keep it right."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    for i in range(records):
        producer.produce("tt", b"x", partition=i % 3)
        producer.flush(10)


def _check_consumed_offsets_match(bootstrap: str) -> None:
    """The high watermarks above are the truth: a consumer reads offsets 0 and 1 of partition 0."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "check", "fetch.queue.backoff.ms": 10})
    consumer.assign([TopicPartition("tt", 0, 0)])
    offsets: list[int] = []
    try:
        wait_for(lambda: offsets.extend(m.offset() for m in consumer.consume(10, 0.2) if m.error() is None)
                 or len(offsets) >= 2, 15, "two records of tt-0")
    finally:
        consumer.close()
    assert offsets == [0, 1]
