"""Partition reassignment (KIP-455) with real admin clients: kafka-python's AdminClient
(confluent-kafka 2.16's Python AdminClient has no reassignment calls) and kafkajs; a partition moves
from brokers [0, 1] to [1, 2] under an acks=all idempotent producer and loses nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, TopicPartition
from kafka.errors import NoReassignmentInProgressError

from engine.console_commands import status_text
from engine.control import ClusterControl
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import consume_confluent, create_topic_with_assignment
from tests.integration.producer_thread import AckingProducer

JS_DIR = Path(__file__).resolve().parents[1] / "js"
NODE = shutil.which("node")


def _reg(c: RunningCluster, topic: str, p: int = 0):  # type: ignore[no-untyped-def]
    return c.cluster.controller.image.partition(topic, p)


def _hosts(c: RunningCluster, topic: str, p: int = 0) -> set[int]:
    return {b for b, broker in c.cluster.brokers.items()
            if broker.replica_manager is not None and (topic, p) in broker.replica_manager.partitions}


def test_move_under_acks_all_producer_loses_nothing(cluster: RunningCluster) -> None:
    topic = "moving"
    create_topic_with_assignment(cluster.bootstrap, topic, {0: [0, 1]}, config={"min.insync.replicas": "2"})
    producer = AckingProducer(cluster.bootstrap_servers, topic, rate_per_s=500)
    producer.start()
    wait_for(lambda: producer.acked_count() > 200, what="the first acknowledged records")
    # broker 2 is down: the reassignment starts but cannot complete (its new replica cannot catch up)
    cluster.engine.run(cluster.cluster.stop_broker(2))
    admin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap, client_id="reassign-test")
    try:
        tp = TopicPartition(topic, 0)
        assert admin.alter_partition_reassignments({tp: [1, 2]}) == {tp: None}
        ongoing = admin.list_partition_reassignments([tp])
        assert ongoing == {tp: {"replicas": [1, 2, 0], "adding_replicas": [2], "removing_replicas": [0]}}
        reg = _reg(cluster, topic)
        assert reg.replicas == (1, 2, 0) and set(reg.isr) == {0, 1}
        # the views and `status` show it moving
        seen = cluster.call(lambda: take_snapshot(cluster.cluster)).topic(topic).partitions[0]
        assert (seen.adding_replicas, seen.removing_replicas) == ((2,), (0,))
        status = cluster.call(lambda: status_text(ClusterControl(cluster.cluster)))
        assert f"{topic}-0: leader 0" in status and "reassigning: adding [2] removing [0]" in status
        before = producer.acked_count()
        wait_for(lambda: producer.acked_count() > before + 200, what="records acknowledged while moving")
        # broker 2 comes back: its replica catches up, joins the ISR, and the partition leaves broker 0
        cluster.engine.run(cluster.cluster.start_broker(2))
        wait_for(lambda: not admin.list_partition_reassignments([tp]), timeout=30, what="the reassignment to complete")
        reg = _reg(cluster, topic)
        assert reg.replicas == (1, 2) and set(reg.isr) == {1, 2} and reg.leader in (1, 2)
        assert reg.adding_replicas == () and reg.removing_replicas == ()
        wait_for(lambda: _hosts(cluster, topic) == {1, 2} and not (cluster.data_dir / "broker-0" / f"{topic}-0").exists(),
                 what="broker 0 to delete its replica and its log directory")
        before = producer.acked_count()
        wait_for(lambda: producer.acked_count() > before + 200, what="records acknowledged after the move")
    finally:
        producer.stop()
        admin.close()
    assert not producer.errors
    acked = producer.acked
    records = consume_confluent(cluster.bootstrap_servers, topic, len(acked), partitions=1, timeout=30)
    values = [int(v) for _p, _o, _k, v in records if v is not None]
    assert sorted(values) == sorted(acked)  # every acknowledged record, exactly once
    assert len(set(values)) == len(values)


def test_cancel_and_errors(cluster: RunningCluster) -> None:
    topic = "cancelled"
    seen: list[tuple[str, tuple[int, ...]]] = []
    cluster.call(lambda: cluster.cluster.bus.subscribe(
        lambda e: seen.append((e.state, e.replicas)) if e.kind == "ReassignmentChanged" else None))
    create_topic_with_assignment(cluster.bootstrap, topic, {0: [0, 1]})
    cluster.engine.run(cluster.cluster.stop_broker(2))
    admin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap, client_id="reassign-test")
    tp = TopicPartition(topic, 0)
    try:
        assert admin.alter_partition_reassignments({tp: None}) == {tp: NoReassignmentInProgressError}
        assert admin.alter_partition_reassignments({tp: [2, 1]}) == {tp: None}
        assert admin.list_partition_reassignments([tp])[tp]["adding_replicas"] == [2]
        assert admin.alter_partition_reassignments({tp: None}) == {tp: None}  # cancel: back to brokers 0 and 1
        assert admin.list_partition_reassignments() == {}
        reg = _reg(cluster, topic)
        # as Kafka's PartitionReassignmentRevert: the merged list [2, 1, 0] without the adding replica
        assert reg.replicas == (1, 0) and set(reg.isr) == {0, 1} and not reg.reassigning
        bad = admin.alter_partition_reassignments({tp: [0, 7]})
        assert bad[tp].errno == 39  # INVALID_REPLICA_ASSIGNMENT
        # a target the current ISR already covers completes at once (a replica leaves)
        assert admin.alter_partition_reassignments({tp: [1]}) == {tp: None}
        wait_for(lambda: _reg(cluster, topic).replicas == (1,) and _hosts(cluster, topic) == {1},
                 what="broker 0 to leave")
        assert seen == [("started", (2, 1, 0)), ("cancelled", (1, 0)), ("completed", (1,))]  # the event log
    finally:
        admin.close()


def _js(bootstrap: str, *args: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run([str(NODE), "reassign.js", bootstrap, *args], cwd=JS_DIR, capture_output=True, text=True,
                         timeout=60)
    line = out.stdout.strip().splitlines()[-1]
    result: dict = json.loads(line)  # type: ignore[type-arg]
    assert "error" not in result, result
    return result


@pytest.mark.skipif(NODE is None or not (JS_DIR / "node_modules" / "kafkajs").exists(),
                    reason="node or kafkajs missing (make js-clients)")
def test_kafkajs_alter_and_list(cluster: RunningCluster) -> None:
    topic = "moved-by-kafkajs"
    create_topic_with_assignment(cluster.bootstrap, topic, {0: [0, 1]})
    cluster.engine.run(cluster.cluster.stop_broker(2))
    assert _js(cluster.bootstrap, "alter", topic, "0", "1,2") == {"altered": True}
    listed = _js(cluster.bootstrap, "list", topic)
    assert listed["topics"] == [{"name": topic, "partitions": [
        {"partition": 0, "replicas": [1, 2, 0], "addingReplicas": [2], "removingReplicas": [0]}]}]
    cluster.engine.run(cluster.cluster.start_broker(2))
    wait_for(lambda: _reg(cluster, topic).replicas == (1, 2), timeout=30, what="the reassignment to complete")
    assert _js(cluster.bootstrap, "list", topic)["topics"] == []


def test_a_reassignment_in_progress_survives_a_restart(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    first = cluster_factory()
    create_topic_with_assignment(first.bootstrap, "kept-moving", {0: [0, 1]})
    first.engine.run(first.cluster.stop_broker(2))
    assert first.call(lambda: first.cluster.controller.alter_partition_reassignments(
        {("kept-moving", 0): (1, 2)})) == {("kept-moving", 0): None}
    first.engine.stop()
    # the metadata log kept the adding/removing replicas: after the restart broker 2 catches up and it completes
    second = cluster_factory(data_dir=first.data_dir)
    wait_for(lambda: _reg(second, "kept-moving").replicas == (1, 2) and set(_reg(second, "kept-moving").isr) == {1, 2},
             timeout=30, what="the reassignment to complete after the restart")
    wait_for(lambda: _hosts(second, "kept-moving") == {1, 2}, what="broker 0 to delete its replica")
