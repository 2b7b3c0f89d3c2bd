"""The fault palette on the real cluster, with real clients, each reaction visible in the X-ray:
librdkafka retries a produce answered NOT_LEADER_OR_FOLLOWER and succeeds; a disk-full broker
answers KAFKA_STORAGE_ERROR; an isolated leader (zombie) is fenced and an acks=all producer fails
over without losing a record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from confluent_kafka import Producer

from engine.control import ClearFaults, ClusterControl, InjectFault, ListFaults
from engine.observe import events as ev
from engine.observe.xray import ExchangeRow
from tests.conftest import RunningCluster, ServeProcess, wait_for
from tests.integration.clients import QUIET, consume_confluent, create_topic, produce_confluent
from tests.integration.producer_thread import AckingProducer
from tests.integration.test_failover import FAST, assert_exactly_once_in_order, partition


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_produce_retried_after_not_leader_and_disk_full_seen_by_client(
        serve_factory: Callable[[list[str]], ServeProcess], tmp_path: Path) -> None:
    log_file = tmp_path / "xray.jsonl"
    sp = serve_factory(["--brokers", "1", "--port", "0", "--temp", "--protocol-log", str(log_file)])
    create_topic(sp.bootstrap, "faulty", partitions=1, rf=1)
    assert sp.command("fault error produce NOT_LEADER_OR_FOLLOWER count=3") == \
        "fault F1: error Produce NOT_LEADER_OR_FOLLOWER count=3"
    assert sp.command("faults") == "F1: error Produce NOT_LEADER_OR_FOLLOWER count=3"
    produce_confluent(sp.bootstrap, "faulty", [(None, b"survives")], **{"client.id": "retrier", "retry.backoff.ms": 10})
    produces = [r for r in _rows(log_file) if r["client_id"] == "retrier" and r["api"] == "Produce"]
    assert [r["errors"] for r in produces] == [["NOT_LEADER_OR_FOLLOWER"]] * 3 + [[]]
    assert sp.command("faults") == "no active faults"  # its count ran out
    assert [v for *_x, v in consume_confluent(sp.bootstrap, "faulty", 1)] == [b"survives"]

    assert sp.command("fault disk-full 0") == "fault F2: disk-full 0"
    errors: list[str] = []
    p = Producer({"bootstrap.servers": sp.bootstrap, "client.id": "full", "retries": 0, "acks": "all", **QUIET})
    p.produce("faulty", b"no room", on_delivery=lambda err, msg: errors.append(err.name() if err else "ok"))
    p.flush(20)
    assert errors == ["KAFKA_STORAGE_ERROR"]
    full = [r for r in _rows(log_file) if r["client_id"] == "full" and r["api"] == "Produce"]
    assert full and full[-1]["errors"] == ["KAFKA_STORAGE_ERROR"]
    assert sp.command("fault clear") == "cleared F2"
    produce_confluent(sp.bootstrap, "faulty", [(None, b"room again")])
    assert sp.command("fault error metadata X") .startswith("error: ")  # no such error: refused, nothing runs
    assert sp.stop() == 0


def test_isolated_leader_is_fenced_and_acks_all_producer_fails_over(
        cluster_factory: Callable[..., RunningCluster]) -> None:
    cluster = cluster_factory(config=FAST)
    c = cluster.cluster
    control = ClusterControl(c)
    create_topic(cluster.bootstrap, "zombie", partitions=1, rf=3, config={"min.insync.replicas": "2"})
    before = partition(cluster, "zombie")
    zombie = before.leader
    events: list[ev.EngineEvent] = []
    cluster.call(lambda: c.bus.subscribe(events.append))
    rows: list[ExchangeRow] = []
    cluster.call(lambda: c.xray.subscribe(rows.append))
    producer = AckingProducer(cluster.bootstrap, "zombie", keys=1, rate_per_s=500,
                              **{"client.id": "failover", "request.timeout.ms": 3000})
    producer.start()
    try:
        wait_for(lambda: producer.acked_count() >= 200, 20, "records acked before the isolation")
        info = cluster.engine.run(control.execute(InjectFault(fault="isolate", broker_id=zombie)))
        assert info.description == f"isolate {zombie}"
        # the controller hears no heartbeat: it fences the zombie and elects a leader from the ISR
        wait_for(lambda: partition(cluster, "zombie").leader not in (zombie, -1), 20, "a new leader")
        after = partition(cluster, "zombie")
        assert after.leader_epoch > before.leader_epoch
        # the zombie still believes it leads (no metadata reaches it) and clients still reach it
        zombie_rm = c.brokers[zombie].replica_manager
        assert zombie_rm is not None and zombie_rm.partitions[("zombie", 0)].is_leader
        acked_at_fence = producer.acked_count()
        wait_for(lambda: producer.acked_count() >= acked_at_fence + 200, 45, "the producer to fail over")
        assert cluster.engine.run(control.execute(ListFaults()))[0].kind == "isolate"
        cluster.engine.run(control.execute(ClearFaults()))
        wait_for(lambda: zombie in partition(cluster, "zombie").isr, 30, "the old leader to rejoin the ISR")
    finally:
        producer.stop()
    assert not producer.errors, producer.errors[:5]
    hw = next(r for r in partition(cluster, "zombie").replica_states if r.is_leader).high_watermark
    values = [int(v or b"-1") for *_x, v in consume_confluent(cluster.bootstrap, "zombie", hw, timeout=20)]
    assert_exactly_once_in_order(producer.acked, values, keys=1)
    kinds = [e.kind for e in events]
    assert "FaultInjected" in kinds and "FaultCleared" in kinds
    # the producer's own view, in the X-ray: acks=all produces to the zombie timed out (its followers
    # stopped fetching, its ISR could not shrink), then produces went to the new leader
    seen = [r for r in list(rows) if r.client_id == "failover" and r.api == "Produce"]
    assert any(r.broker == zombie and r.errors == ("REQUEST_TIMED_OUT",) for r in seen)
    assert any(r.broker == after.leader and not r.errors for r in seen)
