"""Killing the group coordinator's broker: the leader of the group's ``__consumer_offsets``
partition moves, the new leader loads the replicated records (offsets and the generation with its
members), and the running consumer finds the new coordinator and carries on where it was."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import RunningCluster, wait_for
from tests.integration.test_groups_support import (
    Closer,
    Poller,
    closer,
    committed,
    confluent_consumer,
    consume,
    create_topic,
    group_image,
    kafka_python_consumer,
    produce,
)

pytestmark = pytest.mark.timeout(60)
__all__ = ["closer"]


@pytest.mark.parametrize("client", ["confluent", "kafka-python"])
def test_coordinator_killed_group_keeps_offsets_and_members(cluster: RunningCluster, closer: Closer,
                                                            client: str) -> None:
    group, topic = f"failover-{client}", "failover"
    bs = cluster.bootstrap_servers
    create_topic(bs, topic, partitions=2, rf=3)
    for p in (0, 1):
        produce(bs, topic, [f"before-{p}-{i}".encode() for i in range(5)], partition=p)

    def make(bootstrap: str) -> Any:
        if client == "confluent":
            c = confluent_consumer(bootstrap, group)
            c.subscribe([topic])
            return c
        return kafka_python_consumer(bootstrap, group, [topic])
    poller = closer(Poller(make(bs)))
    wait_for(lambda: len(poller.records) == 10, 15, "the first 10 records")
    poller.commit(topic, {0: 5, 1: 5})
    before = group_image(cluster, group)
    assert before is not None and before.state == "Stable"
    old_coordinator, member = before.coordinator, before.members[0].member_id

    cluster.engine.run(cluster.cluster.kill_broker(old_coordinator))

    def moved() -> Any:
        g = group_image(cluster, group)
        return g is not None and g.coordinator != old_coordinator and g.state == "Stable" and \
            {(o.partition, o.committed_offset) for o in g.offsets} == {(0, 5), (1, 5)} and g
    after = wait_for(moved, 15, "the group on its new coordinator")
    assert [m.member_id for m in after.members] == [member]  # the member survived the move: no rebalance
    assert {tp for m in after.members for tp in m.assignment} == {(topic, 0), (topic, 1)}

    live = cluster.bootstrap_servers
    for p in (0, 1):
        produce(live, topic, [f"after-{p}-{i}".encode() for i in range(3)], partition=p)
    wait_for(lambda: len(poller.records) == 16, 20, "the records produced after the kill")
    offsets = [(p, o) for p, o, _v in poller.records]
    assert len(set(offsets)) == 16  # nothing delivered twice
    poller.commit(topic, {0: 8, 1: 8})  # committed through the new coordinator
    assert committed(live, group) == {(topic, 0): 8, (topic, 1): 8}
    poller.stop()
    wait_for(lambda: (g := group_image(cluster, group)) is not None and g.state == "Empty", 15, "the group to empty")

    # a restarted consumer resumes exactly after the last commit
    for p in (0, 1):
        produce(live, topic, [f"later-{p}".encode()], partition=p)
    restarted = closer(make(live))
    got = consume(restarted, 2)
    assert sorted((p, o, v) for p, o, v in got) == [(0, 8, b"later-0"), (1, 8, b"later-1")]
