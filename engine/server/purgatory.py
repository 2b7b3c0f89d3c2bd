"""The purgatory: requests that wait for the log to move (Kafka's ``DelayedOperationPurgatory``).

- :class:`DelayedProduce` — acks=all: the answer waits until the high watermark passes every
  appended batch, the request times out, or leadership moves.
- :func:`delayed_fetch` — a Fetch with ``min_bytes`` not yet available waits until enough data
  arrives on one of its partitions or ``max_wait_ms`` passes (``DelayedFetch``).

A produce waits on its partitions' change futures; a fetch on a :class:`FetchWake` that its
partitions call on every change (append, high-watermark and log-start moves, leadership changes,
removal) — registered once per fetch session, or once per parked sessionless fetch.
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
    last_offset: int = -1  # of the appended records (-1: nothing new, a duplicate batch included)
    producer_id: int = -1


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


class FetchWake:
    """The partitions that changed since they were last read, for one fetch session (for its whole
    life) or one parked sessionless fetch: each watched :class:`Partition` calls
    :meth:`partition_changed` with the token it was given, which marks the token pending and wakes
    the fetch parked on it, if any. Pending tokens keep their order (first changed, first read)."""

    __slots__ = ("pending", "interrupted", "_waiter")

    def __init__(self) -> None:
        self.pending: dict[object, None] = {}
        self.interrupted = False  # answer the parked fetch now: its follower has a new partition to name
        self._waiter: asyncio.Future[None] | None = None

    def partition_changed(self, token: object) -> None:
        self.pending[token] = None
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def interrupt(self) -> None:
        """Answer the fetch parked on this (or the next one to park) at once, with what it has: the
        leader got a partition its follower does not fetch yet, and the follower's next request of the
        same session names it — no lost answer, no full fetch (Kafka's follower waits out its long-poll)."""
        self.interrupted = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def take(self) -> list[object]:
        pending, self.pending = self.pending, {}
        return list(pending)

    async def wait(self, timeout_s: float) -> None:
        """Until a watched partition changes (at once if one already did), or ``timeout_s``."""
        if self.pending or self.interrupted or timeout_s <= 0:
            return
        waiter = self._waiter = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait_for(waiter, timeout_s)
        except TimeoutError:
            pass
        finally:
            self._waiter = None


ReRead = Callable[[list[object]], tuple[int, bool]]  # changed tokens → (bytes now answered, errors)


async def delayed_fetch(wake: FetchWake, reread: ReRead, max_wait_s: float, min_bytes: int, total: int,
                        follower: bool, slow_motion: SlowMotion) -> None:
    """Kafka's ``DelayedFetch``: a Fetch without ``min_bytes`` yet waits until a partition it reads
    changes; then only the changed partitions are read again (``reread``), until ``min_bytes`` are
    there, an error shows, or ``max_wait_s`` is over. The caller answers from what was read last."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max_wait_s
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        await wake.wait(remaining)
        if follower and slow_motion.on:
            break  # slow motion switched on: answer now, the follower's next fetch comes later
        changed = wake.take()
        if changed:
            total, errors = reread(changed)
            if total >= min_bytes or errors:
                return
        if wake.interrupted:
            wake.interrupted = False
            return
    changed = wake.take()
    if changed:
        reread(changed)
