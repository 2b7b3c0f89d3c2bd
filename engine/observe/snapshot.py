"""Build a :class:`ClusterImage` from the live engine (call on the engine loop)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from engine.observe.image import (
    BrokerImage,
    BrokerSessionImage,
    ClusterImage,
    ControllerImage,
    GroupImage,
    PartitionImage,
    ProduceErrorImage,
    ReplicaImage,
    SegmentImage,
    TopicImage,
)
from engine.protocol.errors import ErrorCode, error_name

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster


def take_snapshot(cluster: KafkaCluster, include_segments: bool = True) -> ClusterImage:
    image = cluster.controller.image
    brokers = cluster.brokers
    topics: list[TopicImage] = []
    errors_by_partition = _produce_errors_by_partition(b.metrics.produce_errors for b in brokers.values())
    leader_counts: dict[int, int] = {b: 0 for b in brokers}
    replica_counts: dict[int, int] = {b: 0 for b in brokers}
    for t in sorted(image.topics.values(), key=lambda t: t.name):
        parts: list[PartitionImage] = []
        for index, reg in sorted(t.partitions.items()):
            if reg.leader in leader_counts:
                leader_counts[reg.leader] += 1
            leader_leo = -1
            leader_part = None
            lb = brokers.get(reg.leader)
            if lb is not None and lb.state in ("running", "paused") and lb.replica_manager is not None:
                leader_part = lb.replica_manager.partitions.get((t.name, index))
                if leader_part is not None:
                    leader_leo = leader_part.log.log_end_offset
            states: list[ReplicaImage] = []
            for r in reg.replicas:
                if r in replica_counts:
                    replica_counts[r] += 1
                b = brokers.get(r)
                online = b is not None and b.state in ("running", "paused")
                p = b.replica_manager.partitions.get((t.name, index)) \
                    if (b is not None and online and b.replica_manager is not None) else None
                if p is None:
                    states.append(ReplicaImage(r, online, r in reg.isr, r == reg.leader, -1, -1, -1, 0, -1))
                    continue
                unified = p.log
                segments = tuple(SegmentImage(s.base_offset, s.next_offset, s.size, s.first_timestamp,
                                              s.max_timestamp, s.path)
                                 for s in unified.segment_infos()) if include_segments else ()
                lag = max(0, leader_leo - unified.log_end_offset) if leader_leo >= 0 else -1
                states.append(ReplicaImage(r, online, r in reg.isr, r == reg.leader, unified.log_start_offset,
                                           unified.log_end_offset, unified.high_watermark, unified.size_bytes,
                                           0 if r == reg.leader else lag, segments))
            parts.append(PartitionImage(
                t.name, index, reg.leader, reg.leader_epoch, reg.replicas, reg.isr, tuple(states),
                leader_part.messages_in if leader_part else 0, leader_part.bytes_in if leader_part else 0,
                leader_part.bytes_out if leader_part else 0, errors_by_partition.get((t.name, index), ())))
        topics.append(TopicImage(t.name, str(t.topic_id), t.is_internal, tuple(parts), dict(t.configs)))
    broker_images = []
    for bid, b in sorted(brokers.items()):
        broker_images.append(BrokerImage(
            bid, b.host, b.port, b.state, bid == image.controller_id, leader_counts.get(bid, 0),
            replica_counts.get(bid, 0), b.metrics.requests, b.metrics.bytes_in, b.metrics.bytes_out,
            b.metrics.messages_in, str(b.log_dir), _broker_produce_errors(b.metrics.produce_errors)))
    def leader_high_watermark(topic: str, partition: int) -> int:
        """What a consumer of the partition can reach: the current leader's high watermark."""
        reg = image.partition(topic, partition)
        lb = brokers.get(reg.leader) if reg is not None else None
        if lb is None or lb.state not in ("running", "paused") or lb.replica_manager is None:
            return -1
        p = lb.replica_manager.partitions.get((topic, partition))
        return p.high_watermark if p is not None else -1

    groups: list[GroupImage] = []
    for b in brokers.values():
        coordinator = getattr(b, "group_coordinator", None)
        if b.state == "running" and coordinator is not None:
            groups.extend(coordinator.snapshot_groups(leader_high_watermark))
    groups.sort(key=lambda g: g.group_id)
    return ClusterImage(
        time_ms=cluster.clock.time_ms(), cluster_id=image.cluster_id, controller_id=image.controller_id,
        metadata_offset=image.offset, brokers=tuple(broker_images), topics=tuple(topics), groups=tuple(groups),
        replication_delay_ms=getattr(cluster, "replication_delay_ms", 0), controller=_controller(cluster))


IMAGE_DECISIONS = 20  # the latest controller decisions an image carries
ErrorCounts = dict[tuple[str, int, int], list[Any]]  # BrokerMetrics.produce_errors


def _error_images(totals: dict[int, list[Any]]) -> tuple[ProduceErrorImage, ...]:
    out = []
    for code, (count, message) in totals.items():
        try:
            retriable = bool(ErrorCode(code).retriable)
        except ValueError:
            retriable = False
        out.append(ProduceErrorImage(error_name(code), count, retriable, message))
    return tuple(sorted(out, key=lambda e: (-e.count, e.error)))


def _produce_errors_by_partition(per_broker: Iterable[ErrorCounts]) -> dict[tuple[str, int], tuple[ProduceErrorImage, ...]]:
    """Every broker's error answers for a partition, summed (a former leader's NOT_LEADER_OR_FOLLOWER
    answers count as much as the leader's NOT_ENOUGH_REPLICAS)."""
    totals: dict[tuple[str, int], dict[int, list[Any]]] = {}
    for counts in per_broker:
        for (topic, partition, code), (count, message) in list(counts.items()):
            entry = totals.setdefault((topic, partition), {}).setdefault(code, [0, ""])
            entry[0] += count
            entry[1] = message or entry[1]
    return {tp: _error_images(codes) for tp, codes in totals.items()}


def _broker_produce_errors(counts: ErrorCounts) -> tuple[ProduceErrorImage, ...]:
    totals: dict[int, list[Any]] = {}
    for (_topic, _partition, code), (count, message) in list(counts.items()):
        entry = totals.setdefault(code, [0, ""])
        entry[0] += count
        entry[1] = message or entry[1]
    return _error_images(totals)


def _controller(cluster: KafkaCluster) -> ControllerImage:
    """The controller's own state: its metadata log, the broker sessions it keeps, its decisions."""
    controller = cluster.controller
    image = controller.image
    clock = cluster.clock
    now_ms, now_mono = clock.time_ms(), clock.monotonic()
    # the controller's session table (broker id → monotonic time of the last heartbeat)
    beats = controller.sessions()
    sessions = []
    for bid in sorted(set(cluster.brokers) | set(image.brokers)):
        reg = image.brokers.get(bid)
        beat = beats.get(bid)
        # wall-clock time of the heartbeat, rounded so an idle image stays unchanged between beats
        last = -1 if beat is None else int(round((now_ms - (now_mono - beat) * 1000) / 100) * 100)
        sessions.append(BrokerSessionImage(bid, reg is not None, reg.fenced if reg is not None else True, last))
    log_path = controller.metadata_log_path
    bus = cluster.bus
    return ControllerImage(
        pid=os.getpid(), metadata_offset=image.offset, metadata_log=str(log_path) if log_path else "",
        session_timeout_ms=cluster.broker_config.get_int("broker.session.timeout.ms"),
        heartbeat_interval_ms=cluster.broker_config.get_int("broker.heartbeat.interval.ms"),
        sessions=tuple(sessions), decisions=_latest_decisions(list(bus.controller_decisions)),
        decision_count=bus.decision_count)


def _latest_decisions(decisions: list[Any]) -> tuple[dict[str, Any], ...]:
    """The latest IMAGE_DECISIONS decisions about user topics and brokers, and as many about internal
    topics (a failover moves 50 __consumer_offsets leaders, which must not hide the rest), oldest first."""
    user: list[int] = []
    internal: list[int] = []
    for i in range(len(decisions) - 1, -1, -1):
        bucket = internal if str(getattr(decisions[i], "topic", "")).startswith("__") else user
        if len(bucket) < IMAGE_DECISIONS:
            bucket.append(i)
        if len(user) >= IMAGE_DECISIONS and len(internal) >= IMAGE_DECISIONS:
            break
    return tuple(decisions[i].to_json() for i in sorted(user + internal))
