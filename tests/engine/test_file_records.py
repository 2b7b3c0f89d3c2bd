"""Reads by exact batch boundaries (the in-memory batch list) and FileRecords ranges of segment files:
what a Fetch sends with sendfile. ManualClock, real files, no sockets."""

from __future__ import annotations

import os
import random
import uuid
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log.file_records import WALK_CHUNK, FileRecords, walk_headers
from engine.log.files import OpenFiles
from engine.log.unified_log import SENDFILE_MIN_BYTES, UnifiedLog
from engine.protocol.records import build_batch, iter_batches, validate_batches

TOPIC_ID = uuid.UUID(int=9)


def make_log(path: Path, clock: ManualClock, files: OpenFiles | None = None, **overrides: str) -> UnifiedLog:
    config = log_config_for(BrokerConfig(), overrides)
    return UnifiedLog.create(path / "t-0", "t", 0, TOPIC_ID, config, clock, files)


def reopen(path: Path, clock: ManualClock, **overrides: str) -> UnifiedLog:
    config = log_config_for(BrokerConfig(), overrides)
    return UnifiedLog.open(path / "t-0", "t", 0, TOPIC_ID, config, clock, clean_shutdown=True, high_watermark=1 << 40)


def append(log: UnifiedLog, count: int, size: int, ts: int) -> None:
    raw = bytearray(build_batch([(None, os.urandom(size)) for _ in range(count)], timestamp_ms=ts))
    log.append_as_leader(validate_batches(memoryview(raw), 10**8), leader_epoch=0)
    log.high_watermark = log.log_end_offset


def reference_read(log: UnifiedLog, offset: int, max_bytes: int, upper: int) -> bytes:
    """What a read must return, computed the slow way from the whole segment file."""
    for seg in log.segments:
        if seg.next_offset <= offset:
            continue
        data = seg.path.read_bytes()
        batches = [(pos, h) for pos, h in iter_batches(data)]
        first = next(i for i, (_p, h) in enumerate(batches) if h.last_offset >= offset)
        start = batches[first][0]
        end = start
        for pos, h in batches[first:]:
            if h.base_offset >= upper:
                break
            if pos + h.size - start > max_bytes and end > start:
                break
            end = pos + h.size
        return data[start:end]
    return b""


def test_reads_end_exactly_on_batch_boundaries(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.bytes": "200000", "index.interval.bytes": "3000"})
    rnd = random.Random(5)
    for _ in range(300):
        append(log, rnd.randint(1, 40), rnd.choice([10, 100, 900]), clock.time_ms())
    assert len(log.segments) > 3
    for _ in range(500):
        offset = rnd.randrange(log.log_end_offset)
        max_bytes = rnd.choice([1, 100, 5000, 30_000, 1 << 20])
        upper = rnd.choice([log.log_end_offset, rnd.randrange(offset, log.log_end_offset + 1)])
        expected = reference_read(log, offset, max_bytes, upper) if offset < upper else b""
        assert log.read(offset, max_bytes, upper) == expected, (offset, max_bytes, upper)
        got = log.read_records(offset, max_bytes, upper)
        assert bytes(got) == expected
        if isinstance(got, FileRecords):
            assert len(got) >= SENDFILE_MIN_BYTES
            got.close()
        else:
            assert len(got) < SENDFILE_MIN_BYTES


def test_a_clean_reopen_rebuilds_the_same_batch_list(tmp_path: Path) -> None:
    clock = ManualClock()
    overrides = {"segment.bytes": "100000", "index.interval.bytes": "2000"}
    log = make_log(tmp_path, clock, **overrides)
    rnd = random.Random(7)
    for _ in range(200):
        append(log, rnd.randint(1, 30), rnd.choice([20, 300, 3000]), clock.time_ms())
    expected = [(s.base_offset, list(s._b_pos), list(s._b_base), list(s._b_last)) for s in log.segments]
    reads = [log.read(o, 7000, log.log_end_offset) for o in range(0, log.log_end_offset, 37)]
    log.close()
    again = reopen(tmp_path, clock, **overrides)
    assert [(s.base_offset, list(s._b_pos), list(s._b_base), list(s._b_last)) for s in again.segments] == expected
    assert [again.read(o, 7000, again.log_end_offset) for o in range(0, again.log_end_offset, 37)] == reads


def test_walking_headers_across_read_chunks(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    sizes = [1, 50, 700, 3, WALK_CHUNK // 100, 5, 1]  # batches smaller and larger than a chunk
    for n in sizes * 3:
        append(log, n, 100, clock.time_ms())
    seg = log.active_segment
    fd = os.open(seg.path, os.O_RDONLY)
    try:
        walked = [(pos, h.base_offset) for pos, h in walk_headers(fd, 0, seg.size)]
    finally:
        os.close(fd)
    assert walked == [(pos, h.base_offset) for pos, h in iter_batches(seg.path.read_bytes())]


def test_file_records_survive_the_segment_being_closed_and_deleted(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, files=OpenFiles(4), **{"segment.bytes": "60000"})
    for _ in range(20):
        append(log, 100, 100, clock.time_ms())
    assert len(log.segments) > 2
    first = log.segments[0]
    rec = log.read_records(0, 1 << 20, log.high_watermark)
    assert isinstance(rec, FileRecords)
    expected = first.path.read_bytes()[: len(rec)]
    first.release_file()  # the open-file budget closed the segment's descriptor
    log.set_log_start_offset(log.segments[1].base_offset)  # DeleteRecords deletes the segment
    assert not first.path.exists()
    assert rec.intact()
    assert os.pread(rec.fd, len(rec), rec.position) == expected == rec.read()
    rec.close()
    rec.close()  # twice is harmless


def test_file_records_know_when_a_truncation_cut_into_them(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    for _ in range(10):
        append(log, 100, 100, clock.time_ms())  # 100 offsets per batch
    early = log.read_records(0, 40_000, log.log_end_offset)
    late = log.read_records(600, 1 << 20, log.log_end_offset)
    assert isinstance(early, FileRecords) and isinstance(late, FileRecords)
    assert early.position + len(early) <= log.active_segment.position_of(500)  # type: ignore[operator]
    log.truncate_to(500)
    assert early.intact()  # cut after its end: its bytes are still the ones read
    assert not late.intact()
    with pytest.raises(OSError):
        late.read()
    append(log, 100, 100, clock.time_ms())  # new bytes where the old ones were
    assert not late.intact()
    early.close()
    late.close()


def test_dropped_file_records_close_their_descriptor(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    append(log, 500, 100, clock.time_ms())
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        rec = log.read_records(0, 1 << 20, log.log_end_offset)
        assert isinstance(rec, FileRecords)
        del rec  # a response that was never sent
    assert len(os.listdir("/proc/self/fd")) <= before
