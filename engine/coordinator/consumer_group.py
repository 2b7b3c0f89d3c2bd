"""The KIP-848 consumer group protocol (``group.protocol=consumer``): Kafka's ``ConsumerGroup`` and
``ConsumerGroupMember`` with server-side assignment, driven by ConsumerGroupHeartbeat.

Pure state, no I/O. A group has an epoch, bumped whenever its members or their subscriptions (or the
partition counts of the subscribed topics) change; each bump computes a new *target assignment* with
the group's assignor (``uniform`` or ``range``, the client's ``group.remote.assignor``). Every
member reconciles towards its target one heartbeat at a time, as Kafka's
``CurrentAssignmentBuilder`` does: partitions it must give up are taken away first (its epoch stays
until it has let them go), partitions it gains are handed over only once no other member still
owns them, and its member epoch becomes the group epoch when nothing is left to revoke.

Where the lab simplifies: the members and epochs live in memory only (Kafka writes them to
``__consumer_offsets``); after a coordinator move the members rejoin (UNKNOWN_MEMBER_ID). Offsets
are stored as for classic groups. Regex subscriptions are not served.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from engine.protocol.errors import ErrorCode

ASSIGNORS = ("uniform", "range")
LEAVE_EPOCH, STATIC_LEAVE_EPOCH = -1, -2
Assignment = dict[str, set[int]]  # topic → partitions


def _copy(a: Mapping[str, set[int]]) -> Assignment:
    return {t: set(ps) for t, ps in a.items() if ps}


def _minus(a: Mapping[str, set[int]], b: Mapping[str, set[int]]) -> Assignment:
    return {t: ps - b.get(t, set()) for t, ps in a.items() if ps - b.get(t, set())}


def _and(a: Mapping[str, set[int]], b: Mapping[str, set[int]]) -> Assignment:
    return {t: ps & b.get(t, set()) for t, ps in a.items() if ps & b.get(t, set())}


@dataclass(eq=False, slots=True)
class ConsumerGroupMember:
    member_id: str
    instance_id: str | None
    rack_id: str | None
    client_id: str
    client_host: str
    subscribed: tuple[str, ...] = ()
    assignor: str | None = None
    rebalance_timeout_ms: int = 300_000
    epoch: int = 0
    previous_epoch: int = -1
    assigned: Assignment = field(default_factory=dict)  # what the member was last told it owns
    owned: Assignment | None = None  # what the member last said it owns (None: not said yet)
    last_heartbeat_ms: int = 0


@dataclass(slots=True)
class HeartbeatResult:
    error: ErrorCode = ErrorCode.none
    message: str | None = None
    member_id: str | None = None
    member_epoch: int = 0
    assignment: Assignment | None = None  # None: unchanged since the member's last heartbeat


class ConsumerGroup:
    """One consumer-protocol group (beside it, the classic group object keeps the group's offsets)."""

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id
        self.group_epoch = 0
        self.assignment_epoch = 0
        self.members: dict[str, ConsumerGroupMember] = {}
        self.target: dict[str, Assignment] = {}
        self.assignor = ASSIGNORS[0]
        self._partition_counts: dict[str, int] = {}
        # for engine.observe: the assignment when the group was last Stable, and when the running
        # rebalance started (None when none runs)
        self.last_stable_assignment: dict[str, tuple[tuple[str, int], ...]] = {}
        self.rebalance_started_ms: int | None = None

    @property
    def state(self) -> str:
        """Kafka's ConsumerGroupState: Empty, Assigning, Reconciling, Stable."""
        if not self.members:
            return "Empty"
        if self.assignment_epoch != self.group_epoch:
            return "Assigning"
        if any(m.epoch != self.assignment_epoch or m.assigned != self.target.get(m.member_id, {})
               for m in self.members.values()):
            return "Reconciling"
        return "Stable"

    # ------------------------------------------------------------------ heartbeat
    def heartbeat(self, member_id: str, member_epoch: int, *, instance_id: str | None, rack_id: str | None,
                  client_id: str, client_host: str, subscribed: list[str] | None, assignor: str | None,
                  rebalance_timeout_ms: int, owned: Assignment | None, now_ms: int,
                  partition_counts: Callable[[str], int]) -> HeartbeatResult:
        if assignor is not None and assignor not in ASSIGNORS:
            return HeartbeatResult(ErrorCode.unsupported_assignor,
                                   f"Assignor {assignor} is not supported; supported assignors: {', '.join(ASSIGNORS)}")
        if member_epoch in (LEAVE_EPOCH, STATIC_LEAVE_EPOCH):
            if self.members.pop(member_id, None) is not None:
                self.target.pop(member_id, None)
                self.group_epoch += 1
            return HeartbeatResult(member_id=member_id, member_epoch=member_epoch)
        member = self.members.get(member_id)
        joined = member is None
        if member is None:
            if member_epoch != 0:
                return HeartbeatResult(ErrorCode.unknown_member_id, f"Member {member_id} is not a member of the group")
            member = ConsumerGroupMember(member_id or str(uuid.uuid4()), instance_id, rack_id, client_id, client_host)
            self.members[member.member_id] = member
        elif member_epoch != 0 and member_epoch not in (member.epoch, member.previous_epoch):
            return HeartbeatResult(ErrorCode.fenced_member_epoch,
                                   f"The consumer group member has a greater epoch ({member_epoch}) than the one "
                                   f"known by the group coordinator ({member.epoch})")
        member.last_heartbeat_ms = now_ms
        member.rebalance_timeout_ms = rebalance_timeout_ms if rebalance_timeout_ms > 0 else member.rebalance_timeout_ms
        bump = joined  # one new group epoch per heartbeat that changes the group, as Kafka
        if subscribed is not None and tuple(sorted(subscribed)) != member.subscribed:
            member.subscribed = tuple(sorted(subscribed))
            bump = True
        if assignor is not None and assignor != member.assignor:
            member.assignor = assignor
            bump = True
        if owned is not None:
            member.owned = owned
        if member_epoch == 0 and not joined:  # a rejoin: the member owns nothing any more
            member.owned, member.assigned = {}, {}
        counts = {t: partition_counts(t) for m in self.members.values() for t in m.subscribed}
        if counts != self._partition_counts:
            self._partition_counts = counts
            bump = True
        if bump:
            self.group_epoch += 1
        if self.assignment_epoch != self.group_epoch:
            self._assign()
        before = _copy(member.assigned)
        self._reconcile(member)
        changed = joined or member_epoch == 0 or member.assigned != before
        return HeartbeatResult(member_id=member.member_id, member_epoch=member.epoch,
                               assignment=_copy(member.assigned) if changed else None)

    def expire(self, now_ms: int, session_timeout_ms: int) -> list[str]:
        """Members whose session ran out (their heartbeats stopped): removed, their ids returned."""
        gone = [m.member_id for m in self.members.values() if now_ms - m.last_heartbeat_ms > session_timeout_ms]
        for member_id in gone:
            self.members.pop(member_id)
            self.target.pop(member_id, None)
            self.group_epoch += 1
        return gone

    def validate_commit(self, member_id: str, member_epoch: int) -> ErrorCode | None:
        """OffsetCommit of a consumer-protocol group: a member, at its current epoch (KIP-848)."""
        if member_epoch < 0 and not member_id:
            return None if not self.members else ErrorCode.unknown_member_id
        member = self.members.get(member_id)
        if member is None:
            return ErrorCode.unknown_member_id
        if member_epoch != member.epoch:
            return ErrorCode.stale_member_epoch
        return None

    # ------------------------------------------------------------------ assignment
    def _assign(self) -> None:
        votes = [m.assignor for m in self.members.values() if m.assignor]
        self.assignor = max(set(votes), key=votes.count) if votes else ASSIGNORS[0]
        target: dict[str, Assignment] = {m: {} for m in self.members}
        topics = sorted({t for m in self.members.values() for t in m.subscribed})
        if self.assignor == "range":
            for t in topics:
                subscribers = sorted(m.member_id for m in self.members.values() if t in m.subscribed)
                n = self._partition_counts.get(t, 0)
                per, extra = divmod(n, len(subscribers))
                start = 0
                for i, member_id in enumerate(subscribers):
                    size = per + (1 if i < extra else 0)
                    if size:
                        target[member_id][t] = set(range(start, start + size))
                    start += size
        else:  # uniform: every partition to the subscriber holding the fewest, sticky where balanced
            load = dict.fromkeys(self.members, 0)
            for t in topics:
                subscribers = sorted(m.member_id for m in self.members.values() if t in m.subscribed)
                for p in range(self._partition_counts.get(t, 0)):
                    current = next((m for m in subscribers if p in self.members[m].assigned.get(t, ())), None)
                    fewest = min(subscribers, key=lambda m: (load[m], m))
                    chosen = current if current is not None and load[current] <= load[fewest] else fewest
                    target[chosen].setdefault(t, set()).add(p)
                    load[chosen] += 1
            # a second pass evens out what stickiness left unbalanced
            total = sum(load.values())
            if self.members:
                cap = -(-total // len(self.members))
                for member_id in sorted(target):
                    for t in sorted(target[member_id]):
                        for p in sorted(target[member_id][t]):
                            if load[member_id] <= cap:
                                break
                            takers = [m for m in sorted(target) if load[m] < cap - 1 and t in self.members[m].subscribed]
                            if not takers:
                                break
                            target[member_id][t].discard(p)
                            target[takers[0]].setdefault(t, set()).add(p)
                            load[member_id] -= 1
                            load[takers[0]] += 1
        self.target = {m: _copy(a) for m, a in target.items()}
        self.assignment_epoch = self.group_epoch

    def _reconcile(self, member: ConsumerGroupMember) -> None:
        target = self.target.get(member.member_id, {})
        revoking = _minus(member.assigned, target)
        if revoking:
            member.assigned = _and(member.assigned, target)  # told to give them up; its epoch stays
            return
        others: Assignment = {}
        for m in self.members.values():
            if m is member:
                continue
            for source in (m.assigned, m.owned or {}):
                for t, ps in source.items():
                    others.setdefault(t, set()).update(ps)
        gained = _minus(_minus(target, member.assigned), others)
        for t, ps in gained.items():
            member.assigned.setdefault(t, set()).update(ps)
        if member.epoch != self.assignment_epoch:
            member.previous_epoch, member.epoch = member.epoch, self.assignment_epoch
