"""Opening a partition's log directory (Kafka's ``LogLoader``)."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable
from pathlib import Path

from engine.log.segment import LogSegment

log = logging.getLogger(__name__)

_SEGMENT_FILE = re.compile(r"^(\d{20})\.log$")


def load_segments(directory: Path, topic: str, partition: int, max_message_bytes: int,
                  new_segment: Callable[[int], LogSegment], clean_shutdown: bool,
                  recovery_point: int, compacted: bool = False) -> list[LogSegment]:
    """Kafka's ``LogLoader.loadSegmentFiles`` + ``recoverLog``, keeping only the intact prefix: the
    segments of a partition's directory, verified (after a clean shutdown) or recovered batch by batch
    (from the segment holding the recovery point on), with everything after the first damage removed.
    In a ``compacted`` log a segment may end before the next one begins: the cleaner left a hole."""
    name = f"{topic}-{partition}"
    segments: list[LogSegment] = []
    bases = []
    for p in directory.iterdir():
        m = _SEGMENT_FILE.match(p.name)
        if m:
            bases.append(int(m.group(1)))
        elif p.suffix == ".log":
            log.warning("%s: ignoring %s (not a segment file name)", name, p.name)
    bases.sort()
    # unflushed: the segment holding the recovery point and every later one (fsynced ones only
    # get their indexes verified)
    first_unflushed = len(bases) if clean_shutdown else max(bisect.bisect_right(bases, recovery_point) - 1, 0)
    damage = ""
    rebuilt: list[str] = []
    removed: list[LogSegment] = []
    for i, base in enumerate(bases):
        seg = new_segment(base)
        if damage:
            removed.append(seg)
            continue
        prev = segments[-1] if segments else None
        if prev is not None and base != prev.next_offset and not (compacted and base > prev.next_offset):
            what = "missing" if base > prev.next_offset else "duplicated"
            damage = (f"offsets {min(base, prev.next_offset)}–{max(base, prev.next_offset) - 1} are {what} "
                      f"between {prev.path.name} and {seg.path.name}")
            removed.append(seg)
            continue
        if i >= first_unflushed:
            # not fsynced here (thousands of fsyncs would hold a restarting broker for many seconds):
            # the log counts these segments dirty and below its recovery point nothing moves until the
            # flusher has made them durable, so a second crash recovers them again
            result = seg.recover(max_message_bytes)
        else:
            problem = seg.load(max_message_bytes)
            if problem is None:
                segments.append(seg)
                continue
            rebuilt.append(f"{seg.path.name} ({problem})")
            result = seg.recover(max_message_bytes)
        if result.truncated_bytes:
            damage = f"{seg.path.name} holds {result.reason}; cut {result.truncated_bytes} bytes there"
        elif seg.is_empty and i < len(bases) - 1:
            seg.delete()  # an empty segment followed by others holds nothing
            continue
        segments.append(seg)
    # a crash right after a roll leaves an empty segment at the end; drop empty tails
    while len(segments) > 1 and segments[-1].is_empty:
        segments.pop().delete()
    removed_bytes = sum(s.size for s in removed)
    for seg in removed:
        seg.delete()
    if rebuilt and not damage:
        log.warning("%s: rebuilt the indexes of %s from the log; no records lost", name, ", ".join(rebuilt))
    if damage:
        later = f"; removed {len(removed)} later segment(s), {removed_bytes} bytes" if removed else ""
        log.warning("%s: recovered offsets %d–%d and no further: %s%s%s (a replica re-fetches the rest "
                    "from the leader)", name, segments[0].base_offset if segments else 0,
                    (segments[-1].next_offset if segments else 0) - 1, damage, later,
                    f"; also rebuilt indexes of {', '.join(rebuilt)}" if rebuilt else "")
    return segments
