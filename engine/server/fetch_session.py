"""Fetch sessions (KIP-227), the broker side: Kafka's ``FetchSession``, ``FetchSessionCache`` and
``FetchManager.newContext`` (``kafka.server.FetchSession``).

A client that sends ``session_id`` 0 and ``session_epoch`` 0 asks for a session: the broker answers
that full fetch with every partition and a new session id (or 0 when its cache has no slot). From
then on the client sends only what changed — partitions added or with a new fetch offset, and
``forgotten_topics_data`` for those to drop — with the epoch the broker expects next (1, 2, …), and
the broker answers only the partitions with something new: records, a changed high watermark or log
start offset, an error or a diverging epoch (``CachedPartition.maybe_update_response``, Kafka's
``maybeUpdateResponseData``). Epoch −1 (``FINAL_EPOCH``) with session id 0 is a sessionless fetch;
a full request that names a session closes it. Errors are Kafka's: FETCH_SESSION_ID_NOT_FOUND (the
session was evicted or never existed), INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_TOPIC_ID_ERROR (a
request version with topic ids, v13+, in a session made without them, or the reverse).

The cache holds ``max.incremental.fetch.session.cache.slots`` sessions (Kafka's default 1,000) and
evicts as Kafka does: a session unused for 120 s first; otherwise the least valuable evictable one —
ordered by (privileged, size, id), followers' sessions being privileged — if the newcomer is worth at
least as much. A consumer's session may be evicted by a follower's at once, any session by anyone
once it is 120 s old (Kafka's ``MinIncrementalFetchSessionEvictionMs``).

What the leader reads on an incremental fetch is this module's and the purgatory's business, not
Kafka's layout: each session watches its partitions (:meth:`Partition.watch`), so an append marks
the cached partition pending in the session's :class:`FetchWake` and wakes the fetch parked on it.
A fetch reads only the pending partitions — added or updated by the request, changed since they were
last read, or answered last time with records, an error or a diverging epoch (those must be answered
again, as Kafka answers them on every fetch) — instead of every partition of the session.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from engine.protocol.errors import ErrorCode
from engine.protocol.fetch_codec import FetchPartitionResult
from engine.server.partition import Partition
from engine.server.purgatory import FetchWake

log = logging.getLogger(__name__)

INVALID_SESSION_ID = 0
INITIAL_EPOCH = 0
FINAL_EPOCH = -1
EVICTION_MS = 120_000  # Kafka's MinIncrementalFetchSessionEvictionMs
_MAX_EPOCH = 2**31 - 1


def next_epoch(epoch: int) -> int:
    """Kafka's ``FetchMetadata.nextEpoch``."""
    if epoch < 0:
        return FINAL_EPOCH
    return 1 if epoch == _MAX_EPOCH else epoch + 1


SessionKey = tuple[object, int]  # (topic id from v13, else topic name; partition)


class CachedPartition:
    """One partition of a fetch: the client's request parameters (attribute names as kio's request
    partition), the broker's answer cache (high watermark, log start offset last sent), the replica
    it reads (watched while in a session) and the result of the current read."""

    __slots__ = ("topic", "topic_id", "partition", "fetch_offset", "partition_max_bytes", "log_start_offset",
                 "current_leader_epoch", "last_fetched_epoch", "high_watermark", "local_log_start_offset",
                 "part", "result")

    def __init__(self, topic: str, topic_id: uuid.UUID | None, fp: Any) -> None:
        self.topic = topic  # "" while the topic id is unknown
        self.topic_id = topic_id
        self.partition = int(fp.partition)
        self.high_watermark = -1
        self.local_log_start_offset = -1
        self.part: Partition | None = None
        self.result: FetchPartitionResult | None = None
        self.fetch_offset = 0
        self.partition_max_bytes = 0
        self.log_start_offset = -1
        self.current_leader_epoch = -1
        self.last_fetched_epoch = -1
        self.update_request(fp)

    def update_request(self, fp: Any) -> None:
        """Kafka's ``CachedPartition.updateRequestParams``."""
        self.fetch_offset = int(fp.fetch_offset)
        self.partition_max_bytes = int(fp.partition_max_bytes)
        self.log_start_offset = int(getattr(fp, "log_start_offset", -1))
        self.current_leader_epoch = int(getattr(fp, "current_leader_epoch", -1))
        self.last_fetched_epoch = int(getattr(fp, "last_fetched_epoch", -1))

    def maybe_update_response(self, r: FetchPartitionResult) -> bool:
        """Kafka's ``maybeUpdateResponseData``: must this partition be in an incremental answer?
        Updates the cached high watermark and log start offset to what is answered."""
        must = len(r.records) > 0
        if r.high_watermark != self.high_watermark:
            must = True
            self.high_watermark = r.high_watermark
        if r.log_start_offset != self.local_log_start_offset:
            must = True
            self.local_log_start_offset = r.log_start_offset
        if r.error_code != ErrorCode.none:
            # resent while the error lasts; the -1 makes the partition answered once it is gone
            self.high_watermark = -1
            must = True
        if r.diverging_epoch is not None:
            must = True
        return must

    @staticmethod
    def must_repeat(r: FetchPartitionResult) -> bool:
        """Answered with something the next fetch answers again unless the client moves on."""
        return len(r.records) > 0 or r.error_code != ErrorCode.none or r.diverging_epoch is not None


class FetchSession:
    """One client's cached fetch state (Kafka's ``FetchSession``). Its :attr:`wake` is registered
    with every partition of the session this broker hosts."""

    def __init__(self, session_id: int, privileged: bool, replica_id: int, uses_topic_ids: bool, now_ms: int) -> None:
        self.id = session_id
        self.privileged = privileged  # a follower's
        self.replica_id = replica_id
        self.uses_topic_ids = uses_topic_ids
        self.creation_ms = now_ms
        self.last_used_ms = now_ms
        self.epoch = next_epoch(INITIAL_EPOCH)
        self.partitions: dict[SessionKey, CachedPartition] = {}
        self.wake = FetchWake()
        self.closed = False

    @property
    def size(self) -> int:
        return len(self.partitions)

    def key(self, cp: CachedPartition) -> SessionKey:
        return (cp.topic_id if self.uses_topic_ids else cp.topic, cp.partition)

    def eviction_key(self) -> tuple[bool, int, int]:
        """Kafka's ``EvictableKey``: the smallest is evicted first."""
        return (self.privileged, self.size, self.id)

    def watch(self, cp: CachedPartition, part: Partition | None) -> None:
        """Read ``cp`` from ``part`` from now on (the replica changes when a partition is re-created)."""
        old = cp.part
        if old is part:
            return
        if old is not None:
            old.unwatch(self.wake)
            if self.privileged:
                old.forget_session(self.replica_id, self)
        cp.part = part
        if part is not None and not self.closed:
            part.watch(self.wake, cp)

    def forget(self, cp: CachedPartition) -> None:
        self.wake.pending.pop(cp, None)
        self.watch(cp, None)

    def close(self) -> None:
        """Stop watching (the session left the cache); followers keep their last fetch time."""
        self.closed = True
        for cp in self.partitions.values():
            if cp.part is not None:
                cp.part.unwatch(self.wake)
        self.wake.pending.clear()

    def __repr__(self) -> str:
        return (f"FetchSession(id={self.id}, epoch={self.epoch}, partitions={self.size}, "
                f"privileged={self.privileged})")


class FetchSessionCache:
    """Kafka's ``FetchSessionCache``: at most ``max_entries`` sessions, evicted as Kafka does."""

    def __init__(self, max_entries: int, clock_ms: Callable[[], int], rng: random.Random | None = None,
                 eviction_ms: int = EVICTION_MS) -> None:
        self.max_entries = max_entries
        self.eviction_ms = eviction_ms
        self._clock_ms = clock_ms
        self._rng = rng or random.Random()
        self.sessions: dict[int, FetchSession] = {}
        self.evictions = 0

    def __len__(self) -> int:
        return len(self.sessions)

    def get(self, session_id: int) -> FetchSession | None:
        return self.sessions.get(session_id)

    @property
    def num_partitions(self) -> int:
        return sum(s.size for s in self.sessions.values())

    def touch(self, session: FetchSession, now_ms: int) -> None:
        session.last_used_ms = now_ms

    def remove(self, session_id: int) -> FetchSession | None:
        session = self.sessions.pop(session_id, None)
        if session is not None:
            session.close()
        return session

    def maybe_create(self, privileged: bool, replica_id: int, uses_topic_ids: bool,
                     partitions: Iterable[CachedPartition], size: int) -> FetchSession | None:
        """A new session for a full fetch of ``size`` partitions, evicting one if the cache is full
        and one may go; None when there is no room (the client then fetches sessionless)."""
        now = self._clock_ms()
        if self.max_entries <= 0:
            return None
        if len(self.sessions) >= self.max_entries and not self._try_evict(privileged, size, now):
            return None
        session_id = self._new_id()
        session = FetchSession(session_id, privileged, replica_id, uses_topic_ids, now)
        for cp in partitions:
            session.partitions[session.key(cp)] = cp
        self.sessions[session_id] = session
        return session

    def _new_id(self) -> int:
        while True:
            session_id = self._rng.randint(1, _MAX_EPOCH - 1)
            if session_id not in self.sessions:
                return session_id

    def _try_evict(self, privileged: bool, size: int, now: int) -> bool:
        """Kafka's ``tryEvict``: the stalest session if unused for ``eviction_ms``; else the least
        valuable evictable one, if the newcomer (privileged, size) is worth at least as much."""
        stalest = min(self.sessions.values(), key=lambda s: (s.last_used_ms, s.id))
        if now - stalest.last_used_ms > self.eviction_ms:
            self._evict(stalest, "unused")
            return True
        # evictable by anyone once older than eviction_ms; a consumer's by a follower at once
        candidates = [s for s in self.sessions.values()
                      if now - s.creation_ms > self.eviction_ms or (privileged and not s.privileged)]
        if not candidates:
            return False
        cheapest = min(candidates, key=FetchSession.eviction_key)
        if (privileged, size, INVALID_SESSION_ID) < cheapest.eviction_key():
            return False  # the newcomer is worth less (Kafka compares it with id 0: ties keep the old)
        self._evict(cheapest, "less valuable")
        return True

    def _evict(self, session: FetchSession, why: str) -> None:
        log.debug("evicting %s (%s)", session, why)
        self.evictions += 1
        self.remove(session.id)
