"""Idempotence across a log truncation, and for a producer the log has no state for.

The producer state after ``truncate_to`` is the state of the log that remains, as Kafka's
``UnifiedLog.truncateTo`` → ``rebuildProducerState`` (snapshot + replay) has it — not the state before
the truncation with its newest batches popped off.

The case: a follower copies a zombie leader's batches, the new leader never had them, and the
follower truncates them away (KIP-101/279). Every batch the producer had in its dedup window may be
among the truncated ones; the follower must still remember the batches below the truncation point,
because it can be the next leader, and the producer retries what it was never acknowledged."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig, log_config_for
from engine.log.unified_log import UnifiedLog
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import build_batch, validate_batches

PID, EPOCH = 4000, 0


def _log(tmp_path: Path, clock: ManualClock) -> UnifiedLog:
    config = log_config_for(BrokerConfig(), {})
    return UnifiedLog.create(tmp_path / "t-0", "t", 0, uuid.UUID(int=3), config, clock)


def _batch(seq: int, offset: int = 0, epoch: int = 0) -> bytes:
    raw = bytearray(build_batch([(None, b"%d" % seq)], base_offset=offset, timestamp_ms=1, producer_id=PID,
                                producer_epoch=EPOCH, base_sequence=seq))
    raw[12:16] = epoch.to_bytes(4, "big")  # partitionLeaderEpoch (not covered by the CRC)
    return bytes(raw)


def _produce(log: UnifiedLog, seq: int, leader_epoch: int):  # type: ignore[no-untyped-def]
    return log.append_as_leader(validate_batches(memoryview(bytearray(_batch(seq))), 10**7), leader_epoch)


def _follower_with_zombie_tail(tmp_path: Path) -> UnifiedLog:
    """Sequences 0–4 replicated (offsets 0–4), then 5–9 copied from a leader that lost them (5–9)."""
    log = _log(tmp_path, ManualClock())
    for seq in range(10):
        log.append_as_follower(_batch(seq, offset=seq))
    log.truncate_to(5)  # the new leader's end offset for the zombie's epoch
    return log


def test_a_retry_of_a_batch_below_the_truncation_is_still_a_duplicate(tmp_path: Path) -> None:
    log = _follower_with_zombie_tail(tmp_path)
    # this replica is elected; the producer retries sequence 4, written before the truncation point
    info = _produce(log, 4, leader_epoch=1)
    assert info.duplicate and (info.first_offset, info.last_offset) == (4, 4)
    assert log.log_end_offset == 5  # answered with its first offset, not appended a second time


def test_the_next_sequence_after_the_truncation_is_accepted(tmp_path: Path) -> None:
    log = _follower_with_zombie_tail(tmp_path)
    info = _produce(log, 5, leader_epoch=1)  # the producer's retry of the truncated batch
    assert not info.duplicate and info.first_offset == 5


def test_a_gap_after_the_truncation_is_still_refused(tmp_path: Path) -> None:
    log = _follower_with_zombie_tail(tmp_path)
    with pytest.raises(KafkaError) as refused:
        _produce(log, 7, leader_epoch=1)
    assert refused.value.code == ErrorCode.out_of_order_sequence_number


def test_a_partial_truncation_keeps_five_batches_of_history(tmp_path: Path) -> None:
    log = _log(tmp_path, ManualClock())
    for seq in range(10):
        log.append_as_follower(_batch(seq, offset=seq))
    log.truncate_to(8)  # the dedup window was 5–9; after the truncation it is 3–7, as on a replica that never had 8–9
    for seq in range(3, 8):
        info = _produce(log, seq, leader_epoch=1)
        assert info.duplicate and info.first_offset == seq
    assert log.log_end_offset == 8


def test_batches_fetched_after_the_truncation_do_not_hide_the_older_ones(tmp_path: Path) -> None:
    log = _follower_with_zombie_tail(tmp_path)
    for seq in (5, 6):  # the new leader's copies of the truncated batches, fetched in its epoch
        log.append_as_follower(_batch(seq, offset=seq, epoch=1))
    # elected again: sequences 2–6 are the five newest batches of the log, all answered as duplicates
    for seq in range(2, 7):
        info = _produce(log, seq, leader_epoch=2)
        assert info.duplicate and info.first_offset == seq
    assert log.log_end_offset == 7


def test_a_producer_unknown_here_is_accepted_at_any_sequence(tmp_path: Path) -> None:
    """Kafka's checkSequence accepts any sequence from a producer it has no state for (its records
    deleted by retention or DeleteRecords, or never on this partition's log), since Kafka 2.5."""
    log = _log(tmp_path, ManualClock())
    info = _produce(log, 999, leader_epoch=0)
    assert not info.duplicate and info.first_offset == 0
    assert _produce(log, 999, leader_epoch=0).duplicate  # and it is remembered from then on
    with pytest.raises(KafkaError) as refused:
        _produce(log, 1001, leader_epoch=0)
    assert refused.value.code == ErrorCode.out_of_order_sequence_number
