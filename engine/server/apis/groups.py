"""Consumer-group APIs (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete) — the request side of the
classic group protocol, served by the broker's :class:`~engine.coordinator.group_coordinator.GroupCoordinator`.

Handlers translate between kio requests/responses of any supported version and the coordinator's
version-agnostic calls, as Kafka's ``KafkaApis`` does for ``GroupCoordinator``. FindCoordinator
for a transactional id (key type 1) answers the transaction coordinator
(:mod:`engine.coordinator.transaction_coordinator`); a share group (2) gets ``INVALID_REQUEST``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Awaitable, Iterable
from typing import Any

from engine.coordinator.group import STABLE, ClassicGroup, JoinResult, OffsetAndMetadata, SyncResult
from engine.coordinator.group_coordinator import GroupCoordinator, group_state, group_type
from engine.coordinator.rebalance import JoinRequest
from engine.network.dispatch import ApiSpec
from engine.protocol.errors import ErrorCode
from engine.server.request_context import RequestContext

OFFSET_COMMIT, OFFSET_FETCH, FIND_COORDINATOR, JOIN_GROUP, HEARTBEAT = 8, 9, 10, 11, 12
LEAVE_GROUP, SYNC_GROUP, DESCRIBE_GROUPS, LIST_GROUPS, DELETE_GROUPS, OFFSET_DELETE = 13, 14, 15, 16, 42, 47

GROUP_KEY, TRANSACTION_KEY = 0, 1
DEFAULT_RETENTION = -1
NO_TOPIC_ID = uuid.UUID(int=0)


def _coordinator(ctx: RequestContext) -> GroupCoordinator:
    return ctx.groups


def _ms(value: Any, default: int = -1) -> int:
    if value is None:
        return default
    if isinstance(value, datetime.timedelta):
        return int(value.total_seconds() * 1000)
    return int(value)


def _client_host(ctx: RequestContext) -> str:
    return f"/{ctx.client_host}"  # as Kafka's InetAddress.toString()


# ---------------------------------------------------------------------------- FindCoordinator


async def handle_find_coordinator(ctx: RequestContext, request: Any) -> dict[str, Any]:
    key_type = int(getattr(request, "key_type", GROUP_KEY))
    batched = ctx.api_version >= 4
    keys = list(request.coordinator_keys) if batched else [request.key]
    coordinators = []
    for key in keys:
        entry: dict[str, Any] = {"key": key, "node_id": -1, "host": "", "port": -1}
        if key_type not in (GROUP_KEY, TRANSACTION_KEY):
            entry.update(error_code=ErrorCode.invalid_request,
                         error_message=f"Kafka Lab has no coordinator for key type {key_type}")
        else:
            finder = _coordinator(ctx) if key_type == GROUP_KEY else ctx.services.transactions
            node = await finder.find_coordinator(key or "")
            port: int | None = node.port
            if node.error == ErrorCode.none and ctx.listener != "PLAINTEXT":  # the coordinator on this listener
                reg = ctx.image.brokers.get(node.node_id)
                port = reg.port_on(ctx.listener) if reg is not None else None
            entry.update(error_code=node.error, error_message=node.message, node_id=node.node_id, host=node.host,
                         port=-1 if port is None else port)
            if node.error == ErrorCode.none:
                entry["error_message"] = None
        coordinators.append(entry)
    if batched:
        return {"throttle_time": 0, "coordinators": coordinators}
    return {"throttle_time": 0, **{k: v for k, v in coordinators[0].items() if k != "key"}}


# ---------------------------------------------------------------------------- JoinGroup / SyncGroup


async def handle_join_group(ctx: RequestContext, request: Any) -> dict[str, Any]:
    version = ctx.api_version
    session_ms = _ms(request.session_timeout)
    rebalance_ms = _ms(getattr(request, "rebalance_timeout", None)) if version >= 1 else session_ms
    # the protocols are keyed by name and Kafka's coordinator takes their distinct names
    # (MemberMetadata.plainProtocolSet; a repeated name keeps its first metadata)
    protocols: dict[str, bytes] = {}
    for p in request.protocols:
        protocols.setdefault(p.name, bytes(p.metadata))
    req = JoinRequest(
        group_id=request.group_id, member_id=request.member_id or "",
        group_instance_id=getattr(request, "group_instance_id", None),
        session_timeout_ms=session_ms, rebalance_timeout_ms=rebalance_ms if rebalance_ms >= 0 else session_ms,
        protocol_type=request.protocol_type, protocols=list(protocols.items()),
        client_id=ctx.client_id, client_host=_client_host(ctx), require_known_member_id=version >= 4,
        reason=getattr(request, "reason", None))
    result: JoinResult = await _coordinator(ctx).rebalancer.join_group(req)
    nullable = version >= 7
    return {
        "throttle_time": 0, "error_code": result.error, "generation_id": result.generation_id,
        "protocol_type": result.protocol_type if result.error == ErrorCode.none else None,
        "protocol_name": result.protocol_name if (nullable or result.protocol_name is not None) else "",
        "leader": result.leader, "skip_assignment": result.skip_assignment, "member_id": result.member_id,
        "members": [{"member_id": m, "group_instance_id": i, "metadata": md} for m, i, md in result.members],
    }


async def handle_sync_group(ctx: RequestContext, request: Any) -> dict[str, Any]:
    assignments = {a.member_id: bytes(a.assignment) for a in request.assignments}
    result: SyncResult = await _coordinator(ctx).rebalancer.sync_group(
        request.group_id, int(request.generation_id), request.member_id,
        getattr(request, "group_instance_id", None), getattr(request, "protocol_type", None),
        getattr(request, "protocol_name", None), assignments)
    return {"throttle_time": 0, "error_code": result.error, "protocol_type": result.protocol_type,
            "protocol_name": result.protocol_name, "assignment": result.assignment}


def handle_heartbeat(ctx: RequestContext, request: Any) -> dict[str, Any]:
    error = _coordinator(ctx).rebalancer.heartbeat(request.group_id, request.member_id,
                                                   getattr(request, "group_instance_id", None),
                                                   int(request.generation_id))
    return {"throttle_time": 0, "error_code": error}


def handle_leave_group(ctx: RequestContext, request: Any) -> dict[str, Any]:
    leaving: list[tuple[str, str | None, str | None]]
    if ctx.api_version < 3:
        leaving = [(request.member_id, None, None)]
    else:
        leaving = [(m.member_id, m.group_instance_id, getattr(m, "reason", None)) for m in request.members]
    error, results = _coordinator(ctx).rebalancer.leave_group(request.group_id, leaving)
    if ctx.api_version < 3:
        return {"throttle_time": 0, "error_code": error if error != ErrorCode.none or not results else results[0]}
    members = [] if error != ErrorCode.none else [
        {"member_id": m, "group_instance_id": i, "error_code": e} for (m, i, _r), e in zip(leaving, results, strict=True)]
    return {"throttle_time": 0, "error_code": error, "members": members}


# ---------------------------------------------------------------------------- offsets


async def handle_offset_commit(ctx: RequestContext, request: Any) -> dict[str, Any]:
    coordinator = _coordinator(ctx)
    image = ctx.image
    now = coordinator.clock.time_ms()
    retention = _ms(getattr(request, "retention_time", None), DEFAULT_RETENTION)
    offsets: dict[tuple[str, int], OffsetAndMetadata] = {}
    errors: dict[tuple[str, int], ErrorCode] = {}
    order: list[tuple[Any, str, list[int]]] = []  # (response key, topic name, partitions)
    for t in request.topics:
        if ctx.api_version >= 10:
            topic = image.topic_by_id(t.topic_id)
            name = topic.name if topic is not None else ""
            unknown_error = ErrorCode.unknown_topic_id
        else:
            name = t.name
            unknown_error = ErrorCode.unknown_topic_or_partition
        order.append((t.topic_id if ctx.api_version >= 10 else t.name, name, [p.partition_index for p in t.partitions]))
        known = name in image.topics
        for p in t.partitions:
            tp = (name, int(p.partition_index))
            if not known:
                errors[tp] = unknown_error
                continue
            offsets[tp] = OffsetAndMetadata(
                int(p.committed_offset), int(getattr(p, "committed_leader_epoch", -1)), p.committed_metadata or "",
                now, now + retention if retention != DEFAULT_RETENTION else -1)
    if offsets:
        errors.update(await coordinator.commit_offsets(
            request.group_id, getattr(request, "member_id", "") or "", getattr(request, "group_instance_id", None),
            int(getattr(request, "generation_id_or_member_epoch", -1)), offsets, ctx.api_version))
    topics = []
    for key, name, partitions in order:
        parts = [{"partition_index": p, "error_code": errors.get((name, p), ErrorCode.none)} for p in partitions]
        topics.append({"topic_id": key, "partitions": parts} if ctx.api_version >= 10 else {"name": key, "partitions": parts})
    return {"throttle_time": 0, "topics": topics}


def _fetch_group(ctx: RequestContext, group_id: str, topics: Iterable[Any] | None, by_id: bool,
                 require_stable: bool = False) -> tuple[ErrorCode, list[dict[str, Any]]]:
    """One group of an OffsetFetch: (group error, response topics). With ``require_stable``
    (KIP-447) a partition with a transactional commit not yet completed answers UNSTABLE_OFFSET_COMMIT."""
    coordinator = _coordinator(ctx)
    image = ctx.image
    names: dict[str, Any] = {}  # topic name → the key the client used (name or topic id)
    wanted: list[tuple[str, int]] | None = None
    if topics is not None:
        wanted = []
        for t in topics:
            if by_id:
                ti = image.topic_by_id(t.topic_id)
                name = ti.name if ti is not None else f"\0{t.topic_id}"
                names[name] = t.topic_id
            else:
                name = t.name
                names[name] = name
            wanted.extend((name, int(p)) for p in t.partition_indexes)
    error, found = coordinator.fetch_offsets(group_id, wanted)
    if error != ErrorCode.none:
        return error, []
    group = coordinator.groups.get(group_id)
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for (t, p), om in found:
        entry: dict[str, Any] = {"partition_index": p, "committed_offset": -1, "committed_leader_epoch": -1,
                                 "metadata": "", "error_code": ErrorCode.none}
        if t.startswith("\0"):
            entry["error_code"] = ErrorCode.unknown_topic_id
        elif require_stable and group is not None and coordinator.has_pending_txn_offsets(group, (t, p)):
            entry["error_code"] = ErrorCode.unstable_offset_commit
        elif om is not None:
            entry.update(committed_offset=om.offset, committed_leader_epoch=om.leader_epoch, metadata=om.metadata)
        by_topic.setdefault(t, []).append(entry)
    out = []
    for t, parts in by_topic.items():
        key = names.get(t, t)
        if by_id:
            topic = ctx.image.topics.get(t)
            out.append({"topic_id": key if key != t else (topic.topic_id if topic else NO_TOPIC_ID), "partitions": parts})
        else:
            out.append({"name": t, "partitions": parts})
    return ErrorCode.none, out


def handle_offset_fetch(ctx: RequestContext, request: Any) -> dict[str, Any]:
    version = ctx.api_version
    if version >= 8:
        groups = []
        for g in request.groups:
            error, topics = _fetch_group(ctx, g.group_id, g.topics, by_id=version >= 10,
                                         require_stable=bool(request.require_stable))
            groups.append({"group_id": g.group_id, "topics": topics, "error_code": error})
        return {"throttle_time": 0, "groups": groups}
    error, topics = _fetch_group(ctx, request.group_id, request.topics, by_id=False,
                                 require_stable=bool(getattr(request, "require_stable", False)))
    if error != ErrorCode.none and version < 2:
        # v0/v1 have no group-level error: every requested partition carries it
        topics = [{"name": t.name, "partitions": [
            {"partition_index": p, "committed_offset": -1, "metadata": "", "error_code": error}
            for p in t.partition_indexes]} for t in request.topics]
    return {"throttle_time": 0, "error_code": error, "topics": topics}


async def handle_offset_delete(ctx: RequestContext, request: Any) -> dict[str, Any]:
    partitions = [(t.name, int(p.partition_index)) for t in request.topics for p in t.partitions]
    known = ctx.image.topics
    errors: dict[tuple[str, int], ErrorCode] = {tp: ErrorCode.unknown_topic_or_partition
                                                for tp in partitions if tp[0] not in known}
    error, results = await _coordinator(ctx).delete_offsets(request.group_id,
                                                            [tp for tp in partitions if tp not in errors])
    if error != ErrorCode.none:
        return {"error_code": error, "throttle_time": 0, "topics": []}
    errors.update(results)
    topics = [{"name": t.name, "partitions": [
        {"partition_index": p.partition_index, "error_code": errors.get((t.name, int(p.partition_index)), ErrorCode.none)}
        for p in t.partitions]} for t in request.topics]
    return {"error_code": ErrorCode.none, "throttle_time": 0, "topics": topics}


# ---------------------------------------------------------------------------- admin


def handle_list_groups(ctx: RequestContext, request: Any) -> dict[str, Any]:
    states = {s.lower() for s in getattr(request, "states_filter", ()) or ()}
    types = {t.lower() for t in getattr(request, "types_filter", ()) or ()}
    error, groups = _coordinator(ctx).list_groups(states, types)
    return {"throttle_time": 0, "error_code": error, "groups": [
        {"group_id": g.group_id, "protocol_type": "consumer" if g.consumer is not None else g.protocol_type or "",
         "group_state": group_state(g), "group_type": group_type(g)} for g in groups]}


def _described(group_id: str, error: ErrorCode, group: ClassicGroup | None, version: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"error_code": error, "error_message": None, "group_id": group_id, "group_state": "",
                             "protocol_type": "", "protocol_data": "", "members": [],
                             "authorized_operations": -2147483648}
    if error != ErrorCode.none:
        return entry
    if group is None:
        # KIP-1043: v6 reports an unknown group as GROUP_ID_NOT_FOUND; older versions as "Dead"
        if version >= 6:
            entry.update(error_code=ErrorCode.group_id_not_found,
                         error_message=f"Group {group_id} not found.")
        else:
            entry["group_state"] = "Dead"
        return entry
    stable = group.is_in(STABLE)
    entry.update(group_state=group.state, protocol_type=group.protocol_type or "",
                 protocol_data=(group.protocol_name or "") if stable else "")
    entry["members"] = [{
        "member_id": m.member_id, "group_instance_id": m.group_instance_id, "client_id": m.client_id,
        "client_host": m.client_host, "member_metadata": m.metadata(group.protocol_name) if stable else b"",
        "member_assignment": m.assignment if stable else b""} for m in group.members.values()]
    return entry


def handle_describe_groups(ctx: RequestContext, request: Any) -> dict[str, Any]:
    coordinator = _coordinator(ctx)
    groups = []
    for group_id in request.groups:
        error, group = coordinator.describe_group(group_id)
        groups.append(_described(group_id, error, group, ctx.api_version))
    return {"throttle_time": 0, "groups": groups}


async def handle_delete_groups(ctx: RequestContext, request: Any) -> dict[str, Any]:
    names = list(request.groups_names)
    pending: Awaitable[dict[str, ErrorCode]] = _coordinator(ctx).delete_groups(names)
    results = await pending
    return {"throttle_time": 0, "results": [{"group_id": g, "error_code": results[g]} for g in dict.fromkeys(names)]}


GROUP_API_SPECS: list[ApiSpec[RequestContext]] = [
    ApiSpec(OFFSET_COMMIT, 0, 10, handle_offset_commit),
    ApiSpec(OFFSET_FETCH, 0, 10, handle_offset_fetch),
    ApiSpec(FIND_COORDINATOR, 0, 6, handle_find_coordinator),
    ApiSpec(JOIN_GROUP, 0, 9, handle_join_group),
    ApiSpec(HEARTBEAT, 0, 4, handle_heartbeat),
    ApiSpec(LEAVE_GROUP, 0, 5, handle_leave_group),
    ApiSpec(SYNC_GROUP, 0, 5, handle_sync_group),
    ApiSpec(DESCRIBE_GROUPS, 0, 6, handle_describe_groups),
    ApiSpec(LIST_GROUPS, 0, 5, handle_list_groups),
    ApiSpec(DELETE_GROUPS, 0, 2, handle_delete_groups),
    ApiSpec(OFFSET_DELETE, 0, 0, handle_offset_delete),
]
