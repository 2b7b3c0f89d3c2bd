"""Fetch sessions (KIP-227) without sockets: the broker's FetchSessionCache eviction rules
(Kafka's FetchSessionCacheTest cases), the epoch arithmetic, the response rules of
CachedPartition, and the follower's FetchSessionHandler (Kafka's FetchSessionHandlerTest)."""

from __future__ import annotations

import random
from types import SimpleNamespace

from engine.protocol.errors import ErrorCode
from engine.protocol.fetch_codec import FetchPartitionResult
from engine.server.fetch_session import (
    EVICTION_MS,
    FINAL_EPOCH,
    CachedPartition,
    FetchSessionCache,
    next_epoch,
)
from engine.server.fetch_session_handler import FetchSessionHandler, PartitionData


class Clock:
    def __init__(self) -> None:
        self.ms = 1_000_000

    def __call__(self) -> int:
        return self.ms


def _parts(n: int, topic: str = "t") -> list[CachedPartition]:
    return [CachedPartition(topic, None, SimpleNamespace(partition=i, fetch_offset=0, partition_max_bytes=1024))
            for i in range(n)]


def _create(cache: FetchSessionCache, size: int, privileged: bool = False) -> int:
    s = cache.maybe_create(privileged, 1 if privileged else -1, False, _parts(size), size)
    return 0 if s is None else s.id


def test_next_epoch_wraps_to_one_and_keeps_final() -> None:
    assert next_epoch(0) == 1 and next_epoch(41) == 42
    assert next_epoch(2**31 - 1) == 1
    assert next_epoch(FINAL_EPOCH) == FINAL_EPOCH


def test_full_cache_refuses_an_equal_newcomer_and_evicts_for_a_larger_one_only_when_old() -> None:
    clock = Clock()
    cache = FetchSessionCache(2, clock, random.Random(1))
    a, b = _create(cache, 3), _create(cache, 5)
    assert a and b and a != b and len(cache) == 2
    assert _create(cache, 10) == 0  # both are younger than the eviction time: nobody may evict them
    clock.ms += EVICTION_MS + 1
    cache.touch(cache.sessions[a], clock.ms)
    cache.touch(cache.sessions[b], clock.ms)  # old, but used just now: not stale
    assert _create(cache, 3) == 0  # (False, 3) ties with the smallest: Kafka keeps the old session
    c = _create(cache, 4)  # worth more than the 3-partition session: that one goes
    assert c and a not in cache.sessions and b in cache.sessions and cache.evictions == 1


def test_stale_session_is_evicted_first() -> None:
    clock = Clock()
    cache = FetchSessionCache(2, clock, random.Random(2))
    a = _create(cache, 100)
    clock.ms += 10
    b = _create(cache, 100)
    clock.ms += EVICTION_MS + 1
    cache.touch(cache.sessions[b], clock.ms)
    c = _create(cache, 1)  # a is unused for more than the eviction time: it goes whatever its size
    assert c and a not in cache.sessions and {b, c} == set(cache.sessions)


def test_follower_evicts_a_consumer_at_once_but_never_another_follower() -> None:
    clock = Clock()
    cache = FetchSessionCache(2, clock, random.Random(3))
    consumer = _create(cache, 50)
    follower = _create(cache, 5, privileged=True)
    assert _create(cache, 1000) == 0  # a consumer cannot evict anyone young
    f2 = _create(cache, 1, privileged=True)  # a follower's session is worth more than any consumer's
    assert f2 and consumer not in cache.sessions and follower in cache.sessions
    assert _create(cache, 100, privileged=True) == 0  # young followers' sessions are not evictable
    clock.ms += EVICTION_MS + 1
    cache.touch(cache.sessions[follower], clock.ms)
    cache.touch(cache.sessions[f2], clock.ms)
    assert _create(cache, 1000) == 0  # a consumer never outranks a follower
    assert _create(cache, 2, privileged=True)  # an old follower session with fewer partitions goes
    assert f2 not in cache.sessions and follower in cache.sessions


def test_zero_slots_means_sessionless() -> None:
    cache = FetchSessionCache(0, Clock())
    assert _create(cache, 1, privileged=True) == 0


def test_cached_partition_answers_only_news() -> None:
    cp = _parts(1)[0]
    r = FetchPartitionResult(0, high_watermark=10, log_start_offset=0)
    assert cp.maybe_update_response(r)  # new: the high watermark differs from the cached -1
    assert not cp.maybe_update_response(FetchPartitionResult(0, high_watermark=10, log_start_offset=0))
    assert cp.maybe_update_response(FetchPartitionResult(0, high_watermark=11, log_start_offset=0))
    assert cp.maybe_update_response(FetchPartitionResult(0, high_watermark=11, log_start_offset=3))
    assert cp.maybe_update_response(FetchPartitionResult(0, high_watermark=11, log_start_offset=3, records=b"x"))
    err = FetchPartitionResult(0, error_code=int(ErrorCode.not_leader_or_follower))
    assert cp.maybe_update_response(err) and cp.maybe_update_response(err)  # errors every time
    # once the error is gone the partition is answered again, even with the old high watermark
    assert cp.maybe_update_response(FetchPartitionResult(0, high_watermark=11, log_start_offset=3))
    assert cp.maybe_update_response(FetchPartitionResult(0, high_watermark=11, log_start_offset=3,
                                                         diverging_epoch=(1, 5)))


def _data(offset: int, epoch: int = 1) -> PartitionData:
    return PartitionData(offset, epoch, epoch, 0, 1024)


def test_handler_full_then_incremental_sends_only_changes_and_forgets_dropped() -> None:
    h = FetchSessionHandler()
    wanted = {("t", 0): _data(0), ("t", 1): _data(0), ("u", 0): _data(7)}
    plan = h.build(dict(wanted))
    assert plan.full and plan.epoch == 0 and plan.session_id == 0 and set(plan.to_send) == set(wanted)
    assert h.handle_response(plan, 0, 1234)
    assert (h.session_id, h.epoch) == (1234, 1)

    wanted[("t", 0)] = _data(5)
    del wanted[("u", 0)]
    wanted[("v", 3)] = _data(0)
    plan = h.build(dict(wanted))
    assert not plan.full and (plan.session_id, plan.epoch) == (1234, 1)
    assert set(plan.to_send) == {("t", 0), ("v", 3)} and plan.forgotten == [("u", 0)]
    assert h.handle_response(plan, 0, 1234) and h.epoch == 2

    # with the changed keys given, only those are compared
    wanted[("t", 1)] = _data(9)
    plan = h.build(dict(wanted), {("t", 1)})
    assert set(plan.to_send) == {("t", 1)} and not plan.forgotten
    assert h.handle_response(plan, 0, 1234) and h.epoch == 3
    plan = h.build(dict(wanted), set())
    assert not plan.to_send and not plan.forgotten  # an idle follower sends no partition at all


def test_handler_falls_back_to_a_full_request_on_session_errors() -> None:
    h = FetchSessionHandler()
    wanted = {("t", 0): _data(0)}
    assert h.handle_response(h.build(wanted), 0, 77)
    plan = h.build(wanted)
    assert not h.handle_response(plan, int(ErrorCode.invalid_fetch_session_epoch), 0)
    plan = h.build(wanted)
    assert plan.full and plan.session_id == 77 and plan.epoch == 0  # closes session 77, opens a new one
    assert h.handle_response(plan, 0, 78)
    assert not h.handle_response(h.build(wanted), int(ErrorCode.fetch_session_id_not_found), 0)
    plan = h.build(wanted)
    assert plan.full and plan.session_id == 0
    assert h.handle_response(plan, 0, 0)  # no session given (cache full): the next request is full again
    assert h.build(wanted).full
    h.handle_error()  # a lost request: full again
    assert h.build(wanted).full
