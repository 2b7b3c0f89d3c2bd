"""Responses carry empty values where Kafka sends empty, not null (issue 9, item 1's audit).

Kafka's message schemas mark some response fields nullable, but the broker fills several of them
with empty values; clients rely on that. librdkafka, for one, refuses a null Fetch record set
("invalid MessageSetSize -1") and drops the whole response. Each request goes over a real socket
to a running broker and the answer is decoded with the protocol's own schemas (kio), every version.
"""

from __future__ import annotations

import uuid
from typing import Any

from engine.network.client import KafkaConnection
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster
from tests.integration.clients import create_topic, produce_confluent

FETCH, CREATE_TOPICS, DESCRIBE_CONFIGS = 1, 19, 32


def _request(cluster: RunningCluster, broker_id: int, api_key: int, version: int, body: dict[str, Any]) -> Any:
    b = cluster.cluster.brokers[broker_id]

    async def call() -> Any:
        conn = KafkaConnection(b.host, b.port, "empty-not-null")
        try:
            return await conn.request(api_key, version, body)
        finally:
            await conn.close()
    return cluster.engine.run(call())


def _fetch_body(topic: str, topic_id: Any, isolation_level: int) -> dict[str, Any]:
    return {"replica_id": -1, "max_wait": 0, "min_bytes": 1, "max_bytes": 1 << 20, "isolation_level": isolation_level,
            "session_id": 0, "session_epoch": -1, "forgotten_topics_data": [], "rack_id": "",
            "topics": [{"topic": topic, "topic_id": topic_id, "partitions": [
                {"partition": 0, "current_leader_epoch": -1, "fetch_offset": 0, "last_fetched_epoch": -1,
                 "log_start_offset": -1, "partition_max_bytes": 1 << 20}]}]}


def test_fetch_answers_errors_and_data_with_non_null_records(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "nn", partitions=1, rf=1)
    produce_confluent(cluster.bootstrap, "nn", [(None, b"one")])
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    t = image.topic("nn")
    assert t is not None
    leader = t.partitions[0].leader
    other = next(b for b in range(cluster.num_brokers) if b != leader)
    for version in range(4, 17):
        for isolation in (0, 1):
            body = _fetch_body("nn", uuid.UUID(str(t.topic_id)), isolation)
            # a broker that does not lead the partition: NOT_LEADER_OR_FOLLOWER with empty records
            refused = _request(cluster, other, FETCH, version, body).responses[0].partitions[0]
            assert refused.error_code.value == 6, (version, refused.error_code)
            assert refused.records == b"", (version, refused.records)
            assert refused.aborted_transactions is None  # Kafka: null on errors
            # KIP-951: Kafka names the new leader from v16 only (with its endpoint)
            current = getattr(refused, "current_leader", None)
            named = current is not None and current.leader_id >= 0
            assert named == (version >= 16), (version, current)
            # the leader: the records, and aborted transactions null / empty by isolation level
            served = _request(cluster, leader, FETCH, version, body).responses[0].partitions[0]
            assert served.error_code.value == 0 and served.records and b"one" in bytes(served.records)
            assert served.aborted_transactions == (None if isolation == 0 else ()), (version, isolation)


def test_failed_create_topics_has_an_empty_config_list(cluster: RunningCluster) -> None:
    for version in range(5, 8):
        body = {"topics": [{"name": f"too-many-replicas-{version}", "num_partitions": 1, "replication_factor": 9,
                            "assignments": [], "configs": []}], "timeout": 5000, "validate_only": False}
        result = _request(cluster, 0, CREATE_TOPICS, version, body).topics[0]
        assert result.error_code.name == "invalid_replication_factor"
        assert result.configs == (), (version, result.configs)


def test_describe_configs_success_has_an_empty_error_message(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "described", partitions=1, rf=1)
    for version in range(1, 5):
        body = {"resources": [{"resource_type": 2, "resource_name": "described", "configuration_keys": None}],
                "include_synonyms": False, "include_documentation": False}
        result = _request(cluster, 0, DESCRIBE_CONFIGS, version, body).results[0]
        assert result.error_code.value == 0 and result.error_message == "", (version, result.error_message)
