"""ConsumerGroupHeartbeat and ConsumerGroupDescribe: the KIP-848 consumer group protocol
(``group.protocol=consumer``), beside the classic one, on the same group coordinator. The group
logic is :class:`engine.coordinator.consumer_group.ConsumerGroup`'s; this module maps topic ids
and names and answers."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from engine.coordinator.consumer_group import Assignment, ConsumerGroup
from engine.coordinator.group_coordinator import GroupCoordinator
from engine.metadata.image import MetadataImage
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode
from engine.server.request_context import RequestContext

log = logging.getLogger(__name__)
CONSUMER_GROUP_HEARTBEAT, CONSUMER_GROUP_DESCRIBE = 68, 69


def _ms(value: Any) -> int:
    return int(value.total_seconds() * 1000) if isinstance(value, datetime.timedelta) else int(value)


def _by_id(image: MetadataImage, topic_partitions: Any) -> Assignment | None:
    if topic_partitions is None:
        return None
    out: Assignment = {}
    for tp in topic_partitions:
        topic = image.topic_by_id(tp.topic_id) if tp.topic_id is not None else None
        if topic is not None:
            out.setdefault(topic.name, set()).update(int(p) for p in tp.partitions)
    return out


def _topic_partitions(image: MetadataImage, assignment: Assignment, names: bool = False) -> list[dict[str, Any]]:
    out = []
    for name in sorted(assignment):
        topic = image.topics.get(name)
        if topic is None:
            continue
        entry: dict[str, Any] = {"topic_id": topic.topic_id, "partitions": sorted(assignment[name])}
        if names:
            entry["topic_name"] = name
        out.append(entry)
    return out


def _assignments(consumer: ConsumerGroup) -> dict[str, tuple[tuple[str, int], ...]]:
    return {m.member_id: tuple((t, p) for t in sorted(m.assigned) for p in sorted(m.assigned[t]))
            for m in consumer.members.values()}


def _publish(coordinator: GroupCoordinator, consumer: ConsumerGroup, before: tuple[set[str], str], member_id: str,
             member_epoch: int, now: int) -> None:
    """The events the classic protocol publishes, for what a heartbeat changed: members joining or
    leaving, a rebalance (the group leaving Stable) starting and completing (reaching Stable again)."""
    members_before, state_before = before
    bus, group_id, coordinator_id = coordinator.bus, consumer.group_id, coordinator.broker_id
    for m in consumer.members.values():
        if m.member_id not in members_before:
            bus.publish(ev.MemberJoined(time_ms=now, group_id=group_id, member_id=m.member_id,
                                        group_instance_id=m.instance_id, client_id=m.client_id,
                                        client_host=m.client_host))
    if member_epoch < 0 and member_id in members_before and member_id not in consumer.members:
        bus.publish(ev.MemberLeft(time_ms=now, group_id=group_id, member_id=member_id,
                                  reason="the member left the group (consumer protocol heartbeat, epoch -1)"))
    state = consumer.state
    if state == state_before:
        return
    if state_before in ("Stable", "Empty") and state in ("Assigning", "Reconciling"):
        consumer.rebalance_started_ms = now
        bus.publish(ev.RebalanceStarted(time_ms=now, group_id=group_id, coordinator=coordinator_id,
                                        generation=consumer.group_epoch - 1, members=len(consumer.members),
                                        reason="members or subscriptions changed (consumer protocol)"))
    elif state in ("Stable", "Empty"):
        after = _assignments(consumer)
        started = consumer.rebalance_started_ms
        bus.publish(ev.RebalanceCompleted(time_ms=now, group_id=group_id, coordinator=coordinator_id,
                                          generation=consumer.group_epoch, state=state,
                                          protocol=consumer.assignor if consumer.members else "", leader="",
                                          before=consumer.last_stable_assignment, after=after,
                                          duration_ms=now - started if started is not None else 0))
        consumer.last_stable_assignment = after
        consumer.rebalance_started_ms = None


def handle_consumer_group_heartbeat(ctx: RequestContext, request: Any) -> dict[str, Any]:
    coordinator = ctx.groups
    interval = ctx.config.get_int("group.consumer.heartbeat.interval.ms")
    answer: dict[str, Any] = {"throttle_time": 0, "error_code": ErrorCode.none, "error_message": None,
                              "member_id": None, "member_epoch": 0, "heartbeat_interval": interval,
                              "assignment": None}
    group_id = request.group_id
    error = coordinator.check_coordinator(group_id)
    if error is None and not group_id:
        error = ErrorCode.invalid_request
    if error is None and getattr(request, "subscribed_topic_regex", None):
        answer.update(error_code=ErrorCode.invalid_request, error_message="Regex subscriptions are not served")
        return answer
    if error is not None:
        answer["error_code"] = error
        return answer
    group = coordinator.groups.get(group_id) or coordinator.create_group(group_id)
    if group.consumer is None:
        if group.members:
            answer.update(error_code=ErrorCode.group_id_not_found,
                          error_message=f"Group {group_id} is not a consumer group (it is a classic group)")
            return answer
        group.consumer = ConsumerGroup(group_id)
        log.info("group %s uses the consumer protocol (KIP-848)", group_id)
    consumer = group.consumer
    image = ctx.image
    now = coordinator.clock.time_ms()
    before = (set(consumer.members), consumer.state)
    session_timeout = ctx.config.get_int("group.consumer.session.timeout.ms")
    for member_id in consumer.expire(now, session_timeout):
        log.info("member %s of group %s left: its session timed out", member_id, group_id)
        coordinator.bus.publish(ev.MemberExpired(time_ms=now, group_id=group_id, member_id=member_id,
                                                 reason="session timeout", timeout_ms=session_timeout))
    subscribed = request.subscribed_topic_names
    result = consumer.heartbeat(
        request.member_id, int(request.member_epoch), instance_id=request.instance_id, rack_id=request.rack_id,
        client_id=ctx.client_id, client_host=f"/{ctx.client_host}",
        subscribed=None if subscribed is None else list(subscribed), assignor=request.server_assignor,
        rebalance_timeout_ms=_ms(request.rebalance_timeout), owned=_by_id(image, request.topic_partitions),
        now_ms=now, partition_counts=lambda t: len(image.topics[t].partitions) if t in image.topics else 0)
    _publish(coordinator, consumer, before, request.member_id, int(request.member_epoch), now)
    answer.update(error_code=result.error, error_message=result.message, member_id=result.member_id,
                  member_epoch=result.member_epoch)
    if result.assignment is not None:
        answer["assignment"] = {"topic_partitions": _topic_partitions(image, result.assignment)}
    return answer


def handle_consumer_group_describe(ctx: RequestContext, request: Any) -> dict[str, Any]:
    coordinator = ctx.groups
    image = ctx.image
    groups = []
    for group_id in request.group_ids:
        entry: dict[str, Any] = {"error_code": ErrorCode.none, "error_message": None, "group_id": group_id,
                                 "group_state": "", "group_epoch": 0, "assignment_epoch": 0, "assignor_name": "",
                                 "members": [], "authorized_operations": -2147483648}
        error = coordinator.check_coordinator(group_id)
        group = coordinator.groups.get(group_id) if error is None else None
        if error is not None:
            entry["error_code"] = error
        elif group is None or group.consumer is None:
            entry.update(error_code=ErrorCode.group_id_not_found,
                         error_message=f"Group {group_id} not found." if group is None
                         else f"Group {group_id} is not a consumer group.")
        else:
            c = group.consumer
            entry.update(group_state=c.state, group_epoch=c.group_epoch, assignment_epoch=c.assignment_epoch,
                         assignor_name=c.assignor)
            entry["members"] = [{
                "member_id": m.member_id, "instance_id": m.instance_id, "rack_id": m.rack_id,
                "member_epoch": m.epoch, "client_id": m.client_id, "client_host": m.client_host,
                "subscribed_topic_names": list(m.subscribed), "subscribed_topic_regex": None,
                "assignment": {"topic_partitions": _topic_partitions(image, m.assigned, names=True)},
                "target_assignment": {"topic_partitions": _topic_partitions(image, c.target.get(m.member_id, {}),
                                                                            names=True)},
            } for m in c.members.values()]
        groups.append(entry)
    return {"throttle_time": 0, "groups": groups}

