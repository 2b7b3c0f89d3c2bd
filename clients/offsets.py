"""Consumer-group offset resets with every strategy of ``kafka-consumer-groups --reset-offsets``.

The plan (a dry run) is computed through the protocol (OffsetFetch, ListOffsets by earliest /
latest / timestamp) and executed with ``AdminClient.alter_consumer_group_offsets``. As Kafka's
``ConsumerGroupCommand`` (``prepareOffsetsToReset``), a reset is refused unless the group is
inactive (Empty or Dead), and a requested offset outside [earliest, latest] is clamped into it.
``kafkalab consumer-groups --reset-offsets`` and the app's reset dialog both use this.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from clients.admin import ClusterAdmin
from clients.descriptions import Tp
from clients.errors import KafkaOpError

STRATEGIES = ("to-earliest", "to-latest", "to-current", "to-offset", "shift-by", "to-datetime", "by-duration")
NO_RECORD_AFTER = "no record at or after that time: latest"


class GroupNotInactiveError(KafkaOpError):
    """The group has active members: its offsets cannot be reset."""

    def __init__(self, group_id: str, state: str) -> None:
        super().__init__("", f"Assignments can only be reset if the group '{group_id}' is inactive, but the "
                             f"current state is {state}.")
        self.state = state


@dataclass(frozen=True)
class ResetSpec:
    strategy: str  # one of STRATEGIES
    offset: int = 0  # to-offset
    shift: int = 0  # shift-by
    timestamp_ms: int = 0  # to-datetime
    duration_ms: int = 0  # by-duration
    topic: str | None = None  # every partition of this topic
    # (topic, partitions) pairs, no partitions meaning all of them (``--topic T[:P,P]``, repeatable)
    topics: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # neither topic nor topics: every topic the group has committed offsets for (``--all-topics``)


@dataclass(frozen=True)
class ResetRow:
    topic: str
    partition: int
    current: int | None  # the committed offset, None if there is none
    new: int
    note: str = ""  # e.g. clamped to the earliest offset
    requested: int | None = None  # the offset asked for before clamping (offset / current / shift strategies)


def ensure_inactive(admin: ClusterAdmin, group_id: str) -> str:
    state = admin.describe_group(group_id).state
    if state not in ("Empty", "Dead"):
        raise GroupNotInactiveError(group_id, state)
    return state


def partitions_to_reset(admin: ClusterAdmin, spec: ResetSpec, committed: dict[Tp, int]) -> list[Tp]:
    scope = [*spec.topics, *([(spec.topic, ())] if spec.topic is not None else [])]
    if not scope:
        return sorted(committed)
    out: set[Tp] = set()
    for topic, partitions in scope:
        out.update((topic, p) for p in (partitions or admin.topic_partitions(topic)))
    return sorted(out)


def plan_reset(admin: ClusterAdmin, group_id: str, spec: ResetSpec, now_ms: int | None = None) -> list[ResetRow]:
    """The new offsets (Kafka's ``prepareOffsetsToReset``); refuses an active group."""
    if spec.strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {spec.strategy!r}")
    ensure_inactive(admin, group_id)
    committed = admin.committed(group_id)
    partitions = partitions_to_reset(admin, spec, committed)
    if not partitions:
        return []
    if spec.strategy in ("to-earliest", "to-latest"):
        found = admin.list_offsets(partitions, spec.strategy.removeprefix("to-"))
        return [ResetRow(t, p, committed.get((t, p)), found[(t, p)]) for t, p in partitions]
    if spec.strategy in ("to-datetime", "by-duration"):
        return _by_time(admin, spec, partitions, committed, now_ms)
    wanted: dict[Tp, int | None] = {}  # None: the latest offset
    for tp in partitions:
        current = committed.get(tp)
        if spec.strategy == "to-offset":
            wanted[tp] = spec.offset
        elif spec.strategy == "to-current":
            wanted[tp] = current  # as Kafka: no committed offset → latest
        else:  # shift-by
            if current is None:
                raise KafkaOpError("", f"Cannot shift offset for partition {tp[0]}-{tp[1]} since there is no "
                                       "current committed offset")
            wanted[tp] = current + spec.shift
    earliest = admin.list_offsets(partitions, "earliest")
    latest = admin.list_offsets(partitions, "latest")
    rows: list[ResetRow] = []
    for tp in partitions:
        requested = wanted[tp]
        new = latest[tp] if requested is None else requested
        note = ""
        if new > latest[tp]:
            note = f"New offset ({new}) is higher than latest offset. Value will be set to {latest[tp]}"
            new = latest[tp]
        elif new < earliest[tp]:
            note = f"New offset ({new}) is lower than earliest offset. Value will be set to {earliest[tp]}"
            new = earliest[tp]
        rows.append(ResetRow(tp[0], tp[1], committed.get(tp), new, note, requested))
    return rows


def _by_time(admin: ClusterAdmin, spec: ResetSpec, partitions: list[Tp], committed: dict[Tp, int],
             now_ms: int | None) -> list[ResetRow]:
    """The first offset at or after the instant; the latest offset where every record is older."""
    if spec.strategy == "to-datetime":
        ts = spec.timestamp_ms
    else:
        ts = (now_ms if now_ms is not None else int(time.time() * 1000)) - spec.duration_ms
    found = admin.list_offsets(partitions, ts)
    latest = admin.list_offsets([tp for tp in partitions if found.get(tp, -1) < 0], "latest")
    rows = []
    for tp in partitions:
        off = found.get(tp, -1)
        rows.append(ResetRow(tp[0], tp[1], committed.get(tp), off if off >= 0 else latest[tp],
                             "" if off >= 0 else NO_RECORD_AFTER))
    return rows


def execute_reset(admin: ClusterAdmin, group_id: str, rows: Sequence[ResetRow]) -> None:
    ensure_inactive(admin, group_id)  # it may have become active since the preview
    admin.alter_group_offsets(group_id, {(r.topic, r.partition): r.new for r in rows})
