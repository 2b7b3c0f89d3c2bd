"""Replication throttles (KIP-73) with real clients: ``kafkalab reassign-partitions --throttle``
sets the broker rates and topic replica lists (as kafka-reassign-partitions.sh does), the new replica
copies a few MB in steps of the quota rather than at once, ``--verify`` clears the throttles once the
move completed; DescribeConfigs / IncrementalAlterConfigs of the dynamic broker configs through
confluent-kafka's AdminClient."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from clients.admin import ClusterAdmin
from clients.errors import KafkaOpError
from clients.log_dirs import describe_log_dirs
from clients.reassignments import list_partition_reassignments
from kafkalab.cli import reassign_partitions
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic_with_assignment, produce_confluent

RATES = ("leader.replication.throttled.rate", "follower.replication.throttled.rate")
LISTS = ("leader.replication.throttled.replicas", "follower.replication.throttled.replicas")
RECORDS, RECORD_SIZE = 240, 10_000  # 2.4 MB of incompressible values


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = reassign_partitions.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _fill(c: RunningCluster, topic: str) -> None:
    create_topic_with_assignment(c.bootstrap, topic, {0: [0, 1]})
    produce_confluent(c.bootstrap, topic, ((None, os.urandom(RECORD_SIZE)) for _ in range(RECORDS)),
                      **{"batch.size": 65536, "acks": "all"})


def _size(c: RunningCluster, broker: int, topic: str) -> int:
    b = c.cluster.brokers[broker]
    replica = describe_log_dirs(broker, b.host, b.port, {}).replicas.get((topic, 0))
    return replica.size_bytes if replica else 0


def _plan(tmp_path: Path, topic: str) -> Path:
    plan = tmp_path / f"{topic}.json"
    plan.write_text(json.dumps({"version": 1, "partitions": [{"topic": topic, "partition": 0, "replicas": [0, 2]}]}))
    return plan


def _configs(admin: ClusterAdmin, topic: str) -> dict[str, tuple[str, bool]]:
    return {r.name: (r.value, r.is_default) for r in admin.describe_topic_configs(topic) if r.name in LISTS}


def _rates(admin: ClusterAdmin, broker: int) -> dict[str, tuple[str, str]]:
    return {r.name: (r.value, r.source) for r in admin.describe_broker_configs(broker) if r.name in RATES}


def test_throttled_move_copies_in_steps_and_verify_clears(cluster: RunningCluster, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    topic = "big"
    _fill(cluster, topic)
    leader_size = _size(cluster, 0, topic)
    assert leader_size >= RECORDS * RECORD_SIZE
    b = ["--bootstrap-server", cluster.bootstrap]
    plan = _plan(tmp_path, topic)
    code, out, err = _run(capsys, *b, "--execute", "--reassignment-json-file", str(plan), "--throttle", "200000")
    assert code == 0, err
    assert "The inter-broker throttle limit was set to 200000 B/s" in out
    admin = ClusterAdmin(cluster.bootstrap)
    assert _configs(admin, topic) == {"leader.replication.throttled.replicas": ("0:0,0:1", False),
                                      "follower.replication.throttled.replicas": ("0:2", False)}
    for broker in (0, 1, 2):  # every broker of the move: the old replicas and the new one
        assert _rates(admin, broker) == dict.fromkeys(RATES, ("200000", "DYNAMIC_BROKER_CONFIG"))

    # the first look at the new replica with data: one quota step in, most of the data still missing
    first = int(wait_for(lambda: _size(cluster, 2, topic), timeout=20, what="the new replica's first data"))
    host, port = cluster.bootstrap.split(",")[0].rsplit(":", 1)
    assert first < leader_size / 2, (first, leader_size)
    assert (topic, 0) in list_partition_reassignments(host, int(port), [(topic, 0)])
    sizes = [first]

    def done() -> bool:
        sizes.append(_size(cluster, 2, topic))
        return not list_partition_reassignments(host, int(port), [(topic, 0)])
    wait_for(done, timeout=25, what="the throttled reassignment to complete")
    # the copy advanced through intermediate sizes (quota steps), not in one go
    assert any(first < s < leader_size for s in sizes), sizes
    assert cluster.cluster.controller.image.partition(topic, 0).replicas == (0, 2)

    code, out, err = _run(capsys, *b, "--verify", "--reassignment-json-file", str(plan))
    assert code == 0, err
    assert out.splitlines() == ["Status of partition reassignment:",
                                "Reassignment of partition big-0 is completed.",
                                "Clearing broker-level throttles on brokers 0,1,2",
                                "Clearing topic-level throttles on topic big"]
    assert _configs(admin, topic) == dict.fromkeys(LISTS, ("", True))
    for broker in (0, 1, 2):
        assert all(source != "DYNAMIC_BROKER_CONFIG" for _v, source in _rates(admin, broker).values())


def test_unthrottled_move_completes_and_broker_config_errors(cluster: RunningCluster, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    topic = "fast"
    _fill(cluster, topic)
    b = ["--bootstrap-server", cluster.bootstrap]
    plan = _plan(tmp_path, topic)
    code, out, err = _run(capsys, *b, "--execute", "--reassignment-json-file", str(plan))
    assert code == 0 and "throttle" not in out, err
    wait_for(lambda: cluster.cluster.controller.image.partition(topic, 0).replicas == (0, 2), timeout=15,
             what="the unthrottled reassignment to complete")
    assert _size(cluster, 2, topic) == _size(cluster, 0, topic)

    admin = ClusterAdmin(cluster.bootstrap)
    admin.alter_broker_configs(1, {"follower.replication.throttled.rate": "1000"})
    assert _rates(admin, 1)["follower.replication.throttled.rate"] == ("1000", "DYNAMIC_BROKER_CONFIG")
    assert _rates(admin, 0)["follower.replication.throttled.rate"][1] == "DEFAULT_CONFIG"
    with pytest.raises(KafkaOpError, match="dynamically"):
        admin.alter_broker_configs(1, {"log.retention.ms": "1000"})
    with pytest.raises(KafkaOpError, match="INVALID_CONFIG"):
        admin.alter_topic_configs(topic, {"leader.replication.throttled.replicas": "0-1"})
    admin.alter_broker_configs(1, {}, ["follower.replication.throttled.rate"])
    assert _rates(admin, 1)["follower.replication.throttled.rate"][1] == "DEFAULT_CONFIG"
