"""Consumer groups with real clients (kafka-python and confluent-kafka) over real sockets.

The course's three pictures on a 2-partition topic (1 consumer reads both partitions, 2 read one
each, a 3rd sits idle), checked from the clients' own assignments and from the ClusterImage;
committed offsets surviving a consumer restart; independent groups; earliest/latest for a new
group. The cluster uses the default ``__consumer_offsets`` replication factor (3).
"""

from __future__ import annotations

from typing import Any

import pytest
from kafka.structs import OffsetAndMetadata
from kafka.structs import TopicPartition as KTopicPartition

from tests.conftest import RunningCluster, wait_for
from tests.integration.test_groups_support import (
    Closer,
    Poller,
    closer,
    commit_confluent,
    committed,
    confluent_consumer,
    consume,
    create_topic,
    group_image,
    kafka_python_consumer,
    produce,
)

pytestmark = pytest.mark.timeout(60)
__all__ = ["closer"]  # the fixture, imported for pytest

PICTURES = ((1, [2]), (2, [1, 1]), (3, [1, 1, 0]))


def _check_pictures(running: RunningCluster, closer: Closer, topic: str, group: str, make: Any) -> None:
    all_partitions = {(topic, 0), (topic, 1)}
    pollers: list[Poller] = []
    for n, sizes in PICTURES:
        pollers.append(closer(Poller(make())))

        def settled(n: int = n, sizes: list[int] = sizes) -> bool:
            client_view = [p.assignment for p in pollers]
            if sorted((len(a) for a in client_view), reverse=True) != sizes:
                return False
            if set().union(*client_view) != all_partitions:
                return False
            image = group_image(running, group)
            if image is None or image.state != "Stable" or len(image.members) != n:
                return False
            engine_view = sorted((len(m.assignment) for m in image.members), reverse=True)
            return engine_view == sizes and {tp for m in image.members for tp in m.assignment} == all_partitions
        wait_for(settled, 15, f"{n} consumer(s) sharing 2 partitions as {sizes}")
    image = group_image(running, group)
    assert image is not None and image.protocol_type == "consumer" and image.protocol
    assert image.generation >= 3 and image.leader in {m.member_id for m in image.members}
    assert all(m.client_host == "/127.0.0.1" for m in image.members)


def test_three_pictures_confluent(cluster: RunningCluster, closer: Closer) -> None:
    create_topic(cluster.bootstrap, "pictures")

    def make() -> Any:
        c = confluent_consumer(cluster.bootstrap_servers, "pictures-rdkafka")
        c.subscribe(["pictures"])
        return c
    _check_pictures(cluster, closer, "pictures", "pictures-rdkafka", make)


def test_three_pictures_kafka_python(cluster: RunningCluster, closer: Closer) -> None:
    create_topic(cluster.bootstrap, "pictures")
    _check_pictures(cluster, closer, "pictures", "pictures-kp",
                    lambda: kafka_python_consumer(cluster.bootstrap_servers, "pictures-kp", ["pictures"]))


def test_commit_stop_restart_resumes_after_last_commit(cluster: RunningCluster, closer: Closer) -> None:
    bs = cluster.bootstrap_servers
    create_topic(bs, "resume")
    for p in (0, 1):
        produce(bs, "resume", [f"a{p}-{i}".encode() for i in range(5)], partition=p)
    # confluent-kafka: read everything, commit p0 at 3 and p1 at 2 (3 and 2 records processed)
    c = closer(confluent_consumer(bs, "resume-rdkafka"))
    c.subscribe(["resume"])
    assert len(consume(c, 10)) == 10
    commit_confluent(c, "resume", {0: 3, 1: 2})
    c.close()
    assert committed(bs, "resume-rdkafka") == {("resume", 0): 3, ("resume", 1): 2}
    for p in (0, 1):
        produce(bs, "resume", [f"b{p}-{i}".encode() for i in range(2)], partition=p)
    # restart: exactly the records after the commit, nothing before
    c = closer(confluent_consumer(bs, "resume-rdkafka"))
    c.subscribe(["resume"])
    got = consume(c, 9)
    c.close()
    assert sorted((p, o) for p, o, _v in got) == [(0, o) for o in range(3, 7)] + [(1, o) for o in range(2, 7)]
    # kafka-python: the same with its own commit API
    k = closer(kafka_python_consumer(bs, "resume-kp", ["resume"]))
    assert len(consume(k, 14)) == 14
    k.commit({KTopicPartition("resume", 0): OffsetAndMetadata(6, "", -1),
              KTopicPartition("resume", 1): OffsetAndMetadata(1, "", -1)})
    k.close()
    k = closer(kafka_python_consumer(bs, "resume-kp", ["resume"]))
    got = consume(k, 7)
    k.close()
    assert sorted((p, o) for p, o, _v in got) == [(0, 6)] + [(1, o) for o in range(1, 7)]


def test_groups_are_independent_and_earliest_vs_latest(cluster: RunningCluster, closer: Closer) -> None:
    bs = cluster.bootstrap_servers
    create_topic(bs, "indep", partitions=1)
    produce(bs, "indep", [f"old-{i}".encode() for i in range(6)])
    g1 = closer(confluent_consumer(bs, "indep-1"))
    g1.subscribe(["indep"])
    assert [o for _p, o, _v in consume(g1, 6)] == list(range(6))
    commit_confluent(g1, "indep", {0: 6})
    g2 = closer(kafka_python_consumer(bs, "indep-2", ["indep"]))
    got = consume(g2, 6)
    assert [v for _p, _o, v in got] == [f"old-{i}".encode() for i in range(6)]  # a new group replays from 0
    g2.commit({KTopicPartition("indep", 0): OffsetAndMetadata(2, "", -1)})
    assert committed(bs, "indep-1") == {("indep", 0): 6}
    assert committed(bs, "indep-2") == {("indep", 0): 2}
    # a new group with auto.offset.reset=latest sees only records produced after it started reading
    c = confluent_consumer(bs, "indep-3", **{"auto.offset.reset": "latest"})
    c.subscribe(["indep"])
    latest = closer(Poller(c))
    sent = 0

    def got_new() -> bool:
        nonlocal sent
        if not latest.records:
            produce(bs, "indep", [f"new-{sent}".encode()])  # until the consumer has positioned itself
            sent += 1
        return bool(latest.records)
    wait_for(got_new, 15, "the 'latest' consumer to receive a new record")
    latest.stop()
    assert latest.records[0][1] >= 6
    assert all(v.startswith(b"new-") for _p, _o, v in latest.records)
    g1.close()
    g2.close()
    # neither group moved the other's offsets
    assert committed(bs, "indep-1") == {("indep", 0): 6}
    assert committed(bs, "indep-2") == {("indep", 0): 2}
