"""Leader election, as Kafka's ``PartitionChangeBuilder`` does it.

A clean election picks the first replica, in assignment order, that is alive and in the ISR; an
unclean one (``unclean.leader.election.enable`` or ElectLeaders type 1) any live replica, and the
ISR becomes that replica alone. Every election bumps the leader epoch. These functions decide;
the controller commits the records they return.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from engine.metadata.image import PartitionRegistration, TopicImage
from engine.metadata.records import PartitionChangeRecord
from engine.protocol.errors import ErrorCode


@dataclass(frozen=True, slots=True)
class Election:
    record: PartitionChangeRecord
    new_leader: int
    unclean: bool


def elect_leader(t: TopicImage, index: int, reg: PartitionRegistration, isr: tuple[int, ...], live: Collection[int],
                 unclean_allowed: bool) -> Election:
    """A new leader for a partition whose leader is gone (or -1 when none can be elected)."""
    candidates = [r for r in reg.replicas if r in live and r in isr]
    unclean = False
    if not candidates and unclean_allowed:
        candidates = [r for r in reg.replicas if r in live]
        unclean = bool(candidates)
    new_leader = candidates[0] if candidates else -1
    new_isr = (new_leader,) if unclean else isr
    record = PartitionChangeRecord(t.topic_id, index, leader=new_leader, leader_epoch=reg.leader_epoch + 1,
                                   isr=new_isr)
    return Election(record, new_leader, unclean)


def choose_preferred(reg: PartitionRegistration, live: Collection[int]) -> tuple[ErrorCode, int, tuple[int, ...] | None]:
    """ElectLeaders type 0 / auto.leader.rebalance.enable: the preferred (first assigned) replica."""
    pref = reg.preferred_leader
    if reg.leader == pref:
        return ErrorCode.election_not_needed, -1, None
    if pref in live and pref in reg.isr:
        return ErrorCode.none, pref, None
    return ErrorCode.preferred_leader_not_available, -1, None


def choose_unclean(reg: PartitionRegistration, live: Collection[int]) -> tuple[ErrorCode, int, tuple[int, ...] | None]:
    """ElectLeaders type 1: a leader for an offline partition even from out-of-sync replicas."""
    if reg.leader in live:
        return ErrorCode.election_not_needed, -1, None
    candidates = [r for r in reg.replicas if r in live]
    if not candidates:
        return ErrorCode.eligible_leaders_not_available, -1, None
    return ErrorCode.none, candidates[0], (candidates[0],)


def imbalanced_partitions(topics: Collection[TopicImage], live: Collection[int],
                          imbalance_percentage: int) -> list[tuple[str, int]]:
    """Kafka's ``checkAndTriggerAutoLeaderRebalance``: the partitions of every broker whose share of
    partitions not led by their preferred leader exceeds the threshold (and that it could lead now)."""
    per_broker: dict[int, list[tuple[str, int]]] = {}
    totals: dict[int, int] = {}
    for t in topics:
        for p, reg in t.partitions.items():
            pref = reg.preferred_leader
            totals[pref] = totals.get(pref, 0) + 1
            if reg.leader != pref and pref in live and pref in reg.isr:
                per_broker.setdefault(pref, []).append((t.name, p))
    return [tp for b, tps in per_broker.items() if len(tps) * 100 / max(totals[b], 1) > imbalance_percentage
            for tp in tps]
