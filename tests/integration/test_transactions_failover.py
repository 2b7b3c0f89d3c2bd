"""Killing the transaction coordinator's broker mid-transaction (KIP-98 failover): the new leader of
the transactional id's ``__transaction_state`` partition loads its state and the transaction
completes — never half: every marker is written, the read_committed consumer sees all of it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import NewTopic

from engine.coordinator.transaction_log import TRANSACTION_STATE_TOPIC, partition_for_txn
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import admin, create_topic, produce_confluent
from tests.integration.txn_support import QUIET, SMALL, read_to_end, txn_producer

pytestmark = pytest.mark.timeout(120)
CONFIG = {**SMALL, "replica.lag.time.max.ms": "2000"}


def _coordinator(cluster: RunningCluster, txn_id: str) -> int:
    topic = cluster.cluster.controller.image.topics[TRANSACTION_STATE_TOPIC]
    return topic.partitions[partition_for_txn(txn_id, len(topic.partitions))].leader


def _state(cluster: RunningCluster, broker: int, txn_id: str) -> str | None:
    def get() -> str | None:
        tc = cluster.cluster.brokers[broker].transaction_coordinator
        meta = tc.state.txns.get(txn_id) if tc is not None and tc.state.active else None
        return meta.state_name if meta is not None else None
    return cluster.call(get)  # type: ignore[return-value]


def _values(n: int) -> list[bytes]:
    return [f"v-{i}".encode() for i in range(n)]


@pytest.fixture
def three(cluster_factory: Callable[..., RunningCluster]) -> RunningCluster:
    return cluster_factory(brokers=3, config=CONFIG)


def test_coordinator_killed_while_ongoing_then_commit(three: RunningCluster) -> None:
    bs = three.bootstrap_servers
    create_topic(bs, "fo", partitions=1, rf=3)
    p = txn_producer(bs, "fo-ongoing")
    p.begin_transaction()
    for v in _values(5):
        p.produce("fo", value=v, partition=0)
    p.flush(30)
    old = _coordinator(three, "fo-ongoing")
    three.engine.run(three.cluster.kill_broker(old))
    p.commit_transaction(60)  # the client finds the new coordinator, which loaded the Ongoing state
    new = _coordinator(three, "fo-ongoing")
    assert new != old
    wait_for(lambda: _state(three, new, "fo-ongoing") == "CompleteCommit", 30, "CompleteCommit on the new coordinator")
    assert read_to_end(bs, "fo", "read_committed") == _values(5)


def test_coordinator_killed_with_markers_pending_resends_them(three: RunningCluster) -> None:
    bs = three.bootstrap_servers
    txn_id = "fo-markers"
    p = txn_producer(bs, txn_id)
    coordinator = _coordinator(three, txn_id)
    target = next(b for b in range(3) if b != coordinator)  # the data partition's only replica
    client = admin(bs)  # keep a reference: the futures die with the client
    fs = client.create_topics([NewTopic("fo-m", num_partitions=1, replica_assignment=[[target]])], operation_timeout=10)
    fs["fo-m"].result(15)
    p.begin_transaction()
    for v in _values(5):
        p.produce("fo-m", value=v, partition=0)
    p.flush(30)
    three.call(lambda: three.cluster.brokers[target].pause())  # the markers cannot reach the partition
    committing = threading.Thread(target=lambda: p.commit_transaction(60), daemon=True)
    committing.start()
    wait_for(lambda: _state(three, coordinator, txn_id) == "PrepareCommit", 30, "PrepareCommit written")
    three.engine.run(three.cluster.kill_broker(coordinator))
    wait_for(lambda: _coordinator(three, txn_id) != coordinator, 30, "a new transaction coordinator")
    three.call(lambda: three.cluster.brokers[target].resume())
    wait_for(lambda: _state(three, _coordinator(three, txn_id), txn_id) == "CompleteCommit", 40,
             "the new coordinator completing the commit")
    committing.join(60)
    assert not committing.is_alive()
    assert read_to_end(bs, "fo-m", "read_committed") == _values(5)


def test_exactly_once_across_a_leader_kill(three: RunningCluster) -> None:
    """consume–transform–produce with send_offsets_to_transaction while the output partition's
    leader is killed: every input record is in the output exactly once, in order."""
    bs = three.bootstrap_servers
    create_topic(bs, "eos-in", partitions=1, rf=3)
    create_topic(bs, "eos-out", partitions=1, rf=3)
    produce_confluent(bs, "eos-in", [(None, v) for v in _values(30)])
    c = Consumer({"bootstrap.servers": bs, "group.id": "eos-kill", "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "isolation.level": "read_committed", **QUIET})
    p = txn_producer(bs, "eos-kill-0")
    killed = False
    processed = 0
    try:
        c.assign([TopicPartition("eos-in", 0, OFFSET_BEGINNING)])
        deadline = time.monotonic() + 90
        while processed < 30 and time.monotonic() < deadline:
            msgs = [m for m in c.consume(5, 1.0) if not m.error()]
            if not msgs:
                continue
            try:
                p.begin_transaction()
                for m in msgs:
                    p.produce("eos-out", value=m.value().upper(), partition=0)
                if processed >= 10 and not killed:  # mid-transaction: the output's leader dies
                    leader = three.cluster.controller.image.topics["eos-out"].partitions[0].leader
                    three.engine.run(three.cluster.kill_broker(leader))
                    killed = True
                p.send_offsets_to_transaction([TopicPartition("eos-in", 0, msgs[-1].offset() + 1)],
                                              c.consumer_group_metadata(), 60)
                p.commit_transaction(60)
                processed = msgs[-1].offset() + 1
            except KafkaException as e:
                if not e.args[0].txn_requires_abort():
                    raise
                p.abort_transaction(60)  # rewind to what was committed and do it again
                c.seek(TopicPartition("eos-in", 0, processed))
    finally:
        c.close()
    assert killed and processed == 30
    assert read_to_end(bs, "eos-out", "read_committed", timeout=30) == [v.upper() for v in _values(30)]
