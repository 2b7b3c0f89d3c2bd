"""What a leader acknowledged, coalesced for the time machine (``engine.server.acks_record``): contiguous
batches merge into one range, a producer's ranges go out at most every INTERVAL_MS (driven by a manual
clock), other producers and partitions apart, and everything still open goes out at once on a kill."""

from __future__ import annotations

from engine.clock import ManualClock
from engine.observe.events import EventBus, RecordsAcknowledged
from engine.server.acks_record import INTERVAL_MS, AcksRecord


def test_ranges_coalesce_are_rate_limited_and_flushed() -> None:
    clock = ManualClock(1_000_000)
    bus = EventBus()
    seen: list[RecordsAcknowledged] = []
    bus.subscribe(lambda e: seen.append(e) if isinstance(e, RecordsAcknowledged) else None)
    acked = AcksRecord(2, clock, bus)
    for batch in range(10):  # ten batches of 100 within the interval: nothing published yet
        acked.acknowledged("app", 7, "orders", 0, 1, batch * 100, batch * 100 + 99)
        clock.advance(INTERVAL_MS // 20)
    acked.acknowledged("other", -1, "orders", 0, -1, 1_000, 1_004)  # another producer (acks=all)
    assert seen == []
    clock.advance(INTERVAL_MS)
    acked.acknowledged("app", 7, "orders", 0, 1, 1_005, 1_009)  # a gap: a second range; the interval is up
    assert len(seen) == 1
    e = seen[0]
    assert (e.broker_id, e.client_id, e.producer_id, e.topic, e.partition, e.acks) == (2, "app", 7, "orders", 0, "1")
    assert e.ranges == ((0, 999), (1_005, 1_009)) and e.count == 1_005
    acked.acknowledged("app", 7, "orders", 1, 1, 0, 9)  # another partition: open, not due
    acked.flush(due_only=True)  # what the broker's task does: only "other" is due
    assert [(x.client_id, x.acks, x.ranges) for x in seen[1:]] == [("other", "all", ((1_000, 1_004),))]
    acked.flush()  # a kill: the rest at once
    assert [(x.partition, x.ranges) for x in seen[2:]] == [(1, ((0, 9),))]
    assert not bus.history  # bookkeeping for recordings, not history for late joiners
