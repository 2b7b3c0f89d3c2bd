"""Which cluster event explains an X-ray error row: NOT_LEADER_OR_FOLLOWER after a leader election,
NOT_ENOUGH_REPLICAS after an ISR shrank, any error of a fault's answer after that fault began."""

from __future__ import annotations

from collections.abc import Sequence

from engine.observe import EngineEvent
from engine.observe.events import FaultInjected, IsrShrunk, LeaderElected
from engine.observe.xray import ExchangeRow

# errors that a change of leadership, ISR or an injected fault explains
CAUSED_ERRORS = frozenset({
    "NOT_LEADER_OR_FOLLOWER", "FENCED_LEADER_EPOCH", "UNKNOWN_LEADER_EPOCH", "LEADER_NOT_AVAILABLE",
    "NOT_ENOUGH_REPLICAS", "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "REQUEST_TIMED_OUT", "KAFKA_STORAGE_ERROR",
})
SLACK_MS = 50  # the row's time is when the request arrived; its answer may follow the event by this much


def _places(row: ExchangeRow) -> set[tuple[str, int]]:
    out = set()
    for place in row.error_places:
        topic, _sep, index = place.rpartition("-")
        if topic and index.isdigit():
            out.add((topic, int(index)))
    return out


def cause_of(row: ExchangeRow, events: Sequence[EngineEvent]) -> EngineEvent | None:
    """The latest event at or before ``row`` that explains its errors (``None``: none found)."""
    if row.fault:
        return next((e for e in reversed(events) if isinstance(e, FaultInjected) and e.fault_id == row.fault), None)
    if not CAUSED_ERRORS.intersection(row.errors):
        return None
    places = _places(row)
    until = row.ts * 1000 + row.latency_ms + SLACK_MS
    for e in reversed(events):
        if e.time_ms > until:
            continue
        if isinstance(e, (LeaderElected, IsrShrunk)) and (e.topic, e.partition) in places:
            return e
        if isinstance(e, FaultInjected) and e.fault in ("isolate", "disk-full") and e.broker_id == row.broker:
            return e
    return None
