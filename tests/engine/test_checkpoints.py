"""Checkpoint files are written at Kafka's intervals, only when their values changed, and in a worker
thread (the event loop keeps serving). ManualClock, real files, no sockets."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log import manager as manager_module
from engine.log.manager import (
    CLEANER_CHECKPOINT,
    HW_CHECKPOINT,
    LOG_START_CHECKPOINT,
    RECOVERY_CHECKPOINT,
    LogManager,
)
from tests.engine.test_log import TOPIC_ID, append


def test_checkpoints_at_their_intervals_only_when_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock, hw_interval_ms=5000, recovery_interval_ms=60_000,
                         start_interval_ms=60_000)
    manager.startup()
    log = manager.get_or_create("t", 0, TOPIC_ID, log_config_for(BrokerConfig(), {}))
    written: list[tuple[str, int]] = []  # (file, thread) per write
    real_write = manager_module.write_checkpoint

    def record(path: Path, values: dict[tuple[str, int], int]) -> None:
        written.append((path.name, threading.get_ident()))
        real_write(path, values)

    monkeypatch.setattr(manager_module, "write_checkpoint", record)

    def tick(ms: int) -> list[str]:
        clock.advance(ms)
        before = len(written)
        asyncio.run(manager.write_due_checkpoints())
        return sorted(name for name, _thread in written[before:])

    assert tick(0) == sorted([HW_CHECKPOINT, RECOVERY_CHECKPOINT, LOG_START_CHECKPOINT])  # the first time
    assert all(thread != threading.get_ident() for _name, thread in written)  # never on the loop's thread
    assert tick(1000) == []  # (the old housekeeping rewrote all three every second)
    append(log, [b"a", b"b"], clock.time_ms())  # (append sets the high watermark)
    assert tick(3000) == []  # not yet 5 s
    assert tick(1000) == [HW_CHECKPOINT]  # 5 s, changed
    assert tick(5000) == []  # 5 s, unchanged: not rewritten
    log.flush()
    assert tick(5000) == []  # the recovery point moved, but its interval is 60 s
    assert tick(45_000) == [RECOVERY_CHECKPOINT]  # 60 s: the recovery point changed, log start did not
    assert (tmp_path / "broker-0" / HW_CHECKPOINT).read_text() == "0\n1\nt 0 2\n"
    assert (tmp_path / "broker-0" / RECOVERY_CHECKPOINT).read_text() == "0\n1\nt 0 2\n"
    manager.shutdown()  # a clean shutdown writes all four
    assert sorted(name for name, _ in written[-4:]) == sorted([HW_CHECKPOINT, RECOVERY_CHECKPOINT, LOG_START_CHECKPOINT,
                                                               CLEANER_CHECKPOINT])


def test_a_failed_checkpoint_is_retried_at_the_next_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    manager.get_or_create("t", 0, TOPIC_ID, log_config_for(BrokerConfig(), {}))
    fail = [True]
    real_write = manager_module.write_checkpoint

    def flaky(path: Path, values: dict[tuple[str, int], int]) -> None:
        if fail[0]:
            raise OSError(24, "Too many open files")
        real_write(path, values)

    monkeypatch.setattr(manager_module, "write_checkpoint", flaky)
    asyncio.run(manager.write_due_checkpoints())
    assert manager.checkpoint_writes == 0
    assert "cannot write checkpoints" in caplog.text
    fail[0] = False
    clock.advance(1000)
    asyncio.run(manager.write_due_checkpoints())
    assert manager.checkpoint_writes == 3
    assert (tmp_path / "broker-0" / HW_CHECKPOINT).exists()


def test_the_cleaner_offset_checkpoint_round_trips(tmp_path: Path) -> None:
    """``cleaner-offset-checkpoint``: written at shutdown in Kafka's format, read back at start; an
    offset beyond the log end (a recovery cut the tail) makes the whole log dirty again."""
    clock = ManualClock()
    config = log_config_for(BrokerConfig(), {"cleanup.policy": "compact"})
    manager = LogManager(tmp_path / "broker-0", clock)
    manager.startup()
    for p in (0, 1):
        append(manager.get_or_create("c", p, TOPIC_ID, config), [b"a", b"b", b"c"], clock.time_ms())
    manager.get_or_create("plain", 0, TOPIC_ID, log_config_for(BrokerConfig(), {}))
    manager.logs[("c", 0)].cleaner_offset = 2
    manager.logs[("c", 1)].cleaner_offset = 3
    manager.shutdown()
    assert (tmp_path / "broker-0" / CLEANER_CHECKPOINT).read_text() == "0\n2\nc 0 2\nc 1 3\n"
    (tmp_path / "broker-0" / CLEANER_CHECKPOINT).write_text("0\n2\nc 0 2\nc 1 9\n")
    again = LogManager(tmp_path / "broker-0", clock)
    again.startup()
    assert again.get_or_create("c", 0, TOPIC_ID, config).cleaner_offset == 2
    assert again.get_or_create("c", 1, TOPIC_ID, config).cleaner_offset == -1
    assert again.cleaner_offsets() == {("c", 0): 2}
