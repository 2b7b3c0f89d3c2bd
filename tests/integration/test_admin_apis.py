"""The Kafka APIs beyond produce/fetch, through real clients: compression, ListOffsets by time,
configs, DeleteRecords, DescribeCluster, DescribeLogDirs, auto topic creation, ElectLeaders."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource
from kafka import KafkaAdminClient, KafkaProducer

from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, admin, consume_confluent, create_topic, produce_confluent


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_compressed_batches_are_stored_as_sent_and_read_back(cluster: RunningCluster, codec: str) -> None:
    topic = f"comp-{codec}"
    create_topic(cluster.bootstrap, topic)
    values = [f"{codec} record {i} ".encode() * 5 for i in range(500)]
    produce_confluent(cluster.bootstrap, topic, [(None, v) for v in values], **{"compression.type": codec})
    # kafka-python compresses gzip by itself (the other codecs need extra Python packages)
    kp = KafkaProducer(bootstrap_servers=cluster.bootstrap, compression_type="gzip")
    kp.send(topic, value=b"from kafka-python").get(10)
    kp.close()
    got = [v for *_x, v in consume_confluent(cluster.bootstrap, topic, 501)]
    assert got[:500] == values and got[500] == b"from kafka-python"


def test_list_offsets_by_timestamp(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "timed")
    p = Producer({"bootstrap.servers": cluster.bootstrap, **QUIET})
    base = int(time.time() * 1000) - 100_000
    for i in range(10):
        p.produce("timed", value=b"%d" % i, timestamp=base + i * 1000)
        p.flush(10)  # one batch per record, so each has its own timestamp
    c = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "t", **QUIET})
    try:
        [tp] = c.offsets_for_times([TopicPartition("timed", 0, base + 4500)], timeout=10)
        assert tp.offset == 5
        [tp] = c.offsets_for_times([TopicPartition("timed", 0, base + 999_999)], timeout=10)
        assert tp.offset == -1  # nothing that late: Kafka answers offset -1
        lo, hi = c.get_watermark_offsets(TopicPartition("timed", 0), timeout=10)
        assert (lo, hi) == (0, 10)
    finally:
        c.close()


def test_describe_and_alter_topic_configs(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "configured", config={"retention.ms": "3600000"})
    client = admin(cluster.bootstrap)
    res = ConfigResource(ConfigResource.Type.TOPIC, "configured")
    entries = client.describe_configs([res])[res].result(10)
    assert entries["retention.ms"].value == "3600000"
    assert entries["retention.ms"].source == ConfigResource.Type.TOPIC.value or not entries["retention.ms"].is_default
    assert entries["segment.bytes"].value == "1073741824" and entries["segment.bytes"].is_default
    alter = ConfigResource(ConfigResource.Type.TOPIC, "configured", incremental_configs=[
        ConfigEntry("retention.bytes", "1048576", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE)])
    client.incremental_alter_configs([alter])[alter].result(10)
    entries = client.describe_configs([res])[res].result(10)
    assert entries["retention.bytes"].value == "1048576"
    assert entries["retention.ms"].value == "604800000" and entries["retention.ms"].is_default
    bad = ConfigResource(ConfigResource.Type.TOPIC, "configured", incremental_configs=[
        ConfigEntry("retention.ms", "soon", incremental_operation=AlterConfigOpType.SET)])
    with pytest.raises(Exception) as e:
        client.incremental_alter_configs([bad])[bad].result(10)
    assert "INVALID_CONFIG" in str(e.value) or "Invalid value soon" in str(e.value)


def test_delete_records_moves_the_log_start(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "trimmed")
    produce_confluent(cluster.bootstrap, "trimmed", [(None, b"%d" % i) for i in range(20)])
    client = admin(cluster.bootstrap)
    fs = client.delete_records([TopicPartition("trimmed", 0, 12)])
    result = fs[TopicPartition("trimmed", 0, 12)].result(10)
    assert result.low_watermark == 12
    got = consume_confluent(cluster.bootstrap, "trimmed", 8)
    assert [o for _p, o, _k, _v in got] == list(range(12, 20))


def test_describe_cluster_and_log_dirs(cluster: RunningCluster) -> None:
    client = admin(cluster.bootstrap)
    desc = client.describe_cluster().result(10)
    assert sorted(n.id for n in desc.nodes) == [0, 1, 2]
    assert desc.controller is not None and desc.controller.id in (0, 1, 2)
    kadmin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap)
    try:
        create_topic(cluster.bootstrap, "sized")
        produce_confluent(cluster.bootstrap, "sized", [(None, b"x" * 100)] * 10)
        logdirs = kadmin.describe_log_dirs()
        assert logdirs
    finally:
        kadmin.close()


def test_auto_create_topics_is_honoured(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    on = cluster_factory(brokers=1, config={"num.partitions": "3"})
    kp = KafkaProducer(bootstrap_servers=on.bootstrap)
    kp.send("auto-made", value=b"x").get(timeout=15)
    kp.close()
    md = admin(on.bootstrap).list_topics(timeout=10)
    assert len(md.topics["auto-made"].partitions) == 3

    off = cluster_factory(brokers=1, config={"auto.create.topics.enable": "false"})
    md = admin(off.bootstrap).list_topics("not-made", timeout=10)
    assert md.topics["not-made"].error is not None
    assert md.topics["not-made"].error.name() == "UNKNOWN_TOPIC_OR_PART"
    assert "not-made" not in admin(off.bootstrap).list_topics(timeout=10).topics


def test_preferred_leader_election_api(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    from confluent_kafka import ElectionType

    cluster = cluster_factory(config={"auto.leader.rebalance.enable": "false"})
    create_topic(cluster.bootstrap, "pref", partitions=1, rf=3)
    reg = cluster.cluster.controller.image.topics["pref"].partitions[0]
    cluster.engine.run(cluster.cluster.kill_broker(reg.leader))
    cluster.engine.run(cluster.cluster.start_broker(reg.leader))

    def back_in_isr() -> bool:
        return reg.leader in cluster.cluster.controller.image.topics["pref"].partitions[0].isr

    wait_for(back_in_isr, 20, "the preferred leader to rejoin the ISR")
    assert cluster.cluster.controller.image.topics["pref"].partitions[0].leader != reg.leader
    client = admin(cluster.bootstrap_servers)
    client.elect_leaders(ElectionType.PREFERRED, [TopicPartition("pref", 0)]).result(10)
    assert cluster.cluster.controller.image.topics["pref"].partitions[0].leader == reg.leader
