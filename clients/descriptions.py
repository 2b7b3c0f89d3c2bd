"""What :class:`clients.admin.ClusterAdmin` answers: topics, partitions, configs, groups and their
members as plain immutable values (no confluent-kafka types), with Kafka's names for states and
config sources."""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Tp = tuple[str, int]

# org.apache.kafka.common.internals.Topic.INTERNAL_TOPICS (+ the share-group state topic of 4.x).
INTERNAL_TOPICS = frozenset({"__consumer_offsets", "__transaction_state", "__share_group_state"})

# Kafka's ConsumerGroupState names (confluent's enum names differ)
_STATE_NAMES = {"UNKNOWN": "Unknown", "PREPARING_REBALANCING": "PreparingRebalance",
                "COMPLETING_REBALANCING": "CompletingRebalance", "STABLE": "Stable", "DEAD": "Dead",
                "EMPTY": "Empty"}
# Kafka's ConfigEntry.ConfigSource names by DescribeConfigs' config_source number
_SOURCE_NAMES = {0: "UNKNOWN_CONFIG", 1: "DYNAMIC_TOPIC_CONFIG", 2: "DYNAMIC_BROKER_CONFIG",
                 3: "DYNAMIC_DEFAULT_BROKER_CONFIG", 4: "STATIC_BROKER_CONFIG", 5: "DEFAULT_CONFIG",
                 8: "GROUP_CONFIG"}


@dataclass(frozen=True)
class PartitionView:
    partition: int
    leader: int | None  # None when there is no leader (Kafka prints "none")
    replicas: tuple[int, ...]
    isr: tuple[int, ...]


@dataclass(frozen=True)
class TopicView:
    name: str
    topic_id: str | None
    partitions: tuple[PartitionView, ...]
    # (name, value, is_default) of every config entry the broker reported
    configs: tuple[tuple[str, str | None, bool], ...] = ()

    @property
    def replication_factor(self) -> int:
        return len(self.partitions[0].replicas) if self.partitions else 0

    @property
    def overrides(self) -> list[tuple[str, str | None]]:
        return [(name, value) for name, value, is_default in self.configs if not is_default]

    @property
    def min_insync_replicas(self) -> int | None:
        for name, value, _ in self.configs:
            if name == "min.insync.replicas" and value is not None and value.isdigit():
                return int(value)
        return None


@dataclass(frozen=True)
class ConfigRow:
    name: str
    value: str | None
    source: str  # Kafka's ConfigSource name, e.g. DYNAMIC_TOPIC_CONFIG (an override) or DEFAULT_CONFIG
    is_default: bool
    read_only: bool
    sensitive: bool

    @property
    def is_override(self) -> bool:
        return self.source == "DYNAMIC_TOPIC_CONFIG"


@dataclass(frozen=True)
class MemberInfo:
    member_id: str
    group_instance_id: str | None
    client_id: str
    host: str
    assignment: tuple[Tp, ...]


@dataclass(frozen=True)
class GroupInfo:
    group_id: str
    state: str  # Stable, Empty, PreparingRebalance, CompletingRebalance, Dead
    assignor: str
    coordinator: int  # the coordinator's node id, -1 when unknown
    members: tuple[MemberInfo, ...]
    coordinator_address: str = ""  # "host:port" of the coordinator


def state_name(state: Any) -> str:
    """Kafka's name of a consumer group state (``Stable``, ``PreparingRebalance``, …)."""
    name = getattr(state, "name", str(state))
    return _STATE_NAMES.get(name, name)


def config_source_name(source: Any) -> str:
    number = int(getattr(source, "value", source))
    return _SOURCE_NAMES.get(number, str(number))


def format_topic_id(most: int, least: int) -> str | None:
    """Kafka's ``Uuid.toString()``: URL-safe base64 without padding; the zero id prints nothing."""
    if most == 0 and least == 0:
        return None
    raw = struct.pack(">qq", most, least)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def topic_filter(pattern: str | None, exclude_internal: bool) -> Callable[[str], bool]:
    """Kafka's ``IncludeList``: a full-match regex where ``,`` separates alternatives."""
    regex: re.Pattern[str] | None = None
    literal: str | None = None
    if pattern is not None:
        cleaned = pattern.strip().replace(",", "|").replace(" ", "").strip("\"'")
        literal = cleaned
        try:
            regex = re.compile(cleaned)
        except re.error:
            regex = None

    def allowed(name: str) -> bool:
        if exclude_internal and name in INTERNAL_TOPICS:
            return False
        if pattern is None:
            return True
        if regex is not None:
            return regex.fullmatch(name) is not None
        return name == literal

    return allowed
