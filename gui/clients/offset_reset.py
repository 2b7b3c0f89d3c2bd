"""Consumer-group offset resets with every strategy of ``kafka-consumer-groups --reset-offsets``.

The plan (a dry run) is computed through the protocol (OffsetFetch, ListOffsets by earliest /
latest / timestamp) and executed with ``AdminClient.alter_consumer_group_offsets``. As Kafka's
``ConsumerGroupCommand``, a reset is refused unless the group is inactive (Empty or Dead), and a
requested offset outside [earliest, latest] is clamped into it."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from gui.clients.admin import ClusterAdmin, Tp
from gui.clients.errors import KafkaOpError

STRATEGIES = ("to-earliest", "to-latest", "to-current", "to-offset", "shift-by", "to-datetime", "by-duration")
_DURATION = re.compile(r"^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d+)?)S)?)?$",
                       re.IGNORECASE)


def parse_duration(text: str) -> int:
    """An ISO-8601 duration as ``java.time.Duration.parse`` reads it (``PnDTnHnMn.nS``) → ms."""
    t = text.strip()
    m = _DURATION.match(t)
    if not m or t.upper() in ("P", "PT", "-P", "+P") or t.upper().endswith("T"):
        raise ValueError(f"Error parsing duration '{text}': expected the format PnDTnHnMnS (e.g. PT15M, P1DT2H)")
    sign, days, hours, minutes, seconds = m.groups()
    ms = ((int(days or 0) * 24 + int(hours or 0)) * 60 + int(minutes or 0)) * 60_000
    ms += round(float((seconds or "0").replace(",", ".")) * 1000)
    return -ms if sign == "-" else ms


@dataclass(frozen=True)
class ResetSpec:
    strategy: str
    offset: int = 0  # to-offset
    shift: int = 0  # shift-by
    timestamp_ms: int = 0  # to-datetime
    duration_ms: int = 0  # by-duration
    topic: str | None = None  # None: every topic the group has committed offsets for


@dataclass(frozen=True)
class ResetRow:
    topic: str
    partition: int
    current: int | None  # the committed offset, None if there is none
    new: int
    note: str = ""  # e.g. clamped to the earliest offset


def ensure_inactive(admin: ClusterAdmin, group_id: str) -> str:
    state = admin.describe_group(group_id).state
    if state not in ("Empty", "Dead"):
        raise KafkaOpError("", f"Assignments can only be reset if the group '{group_id}' is inactive, but the "
                               f"current state is {state}.")
    return state


def _partitions(admin: ClusterAdmin, spec: ResetSpec, committed: dict[Tp, int]) -> list[Tp]:
    if spec.topic is None:
        return sorted(committed)
    return [(spec.topic, p) for p in admin.topic_partitions(spec.topic)]


def plan_reset(admin: ClusterAdmin, group_id: str, spec: ResetSpec, now_ms: int | None = None) -> list[ResetRow]:
    """The new offsets (Kafka's ``prepareOffsetsToReset``); refuses an active group."""
    if spec.strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {spec.strategy!r}")
    ensure_inactive(admin, group_id)
    committed = admin.committed(group_id)
    partitions = _partitions(admin, spec, committed)
    if not partitions:
        return []
    earliest = admin.list_offsets(partitions, "earliest")
    latest = admin.list_offsets(partitions, "latest")
    rows: list[ResetRow] = []
    if spec.strategy in ("to-datetime", "by-duration"):
        if spec.strategy == "to-datetime":
            ts = spec.timestamp_ms
        else:
            ts = (now_ms if now_ms is not None else int(time.time() * 1000)) - spec.duration_ms
        found = admin.list_offsets(partitions, ts)
        for tp in partitions:
            off = found.get(tp, -1)
            rows.append(ResetRow(tp[0], tp[1], committed.get(tp), off if off >= 0 else latest[tp],
                                 "" if off >= 0 else "no record at or after that time: latest"))
        return rows
    for tp in partitions:
        current = committed.get(tp)
        if spec.strategy == "to-earliest":
            rows.append(ResetRow(tp[0], tp[1], current, earliest[tp]))
            continue
        if spec.strategy == "to-latest":
            rows.append(ResetRow(tp[0], tp[1], current, latest[tp]))
            continue
        if spec.strategy == "to-offset":
            wanted = spec.offset
        elif spec.strategy == "to-current":
            wanted = current if current is not None else latest[tp]
        else:  # shift-by
            if current is None:
                raise KafkaOpError("", f"Cannot shift offset for partition {tp[0]}-{tp[1]} since there is no "
                                       "current committed offset")
            wanted = current + spec.shift
        note = ""
        if wanted > latest[tp]:
            note = f"New offset ({wanted}) is higher than latest offset. Value will be set to {latest[tp]}"
            wanted = latest[tp]
        elif wanted < earliest[tp]:
            note = f"New offset ({wanted}) is lower than earliest offset. Value will be set to {earliest[tp]}"
            wanted = earliest[tp]
        rows.append(ResetRow(tp[0], tp[1], current, wanted, note))
    return rows


def execute_reset(admin: ClusterAdmin, group_id: str, rows: Sequence[ResetRow]) -> None:
    ensure_inactive(admin, group_id)  # it may have become active since the preview
    admin.alter_group_offsets(group_id, {(r.topic, r.partition): r.new for r in rows})
