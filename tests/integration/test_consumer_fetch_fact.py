"""engine.observe: each leader replica's image names the highest offset a consumer fetched from it
(``ReplicaImage.consumer_fetch_offset``, the record-flow view's "consumer fetched" step) — followers'
fetches and the app's own inspection reads (client.id ``kafkalab-inspect``) do not count."""

from __future__ import annotations

from confluent_kafka import Consumer, TopicPartition

from engine.observe import ClusterImage
from engine.observe.snapshot import take_snapshot
from engine.server.replica_manager import INSPECT_CLIENT_ID
from gui.views.record_flow_view import INSPECT_CLIENT_ID as GUI_INSPECT_CLIENT_ID
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic, produce_confluent


def snapshot(cluster: RunningCluster) -> ClusterImage:
    return cluster.engine.call(lambda: take_snapshot(cluster.cluster))  # type: ignore[return-value]


def fetched(cluster: RunningCluster) -> int:
    p = snapshot(cluster).topic("fetched").partitions[0]  # type: ignore[union-attr]
    return next(r.consumer_fetch_offset for r in p.replica_states if r.is_leader)


def read_all(bootstrap: str, client_id: str, end: int) -> None:
    """Read the partition up to its last record (librdkafka then fetches from ``end``)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "fact", "client.id": client_id,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        c.assign([TopicPartition("fetched", 0, 0)])
        wait_for(lambda: (m := c.poll(0.2)) is not None and not m.error() and m.offset() == end - 1, 15,
                 "the last record")
    finally:
        c.close()


def test_consumer_fetch_offset_counts_consumers_only(cluster: RunningCluster) -> None:
    assert GUI_INSPECT_CLIENT_ID == INSPECT_CLIENT_ID
    bs = cluster.bootstrap
    create_topic(bs, "fetched", partitions=1, rf=3)
    produce_confluent(bs, "fetched", [(b"k", b"v")] * 5, acks="all")
    # followers replicated all five records: their fetches are no consumer's
    wait_for(lambda: all(r.log_end_offset == 5 for r in snapshot(cluster).topic("fetched")  # type: ignore[union-attr]
                         .partitions[0].replica_states), 10, "followers to catch up")
    assert fetched(cluster) == -1
    read_all(bs, INSPECT_CLIENT_ID, 5)  # the app looking at a record is not a consumer of it
    assert fetched(cluster) == -1
    read_all(bs, "student", 5)
    wait_for(lambda: fetched(cluster) == 5, 10, "a consumer's fetch from offset 5")
