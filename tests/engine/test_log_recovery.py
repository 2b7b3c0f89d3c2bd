"""Opening damaged logs (Kafka's LogLoader): keep the intact prefix, rebuild indexes, tolerate
corrupt checkpoints, never leave an offset hole. ManualClock, real files, no sockets."""

from __future__ import annotations

import logging
import os
import stat
import struct
import uuid
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log.files import OpenFiles
from engine.log.manager import HW_CHECKPOINT, LOG_START_CHECKPOINT, RECOVERY_CHECKPOINT, LogManager
from engine.log.unified_log import UnifiedLog
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import build_batch, iter_batches
from tests.engine.test_log import TOPIC_ID, append, read_values
from tests.engine.test_records import rebatch

SMALL = {"segment.bytes": "400", "index.interval.bytes": "1"}


def config(**overrides: str):  # type: ignore[no-untyped-def]
    return log_config_for(BrokerConfig(), overrides)


def make(tmp_path: Path, clock: ManualClock, **overrides: str) -> UnifiedLog:
    return UnifiedLog.create(tmp_path / "t-0", "t", 0, TOPIC_ID, config(**overrides), clock)


def reopen(tmp_path: Path, clock: ManualClock, clean: bool, recovery_point: int = 0, **overrides: str) -> UnifiedLog:
    log = UnifiedLog.open(tmp_path / "t-0", "t", 0, TOPIC_ID, config(**overrides), clock, clean_shutdown=clean,
                          recovery_point=recovery_point, high_watermark=10**9)
    return log


def fill(log: UnifiedLog, clock: ManualClock, n: int) -> None:
    for i in range(n):
        append(log, [b"r%d" % i], clock.time_ms())
        clock.advance(100)


def segment_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "t-0").glob("*.log"))


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("clean", [True, False])
def test_an_older_segment_cut_mid_batch_keeps_only_the_intact_prefix(tmp_path: Path, clean: bool,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **SMALL)
    fill(log, clock, 40)
    first, second = segment_files(tmp_path)[:2]
    end_of_first = log.segments[0].next_offset
    log.close(clean=clean)
    with open(first, "r+b") as f:
        f.truncate(os.path.getsize(first) - 5)
    caplog.set_level(logging.WARNING)
    again = reopen(tmp_path, clock, clean, recovery_point=40 if clean else 0, **SMALL)
    assert again.log_end_offset == end_of_first - 1  # the torn last batch of the first segment is gone …
    assert read_values(again, 0) == [b"r%d" % i for i in range(end_of_first - 1)]
    assert not second.exists()  # … and so is everything after it: no offset hole
    [line] = warnings_of(caplog)
    assert "t-0: recovered offsets 0–" in line and first.name in line and "removed" in line
    append(again, [b"next"], clock.time_ms())
    assert read_values(again, end_of_first - 1) == [b"next"]


def test_a_missing_middle_segment_is_a_hole_not_skipped_silently(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **SMALL)
    fill(log, clock, 40)
    files = segment_files(tmp_path)
    end_of_first = log.segments[0].next_offset
    log.close()
    files[1].unlink()  # a whole segment gone: the file before it ends cleanly on a batch boundary
    caplog.set_level(logging.WARNING)
    again = reopen(tmp_path, clock, clean=True, recovery_point=40, **SMALL)
    assert again.log_end_offset == end_of_first
    assert "are missing between" in warnings_of(caplog)[0]
    assert segment_files(tmp_path) == files[:1]


def test_the_active_segment_cut_after_a_clean_stop_is_recovered(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock)
    fill(log, clock, 10)
    path = log.active_segment.path
    log.close()
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) - 3)
    again = reopen(tmp_path, clock, clean=True, recovery_point=10)
    assert again.log_end_offset == 9 and read_values(again, 0)[-1] == b"r8"
    assert again.active_segment.size == os.path.getsize(path)


@pytest.mark.parametrize("where", ["position", "offset"])
def test_a_flipped_offset_index_is_detected_and_rebuilt(tmp_path: Path, where: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **{"index.interval.bytes": "1"})
    fill(log, clock, 20)
    index = log.active_segment.index_path
    log.close()
    raw = bytearray(index.read_bytes())
    assert len(raw) == 20 * 8
    raw[-4 if where == "position" else -8] ^= 0xFF  # the last entry: position negative / offset wild
    index.write_bytes(bytes(raw))
    caplog.set_level(logging.WARNING)
    again = reopen(tmp_path, clock, clean=True, recovery_point=20, **{"index.interval.bytes": "1"})
    assert read_values(again, 0) == [b"r%d" % i for i in range(20)]
    assert read_values(again, 17) == [b"r17", b"r18", b"r19"]
    [line] = warnings_of(caplog)
    assert "rebuilt the indexes" in line and index.name in line and "no records lost" in line
    assert index.read_bytes() != bytes(raw)  # rewritten from the log


def test_a_flipped_time_index_is_detected_and_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **{"index.interval.bytes": "1"})
    for i in range(10):
        append(log, [b"v%d" % i], 1000 + i * 100)
    assert log.offset_for_timestamp(1450) == (5, 1500)
    tindex = log.active_segment.time_index_path
    log.close()
    raw = bytearray(tindex.read_bytes())
    struct.pack_into(">i", raw, 4 * 12 + 8, 8)  # entry 4 now claims offset 8: lookups start too late
    tindex.write_bytes(bytes(raw))
    caplog.set_level(logging.WARNING)
    again = reopen(tmp_path, clock, clean=True, recovery_point=10, **{"index.interval.bytes": "1"})
    assert again.offset_for_timestamp(1450) == (5, 1500)
    assert again.offset_for_timestamp(1000) == (0, 1000)
    assert tindex.name in warnings_of(caplog)[0]


def test_the_time_index_is_sparse_and_lookups_scan_between_entries(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **{"index.interval.bytes": "300"})
    for i in range(30):
        append(log, [b"v%d" % i], 1000 + i * 10)
    assert len(log.active_segment._ts_ts) < 15  # one entry per index interval, not per batch
    for i in range(30):
        assert log.offset_for_timestamp(1000 + i * 10 - 5) == (i, 1000 + i * 10)
    log.close()
    again = reopen(tmp_path, clock, clean=True, recovery_point=30, **{"index.interval.bytes": "300"})
    assert again.offset_for_timestamp(1285) == (29, 1290)
    assert again.active_segment.max_timestamp == 1290


def test_offsets_that_do_not_fit_a_relative_index_roll_a_new_segment(tmp_path: Path) -> None:
    """What the 2^31-record batches of issue 10 did to a log (a leader accepted them before the
    LogValidator checks): the index's int32 relative offsets overflowed (struct.error)."""
    clock = ManualClock()
    log = make(tmp_path, clock)
    huge = rebatch(build_batch([(None, b"a")], timestamp_ms=clock.time_ms()), last_offset_delta=2**31 - 2,
                   record_count=2**31 - 1)
    for i in range(3):
        log.append_as_follower(bytes(rebatch(bytes(huge), base_offset=i * (2**31 - 1))))
    assert [s.base_offset for s in log.segments] == [0, 2**31 - 1, 2 * (2**31 - 1)]
    log.close(clean=False)
    again = reopen(tmp_path, clock, clean=False)
    assert again.log_end_offset == 3 * (2**31 - 1)


def test_a_corrupt_replicated_batch_is_refused(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock)
    raw = bytearray(build_batch([(None, b"b")]))
    raw[-1] ^= 1
    with pytest.raises(KafkaError) as e:
        log.append_as_follower(bytes(raw))
    assert e.value.code == ErrorCode.corrupt_message and log.log_end_offset == 0


GARBAGE = b"\xff\xfe\x00 not a checkpoint\n7\nt x y\n"


@pytest.mark.parametrize("name", [HW_CHECKPOINT, RECOVERY_CHECKPOINT, LOG_START_CHECKPOINT])
def test_a_garbage_checkpoint_is_ignored_and_the_log_recovers(tmp_path: Path, name: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    log = manager.get_or_create("t", 0, TOPIC_ID, config(**SMALL))
    fill(log, clock, 30)
    manager.shutdown(clean=False)
    (tmp_path / "broker-0" / name).write_bytes(GARBAGE)
    caplog.set_level(logging.WARNING)
    again = LogManager(tmp_path / "broker-0", clock)
    again.startup()
    reopened = again.get_or_create("t", 0, TOPIC_ID, config(**SMALL))
    assert reopened.log_end_offset == 30 and reopened.log_start_offset == 0
    reopened.high_watermark = 30
    assert read_values(reopened, 0) == [b"r%d" % i for i in range(30)]
    assert any(name in w and "corrupt" in w for w in warnings_of(caplog))


def test_a_garbage_leader_epoch_checkpoint_is_rebuilt_from_the_batches(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock)
    for epoch in (0, 0, 3, 3, 7):
        raw = bytearray(build_batch([(None, b"e%d" % epoch)], timestamp_ms=clock.time_ms()))
        from engine.protocol.records import validate_batches

        log.append_as_leader(validate_batches(memoryview(raw), 10**7), leader_epoch=epoch)
    assert log.epoch_cache.entries == [(0, 0), (3, 2), (7, 4)]
    log.close()
    (tmp_path / "t-0" / "leader-epoch-checkpoint").write_bytes(GARBAGE)
    caplog.set_level(logging.WARNING)
    again = reopen(tmp_path, clock, clean=True, recovery_point=5)
    assert again.epoch_cache.entries == [(0, 0), (3, 2), (7, 4)]
    assert "leader-epoch-checkpoint" in warnings_of(caplog)[0]
    assert (tmp_path / "t-0" / "leader-epoch-checkpoint").read_text().startswith("0\n3\n")


def test_a_garbage_partition_metadata_file_is_rewritten(tmp_path: Path) -> None:
    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    fill(manager.get_or_create("t", 0, TOPIC_ID, config()), clock, 3)
    manager.shutdown()
    meta = tmp_path / "broker-0" / "t-0" / "partition.metadata"
    meta.write_bytes(b"\xff\xfe\x00garbage")
    again = LogManager(tmp_path / "broker-0", clock)
    again.startup()
    assert again.on_disk() == {("t", 0): None}
    assert again.get_or_create("t", 0, TOPIC_ID, config()).log_end_offset == 3
    assert again.on_disk() == {("t", 0): TOPIC_ID}


def test_stray_logs_are_renamed_aside_never_deleted(tmp_path: Path) -> None:
    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    fill(manager.get_or_create("t", 0, TOPIC_ID, config()), clock, 3)
    moved = manager.rename_aside("t", 0)
    assert moved is not None and moved.name.startswith("t-0.") and moved.name.endswith("-stray")
    assert len(list(moved.glob("*.log"))) == 1 and manager.on_disk() == {}


def test_segment_files_fit_an_open_file_budget(tmp_path: Path) -> None:
    clock = ManualClock()
    files = OpenFiles(4)
    logs = [UnifiedLog.create(tmp_path / f"t-{p}", "t", p, TOPIC_ID, config(**SMALL), clock, files) for p in range(12)]
    for round_ in range(10):
        for log in logs:
            append(log, [b"p%d" % round_], clock.time_ms())
            assert len(files) <= 4
    assert files.evictions > 0
    for log in logs:
        assert read_values(log, 0) == [b"p%d" % r for r in range(10)]
    fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    open_logs = sum(1 for fd in fds if os.path.realpath(f"/proc/self/fd/{fd}").startswith(str(tmp_path)))
    assert open_logs <= 4


def test_files_and_directories_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        clock = ManualClock()
        manager = LogManager(tmp_path / "data" / "broker-0", clock)
        manager.startup()
        fill(manager.get_or_create("t", 0, TOPIC_ID, config(**SMALL)), clock, 20)
        manager.shutdown()
    finally:
        os.umask(old)
    for root, dirs, names in os.walk(tmp_path / "data"):
        for d in dirs:
            assert stat.S_IMODE(os.stat(Path(root) / d).st_mode) == 0o700, d
        for n in names:
            assert stat.S_IMODE(os.stat(Path(root) / n).st_mode) == 0o600, n
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700


def test_recovery_after_a_crash_only_rescans_unflushed_segments(tmp_path: Path) -> None:
    clock = ManualClock()
    log = make(tmp_path, clock, **SMALL)
    fill(log, clock, 40)
    log.flush()
    bases = [s.base_offset for s in log.segments]
    log.close(clean=False)
    again = reopen(tmp_path, clock, clean=False, recovery_point=bases[-2] + 1, **SMALL)
    assert again.log_end_offset == 40
    assert len(list(iter_batches(again.read(0, 1 << 20, 40)))) > 0
    assert uuid.UUID(int=7) == again.topic_id


def test_recovery_after_a_crash_leaves_the_recovered_segments_to_the_flusher(tmp_path: Path) -> None:
    """A broker restarting after a crash does not fsync every recovered segment on the event loop (3,000
    partitions took it >30 s): the recovered segments count dirty and the recovery point stays until
    the flusher (here the simulated OS writeback) has made them durable."""
    clock = ManualClock()
    log = make(tmp_path, clock, **SMALL)
    fill(log, clock, 30)
    leo = log.log_end_offset
    log.close()
    again = reopen(tmp_path, clock, clean=False, recovery_point=0, **SMALL)
    assert again.log_end_offset == leo and read_values(again, 0) == [b"r%d" % i for i in range(30)]
    assert again.recovery_point < leo  # not yet known durable: a second crash recovers them again
    clock.advance(5_000)
    again.maybe_flush_by_time(writeback_ms=5_000)
    assert again.recovery_point == leo
    again.close()
    clean = reopen(tmp_path, clock, clean=True, recovery_point=again.recovery_point, **SMALL)
    assert clean.log_end_offset == leo and clean.recovery_point == leo
