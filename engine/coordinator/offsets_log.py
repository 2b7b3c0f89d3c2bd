"""Writing to and reading back a ``__consumer_offsets`` partition.

Writes are Kafka's coordinator appends: one uncompressed v2 batch of records, appended on the
partition leader with ``acks=-1`` and answered only when the high watermark has passed the batch
(``offsets.commit.timeout.ms`` deadline). Append errors are mapped the way Kafka's
``GroupCoordinatorService.normalizeException`` / ``appendGroupMetadataErrorToResponseError`` do.

Reading is the load of a partition that this broker has just become leader of (Kafka's
``CoordinatorLoaderImpl``): every batch from the log start to the log end, in chunks, yielding to
the event loop between chunks so a large log does not stall the broker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence

from engine.coordinator.ports import CoordinatorPartition
from engine.protocol.errors import ErrorCode, KafkaError
from engine.protocol.records import (
    TRANSACTIONAL_BIT,
    BatchHeader,
    build_batch,
    control_type,
    decode_batch,
    iter_batches,
    read_header,
    validate_batches,
)

log = logging.getLogger(__name__)

Record = tuple[bytes, bytes | None]  # (key, value); a None value is a tombstone
COMMIT_MARKER = 1  # ControlRecordType.COMMIT


def normalize_append_error(code: ErrorCode) -> ErrorCode:
    """GroupCoordinatorService.normalizeException: what a failed coordinator write answers."""
    if code in (ErrorCode.unknown_topic_or_partition, ErrorCode.not_enough_replicas,
                ErrorCode.not_enough_replicas_after_append, ErrorCode.request_timed_out):
        return ErrorCode.coordinator_not_available
    if code in (ErrorCode.not_leader_or_follower, ErrorCode.kafka_storage_error):
        return ErrorCode.not_coordinator
    if code in (ErrorCode.message_too_large, ErrorCode.record_list_too_large, ErrorCode.invalid_fetch_size):
        return ErrorCode.unknown_server_error
    return code


async def append_and_wait(part: CoordinatorPartition, records: Sequence[Record], timestamp_ms: int,
                          timeout_ms: int, producer: tuple[int, int] | None = None) -> ErrorCode:
    """Append ``records`` as one batch with acks=-1 and wait until it is committed (below the HW).
    With ``producer`` (id, epoch) the batch is transactional (TxnOffsetCommit): its records count
    only once a COMMIT marker follows.

    Returns ``ErrorCode.none`` or the raw append/replication error (see :func:`normalize_append_error`).
    """
    if not records:
        return ErrorCode.none
    try:
        if producer is None:
            batch = build_batch(list(records), timestamp_ms=timestamp_ms)
            batches = validate_batches(memoryview(bytearray(batch)), part.log.config.max_message_bytes)
        else:  # the coordinator's own transactional batch: no sequence, as Kafka's coordinator writes it
            batch = build_batch(list(records), timestamp_ms=timestamp_ms, producer_id=producer[0],
                                producer_epoch=producer[1], attributes=TRANSACTIONAL_BIT)
            batches = [(memoryview(bytearray(batch)), read_header(batch))]
    except KafkaError as e:
        return e.code
    return await append_batches_and_wait(part, batches, timeout_ms)


async def append_batches_and_wait(part: CoordinatorPartition, batches: list[tuple[memoryview, BatchHeader]],
                                  timeout_ms: int) -> ErrorCode:
    """Append prepared batches on the leader with acks=-1 and wait until the HW passes them."""
    epoch = part.leader_epoch
    try:
        info = part.append_as_leader(batches, -1)  # acks=all
    except KafkaError as e:
        return e.code
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_ms / 1000
    while part.high_watermark <= info.last_offset:
        if not part.is_leader or part.leader_epoch != epoch:
            return ErrorCode.not_leader_or_follower
        remaining = deadline - loop.time()
        if remaining <= 0:
            log.warning("%s-%d: coordinator write at offset %d not replicated within %d ms (HW %d)",
                        part.topic, part.index, info.last_offset, timeout_ms, part.high_watermark)
            return ErrorCode.request_timed_out
        waiter = part.change_future()
        try:
            await asyncio.wait_for(waiter, remaining)
        except TimeoutError:
            pass
    return ErrorCode.none


async def read_records(part: CoordinatorPartition, chunk_bytes: int,
                       pending: dict[int, list[Record]] | None = None
                       ) -> AsyncIterator[tuple[int, bytes, bytes | None]]:
    """(offset, key, value) of every keyed record from the log start to the log end offset.

    Records of transactional batches are held back per producer until their marker: a COMMIT
    yields them (at the marker's place, as Kafka materializes transactional offset commits), an
    ABORT drops them; those of transactions still open at the log end are left in ``pending``."""
    held: dict[int, list[tuple[int, bytes, bytes | None]]] = {}
    unified = part.log
    offset = unified.log_start_offset
    end = unified.log_end_offset
    while offset < end:
        data = unified.read(offset, chunk_bytes, end)
        if not data:
            break
        view = memoryview(data)
        last_next = offset
        for pos, header in iter_batches(view):
            last_next = header.next_offset
            if header.is_control:
                done = held.pop(header.producer_id, [])
                if control_type(view[pos : pos + header.size]) == COMMIT_MARKER:
                    for item in done:
                        yield item
                continue
            _h, recs = decode_batch(view[pos : pos + header.size])
            out = held.setdefault(header.producer_id, []) if header.is_transactional else None
            for r in recs:
                if r.key is not None and r.offset >= offset:
                    if out is not None:
                        out.append((r.offset, r.key, r.value))
                    else:
                        yield r.offset, r.key, r.value
        if last_next <= offset:
            break  # a batch larger than the chunk: read() returned it whole, so this cannot loop
        offset = last_next
        await asyncio.sleep(0)
    if pending is not None:
        for pid, items in held.items():
            if items:
                pending[pid] = [(k, v) for _o, k, v in items]
