"""clients.admin and clients.offsets against a real cluster: the one AdminClient wrapper answers with
Kafka's names, and a reset plan says what was asked before it was clamped (the console tool prints
Kafka's warning from it, the app's dialog its note)."""

from __future__ import annotations

import argparse

import pytest

from clients.admin import ClusterAdmin
from clients.errors import KafkaOpError
from clients.offsets import ResetSpec, execute_reset, plan_reset
from kafkalab.cli.consumer_groups import clamp_warning, reset_spec
from tests.conftest import RunningCluster
from tests.integration.test_groups_support import create_topic, produce

pytestmark = pytest.mark.timeout(90)


def test_admin_describes_topics_and_refuses_with_kafka_names(cluster: RunningCluster) -> None:
    admin = ClusterAdmin(cluster.bootstrap_servers)
    create_topic(cluster.bootstrap_servers, "described", partitions=3)
    (view,) = admin.describe_topics(["described"])
    assert [p.partition for p in view.partitions] == [0, 1, 2] and view.replication_factor == 1
    assert view.topic_id and all(p.leader is not None for p in view.partitions)
    assert "described" in admin.topic_names("desc.*")
    with pytest.raises(KafkaOpError) as refused:
        admin.create_topic("described", 1, 1)
    assert refused.value.name == "TOPIC_ALREADY_EXISTS"
    with pytest.raises(KafkaOpError) as fewer:
        admin.add_partitions("described", 2)
    assert fewer.value.name == "INVALID_PARTITIONS"
    assert admin.describe_group("nobody-home").state == "Dead"


def test_reset_plan_clamps_and_remembers_the_requested_offset(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap_servers
    admin = ClusterAdmin(bs)
    create_topic(bs, "planned", partitions=2)
    for p in (0, 1):
        produce(bs, "planned", [b"r"] * 10, partition=p)
    admin.alter_group_offsets("planner", {("planned", 0): 7, ("planned", 1): 2})
    assert admin.committed("planner") == {("planned", 0): 7, ("planned", 1): 2}

    rows = plan_reset(admin, "planner", ResetSpec("shift-by", shift=5, topic="planned"))
    assert [(r.partition, r.current, r.requested, r.new) for r in rows] == [(0, 7, 12, 10), (1, 2, 7, 7)]
    assert rows[0].note == "New offset (12) is higher than latest offset. Value will be set to 10"
    assert clamp_warning(rows[0]) == ("New offset (12) is higher than latest offset for topic partition planned-0. "
                                      "Value will be set to 10")
    assert clamp_warning(rows[1]) is None
    execute_reset(admin, "planner", rows)
    assert admin.committed("planner") == {("planned", 0): 10, ("planned", 1): 7}

    # the command line's --topic T:P scope, the same plan
    opts = argparse.Namespace(all_topics=False, topic=["planned:1"], to_earliest=True, to_latest=False,
                              to_current=False, to_offset=None, shift_by=None, to_datetime=None, by_duration=None)
    (row,) = plan_reset(admin, "planner", reset_spec(opts))
    assert (row.topic, row.partition, row.current, row.new) == ("planned", 1, 7, 0)


def test_an_unknown_group_is_dead_and_may_be_given_offsets(cluster: RunningCluster) -> None:
    admin = ClusterAdmin(cluster.bootstrap_servers)
    create_topic(cluster.bootstrap_servers, "fresh", partitions=1)
    rows = plan_reset(admin, "newcomer", ResetSpec("to-offset", offset=0, topic="fresh"))
    assert [(r.current, r.new) for r in rows] == [(None, 0)]
    execute_reset(admin, "newcomer", rows)
    assert admin.committed("newcomer") == {("fresh", 0): 0}
