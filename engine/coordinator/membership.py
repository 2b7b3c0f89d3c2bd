"""Group membership: Heartbeat (session timeouts) and LeaveGroup, the part of the classic protocol
that keeps members alive or lets them go (Kafka's ``classicGroupHeartbeat``/``classicGroupLeave``).
Mixed into :class:`~engine.coordinator.rebalance.Rebalancer`, which supplies the rebalance steps."""

from __future__ import annotations

import logging

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
)
from engine.coordinator.ports import GroupStore
from engine.coordinator.timer import CoordinatorTimer
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode

log = logging.getLogger(__name__)


def join_key(group_id: str) -> str:
    return f"join\0{group_id}"


def sync_key(group_id: str) -> str:
    return f"sync\0{group_id}"


def heartbeat_key(group_id: str, member_id: str) -> str:
    return f"hb\0{group_id}\0{member_id}"


class Membership:
    coordinator: GroupStore
    timer: CoordinatorTimer

    # supplied by the Rebalancer
    def _now(self) -> int:
        raise NotImplementedError

    def _publish(self, event: ev.EngineEvent) -> None:
        raise NotImplementedError

    def _group(self, group_id: str) -> ClassicGroup | None:
        raise NotImplementedError

    def maybe_prepare_rebalance_or_complete_join(self, group: ClassicGroup, reason: str) -> None:
        raise NotImplementedError

    def _maybe_complete_join_phase(self, group: ClassicGroup) -> None:
        raise NotImplementedError

    def complete_join(self, group: ClassicGroup) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ Heartbeat
    def heartbeat(self, group_id: str, member_id: str, instance_id: str | None, generation_id: int) -> ErrorCode:
        error = self.coordinator.check_coordinator(group_id)
        if error == ErrorCode.coordinator_load_in_progress:
            return ErrorCode.none  # the group is loading: answer blindly (older clients do not expect the error)
        if error is not None:
            return error
        group = self._group(group_id)
        if group is None:
            return ErrorCode.unknown_member_id
        error = group.validate_member(member_id, instance_id)
        if error is not None:
            return error
        if generation_id != group.generation_id:
            return ErrorCode.illegal_generation
        if group.is_in(EMPTY):
            return ErrorCode.unknown_member_id
        self.reschedule_heartbeat(group, group.members[member_id])
        return ErrorCode.rebalance_in_progress if group.is_in(PREPARING_REBALANCE) else ErrorCode.none

    def reschedule_heartbeat(self, group: ClassicGroup, member: ClassicGroupMember, timeout_ms: int | None = None) -> None:
        gid, mid = group.group_id, member.member_id
        self.timer.schedule(heartbeat_key(gid, mid), member.session_timeout_ms if timeout_ms is None else timeout_ms,
                            lambda: self._expire_heartbeat(gid, mid))

    def _expire_heartbeat(self, group_id: str, member_id: str) -> None:
        group = self._group(group_id)
        if group is None:
            return
        if group.is_pending_member(member_id):
            log.info("pending member %s of group %s removed after its session timeout", member_id, group_id)
            group.remove(member_id)
            self._maybe_complete_join_phase(group)
            return
        member = group.members.get(member_id)
        if member is None or member.has_satisfied_heartbeat():
            return
        log.info("member %s of group %s has failed (no heartbeat within %d ms), removing it", member_id, group_id,
                 member.session_timeout_ms)
        self._publish(ev.MemberExpired(time_ms=self._now(), group_id=group_id, member_id=member_id,
                                       reason="session timeout", timeout_ms=member.session_timeout_ms))
        self._remove_member_and_update(group, member, f"removing member {member_id} on heartbeat expiration")

    def _remove_member_and_update(self, group: ClassicGroup, member: ClassicGroupMember, reason: str) -> None:
        group.complete_join(member, JoinResult(ErrorCode.unknown_member_id))
        group.remove(member.member_id)
        if group.is_in(STABLE, COMPLETING_REBALANCE):
            self.maybe_prepare_rebalance_or_complete_join(group, reason)
        elif group.is_in(PREPARING_REBALANCE) and group.has_all_members_joined():
            self.complete_join(group)

    # ------------------------------------------------------------------ LeaveGroup
    def leave_group(self, group_id: str, leaving: list[tuple[str, str | None, str | None]]
                    ) -> tuple[ErrorCode, list[ErrorCode]]:
        """(top-level error, one error per (member id, instance id, reason))."""
        error = self.coordinator.check_coordinator(group_id)
        if error is not None:
            return error, []
        group = self.coordinator.groups.get(group_id)
        if group is None:
            return ErrorCode.none, [ErrorCode.unknown_member_id for _ in leaving]
        if group.is_in(DEAD):
            return ErrorCode.coordinator_not_available, []
        results: list[ErrorCode] = []
        left: list[str] = []
        for member_id, instance_id, reason in leaving:
            why = reason or "not provided"
            if member_id == UNKNOWN_MEMBER_ID:
                # administrative removal of a static member by its group.instance.id
                target = group.static_member_id(instance_id)
                if target is None:
                    results.append(ErrorCode.unknown_member_id)
                    continue
                member_id = target
            elif group.is_pending_member(member_id):
                group.remove(member_id)
                self.timer.cancel(heartbeat_key(group_id, member_id))
                results.append(ErrorCode.none)
                continue
            else:
                err = group.validate_member(member_id, instance_id)
                if err is not None:
                    results.append(err)
                    continue
            member = group.members[member_id]
            self.timer.cancel(heartbeat_key(group_id, member_id))
            log.info("member %s has left group %s through an explicit LeaveGroup (client reason: %s)",
                     member_id, group_id, why)
            group.complete_join(member, JoinResult(ErrorCode.unknown_member_id))
            group.remove(member_id)
            self._publish(ev.MemberLeft(time_ms=self._now(), group_id=group_id, member_id=member_id, reason=why))
            results.append(ErrorCode.none)
            left.append(member_id)
        if left:
            reason = f"explicit LeaveGroup request for ({', '.join(left)}) members"
            if group.is_in(STABLE, COMPLETING_REBALANCE):
                self.maybe_prepare_rebalance_or_complete_join(group, reason)
            elif group.is_in(PREPARING_REBALANCE):
                self._maybe_complete_join_phase(group)
        return ErrorCode.none, results
