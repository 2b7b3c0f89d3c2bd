"""The classic rebalance protocol: JoinGroup, SyncGroup, Heartbeat, LeaveGroup and their timers.

Follows Apache Kafka's classic-group logic in ``GroupMetadataManager`` (``classicGroupJoin``,
``completeClassicGroupJoin``, ``classicGroupSync``, ``classicGroupHeartbeat``,
``classicGroupLeave``), which is the 3.x ``GroupCoordinator`` behaviour:

- KIP-394: a first JoinGroup (v4+) without a member id gets ``MEMBER_ID_REQUIRED`` and a new id,
  and the member is "pending" until it rejoins with it (or its session times out).
- KIP-345: static members (``group.instance.id``) keep their place across restarts; a stale
  member id of a static member is ``FENCED_INSTANCE_ID``.
- KIP-134: the first rebalance of an empty group waits ``group.initial.rebalance.delay.ms``,
  extended while new members keep arriving, capped by the rebalance timeout.
- A rebalance waits up to the rebalance timeout (the largest ``max.poll.interval.ms``) for
  members to rejoin; dynamic members that did not are removed. After the join phase every member
  must SyncGroup within the rebalance timeout too (pending-sync expiry).
- Session timeouts are per-member heartbeat timers; members parked in JoinGroup/SyncGroup are
  exempt, new members get 5 minutes (``classicGroupNewMemberJoinTimeoutMs``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from engine.coordinator.group import (
    COMPLETING_REBALANCE,
    DEAD,
    EMPTY,
    PREPARING_REBALANCE,
    STABLE,
    UNKNOWN_MEMBER_ID,
    ClassicGroup,
    ClassicGroupMember,
    JoinResult,
    SyncResult,
)
from engine.coordinator.membership import Membership, heartbeat_key, join_key, sync_key
from engine.coordinator.ports import GroupStore
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode

log = logging.getLogger(__name__)

NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000


@dataclass(slots=True)
class JoinRequest:
    group_id: str
    member_id: str
    group_instance_id: str | None
    session_timeout_ms: int
    rebalance_timeout_ms: int
    protocol_type: str
    protocols: list[tuple[str, bytes]]
    client_id: str
    client_host: str
    require_known_member_id: bool  # JoinGroup v4+ (KIP-394)
    reason: str | None = None


class Rebalancer(Membership):
    """JoinGroup and SyncGroup, and the rebalance they drive (Heartbeat and LeaveGroup are the
    :class:`Membership` part)."""

    def __init__(self, coordinator: GroupStore) -> None:
        self.coordinator = coordinator
        self.timer = coordinator.timer

    # ------------------------------------------------------------------ helpers
    def _now(self) -> int:
        return self.coordinator.clock.time_ms()

    def _publish(self, event: ev.EngineEvent) -> None:
        self.coordinator.bus.publish(event)

    def _future(self) -> asyncio.Future[JoinResult]:
        return asyncio.get_running_loop().create_future()

    def _group(self, group_id: str) -> ClassicGroup | None:
        group = self.coordinator.groups.get(group_id)
        return None if group is None or group.is_in(DEAD) else group

    # ------------------------------------------------------------------ JoinGroup
    def join_group(self, req: JoinRequest) -> asyncio.Future[JoinResult]:
        fut = self._future()
        error = self.coordinator.check_coordinator(req.group_id)
        cfg = self.coordinator.config
        if error is None and not (cfg.get_int("group.min.session.timeout.ms") <= req.session_timeout_ms
                                  <= cfg.get_int("group.max.session.timeout.ms")):
            error = ErrorCode.invalid_session_timeout
        if error is not None:
            fut.set_result(JoinResult(error, member_id=req.member_id))
            return fut
        is_unknown = req.member_id == UNKNOWN_MEMBER_ID
        group = self.coordinator.groups.get(req.group_id)
        if group is None:
            if not is_unknown:
                fut.set_result(JoinResult(ErrorCode.unknown_member_id, member_id=req.member_id))
                return fut
            group = self.coordinator.create_group(req.group_id)
        if not self._accept_joining_member(group, req.member_id):
            group.remove(req.member_id)
            fut.set_result(JoinResult(ErrorCode.group_max_size_reached))
        elif group.is_in(DEAD):
            fut.set_result(JoinResult(ErrorCode.coordinator_not_available, member_id=req.member_id))
        elif not group.supports_protocols(req.protocol_type, {n for n, _m in req.protocols}):
            fut.set_result(JoinResult(ErrorCode.inconsistent_group_protocol, member_id=req.member_id))
        elif is_unknown:
            self._join_new_member(group, req, fut)
        else:
            self._join_existing_member(group, req, fut)
        return fut

    def _accept_joining_member(self, group: ClassicGroup, member_id: str) -> bool:
        max_size = self.coordinator.config.get_int("group.max.size")
        if group.is_in(EMPTY, DEAD):
            return True
        if group.is_in(PREPARING_REBALANCE):
            m = group.members.get(member_id)
            return (m is not None and m.is_awaiting_join) or group.num_awaiting_join < max_size
        return member_id in group.members or len(group.members) < max_size

    def _join_new_member(self, group: ClassicGroup, req: JoinRequest, fut: asyncio.Future[JoinResult]) -> None:
        new_id = group.generate_member_id(req.client_id, req.group_instance_id)
        if req.group_instance_id is not None:
            existing = group.static_member_id(req.group_instance_id)
            if existing is not None:
                log.info("static member %s of group %s rejoins in %s: replacing member id %s with %s",
                         req.group_instance_id, group.group_id, group.state, existing, new_id)
                self._update_static_member_and_rebalance(group, req, existing, new_id, fut)
            else:
                self._add_member_and_rebalance(group, req, new_id, fut)
        elif req.require_known_member_id:
            group.pending_join_members.add(new_id)
            self.timer.schedule(heartbeat_key(group.group_id, new_id), req.session_timeout_ms,
                                lambda: self._expire_heartbeat(group.group_id, new_id))
            fut.set_result(JoinResult(ErrorCode.member_id_required, member_id=new_id))
        else:
            self._add_member_and_rebalance(group, req, new_id, fut)

    def _join_existing_member(self, group: ClassicGroup, req: JoinRequest, fut: asyncio.Future[JoinResult]) -> None:
        member_id = req.member_id
        if group.is_pending_member(member_id):
            self._add_member_and_rebalance(group, req, member_id, fut)
            return
        error = group.validate_member(member_id, req.group_instance_id)
        if error is not None:
            fut.set_result(JoinResult(error, member_id=member_id))
            return
        member = group.members[member_id]
        reason = f"member {member_id} rejoins during {group.state} (client reason: {req.reason or 'not provided'})"
        if group.is_in(PREPARING_REBALANCE):
            self._update_member_and_rebalance(group, member, req, reason, fut)
        elif group.is_in(COMPLETING_REBALANCE):
            if member.matches(req.protocols):
                # the member lost its JoinGroup response: answer again for this generation
                fut.set_result(self._join_result(group, member_id, with_members=group.is_leader(member_id)))
            else:
                self._update_member_and_rebalance(group, member, req, reason, fut)
        elif group.is_in(STABLE):
            if group.is_leader(member_id) or not member.matches(req.protocols):
                self._update_member_and_rebalance(group, member, req, reason, fut)
            else:
                fut.set_result(self._join_result(group, member_id, with_members=False))
        else:
            fut.set_result(JoinResult(ErrorCode.unknown_member_id, member_id=member_id))

    def _join_result(self, group: ClassicGroup, member_id: str, with_members: bool) -> JoinResult:
        return JoinResult(ErrorCode.none, member_id=member_id, generation_id=group.generation_id,
                          protocol_type=group.protocol_type, protocol_name=group.protocol_name,
                          leader=group.leader_id or "",
                          members=group.current_members_metadata() if with_members else [])

    def _add_member_and_rebalance(self, group: ClassicGroup, req: JoinRequest, member_id: str,
                                  fut: asyncio.Future[JoinResult]) -> None:
        member = ClassicGroupMember(member_id, req.group_instance_id, req.client_id, req.client_host,
                                    req.rebalance_timeout_ms, req.session_timeout_ms, req.protocol_type,
                                    list(req.protocols), is_new=True)
        if group.is_in(PREPARING_REBALANCE) and group.previous_state == EMPTY:
            group.new_member_added = True
        group.add(member, fut)
        self._publish(ev.MemberJoined(time_ms=self._now(), group_id=group.group_id, member_id=member_id,
                                      group_instance_id=req.group_instance_id, client_id=req.client_id,
                                      client_host=req.client_host))
        # new members cannot heartbeat yet: time out their parked JoinGroup instead
        self.reschedule_heartbeat(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS)
        self.maybe_prepare_rebalance_or_complete_join(
            group, f"adding new member {member_id} (client reason: {req.reason or 'not provided'})")

    def _update_member_and_rebalance(self, group: ClassicGroup, member: ClassicGroupMember, req: JoinRequest,
                                     reason: str, fut: asyncio.Future[JoinResult]) -> None:
        group.update_member(member, list(req.protocols), req.rebalance_timeout_ms, req.session_timeout_ms, fut)
        self.maybe_prepare_rebalance_or_complete_join(group, reason)

    def _update_static_member_and_rebalance(self, group: ClassicGroup, req: JoinRequest, old_id: str, new_id: str,
                                            fut: asyncio.Future[JoinResult]) -> None:
        assert req.group_instance_id is not None
        current_leader = group.leader_id or ""
        self.timer.cancel(heartbeat_key(group.group_id, old_id))
        member = group.replace_static_member(req.group_instance_id, old_id, new_id)
        self.reschedule_heartbeat(group, member)
        old_protocols = list(member.protocols)
        old_timeouts = (member.rebalance_timeout_ms, member.session_timeout_ms)
        group.update_member(member, list(req.protocols), req.rebalance_timeout_ms, req.session_timeout_ms, fut)
        if group.is_in(STABLE):
            if group.protocol_name == group.select_protocol():
                # KIP-345: a known static member coming back does not trigger a rebalance
                generation = group.generation_id
                assignment = {m.member_id: m.assignment for m in group.members.values()}

                def done(error: ErrorCode) -> None:
                    if error != ErrorCode.none:
                        # the new member id could not be persisted: revert to the old one
                        group.update_member(member, old_protocols, *old_timeouts, None)
                        reverted = group.replace_static_member(req.group_instance_id or "", new_id, old_id)
                        self.timer.cancel(heartbeat_key(group.group_id, new_id))
                        self.reschedule_heartbeat(group, reverted)
                        if not fut.done():
                            fut.set_result(JoinResult(error, generation_id=generation, leader=current_leader))
                    else:
                        group.complete_join(member, JoinResult(
                            ErrorCode.none, member_id=new_id, generation_id=group.generation_id,
                            protocol_type=group.protocol_type, protocol_name=group.protocol_name,
                            leader=current_leader))
                self.coordinator.store_group(group, assignment, done)
            else:
                self.maybe_prepare_rebalance_or_complete_join(
                    group, f"static member {new_id} ({req.group_instance_id}) rejoined with other protocols")
        elif group.is_in(COMPLETING_REBALANCE):
            self.prepare_rebalance(group, f"static member {new_id} ({req.group_instance_id}) rejoined during sync")
        else:
            self._maybe_complete_join_phase(group)

    # ------------------------------------------------------------------ rebalance phases
    def maybe_prepare_rebalance_or_complete_join(self, group: ClassicGroup, reason: str) -> None:
        if group.can_rebalance():
            self.prepare_rebalance(group, reason)
        else:
            self._maybe_complete_join_phase(group)

    def prepare_rebalance(self, group: ClassicGroup, reason: str) -> None:
        if group.is_in(COMPLETING_REBALANCE):
            self._reset_and_propagate_error(group, ErrorCode.rebalance_in_progress)
        self._remove_sync_expiration(group)
        initial = group.is_in(EMPTY)
        group.transition_to(PREPARING_REBALANCE, self._now())
        group.rebalance_started = self.coordinator.clock.monotonic()
        log.info("preparing to rebalance group %s with old generation %d (reason: %s)",
                 group.group_id, group.generation_id, reason)
        self._publish(ev.RebalanceStarted(time_ms=self._now(), group_id=group.group_id,
                                          coordinator=self.coordinator.broker_id, generation=group.generation_id,
                                          members=len(group.members), reason=reason))
        if initial:
            delay = self.coordinator.config.get_int("group.initial.rebalance.delay.ms")
            remaining = max(group.rebalance_timeout_ms() - delay, 0)
            gid = group.group_id
            self.timer.schedule(join_key(gid), delay,
                                lambda: self._try_complete_initial_rebalance(gid, delay, remaining))
        elif group.has_all_members_joined():
            self.complete_join(group)
        else:
            gid = group.group_id
            self.timer.schedule(join_key(gid), group.rebalance_timeout_ms(), lambda: self._complete_join_by_id(gid))

    def _maybe_complete_join_phase(self, group: ClassicGroup) -> None:
        if group.is_in(PREPARING_REBALANCE) and group.previous_state != EMPTY and group.has_all_members_joined():
            self.complete_join(group)

    def _try_complete_initial_rebalance(self, group_id: str, delay: int, remaining: int) -> None:
        group = self._group(group_id)
        if group is None or not group.is_in(PREPARING_REBALANCE):
            return
        if group.new_member_added and remaining != 0:
            group.new_member_added = False
            new_delay = min(self.coordinator.config.get_int("group.initial.rebalance.delay.ms"), remaining)
            new_remaining = max(remaining - delay, 0)
            self.timer.schedule(join_key(group_id), new_delay,
                                lambda: self._try_complete_initial_rebalance(group_id, new_delay, new_remaining))
        else:
            self.complete_join(group)

    def _complete_join_by_id(self, group_id: str) -> None:
        group = self._group(group_id)
        if group is not None and group.is_in(PREPARING_REBALANCE):
            self.complete_join(group)

    def complete_join(self, group: ClassicGroup) -> None:
        """End of the join phase: drop dynamic members that did not rejoin, start the next
        generation, answer every parked JoinGroup (the leader gets the members' metadata)."""
        self.timer.cancel(join_key(group.group_id))
        for m in [m for m in group.not_yet_rejoined() if not m.is_static]:
            group.remove(m.member_id)
            self.timer.cancel(heartbeat_key(group.group_id, m.member_id))
            self._publish(ev.MemberExpired(time_ms=self._now(), group_id=group.group_id, member_id=m.member_id,
                                           reason="rebalance timeout", timeout_ms=m.rebalance_timeout_ms))
        if group.is_in(DEAD):
            return
        if not group.maybe_elect_new_joined_leader() and group.members:
            log.error("group %s could not complete rebalance because no members rejoined", group.group_id)
            gid = group.group_id
            self.timer.schedule(join_key(gid), group.rebalance_timeout_ms(), lambda: self._complete_join_by_id(gid))
            return
        group.init_next_generation(self._now())
        if group.is_in(EMPTY):
            log.info("group %s with generation %d is now empty", group.group_id, group.generation_id)
            self._rebalance_completed(group)
            self.coordinator.store_group(group, {}, lambda error: None)
            return
        log.info("stabilized group %s generation %d (%s) with %d members", group.group_id, group.generation_id,
                 group.protocol_name, len(group.members))
        for m in list(group.members.values()):
            group.complete_join(m, self._join_result(group, m.member_id, with_members=group.is_leader(m.member_id)))
            self.reschedule_heartbeat(group, m)
            m.is_new = False
            group.pending_sync_members.add(m.member_id)
        gid, generation = group.group_id, group.generation_id
        self.timer.schedule(sync_key(gid), group.rebalance_timeout_ms(),
                            lambda: self._expire_pending_sync(gid, generation))

    def _rebalance_completed(self, group: ClassicGroup) -> None:
        after = group.assignments() if group.is_in(STABLE) else {}
        started = group.rebalance_started
        duration = int((self.coordinator.clock.monotonic() - started) * 1000) if started is not None else 0
        self._publish(ev.RebalanceCompleted(
            time_ms=self._now(), group_id=group.group_id, coordinator=self.coordinator.broker_id,
            generation=group.generation_id, state=group.state, protocol=group.protocol_name or "",
            leader=group.leader_id or "", before=dict(group.last_stable_assignment), after=after,
            duration_ms=duration))
        group.last_stable_assignment = after
        group.rebalance_started = None

    # ------------------------------------------------------------------ SyncGroup
    def sync_group(self, group_id: str, generation_id: int, member_id: str, instance_id: str | None,
                   protocol_type: str | None, protocol_name: str | None,
                   assignments: dict[str, bytes]) -> asyncio.Future[SyncResult]:
        fut: asyncio.Future[SyncResult] = asyncio.get_running_loop().create_future()
        error = self.coordinator.check_coordinator(group_id)
        if error == ErrorCode.coordinator_load_in_progress:
            error = ErrorCode.rebalance_in_progress  # the rebalance state was lost: rejoin
        group = self._group(group_id) if error is None else None
        if error is None and (group is None or group.is_in(EMPTY)):
            error = ErrorCode.unknown_member_id
        if error is None and group is not None:
            error = group.validate_member(member_id, instance_id)
            if error is None and generation_id != group.generation_id:
                error = ErrorCode.illegal_generation
            if error is None and ((protocol_type is not None and protocol_type != group.protocol_type)
                                  or (protocol_name is not None and protocol_name != group.protocol_name)):
                error = ErrorCode.inconsistent_group_protocol
            if error is None and group.is_in(PREPARING_REBALANCE):
                error = ErrorCode.rebalance_in_progress
        if error is not None or group is None:
            fut.set_result(SyncResult(error or ErrorCode.unknown_member_id))
            return fut
        member = group.members[member_id]
        if group.is_in(STABLE):
            self._remove_pending_sync_member(group, member_id)
            fut.set_result(SyncResult(ErrorCode.none, group.protocol_type, group.protocol_name, member.assignment))
            return fut
        # CompletingRebalance: park until the leader's assignment is stored
        member.sync_future = fut
        self._remove_pending_sync_member(group, member_id)
        if group.is_leader(member_id):
            log.info("assignment received from leader %s of group %s for generation %d", member_id, group_id,
                     generation_id)
            full = {m: assignments.get(m, b"") for m in group.members}  # missing members get nothing

            def stored(err: ErrorCode) -> None:
                if not (group.is_in(COMPLETING_REBALANCE) and group.generation_id == generation_id):
                    return
                if err != ErrorCode.none:
                    self._reset_and_propagate_error(group, err)
                    self.maybe_prepare_rebalance_or_complete_join(group, f"error {err.name} storing the assignment")
                else:
                    for m in group.members.values():
                        m.assignment = full.get(m.member_id, b"")
                    self._propagate(group, ErrorCode.none)
                    group.transition_to(STABLE, self._now())
                    self._rebalance_completed(group)
            self.coordinator.store_group(group, full, stored)
        return fut

    def _reset_and_propagate_error(self, group: ClassicGroup, error: ErrorCode) -> None:
        for m in group.members.values():
            m.assignment = b""
        self._propagate(group, error)

    def _propagate(self, group: ClassicGroup, error: ErrorCode) -> None:
        ok = error == ErrorCode.none
        for m in list(group.members.values()):
            result = SyncResult(error, group.protocol_type if ok else None, group.protocol_name if ok else None,
                                m.assignment)
            if group.complete_sync(m, result):
                self.reschedule_heartbeat(group, m)

    def _remove_sync_expiration(self, group: ClassicGroup) -> None:
        group.pending_sync_members.clear()
        self.timer.cancel(sync_key(group.group_id))

    def _remove_pending_sync_member(self, group: ClassicGroup, member_id: str) -> None:
        group.pending_sync_members.discard(member_id)
        if not group.is_in(COMPLETING_REBALANCE, STABLE) or not group.pending_sync_members:
            self.timer.cancel(sync_key(group.group_id))

    def _expire_pending_sync(self, group_id: str, generation_id: int) -> None:
        group = self._group(group_id)
        if group is None or group.generation_id != generation_id or not group.is_in(COMPLETING_REBALANCE, STABLE):
            return
        if group.pending_sync_members:
            pending = sorted(group.pending_sync_members)
            for member_id in pending:
                member = group.members.get(member_id)
                group.remove(member_id)
                self.timer.cancel(heartbeat_key(group_id, member_id))
                if member is not None:
                    self._publish(ev.MemberExpired(time_ms=self._now(), group_id=group_id, member_id=member_id,
                                                   reason="no SyncGroup within the rebalance timeout",
                                                   timeout_ms=member.rebalance_timeout_ms))
            self.prepare_rebalance(group, f"removing {pending} on pending sync request expiration")

    # ------------------------------------------------------------------ load / unload
    def on_loaded(self, group: ClassicGroup) -> None:
        for m in group.members.values():
            self.reschedule_heartbeat(group, m)

    def on_unloaded(self, group: ClassicGroup) -> None:
        """The broker is no longer the coordinator: answer whoever is parked with NOT_COORDINATOR."""
        previous = group.state
        self.timer.cancel(join_key(group.group_id))
        self.timer.cancel(sync_key(group.group_id))
        for m in group.members.values():
            self.timer.cancel(heartbeat_key(group.group_id, m.member_id))
        for member_id in group.pending_join_members:
            self.timer.cancel(heartbeat_key(group.group_id, member_id))
        group.transition_to(DEAD, self._now())
        if previous == PREPARING_REBALANCE:
            for m in list(group.members.values()):
                group.complete_join(m, JoinResult(ErrorCode.not_coordinator, member_id=m.member_id))
        elif previous in (STABLE, COMPLETING_REBALANCE):
            for m in list(group.members.values()):
                group.complete_sync(m, SyncResult(ErrorCode.not_coordinator))
