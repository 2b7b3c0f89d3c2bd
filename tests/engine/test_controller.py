"""The controller's metadata log, replica placement and elections, without sockets."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig
from engine.controller.controller import Controller
from engine.observe.events import EventBus
from engine.protocol.errors import ErrorCode, KafkaError


def make(path: Path, brokers: int = 3) -> Controller:
    c = Controller(BrokerConfig(), ManualClock(), EventBus(), path)
    for b in range(brokers):
        c.register_broker(b, "127.0.0.1", 9092 + b)
    return c


def test_metadata_log_replays_to_the_same_topics_and_new_ids_never_repeat(tmp_path: Path) -> None:
    c = make(tmp_path)
    t = c.create_topic("a", 3, 2)
    c.alter_topic_configs("a", {"retention.ms": "1000"})
    c.close()
    again = make(tmp_path)
    assert again.image.topics["a"].topic_id == t.topic_id
    assert dict(again.image.topics["a"].configs) == {"retention.ms": "1000"}
    assert {p: r.replicas for p, r in again.image.topics["a"].partitions.items()} == \
        {p: r.replicas for p, r in t.partitions.items()}
    b = again.create_topic("b", 1, 1)
    assert b.topic_id != t.topic_id


def test_leaders_and_replicas_spread_over_brokers(tmp_path: Path) -> None:
    c = make(tmp_path)
    t = c.create_topic("spread", 6, 3)
    leaders = Counter(r.leader for r in t.partitions.values())
    assert leaders == {0: 2, 1: 2, 2: 2}
    assert all(len(set(r.replicas)) == 3 for r in t.partitions.values())
    assert all(r.leader == r.replicas[0] for r in t.partitions.values())


def test_topic_rules(tmp_path: Path) -> None:
    c = make(tmp_path)
    c.create_topic("x.y", 1, 1)
    for name, code in [("x_y", ErrorCode.invalid_topic_exception), ("x.y", ErrorCode.topic_already_exists),
                       ("a b", ErrorCode.invalid_topic_exception)]:
        with pytest.raises(KafkaError) as e:
            c.create_topic(name, 1, 1)
        assert e.value.code == code
    with pytest.raises(KafkaError) as e:
        c.create_topic("rf", 1, 4)
    assert e.value.code == ErrorCode.invalid_replication_factor
    with pytest.raises(KafkaError) as e:
        c.create_partitions("x.y", 1)
    assert e.value.code == ErrorCode.invalid_partitions


def test_leader_moves_to_an_isr_member_when_the_leader_is_fenced(tmp_path: Path) -> None:
    c = make(tmp_path)
    t = c.create_topic("fo", 1, 3)
    old = t.partitions[0]
    c.fence_broker(old.leader, "killed")
    new = c.image.topics["fo"].partitions[0]
    assert new.leader != old.leader and new.leader in old.isr
    assert new.leader_epoch == old.leader_epoch + 1
    assert old.leader not in new.isr
    c.register_broker(old.leader, "127.0.0.1", 1)
    assert c.elect_preferred([("fo", 0)])[("fo", 0)] == ErrorCode.preferred_leader_not_available  # not in ISR yet


def test_partition_goes_offline_without_isr_and_unclean_election_is_opt_in(tmp_path: Path) -> None:
    c = make(tmp_path, brokers=2)
    c.create_topic("off", 1, 2)
    reg = c.image.topics["off"].partitions[0]
    c.fence_broker(reg.replicas[1], "killed")
    c.fence_broker(reg.replicas[0], "killed")
    assert c.image.topics["off"].partitions[0].leader == -1
    c.register_broker(reg.replicas[1], "127.0.0.1", 1)  # only the out-of-sync replica returns
    assert c.image.topics["off"].partitions[0].leader == -1
    c.alter_topic_configs("off", {"unclean.leader.election.enable": "true"})
    assert c.elect_unclean([("off", 0)])[("off", 0)] == ErrorCode.none
    assert c.image.topics["off"].partitions[0].leader == reg.replicas[1]


def test_cluster_id_is_kept_per_data_dir(tmp_path: Path) -> None:
    from engine.cluster import load_or_create_cluster_id

    first = load_or_create_cluster_id(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path)
    assert len(first) == 22 and load_or_create_cluster_id(tmp_path / "a") == first
    (tmp_path / "b").mkdir()
    assert load_or_create_cluster_id(tmp_path / "b") != first
