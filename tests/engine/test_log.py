"""UnifiedLog and LogSegment on a real directory with an injected clock."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log.unified_log import UnifiedLog
from engine.protocol.records import build_batch, decode_batch, iter_batches, validate_batches

TOPIC_ID = uuid.UUID(int=7)


def make_log(path: Path, clock: ManualClock, **overrides: str) -> UnifiedLog:
    config = log_config_for(BrokerConfig(), overrides)
    return UnifiedLog.create(path / "t-0", "t", 0, TOPIC_ID, config, clock)


def append(log: UnifiedLog, values: list[bytes], ts: int) -> None:
    raw = bytearray(build_batch([(None, v) for v in values], timestamp_ms=ts))
    log.append_as_leader(validate_batches(memoryview(raw), 10**7), leader_epoch=0)
    log.high_watermark = log.log_end_offset


def read_values(log: UnifiedLog, offset: int) -> list[bytes | None]:
    out: list[bytes | None] = []
    while offset < log.high_watermark:
        data = log.read(offset, 1 << 20, log.high_watermark)
        if not data:
            break
        for pos, header in iter_batches(data):
            _h, records = decode_batch(data[pos : pos + header.size])
            out.extend(r.value for r in records if r.offset >= offset)
            offset = header.next_offset
    return out


def test_offsets_are_assigned_in_order_and_read_back(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    for i in range(100):
        append(log, [b"a%d" % i, b"b%d" % i], clock.time_ms())
    assert log.log_end_offset == 200
    values = read_values(log, 0)
    assert values[:4] == [b"a0", b"b0", b"a1", b"b1"]
    assert len(values) == 200
    assert read_values(log, 151)[0] == b"b75"


def test_segments_roll_by_size_and_reads_cross_them(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.bytes": "1000", "index.interval.bytes": "100"})
    for i in range(100):
        append(log, [b"x" * 50 + b"%d" % i], clock.time_ms())
    assert len(log.segments) > 5
    assert [r for r in read_values(log, 0)][-1] == b"x" * 50 + b"99"
    assert read_values(log, 57)[0] == b"x" * 50 + b"57"
    names = sorted(p.name for p in (tmp_path / "t-0").glob("*.log"))
    assert names[0] == "00000000000000000000.log"


def test_segments_roll_by_time(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.ms": "1000"})
    append(log, [b"a"], clock.time_ms())
    clock.advance(1500)
    append(log, [b"b"], clock.time_ms())
    assert [s.base_offset for s in log.segments] == [0, 1]


def test_retention_ms_deletes_old_segments_and_moves_log_start(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.bytes": "500", "retention.ms": "60000"})
    for _ in range(30):
        append(log, [b"y" * 40], clock.time_ms())
        clock.advance(1000)
    clock.advance(45_000)  # records 0..14 are now older than 60 s
    deleted = log.delete_old_segments()
    assert deleted > 0
    assert 0 < log.log_start_offset <= 15
    assert read_values(log, log.log_start_offset)
    assert log.log_end_offset == 30


def test_retention_bytes_keeps_the_partition_under_the_limit(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.bytes": "500", "retention.bytes": "1200"})
    for _ in range(40):
        append(log, [b"z" * 40], clock.time_ms())
    log.delete_old_segments()
    assert log.size_bytes <= 1200 + 500
    assert log.log_start_offset > 0


def test_recovery_truncates_a_torn_tail(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    for i in range(10):
        append(log, [b"r%d" % i], clock.time_ms())
    path = log.active_segment.path
    log.close()
    with open(path, "ab") as f:
        f.write(b"\x00\x00\x00\x00\x00\x00\x00\x0a\x00\x00\x01\x00garbage")  # half a batch
    config = log_config_for(BrokerConfig(), {})
    reopened = UnifiedLog.open(tmp_path / "t-0", "t", 0, TOPIC_ID, config, clock, clean_shutdown=False)
    assert reopened.log_end_offset == 10
    reopened.high_watermark = 10
    assert read_values(reopened, 0)[-1] == b"r9"
    assert os.path.getsize(path) == reopened.active_segment.size


def test_truncate_to_removes_the_tail(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock, **{"segment.bytes": "300"})
    for i in range(20):
        append(log, [b"t%d" % i], clock.time_ms())
    log.truncate_to(7)
    assert log.log_end_offset == 7
    log.high_watermark = 7
    assert read_values(log, 0)[-1] == b"t6"
    append(log, [b"new"], clock.time_ms())
    assert read_values(log, 7) == [b"new"]


def test_offset_for_timestamp(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    for i in range(10):
        append(log, [b"v%d" % i], 1000 + i * 100)
    assert log.offset_for_timestamp(1350) == (4, 1400)
    assert log.offset_for_timestamp(99999) is None


def test_power_loss_keeps_only_what_was_fsynced(tmp_path: Path) -> None:
    from engine.log.manager import LogManager

    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    config = log_config_for(BrokerConfig(), {"flush.messages": "3"})
    log = manager.get_or_create("t", 0, TOPIC_ID, config)
    for i in range(7):
        append(log, [b"p%d" % i], clock.time_ms())
    assert log.recovery_point == 6  # flushed after 3 and 6 records
    lost = manager.shutdown(clean=False, lose_unflushed=True)
    assert lost == {("t", 0): (7, 6)}
    again = LogManager(tmp_path / "broker-0", clock)
    again.startup()
    reopened = again.get_or_create("t", 0, TOPIC_ID, config)
    assert reopened.log_end_offset == 6


def test_os_writeback_makes_old_dirty_data_durable(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make_log(tmp_path, clock)
    append(log, [b"old"], clock.time_ms())
    clock.advance(4000)
    log.maybe_flush_by_time(writeback_ms=5000)
    assert log.recovery_point == 0  # still only in the (simulated) page cache
    clock.advance(1500)
    append(log, [b"new"], clock.time_ms())
    log.maybe_flush_by_time(writeback_ms=5000)
    assert log.recovery_point == 2  # the oldest dirty write passed 5 s: everything was written back
