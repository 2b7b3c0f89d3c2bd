"""Partition reassignment (KIP-455), as KRaft's ``PartitionReassignmentReplicas`` and
``PartitionReassignmentRevert`` do it.

A reassignment names the target replicas of a partition. While it runs, the partition's
``replicas`` are the union — the target first, in its order, then the current replicas that
leave — with ``adding_replicas`` (target replicas that are new) and ``removing_replicas`` (current
replicas not in the target). Adding replicas are created by their brokers, fetch from the leader,
catch up and join the ISR through the leader's ordinary AlterPartition; once every adding replica
is in the ISR the controller completes the reassignment in one record: ``replicas`` become the
target, the removing replicas leave the ISR (their brokers delete them) and, when the leader was
one of them, the first target replica in the ISR becomes leader with a new leader epoch. A
cancel (``replicas: null``) reverts to the original replicas. These functions decide; the
controller commits the records they return.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import replace

from engine.metadata.image import PartitionRegistration
from engine.metadata.records import PartitionChangeRecord
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError

log = logging.getLogger(__name__)


def validate_target(target: Sequence[int], registered: Collection[int]) -> tuple[int, ...]:
    """The target replicas, or INVALID_REPLICA_ASSIGNMENT (Kafka's ``validateManualPartitionAssignment``)."""
    if not target:
        raise KafkaError(ErrorCode.invalid_replica_assignment, "The manual partition assignment includes an empty "
                                                               "replica list.")
    if len(set(target)) != len(target):
        raise KafkaError(ErrorCode.invalid_replica_assignment,
                         f"The manual partition assignment includes duplicate replicas: {list(target)}.")
    for b in target:
        if b not in registered:
            raise KafkaError(ErrorCode.invalid_replica_assignment,
                             f"The manual partition assignment includes broker {b}, but no such broker is registered.")
    return tuple(target)


def reverted(reg: PartitionRegistration) -> PartitionRegistration:
    """The registration without the reassignment in progress (what a cancel, or a new target, starts from)."""
    if not reg.reassigning:
        return reg
    replicas = reg.original_replicas
    isr = tuple(r for r in reg.isr if r in replicas)
    return replace(reg, replicas=replicas, isr=isr or tuple(r for r in replicas if r == reg.leader) or replicas[:1],
                   adding_replicas=(), removing_replicas=())


def _leader_for(reg: PartitionRegistration, replicas: Sequence[int], isr: Sequence[int],
                live: Collection[int]) -> tuple[int | None, int | None]:
    """(new leader, new leader epoch) when the leader must change, else (None, None)."""
    if reg.leader in isr and reg.leader in replicas:
        return None, None
    leader = next((r for r in replicas if r in isr and r in live), -1)
    return leader, reg.leader_epoch + 1


def start(topic_id: uuid.UUID, index: int, reg: PartitionRegistration, target: tuple[int, ...],
          live: Collection[int]) -> PartitionChangeRecord:
    """The record that starts (or replaces) a reassignment of one partition to ``target``; it
    completes at once when no replica has to be added."""
    base = reverted(reg)
    adding = tuple(r for r in target if r not in base.replicas)
    removing = tuple(r for r in base.replicas if r not in target)
    replicas = target + removing
    moving = replace(base, replicas=replicas, adding_replicas=adding, removing_replicas=removing)
    done = complete(moving, live)
    if done is not None:
        return complete_record(topic_id, index, done, reg)
    leader, epoch = _leader_for(reg, replicas, moving.isr, live)
    return PartitionChangeRecord(topic_id, index, leader=leader, leader_epoch=epoch, isr=moving.isr,
                                 replicas=replicas, adding_replicas=adding, removing_replicas=removing)


def complete(reg: PartitionRegistration, live: Collection[int]) -> PartitionRegistration | None:
    """The registration once the reassignment completes, or None while an adding replica is not
    in the ISR yet (Kafka's ``maybeCompleteReassignment``)."""
    if not reg.reassigning or any(r not in reg.isr for r in reg.adding_replicas):
        return None
    target = reg.target_replicas
    isr = tuple(r for r in reg.isr if r in target)
    if not isr:
        return None
    leader, epoch = _leader_for(reg, target, isr, live)
    return replace(reg, replicas=target, isr=isr, adding_replicas=(), removing_replicas=(),
                   leader=reg.leader if leader is None else leader,
                   leader_epoch=reg.leader_epoch if epoch is None else epoch)


def cancel(topic_id: uuid.UUID, index: int, reg: PartitionRegistration, live: Collection[int]) -> PartitionChangeRecord:
    """The record that cancels the reassignment in progress (NO_REASSIGNMENT_IN_PROGRESS when none is)."""
    if not reg.reassigning:
        raise KafkaError(ErrorCode.no_reassignment_in_progress, "No reassignment in progress.")
    back = reverted(reg)
    leader, epoch = _leader_for(reg, back.replicas, back.isr, live)
    back = replace(back, leader=reg.leader if leader is None else leader,
                   leader_epoch=reg.leader_epoch if epoch is None else epoch)
    return complete_record(topic_id, index, back, reg)


def complete_record(topic_id: uuid.UUID, index: int, new: PartitionRegistration, old: PartitionRegistration
            ) -> PartitionChangeRecord:
    changed_leader = new.leader != old.leader or new.leader_epoch != old.leader_epoch
    return PartitionChangeRecord(topic_id, index, leader=new.leader if changed_leader else None,
                                 leader_epoch=new.leader_epoch if changed_leader else None, isr=new.isr,
                                 replicas=new.replicas, adding_replicas=new.adding_replicas,
                                 removing_replicas=new.removing_replicas)


def announce(bus: ev.EventBus, now_ms: int, topic: str, index: int, old: PartitionRegistration,
             new: PartitionRegistration, target: Sequence[int] | None) -> None:
    """Tell the event log what a committed change did to a partition's reassignment (started,
    completed, cancelled), and the leader election a completion caused."""
    if new.reassigning:
        state = "started"
    elif target is None and old.reassigning and new.replicas == old.original_replicas:
        state = "cancelled"
    elif old.reassigning or old.replicas != new.replicas:
        state = "completed"
    else:
        return
    log.info("reassignment of %s-%d %s: replicas %s, ISR %s, leader %d", topic, index, state, list(new.replicas),
             list(new.isr), new.leader)
    bus.publish(ev.ReassignmentChanged(time_ms=now_ms, topic=topic, partition=index, state=state,
                                       replicas=new.replicas, adding_replicas=new.adding_replicas,
                                       removing_replicas=new.removing_replicas))
    if new.leader != old.leader:
        bus.publish(ev.LeaderElected(time_ms=now_ms, topic=topic, partition=index, old_leader=old.leader,
                                     new_leader=new.leader, leader_epoch=new.leader_epoch, reason="reassign"))
