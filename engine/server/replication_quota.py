"""Replication throttles (KIP-73), as Kafka's ``ReplicationQuotaManager``: one quota per broker and
direction, its rate the dynamic broker config ``leader.replication.throttled.rate`` (bytes a leader
serves to throttled follower fetches) or ``follower.replication.throttled.rate`` (bytes a follower
fetches for throttled partitions); which replicas are throttled is the topic configs
``leader.replication.throttled.replicas`` / ``follower.replication.throttled.replicas``
(``partition:broker`` pairs, or ``*``).

The quota is a simple token bucket over a ~1 s window: the bytes recorded drain at the rate; once
more than one window's worth is recorded the quota is exceeded and throttled partitions are left out
(of the leader's response, of the follower's request) until it drains. Only replicas out of the ISR
are throttled — a replica in sync keeps up at full speed, as in Kafka.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from engine.config import BROKER_CONFIGS, parse_throttled_replicas

LEADER_RATE = "leader.replication.throttled.rate"
FOLLOWER_RATE = "follower.replication.throttled.rate"
LEADER_REPLICAS = "leader.replication.throttled.replicas"
FOLLOWER_REPLICAS = "follower.replication.throttled.replicas"
DYNAMIC_BROKER_CONFIGS = (LEADER_RATE, FOLLOWER_RATE)
WINDOW_S = 1.0


class ReplicationQuota:
    """A token bucket of ``rate()`` bytes/s over a window of ``WINDOW_S``."""

    def __init__(self, rate: Callable[[], int], now: Callable[[], float]) -> None:
        self._rate = rate
        self._now = now
        self._level = 0.0  # bytes recorded and not yet drained
        self._at = now()

    def _drain(self) -> float:
        rate = self._rate()
        now = self._now()
        self._level = max(0.0, self._level - (now - self._at) * rate)
        self._at = now
        return rate

    @property
    def enabled(self) -> bool:
        return self._rate() < BROKER_CONFIG_UNLIMITED

    def exceeded(self) -> bool:
        if not self.enabled:
            return False
        rate = self._drain()  # (first: it updates the level)
        return self._level > rate * WINDOW_S

    def record(self, size: int) -> None:
        if size > 0 and self.enabled:
            self._drain()
            self._level += size

    def seconds_until_free(self) -> float:
        """How long until the quota is no longer exceeded (0 when it is not)."""
        if not self.exceeded():
            return 0.0
        rate = max(self._drain(), 1)
        return (self._level - rate * WINDOW_S) / rate


BROKER_CONFIG_UNLIMITED = int(BROKER_CONFIGS[LEADER_RATE].default or 0)


class ReplicationQuotas:
    """One broker's dynamic throttle rates and its leader and follower quotas."""

    def __init__(self, broker_id: int, now: Callable[[], float]) -> None:
        self.broker_id = broker_id
        self.dynamic: dict[str, str] = {}  # DYNAMIC_BROKER_CONFIG values set by (Incremental)AlterConfigs
        self.leader = ReplicationQuota(lambda: self.rate(LEADER_RATE), now)
        self.follower = ReplicationQuota(lambda: self.rate(FOLLOWER_RATE), now)

    def rate(self, name: str) -> int:
        return int(self.dynamic.get(name) or BROKER_CONFIG_UNLIMITED)

    def is_throttled(self, configs: Mapping[str, str], name: str, partition: int) -> bool:
        """Whether ``partition`` of a topic with ``configs`` is throttled here (``name``: the
        leader or follower replicas list) — listed with this broker, or ``*``."""
        value = configs.get(name)
        if not value:
            return False
        pairs = parse_throttled_replicas(value)
        return pairs is None or (partition, self.broker_id) in pairs
