"""What a leader acknowledged to producers, for the time machine's acks ledger (issue 13): every
successful Produce answer (acks=1 at once, acks=all once the high watermark passed the records) adds
its offsets to an open range per (client id, producer id, topic-partition, acks); a range is published
as a :class:`~engine.observe.events.RecordsAcknowledged` event when it has been open
:data:`INTERVAL_MS` (at most a few events a second per producer and partition, however fast it
produces), by :meth:`AcksRecord.run` for a producer that went quiet, and all at once when the broker
is killed — so the last acknowledged range before a failover is on the timeline, before the kill.

acks=0 answers nothing (no offsets) and a duplicate batch an idempotent producer retried was
acknowledged already: neither is recorded."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from engine.clock import Clock
from engine.observe import events as ev

INTERVAL_MS = 500
MAX_RANGES = 64  # a range list longer than this (interleaved producers) is published at once

Key = tuple[str, int, str, int, int]  # client id, producer id, topic, partition, acks


@dataclass(slots=True)
class _Open:
    since_ms: int
    ranges: list[list[int]] = field(default_factory=list)  # [first, last] offsets, in arrival order
    count: int = 0


class AcksRecord:
    def __init__(self, broker_id: int, clock: Clock, bus: ev.EventBus) -> None:
        self.broker_id = broker_id
        self.clock = clock
        self.bus = bus
        self._open: dict[Key, _Open] = {}
        self.published = 0

    def acknowledged(self, client_id: str, producer_id: int, topic: str, partition: int, acks: int,
                     first: int, last: int) -> None:
        if first < 0 or last < first:
            return
        key = (client_id, producer_id, topic, partition, acks)
        now = self.clock.time_ms()
        o = self._open.get(key)
        if o is None:
            o = self._open[key] = _Open(now)
        if o.ranges and o.ranges[-1][1] + 1 == first:
            o.ranges[-1][1] = last
        else:
            o.ranges.append([first, last])
        o.count += last - first + 1
        if now - o.since_ms >= INTERVAL_MS or len(o.ranges) >= MAX_RANGES:
            self._publish(key, now)

    def flush(self, due_only: bool = False) -> None:
        """Publish the open ranges (``due_only``: those open at least :data:`INTERVAL_MS`)."""
        now = self.clock.time_ms()
        for key in [k for k, o in self._open.items() if not due_only or now - o.since_ms >= INTERVAL_MS]:
            self._publish(key, now)

    def _publish(self, key: Key, now: int) -> None:
        o = self._open.pop(key)
        client_id, producer_id, topic, partition, acks = key
        self.published += 1
        self.bus.publish(ev.RecordsAcknowledged(
            time_ms=now, broker_id=self.broker_id, client_id=client_id, producer_id=producer_id, topic=topic,
            partition=partition, acks="all" if acks == -1 else str(acks),
            ranges=tuple((a, b) for a, b in o.ranges), count=o.count))

    async def run(self) -> None:
        """Publish ranges of producers that went quiet (the broker's task while it runs)."""
        while True:
            await asyncio.sleep(INTERVAL_MS / 1000)
            if self._open:
                self.flush(due_only=True)
