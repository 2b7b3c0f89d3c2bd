"""What the app's charts need of an image, kept beside it in a recording (the time machine's chart rewind).

The throughput chart turns cumulative byte counters into rates between successive images; the lag
history samples each group's lag (total and per partition). Rebuilding five or ten minutes of those
from a recording's images would decode hundreds of chunks on every seek, so the recorder keeps, for
every image it records, this *sample* of it — the counters and lags the charts derive from that
image — in a small gzip member of its own per chunk. The figures are computed exactly as the app
computes them from a live image (``gui.models.telemetry.RateTracker``'s counters, and
``gui.models.group_models``' lag: committed offset to the leader's last stable offset, capped by its
high watermark; a group with more than :data:`MAX_PARTITION_SERIES` partitions keeps its total only).

A sample is a plain dict (it is a JSON line)::

    {"t": ms, "b": {"0": [bytes_in, bytes_out], …}, "tp": {"orders": [bytes_in, bytes_out], …},
     "g": {"payments": [total_lag | null, {"orders-0": lag, …} | null], …}}
"""

from __future__ import annotations

from typing import Any

from engine.observe.image import ClusterImage

MAX_PARTITION_SERIES = 64  # as the app's lag history: a larger group keeps its total lag only


def image_sample(image: ClusterImage) -> dict[str, Any]:
    brokers = {str(b.broker_id): [b.bytes_in, b.bytes_out] for b in image.brokers}
    topics: dict[str, list[int]] = {}
    ends: dict[tuple[str, int], int] = {}  # what a consumer can reach: min(LSO, HW) of the leader replica
    wanted = {o.topic for g in image.groups for o in g.offsets}
    for t in image.topics:
        bin_ = bout = 0
        for p in t.partitions:
            bin_ += p.bytes_in
            bout += p.bytes_out
        topics[t.name] = [bin_, bout]
        if t.name in wanted:
            for p in t.partitions:
                leader = next((r for r in p.replica_states if r.is_leader and r.high_watermark >= 0), None)
                if leader is not None:
                    lso = leader.last_stable_offset if leader.last_stable_offset >= 0 else leader.high_watermark
                    ends[(t.name, p.partition)] = min(lso, leader.high_watermark)
    groups: dict[str, list[Any]] = {}
    for g in image.groups:
        committed = {(o.topic, o.partition): o.committed_offset for o in g.offsets}
        rows = set(committed) | {tuple(tp) for m in g.members for tp in m.assignment}
        lags: dict[str, float] = {}
        for tp in sorted(rows):
            c, end = committed.get(tp), ends.get(tp)  # type: ignore[arg-type]
            if c is not None and end is not None:
                lags[f"{tp[0]}-{tp[1]}"] = float(max(0, end - c))
        total = sum(lags.values()) if lags else None
        groups[g.group_id] = [total, lags if len(rows) <= MAX_PARTITION_SERIES else None]
    return {"t": image.time_ms, "b": brokers, "tp": topics, "g": groups}
