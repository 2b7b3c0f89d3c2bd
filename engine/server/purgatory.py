"""The purgatory: requests that wait for the log to move (Kafka's ``DelayedOperationPurgatory``).

- :class:`DelayedProduce` — acks=all: the answer waits until the high watermark passes every
  appended batch, the request times out, or leadership moves.
- :func:`delayed_fetch` — a Fetch with ``min_bytes`` not yet available waits until enough data
  arrives on one of its partitions or ``max_wait_ms`` passes (``DelayedFetch``).

Waiting is on each :class:`~engine.server.partition.Partition`'s change futures, which resolve on
append, high-watermark moves, leadership changes and removal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from engine.protocol.errors import ErrorCode
from engine.server.partition import Partition
from engine.server.slow_motion import SlowMotion


@dataclass(slots=True)
class ProducePartitionResult:
    topic: str
    index: int
    error_code: int = 0
    base_offset: int = -1
    log_append_time: int = -1
    log_start_offset: int = -1
    error_message: str | None = None


@dataclass(slots=True)
class DelayedProduce:
    """One acks=all produce waiting for its records to be replicated to the ISR."""

    waits: list[tuple[ProducePartitionResult, Partition, int]]  # (result, partition, last offset)
    timeout_ms: int

    async def complete(self, on_error: Callable[[ProducePartitionResult], None]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_ms / 1000
        for res, part, last_offset in self.waits:
            code = await wait_for_high_watermark(part, last_offset, deadline)
            if code != ErrorCode.none:
                res.error_code = code
                res.base_offset = -1
                res.error_message = ("timed out waiting for the in-sync replicas to copy the records"
                                     if code == ErrorCode.request_timed_out else None)
                on_error(res)


async def wait_for_high_watermark(part: Partition, offset: int, deadline: float) -> ErrorCode:
    """Until the high watermark passes ``offset`` (Kafka's ``Partition.checkEnoughReplicasReachOffset``)."""
    loop = asyncio.get_running_loop()
    while part.high_watermark <= offset:
        if not part.is_leader:
            return ErrorCode.not_leader_or_follower
        remaining = deadline - loop.time()
        if remaining <= 0:
            return ErrorCode.request_timed_out
        fut = part.change_future()
        try:
            await asyncio.wait_for(fut, remaining)
        except TimeoutError:
            return ErrorCode.request_timed_out
    if len(part.isr) < part.log.config.min_insync_replicas:
        # the high watermark got there only because the ISR shrank below min.insync.replicas
        return ErrorCode.not_enough_replicas_after_append
    return ErrorCode.none


async def wait_for_any(parts: list[Partition], timeout_s: float) -> None:
    """Until one of ``parts`` changes, or ``timeout_s``."""
    if timeout_s <= 0 or not parts:
        return
    futures = [p.change_future() for p in parts]
    try:
        await asyncio.wait(futures, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for f in futures:
            if not f.done():
                f.cancel()


ReadAll = Callable[[], tuple[object, int, list[Partition], bool]]  # → (results, bytes, partitions, errors)


async def delayed_fetch(read: ReadAll, touched: list[Partition], max_wait_s: float, min_bytes: int,
                        follower: bool, slow_motion: SlowMotion) -> object:
    """Re-read whenever a partition changes until ``min_bytes`` are there, an error shows, or the
    wait is over; returns the last read's results."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_wait_s
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        await wait_for_any(touched, remaining)
        if follower and slow_motion.on:
            break  # slow motion switched on: answer now, the follower's next fetch comes later
        results, total, touched, errors = read()
        if total >= min_bytes or errors:
            return results
    return read()[0]
