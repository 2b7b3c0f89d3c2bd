"""The log cleaner on a real directory with an injected clock: 5 keys × 40 versions in small
segments leave exactly the latest version of each key, offsets keep their numbers, and a
tombstone goes only once delete.retention.ms has passed."""

from __future__ import annotations

import uuid
from pathlib import Path

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log.cleaner import LogCleaner
from engine.log.file_records import FileRecords
from engine.log.unified_log import UnifiedLog
from engine.protocol.records import build_batch, decode_batch, iter_batches, validate_batches

TOPIC_ID = uuid.UUID(int=11)
CONFIG = {"cleanup.policy": "compact", "segment.bytes": "600", "min.cleanable.dirty.ratio": "0.1",
          "delete.retention.ms": "60000"}


def _append(log: UnifiedLog, key: bytes, value: bytes | None, ts: int) -> None:
    raw = bytearray(build_batch([(key, value)], timestamp_ms=ts))
    log.append_as_leader(validate_batches(memoryview(raw), 10**7), 0)
    log.high_watermark = log.log_end_offset


def _records(log: UnifiedLog) -> list[tuple[int, bytes | None, bytes | None]]:
    out = []
    offset = log.log_start_offset
    while offset < log.high_watermark:
        data = log.read(offset, 1 << 20, log.high_watermark)
        if not data:
            break
        for pos, header in iter_batches(data):
            out.extend((r.offset, r.key, r.value) for r in decode_batch(data[pos : pos + header.size])[1]
                       if r.offset >= offset)
            offset = header.next_offset
    return out


def _clean(cleaner: LogCleaner, log: UnifiedLog) -> bool:
    plan = cleaner.plan(log)
    if plan is None:
        return False
    return cleaner.swap(plan, cleaner.clean(plan))


def test_latest_version_per_key_survives_and_tombstones_expire(tmp_path: Path) -> None:
    clock = ManualClock()
    log = UnifiedLog.create(tmp_path / "c-0", "c", 0, TOPIC_ID, log_config_for(BrokerConfig(), CONFIG), clock)
    for version in range(40):
        for k in range(5):
            _append(log, f"key-{k}".encode(), f"v{version}".encode(), clock.time_ms())
    _append(log, b"key-0", None, clock.time_ms())  # a tombstone for key-0
    for k in range(1, 5):  # newer versions so the tombstone's segment closes
        _append(log, f"key-{k}".encode(), b"v40", clock.time_ms())
    end, segments_before = log.log_end_offset, len(log.segments)
    cleaner = LogCleaner(clock)
    assert _clean(cleaner, log)
    kept = _records(log)
    active_base = log.active_segment.base_offset
    below = [(o, k, v) for o, k, v in kept if o < active_base]
    by_key = {}
    for o, k, v in kept:
        by_key[k] = (o, v)
    assert by_key[b"key-0"] == (200, None)  # the tombstone is kept: delete.retention.ms has not passed
    assert {k: v for k, (o, v) in by_key.items() if k != b"key-0"} == {f"key-{k}".encode(): b"v40" for k in range(1, 5)}
    assert len({k for _o, k, _v in below}) == len(below)  # one record per key below the active segment
    assert log.log_end_offset == end and len(log.segments) < segments_before  # offsets keep their numbers
    assert not _clean(cleaner, log)  # clean now: nothing dirty
    clock.advance(60_001)
    assert _clean(cleaner, log)  # the tombstone passed delete.retention.ms
    assert b"key-0" not in {k for _o, k, _v in _records(log)}
    before = _records(log)
    log.close()
    reopened = UnifiedLog.open(tmp_path / "c-0", "c", 0, TOPIC_ID, log_config_for(BrokerConfig(), CONFIG), clock,
                               clean_shutdown=True, high_watermark=end)
    assert _records(reopened) == before  # the holes survive a restart


def test_a_read_in_flight_during_cleaning_keeps_its_bytes(tmp_path: Path) -> None:
    """A Fetch holds a range of a segment file (sendfile) while the cleaner swaps the segment: the
    reader still gets the old, whole batches, and the next read continues in the cleaned log with
    the latest value of every key (no key it must see goes missing)."""
    clock = ManualClock()
    config = log_config_for(BrokerConfig(), {**CONFIG, "segment.bytes": "65536"})
    log = UnifiedLog.create(tmp_path / "r-0", "r", 0, TOPIC_ID, config, clock)
    for version in range(400):
        for k in range(5):
            _append(log, f"key-{k}".encode(), f"v{version}".encode() * 10, clock.time_ms())
    in_flight = log.read_records(0, 1 << 20, log.high_watermark)
    assert isinstance(in_flight, FileRecords) and len(in_flight) >= 32 * 1024
    cleaner = LogCleaner(clock)
    assert _clean(cleaner, log)
    assert in_flight.intact()
    old = in_flight.read()
    offsets = [h.base_offset for _p, h in iter_batches(old)]
    assert offsets == list(range(offsets[0], offsets[0] + len(offsets)))  # the pre-cleaning batches, whole
    in_flight.close()
    latest = {k: v for _o, k, v in _records(log)}
    assert latest == {f"key-{k}".encode(): b"v399" * 10 for k in range(5)}
