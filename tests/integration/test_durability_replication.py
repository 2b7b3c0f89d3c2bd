"""Issue 10, "Records and replication": a Fetch that claims to be a follower must not move the high
watermark over records the real follower never copied (Kafka's Partition.fetchRecords checks the
replica and the offset before updateFollowerFetchState)."""

from __future__ import annotations

import asyncio
from typing import Any

from confluent_kafka import Producer

from engine.network.client import KafkaConnection
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, create_topic
from tests.integration.test_failover import partition

OFFSET_OUT_OF_RANGE, NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH = 1, 6, 75


async def _fetch_as(host: str, port: int, topic: str, replica_id: int, fetch_offset: int,
                    current_leader_epoch: int = -1, last_fetched_epoch: int = -1) -> Any:
    conn = KafkaConnection(host, port, f"spoofed-replica-{replica_id}", timeout_s=10)
    try:
        resp = await conn.request(1, 12, {
            "replica_id": replica_id, "max_wait": 0, "min_bytes": 1, "max_bytes": 1 << 20, "isolation_level": 0,
            "session_id": 0, "session_epoch": -1, "forgotten_topics_data": [], "rack_id": "",
            "topics": [{"topic": topic, "partitions": [{
                "partition": 0, "current_leader_epoch": current_leader_epoch, "fetch_offset": fetch_offset,
                "last_fetched_epoch": last_fetched_epoch, "log_start_offset": -1, "partition_max_bytes": 1 << 20}]}]})
    finally:
        await conn.close()
    return resp.responses[0].partitions[0]


def test_a_spoofed_follower_fetch_cannot_acknowledge_records(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    cluster: RunningCluster = cluster_factory()
    create_topic(cluster.bootstrap, "spoof", partitions=1, rf=3, config={"min.insync.replicas": "2"})
    p = partition(cluster, "spoof")
    leader = cluster.cluster.brokers[p.leader]
    followers = [r for r in p.replicas if r != p.leader]
    wait_for(lambda: partition(cluster, "spoof").isr == p.replicas, 20, "a full ISR")
    # the followers stop copying (slow motion: each fetch waits a minute), but stay in the ISR
    cluster.engine.call(lambda: cluster.cluster.set_replication_delay(60_000))

    acked: list[object] = []
    producer = Producer({"bootstrap.servers": cluster.bootstrap_servers, "acks": "all", "linger.ms": 0,
                         "request.timeout.ms": 20000, "message.timeout.ms": 30000, **QUIET})
    producer.produce("spoof", value=b"never replicated", on_delivery=lambda err, msg: acked.append(err))
    producer.poll(0)
    wait_for(lambda: leader.replica_manager.partitions[("spoof", 0)].log.log_end_offset == 1, 10,
             "the record at the leader")

    def fetch(replica: int, offset: int, **kw: int) -> Any:
        return asyncio.run(_fetch_as(leader.host, leader.port, "spoof", replica, offset, **kw))

    def high_watermark() -> int:
        return int(cluster.engine.call(lambda: leader.replica_manager.partitions[("spoof", 0)].high_watermark))

    for f in followers:  # "I have everything up to offset 1,000,000"
        assert fetch(f, 1_000_000).error_code == OFFSET_OUT_OF_RANGE
    assert high_watermark() == 0, "the high watermark moved over a record no follower has"
    assert fetch(7, 1).error_code == NOT_LEADER_OR_FOLLOWER  # not a replica at all
    assert fetch(7, 1, current_leader_epoch=p.leader_epoch).error_code == UNKNOWN_LEADER_EPOCH
    assert fetch(p.leader, 1).error_code == NOT_LEADER_OR_FOLLOWER  # the leader itself
    assert high_watermark() == 0
    producer.poll(0.2)
    assert acked == []
    producer.purge()
