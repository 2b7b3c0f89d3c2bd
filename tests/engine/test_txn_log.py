"""The log side of transactions: the last stable offset, the aborted-transaction index (in memory,
rebuilt when the log is opened), truncation reopening a transaction, and the transaction log's
record format."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.coordinator import transaction_log as tl
from engine.log.unified_log import UnifiedLog
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import (
    TRANSACTIONAL_BIT,
    build_batch,
    build_control_batch,
    read_header,
    validate_batches,
)

TOPIC_ID = uuid.UUID(int=9)
ABORT, COMMIT = 0, 1


def _log(path: Path, clock: ManualClock) -> UnifiedLog:
    return UnifiedLog.create(path / "t-0", "t", 0, TOPIC_ID, log_config_for(BrokerConfig(), {}), clock)


def _data(log: UnifiedLog, pid: int, seq: int, n: int, transactional: bool = True) -> None:
    raw = bytearray(build_batch([(None, b"v")] * n, timestamp_ms=1, producer_id=pid, producer_epoch=0,
                                base_sequence=seq, attributes=TRANSACTIONAL_BIT if transactional else 0))
    log.append_as_leader(validate_batches(memoryview(raw), 10**7), 0)


def _marker(log: UnifiedLog, pid: int, control: int, epoch: int = 0) -> None:
    raw = build_control_batch(pid, epoch, control, 0, 1)
    log.append_as_leader([(memoryview(bytearray(raw)), read_header(raw))], 0)


def test_lso_aborted_index_and_reload(tmp_path: Path) -> None:
    clock = ManualClock()
    log = _log(tmp_path, clock)
    _data(log, 1, 0, 3)  # 0-2: producer 1's transaction
    _data(log, 2, 0, 2)  # 3-4: producer 2's transaction
    log.high_watermark = log.log_end_offset
    assert log.last_stable_offset == 0  # the oldest open transaction starts at 0
    _marker(log, 1, ABORT)  # 5
    assert log.last_stable_offset == 0  # the marker is not below the high watermark yet
    log.high_watermark = log.log_end_offset
    assert log.last_stable_offset == 3  # producer 2 is still open
    _marker(log, 2, COMMIT)  # 6
    log.high_watermark = log.log_end_offset
    assert log.last_stable_offset == 7
    assert log.producer_state.aborted_transactions(0, 7) == [(1, 0)]
    assert log.producer_state.aborted_transactions(6, 7) == []  # the marker is before the fetch
    log.close()
    reopened = UnifiedLog.open(tmp_path / "t-0", "t", 0, TOPIC_ID, log_config_for(BrokerConfig(), {}), clock,
                               clean_shutdown=True, high_watermark=7)
    assert reopened.producer_state.aborted_transactions(0, 7) == [(1, 0)]
    assert reopened.last_stable_offset == 7


def test_truncating_a_marker_reopens_its_transaction(tmp_path: Path) -> None:
    log = _log(tmp_path, ManualClock())
    _data(log, 1, 0, 2)  # 0-1
    _marker(log, 1, ABORT)  # 2
    log.truncate_to(2)
    log.high_watermark = log.log_end_offset
    assert log.producer_state.aborted == [] and log.last_stable_offset == 0
    _marker(log, 1, COMMIT)
    log.high_watermark = log.log_end_offset
    assert log.last_stable_offset == 3 and log.producer_state.aborted == []


def test_a_zombie_epoch_is_refused_after_a_newer_marker(tmp_path: Path) -> None:
    log = _log(tmp_path, ManualClock())
    _data(log, 1, 0, 1)
    _marker(log, 1, ABORT, epoch=1)  # the coordinator fenced epoch 0 and aborted with epoch 1
    with pytest.raises(KafkaError) as refused:
        _data(log, 1, 1, 1)
    assert refused.value.code == ErrorCode.invalid_producer_epoch


def test_transaction_log_records_round_trip() -> None:
    meta = tl.TransactionMetadata("app-1", 4000, 3, 60000, tl.PREPARE_COMMIT, {("t", 0), ("t", 2), ("u", 1)}, 5, 6)
    back = tl.decode_value("app-1", tl.value(meta))
    assert (back.producer_id, back.producer_epoch, back.timeout_ms, back.state, back.partitions,
            back.start_ms, back.update_ms) == (4000, 3, 60000, tl.PREPARE_COMMIT, meta.partitions, 5, 6)
    assert tl.decode_key(tl.key("app-1")) == "app-1"
