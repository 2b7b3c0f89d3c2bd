"""The replication quota's token bucket and the throttled-replicas syntax (KIP-73), on a manual clock."""

from __future__ import annotations

import pytest

from engine.config import parse_throttled_replicas, validate_topic_configs
from engine.protocol.errors import KafkaError
from engine.server.replication_quota import FOLLOWER_RATE, LEADER_REPLICAS, ReplicationQuotas


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bucket_exceeds_after_a_window_and_drains_at_the_rate() -> None:
    clock = _Clock()
    quotas = ReplicationQuotas(1, clock)
    assert not quotas.follower.enabled and not quotas.follower.exceeded()
    quotas.follower.record(10**9)  # no rate: nothing recorded, never exceeded
    assert not quotas.follower.exceeded()
    quotas.dynamic[FOLLOWER_RATE] = "1000"
    quotas.follower.record(1000)
    assert not quotas.follower.exceeded()  # one window's worth is allowed
    quotas.follower.record(3000)
    assert quotas.follower.exceeded()
    assert quotas.follower.seconds_until_free() == pytest.approx(3.0)
    clock.now = 2.9
    assert quotas.follower.exceeded()
    clock.now = 3.01
    assert not quotas.follower.exceeded()
    assert not quotas.leader.exceeded()  # the other direction is unaffected


def test_throttled_replicas_lists() -> None:
    assert parse_throttled_replicas("0:1, 1:2") == {(0, 1), (1, 2)}
    assert parse_throttled_replicas("*") is None
    quotas = ReplicationQuotas(2, _Clock())
    assert quotas.is_throttled({LEADER_REPLICAS: "0:1,1:2"}, LEADER_REPLICAS, 1)
    assert not quotas.is_throttled({LEADER_REPLICAS: "0:1,1:2"}, LEADER_REPLICAS, 0)
    assert quotas.is_throttled({LEADER_REPLICAS: "*"}, LEADER_REPLICAS, 7)
    assert not quotas.is_throttled({}, LEADER_REPLICAS, 0)
    for bad in ("0-1", "a:1", "0:"):
        with pytest.raises(KafkaError, match="partition:broker"):
            validate_topic_configs({LEADER_REPLICAS: bad})
