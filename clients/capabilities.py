"""What a cluster source can show and do, declared, so the GUI disables what a source lacks with one line.

The embedded engine knows everything about itself (:data:`EMBEDDED`); an external cluster answers
only what the Kafka protocol carries (:func:`external`), and a particular cluster may refuse more
(Tansu has no DescribeLogDirs, a managed cluster may deny DescribeConfigs): those parts are declared
missing with the cluster's own answer, never shown as zeros that look like data. Every image field a
missing capability covers holds the value the engine itself uses for "unknown" (-1, ``""``, ``None``,
``()``) or its default (0 for the traffic counters).

The names are stable keys; ``how`` is one line for a tooltip or a disabled action's explanation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

# Actions only the embedded engine can take (it owns its brokers' processes).
KILL_BROKER = "kill_broker"
PAUSE_BROKER = "pause_broker"
RESTART_BROKER = "restart_broker"
SLOW_MOTION = "slow_motion"
# Telemetry only the engine has: ClusterImage fields a Kafka client cannot learn.
CONTROLLER_INTERNALS = "controller_internals"  # ClusterImage.controller, metadata_offset
PER_REPLICA_OFFSETS = "per_replica_offsets"  # followers' log start / LEO / HW / lag, the leader's LEO
SEGMENTS = "segments"  # ReplicaImage.segments, the log directories' files
TRAFFIC_COUNTERS = "traffic_counters"  # messages/bytes in/out, requests per partition and broker
PRODUCE_ERRORS = "produce_errors"  # the brokers' error answers to other clients' Produce requests
EVENTS = "events"  # the typed event stream (LeaderElected, IsrShrunk, …)
GROUP_GENERATION = "group_generation"  # GroupImage.generation and .leader
BROKER_STATES = "broker_states"  # running / paused / dead / stopped told apart
# What the Kafka protocol answers (an external cluster may still refuse it).
LEADER_OFFSETS = "leader_offsets"  # the leader replica's log start offset and high watermark
REPLICA_SIZES = "replica_sizes"  # ReplicaImage.size_bytes, BrokerImage.log_dir
TOPIC_CONFIGS = "topic_configs"  # TopicImage.configs (overrides)
GROUPS = "groups"  # GroupImage: state, members, assignments
GROUP_OFFSETS = "group_offsets"  # committed offsets and lag
TOPIC_IDS = "topic_ids"
# Changing the cluster (create/delete topics, alter configs, reset offsets, …).
WRITES = "writes"

NAMES = (KILL_BROKER, PAUSE_BROKER, RESTART_BROKER, SLOW_MOTION, CONTROLLER_INTERNALS, PER_REPLICA_OFFSETS,
         SEGMENTS, TRAFFIC_COUNTERS, PRODUCE_ERRORS, EVENTS, GROUP_GENERATION, BROKER_STATES, LEADER_OFFSETS,
         REPLICA_SIZES, TOPIC_CONFIGS, GROUPS, GROUP_OFFSETS, TOPIC_IDS, WRITES)


@dataclass(frozen=True, slots=True)
class Capability:
    available: bool
    how: str  # where the data comes from when available, else why not (one line)

    def to_json(self) -> dict[str, Any]:
        return {"available": self.available, "how": self.how}


@dataclass(frozen=True)
class Capabilities:
    """Every name of :data:`NAMES` → :class:`Capability` for one source (``kind``: embedded | external)."""

    kind: str
    entries: Mapping[str, Capability] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Capability:
        return self.entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def available(self, name: str) -> bool:
        cap = self.entries.get(name)
        return cap is not None and cap.available

    def why_not(self, name: str) -> str | None:
        """The one-line explanation for a disabled action or a blank column; None when available."""
        cap = self.entries.get(name)
        if cap is None:
            return f"{name}: not declared by this source"
        return None if cap.available else cap.how

    def missing(self) -> dict[str, str]:
        return {name: cap.how for name, cap in self.entries.items() if not cap.available}

    def with_(self, name: str, available: bool, how: str) -> Capabilities:
        return replace(self, entries={**self.entries, name: Capability(available, how)})

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "capabilities": {n: c.to_json() for n, c in self.entries.items()}}


def _all(kind: str, entries: Mapping[str, tuple[bool, str]]) -> Capabilities:
    assert set(entries) == set(NAMES), set(NAMES) ^ set(entries)
    return Capabilities(kind, {name: Capability(*entries[name]) for name in NAMES})


EMBEDDED = _all("embedded", {
    KILL_BROKER: (True, "the engine crashes the broker (sockets closed, unflushed data lost)"),
    PAUSE_BROKER: (True, "the engine hangs the broker like a SIGSTOPped JVM"),
    RESTART_BROKER: (True, "the engine restarts the broker from its log directory"),
    SLOW_MOTION: (True, "the engine delays every follower fetch"),
    CONTROLLER_INTERNALS: (True, "the engine's controller: sessions, metadata log, decisions"),
    PER_REPLICA_OFFSETS: (True, "every replica's log, read in the engine"),
    SEGMENTS: (True, "the segment files of every replica"),
    TRAFFIC_COUNTERS: (True, "the brokers' own counters"),
    PRODUCE_ERRORS: (True, "the brokers' error answers to Produce, counted as they are sent"),
    EVENTS: (True, "the engine's event bus"),
    GROUP_GENERATION: (True, "the group coordinator's state"),
    BROKER_STATES: (True, "the engine runs the brokers"),
    LEADER_OFFSETS: (True, "the leader's log"),
    REPLICA_SIZES: (True, "every replica's log"),
    TOPIC_CONFIGS: (True, "the controller's metadata"),
    GROUPS: (True, "the group coordinators"),
    GROUP_OFFSETS: (True, "the group coordinators' committed offsets"),
    TOPIC_IDS: (True, "the controller's metadata"),
    WRITES: (True, "the embedded lab"),
})

_NOT_OURS = "an external cluster's brokers are not Kafka Lab's to {}"


def external(read_only: bool = False, profile: str = "") -> Capabilities:
    """What any Kafka cluster answers through the protocol (before a particular cluster refuses
    something: :class:`clients.external.ExternalCluster` narrows these after each poll)."""
    return _all("external", {
        KILL_BROKER: (False, _NOT_OURS.format("kill")),
        PAUSE_BROKER: (False, _NOT_OURS.format("pause")),
        RESTART_BROKER: (False, _NOT_OURS.format("restart")),
        SLOW_MOTION: (False, "replication speed is the external brokers' own"),
        CONTROLLER_INTERNALS: (False, "the controller quorum is not visible to Kafka clients (only the broker "
                                      "Metadata names as controller)"),
        PER_REPLICA_OFFSETS: (False, "the Kafka protocol gives only the leader's log start and high watermark "
                                     "(ListOffsets); followers' offsets and the leader's log end stay on the brokers"),
        SEGMENTS: (False, "segment files are on the brokers' disks"),
        TRAFFIC_COUNTERS: (False, "messages and bytes in/out are broker metrics (JMX), not in the Kafka protocol"),
        PRODUCE_ERRORS: (False, "the brokers' answers to other clients are not visible through the protocol"),
        EVENTS: (False, "no event stream: an external cluster's changes show in the next image"),
        GROUP_GENERATION: (False, "DescribeGroups through confluent-kafka gives neither generation nor leader"),
        BROKER_STATES: (False, "running, or dead when Metadata no longer lists a broker that replicas name "
                               "(a crash, a hang and a shutdown look the same from outside)"),
        LEADER_OFFSETS: (True, "ListOffsets: the high watermark every poll, the log start every 5th poll"),
        REPLICA_SIZES: (True, "DescribeLogDirs, per broker"),
        TOPIC_CONFIGS: (True, "DescribeConfigs (dynamic topic overrides), every 5th poll and for new topics"),
        GROUPS: (True, "ListGroups + DescribeGroups"),
        GROUP_OFFSETS: (True, "OffsetFetch per group; lag against ListOffsets latest"),
        TOPIC_IDS: (True, "DescribeTopics, every 5th poll and for new topics"),
        WRITES: (False, f"read-only connection profile{f' {profile!r}' if profile else ''}") if read_only
        else (True, "the cluster's own authorization decides"),
    })
