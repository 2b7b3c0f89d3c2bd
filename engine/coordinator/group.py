"""One classic consumer group's state (Kafka's ``ClassicGroup`` and ``ClassicGroupMember``).

Pure state, no I/O and no timers: the :class:`~engine.coordinator.group_coordinator.GroupCoordinator`
drives it. States and transitions are Kafka's ``ClassicGroupState``::

    Empty ──join──▶ PreparingRebalance ──all joined──▶ CompletingRebalance ──leader sync──▶ Stable
      ▲                   ▲   │ (no members left)              │                              │
      └───────────────────┼───┘                                └──────── member change ◀──────┘
                          └────────────────── join/leave/expiry ◀───────────────────────────────
    any ──(unloaded / deleted)──▶ Dead

The broker never interprets the protocol metadata: it picks the protocol every member supports
(each member votes for its most preferred candidate) and relays metadata and assignments.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass, field

from engine.coordinator.consumer_group import ConsumerGroup
from engine.coordinator.consumer_protocol import PROTOCOL_TYPE, decode_assignment, decode_subscription
from engine.protocol.errors import ErrorCode

EMPTY = "Empty"
PREPARING_REBALANCE = "PreparingRebalance"
COMPLETING_REBALANCE = "CompletingRebalance"
STABLE = "Stable"
DEAD = "Dead"
STATES = (EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD)

# ClassicGroupState: the states each state may be entered from.
_VALID_PREVIOUS = {
    EMPTY: {PREPARING_REBALANCE},
    PREPARING_REBALANCE: {STABLE, COMPLETING_REBALANCE, EMPTY},
    COMPLETING_REBALANCE: {PREPARING_REBALANCE},
    STABLE: {COMPLETING_REBALANCE},
    DEAD: {STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE, EMPTY, DEAD},
}

UNKNOWN_MEMBER_ID = ""


@dataclass(slots=True)
class JoinResult:
    """What a JoinGroup request is answered with (version-agnostic)."""

    error: ErrorCode
    member_id: str = UNKNOWN_MEMBER_ID
    generation_id: int = -1
    protocol_type: str | None = None
    protocol_name: str | None = None
    leader: str = ""
    members: list[tuple[str, str | None, bytes]] = field(default_factory=list)  # (id, instance id, metadata)
    skip_assignment: bool = False


@dataclass(slots=True)
class SyncResult:
    error: ErrorCode
    protocol_type: str | None = None
    protocol_name: str | None = None
    assignment: bytes = b""


@dataclass(slots=True)
class OffsetAndMetadata:
    offset: int
    leader_epoch: int
    metadata: str
    commit_timestamp: int
    expire_timestamp: int = -1


@dataclass(eq=False, slots=True)
class ClassicGroupMember:
    member_id: str
    group_instance_id: str | None
    client_id: str
    client_host: str
    rebalance_timeout_ms: int
    session_timeout_ms: int
    protocol_type: str
    protocols: list[tuple[str, bytes]]  # (name, metadata) in the member's order of preference
    assignment: bytes = b""
    join_future: asyncio.Future[JoinResult] | None = None
    sync_future: asyncio.Future[SyncResult] | None = None
    is_new: bool = False

    @property
    def is_awaiting_join(self) -> bool:
        return self.join_future is not None

    @property
    def is_awaiting_sync(self) -> bool:
        return self.sync_future is not None

    @property
    def is_static(self) -> bool:
        return self.group_instance_id is not None

    def has_satisfied_heartbeat(self) -> bool:
        """Members parked in a JoinGroup or SyncGroup need no heartbeat (new ones always do)."""
        if self.is_new:
            return False
        return self.is_awaiting_join or self.is_awaiting_sync

    def metadata(self, protocol: str | None) -> bytes:
        return next((m for n, m in self.protocols if n == protocol), b"")

    def matches(self, protocols: list[tuple[str, bytes]]) -> bool:
        return self.protocols == protocols

    def vote(self, candidates: set[str]) -> str:
        return next(n for n, _m in self.protocols if n in candidates)

    def decoded_assignment(self) -> tuple[tuple[str, int], ...]:
        return decode_assignment(self.assignment) or ()


class ClassicGroup:
    def __init__(self, group_id: str, partition: int, now_ms: int, state: str = EMPTY) -> None:
        self.group_id = group_id
        self.partition = partition  # the __consumer_offsets partition holding it
        self.state = state
        self.previous_state = state
        self.state_timestamp = now_ms
        self.protocol_type: str | None = None
        self.protocol_name: str | None = None
        self.generation_id = 0
        self.leader_id: str | None = None
        self.members: dict[str, ClassicGroupMember] = {}
        self.static_members: dict[str, str] = {}  # group.instance.id → member id
        self.pending_join_members: set[str] = set()
        self.pending_sync_members: set[str] = set()
        self.num_awaiting_join = 0
        self.new_member_added = False
        self.subscribed_topics: set[str] | None = None
        self.supported_protocols: Counter[str] = Counter()
        self.offsets: dict[tuple[str, int], OffsetAndMetadata] = {}
        # for engine.observe: the assignment of the last Stable generation, and when the running
        # rebalance started (clock.monotonic(), None when no rebalance is running)
        self.last_stable_assignment: dict[str, tuple[tuple[str, int], ...]] = {}
        self.rebalance_started: float | None = None
        self.consumer: ConsumerGroup | None = None  # a KIP-848 consumer-protocol group: its members and epochs

    # ------------------------------------------------------------------ state
    def is_in(self, *states: str) -> bool:
        return self.state in states

    def transition_to(self, state: str, now_ms: int) -> None:
        if self.state not in _VALID_PREVIOUS[state]:
            raise RuntimeError(f"group {self.group_id}: invalid transition {self.state} -> {state}")
        self.previous_state, self.state = self.state, state
        self.state_timestamp = now_ms

    def can_rebalance(self) -> bool:
        return self.state in _VALID_PREVIOUS[PREPARING_REBALANCE]

    @property
    def is_empty(self) -> bool:
        return self.state == EMPTY

    def rebalance_timeout_ms(self) -> int:
        return max((m.rebalance_timeout_ms for m in self.members.values()), default=0)

    # ------------------------------------------------------------------ members
    def has_member(self, member_id: str) -> bool:
        return member_id in self.members

    def is_leader(self, member_id: str) -> bool:
        return self.leader_id == member_id

    def is_pending_member(self, member_id: str) -> bool:
        return member_id in self.pending_join_members

    def static_member_id(self, instance_id: str | None) -> str | None:
        return None if instance_id is None else self.static_members.get(instance_id)

    def is_static_member_fenced(self, instance_id: str | None, member_id: str) -> bool:
        existing = self.static_member_id(instance_id)
        return existing is not None and existing != member_id

    def validate_member(self, member_id: str, instance_id: str | None) -> ErrorCode | None:
        """``ClassicGroup.validateMember``: UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID, else None."""
        if instance_id is not None:
            existing = self.static_members.get(instance_id)
            if existing is None:
                return ErrorCode.unknown_member_id
            if existing != member_id:
                return ErrorCode.fenced_instance_id
        if member_id not in self.members:
            return ErrorCode.unknown_member_id
        return None

    @staticmethod
    def generate_member_id(client_id: str, instance_id: str | None) -> str:
        return f"{instance_id if instance_id is not None else client_id}-{uuid.uuid4()}"

    def add(self, member: ClassicGroupMember, future: asyncio.Future[JoinResult] | None = None) -> None:
        if member.group_instance_id is not None:
            self.static_members[member.group_instance_id] = member.member_id
        if not self.members:
            self.protocol_type = member.protocol_type
        if self.leader_id is None:
            self.leader_id = member.member_id
        self.members[member.member_id] = member
        self.supported_protocols.update(n for n, _m in member.protocols)
        member.join_future = future
        if future is not None:
            self.num_awaiting_join += 1
        self.pending_join_members.discard(member.member_id)

    def remove(self, member_id: str) -> ClassicGroupMember | None:
        member = self.members.pop(member_id, None)
        if member is not None:
            self.supported_protocols.subtract(n for n, _m in member.protocols)
            if member.is_awaiting_join:
                self.num_awaiting_join -= 1
            if member.group_instance_id is not None:
                self.static_members.pop(member.group_instance_id, None)
        if self.leader_id == member_id:
            self.leader_id = next(iter(self.members), None)
        self.pending_join_members.discard(member_id)
        self.pending_sync_members.discard(member_id)
        return member

    def update_member(self, member: ClassicGroupMember, protocols: list[tuple[str, bytes]], rebalance_timeout_ms: int,
                      session_timeout_ms: int, future: asyncio.Future[JoinResult] | None) -> None:
        self.supported_protocols.subtract(n for n, _m in member.protocols)
        member.protocols = protocols
        self.supported_protocols.update(n for n, _m in protocols)
        member.rebalance_timeout_ms = rebalance_timeout_ms
        member.session_timeout_ms = session_timeout_ms
        if future is not None and not member.is_awaiting_join:
            self.num_awaiting_join += 1
        elif future is None and member.is_awaiting_join:
            self.num_awaiting_join -= 1
        member.join_future = future

    def replace_static_member(self, instance_id: str, old_member_id: str, new_member_id: str) -> ClassicGroupMember:
        """Give a rejoining static member a new id; whoever still waits on the old id is fenced."""
        old = self.members.pop(old_member_id)
        self.complete_join(old, JoinResult(ErrorCode.fenced_instance_id, member_id=old_member_id))
        self.complete_sync(old, SyncResult(ErrorCode.fenced_instance_id))
        new = ClassicGroupMember(new_member_id, old.group_instance_id, old.client_id, old.client_host,
                                 old.rebalance_timeout_ms, old.session_timeout_ms, old.protocol_type,
                                 list(old.protocols), old.assignment)
        self.members[new_member_id] = new
        if self.leader_id == old_member_id:
            self.leader_id = new_member_id
        self.static_members[instance_id] = new_member_id
        return new

    def complete_join(self, member: ClassicGroupMember, result: JoinResult) -> bool:
        fut = member.join_future
        if fut is None:
            return False
        member.join_future = None
        self.num_awaiting_join -= 1
        if not fut.done():
            fut.set_result(result)
        return True

    def complete_sync(self, member: ClassicGroupMember, result: SyncResult) -> bool:
        fut = member.sync_future
        if fut is None:
            return False
        member.sync_future = None
        if not fut.done():
            fut.set_result(result)
        return True

    def not_yet_rejoined(self) -> list[ClassicGroupMember]:
        return [m for m in self.members.values() if not m.is_awaiting_join]

    def has_all_members_joined(self) -> bool:
        return len(self.members) == self.num_awaiting_join and not self.pending_join_members

    def maybe_elect_new_joined_leader(self) -> bool:
        """Keep the leader if it rejoined, else pick a member that did; False if none did."""
        if self.leader_id is None:
            return False
        leader = self.members.get(self.leader_id)
        if leader is not None and leader.is_awaiting_join:
            return True
        for m in self.members.values():
            if m.is_awaiting_join:
                self.leader_id = m.member_id
                return True
        return False

    # ------------------------------------------------------------------ protocols
    def candidate_protocols(self) -> set[str]:
        n = len(self.members)
        return {p for p, count in self.supported_protocols.items() if count == n and n > 0}

    def supports_protocols(self, protocol_type: str, protocols: set[str]) -> bool:
        if self.state == EMPTY:
            return bool(protocol_type) and bool(protocols)
        return self.protocol_type == protocol_type and any(
            self.supported_protocols.get(p, 0) == len(self.members) for p in protocols)

    def select_protocol(self) -> str:
        """Each member votes for its most preferred candidate; most votes wins (ties: first
        member's preference order, so the choice is deterministic)."""
        candidates = self.candidate_protocols()
        votes = Counter(m.vote(candidates) for m in self.members.values())
        best = max(votes.values())
        first = next(iter(self.members.values()))
        return next(n for n, _m in first.protocols if votes.get(n) == best)

    def compute_subscribed_topics(self) -> set[str] | None:
        if self.protocol_type != PROTOCOL_TYPE:
            return None
        if not self.members:
            return set()
        if self.protocol_name is None:
            return None
        topics: set[str] = set()
        for m in self.members.values():
            decoded = decode_subscription(m.metadata(self.protocol_name))
            if decoded is None:
                return None
            topics.update(decoded)
        return topics

    def is_subscribed_to_topic(self, topic: str) -> bool:
        if self.subscribed_topics is not None:
            return topic in self.subscribed_topics
        return self.protocol_type == PROTOCOL_TYPE

    def init_next_generation(self, now_ms: int) -> None:
        self.generation_id += 1
        if self.members:
            self.protocol_name = self.select_protocol()
            self.subscribed_topics = self.compute_subscribed_topics()
            self.transition_to(COMPLETING_REBALANCE, now_ms)
        else:
            self.protocol_name = None
            self.subscribed_topics = self.compute_subscribed_topics()
            self.transition_to(EMPTY, now_ms)
        self.pending_sync_members.clear()

    def current_members_metadata(self) -> list[tuple[str, str | None, bytes]]:
        return [(m.member_id, m.group_instance_id, m.metadata(self.protocol_name)) for m in self.members.values()]

    def assignments(self) -> dict[str, tuple[tuple[str, int], ...]]:
        return {m.member_id: m.decoded_assignment() for m in self.members.values()}
