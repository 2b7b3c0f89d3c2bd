"""FetchManager: which partitions a Fetch reads and which it answers (Kafka's ``FetchManager`` and its
``FetchContext``s: sessionless, full, incremental, session error). The sessions themselves are in
:mod:`engine.server.fetch_session`; the reading and the waiting in the ReplicaManager.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.metadata.image import MetadataImage
from engine.protocol.errors import ErrorCode
from engine.protocol.fetch_codec import FetchTopicResult
from engine.server.fetch_session import (
    FINAL_EPOCH,
    INITIAL_EPOCH,
    INVALID_SESSION_ID,
    CachedPartition,
    FetchSession,
    FetchSessionCache,
    next_epoch,
)

log = logging.getLogger(__name__)

_ZERO = uuid.UUID(int=0)
TOPIC_IDS_VERSION = 13  # Fetch v13+ names topics by id
SESSIONS_VERSION = 7


@dataclass(slots=True)
class FetchTopic:
    """One topic of a Fetch: its name (resolved from the topic id, "" if unknown), the id the
    client sent, and the kio partition entries."""

    name: str
    topic_id: uuid.UUID | None
    partitions: list[Any]


@dataclass(slots=True)
class ForgottenTopic:
    name: str
    topic_id: uuid.UUID | None
    partitions: list[int]


@dataclass(slots=True)
class FetchRequestData:
    """The session part of a Fetch request (v7+; older requests are sessionless)."""

    topics: list[FetchTopic]
    session_id: int = INVALID_SESSION_ID
    session_epoch: int = FINAL_EPOCH
    forgotten: list[ForgottenTopic] = field(default_factory=list)


@dataclass(slots=True)
class FetchAnswer:
    topics: list[FetchTopicResult]
    error_code: int = 0
    session_id: int = INVALID_SESSION_ID


class FetchContext:
    """What one Fetch reads first (:attr:`slots`) and how it is answered. ``session`` is None for
    a sessionless fetch; ``incremental`` answers only partitions with news."""

    def __init__(self, slots: list[CachedPartition], session: FetchSession | None = None,
                 incremental: bool = False, error: ErrorCode = ErrorCode.none) -> None:
        self.slots = slots
        self.session = session
        self.incremental = incremental
        self.error = error

    def answer(self, read: dict[CachedPartition, None], image: MetadataImage) -> FetchAnswer:
        """The response: every slot of a full or sessionless fetch; of an incremental one, those read
        now that have news (Kafka's ``updateAndGenerateResponseData``). Partitions answered with
        records, an error or a diverging epoch stay pending in the session: the next fetch reads
        them again (it answers them again unless the client moved on)."""
        session = self.session
        if self.error != ErrorCode.none:
            return FetchAnswer([], int(self.error), INVALID_SESSION_ID)
        if session is None:
            return FetchAnswer(_group(self.slots, image))
        answered: list[CachedPartition] = []
        repeat: list[CachedPartition] = []
        for cp in (read if self.incremental else self.slots):
            r = cp.result
            if r is None:
                continue
            if cp.maybe_update_response(r) or not self.incremental:
                answered.append(cp)
            if CachedPartition.must_repeat(r):
                repeat.append(cp)
        pending = session.wake.pending
        for cp in repeat:  # behind the partitions that wait their turn (Kafka moves them to the end)
            pending.pop(cp, None)
            pending[cp] = None
        return FetchAnswer(_group(answered, image), 0, session.id)


def _group(slots: list[CachedPartition], image: MetadataImage) -> list[FetchTopicResult]:
    """Consecutive partitions of one topic make one topic entry, as Kafka's FetchResponse.of."""
    topics: list[FetchTopicResult] = []
    current: FetchTopicResult | None = None
    key: tuple[str, uuid.UUID | None] | None = None
    for cp in slots:
        r = cp.result
        if r is None:
            continue
        if current is None or key != (cp.topic, cp.topic_id):
            key = (cp.topic, cp.topic_id)
            topic_id = cp.topic_id
            if topic_id is None:
                known = image.topics.get(cp.topic) if cp.topic else None
                topic_id = known.topic_id if known is not None else _ZERO
            current = FetchTopicResult(cp.topic, topic_id)
            topics.append(current)
        current.partitions.append(r)
    return topics


@dataclass(slots=True)
class FetchSessionStats:
    """Fetches by kind ("sessionless", "full" — opening a session —, "incremental", or a session
    error's name) and by who sent them, consumers (``[kind][0]``) or followers (``[kind][1]``)."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, follower: bool) -> None:
        self.counts.setdefault(kind, [0, 0])[int(follower)] += 1

    def get(self, kind: str, follower: bool | None = None) -> int:
        c = self.counts.get(kind, [0, 0])
        return sum(c) if follower is None else c[int(follower)]


class FetchManager:
    """Kafka's ``FetchManager.newContext``: a Fetch request → its :class:`FetchContext`."""

    def __init__(self, max_sessions: int, clock_ms: Callable[[], int], rng: random.Random | None = None) -> None:
        self.cache = FetchSessionCache(max_sessions, clock_ms, rng)
        self.clock_ms = clock_ms
        self.stats = FetchSessionStats()

    def new_context(self, version: int, replica_id: int, request: FetchRequestData) -> FetchContext:
        is_follower = replica_id >= 0
        session_id, epoch = request.session_id, request.session_epoch
        if version < SESSIONS_VERSION:
            session_id, epoch = INVALID_SESSION_ID, FINAL_EPOCH
        uses_topic_ids = version >= TOPIC_IDS_VERSION
        cache = self.cache
        if epoch in (INITIAL_EPOCH, FINAL_EPOCH):  # a full fetch; a session it names is closed
            if session_id != INVALID_SESSION_ID:
                cache.remove(session_id)
            slots = [CachedPartition(ft.name, ft.topic_id, fp) for ft in request.topics for fp in ft.partitions]
            if epoch == FINAL_EPOCH:
                self.stats.add("sessionless", is_follower)
                return FetchContext(slots)
            session = cache.maybe_create(is_follower, replica_id, uses_topic_ids, slots, len(slots))
            if session is None:
                self.stats.add("sessionless", is_follower)
                return FetchContext(slots)
            self.stats.add("full", is_follower)
            return FetchContext(slots, session)
        session = cache.get(session_id)
        if session is None:
            return self._error(ErrorCode.fetch_session_id_not_found, is_follower)
        if session.epoch != epoch:
            return self._error(ErrorCode.invalid_fetch_session_epoch, is_follower)
        if session.uses_topic_ids != uses_topic_ids:
            return self._error(ErrorCode.fetch_session_topic_id_error, is_follower)
        pending = session.wake.pending
        for ft in request.topics:
            for fp in ft.partitions:
                key = (ft.topic_id if uses_topic_ids else ft.name, int(fp.partition))
                cp = session.partitions.get(key)
                if cp is None:
                    cp = session.partitions[key] = CachedPartition(ft.name, ft.topic_id, fp)
                else:
                    cp.update_request(fp)
                pending[cp] = None
        for forgotten in request.forgotten:
            for index in forgotten.partitions:
                key = (forgotten.topic_id if uses_topic_ids else forgotten.name, int(index))
                cp = session.partitions.pop(key, None)
                if cp is not None:
                    session.forget(cp)
        if not session.partitions:  # Kafka: an empty session is closed, the fetch is sessionless
            cache.remove(session.id)
            self.stats.add("sessionless", is_follower)
            return FetchContext([CachedPartition(ft.name, ft.topic_id, fp)
                                 for ft in request.topics for fp in ft.partitions])
        cache.touch(session, self.clock_ms())
        session.epoch = next_epoch(session.epoch)
        self.stats.add("incremental", is_follower)
        return FetchContext(session.wake.take(), session, incremental=True)  # type: ignore[arg-type]

    def _error(self, code: ErrorCode, is_follower: bool) -> FetchContext:
        self.stats.add(code.name, is_follower)
        return FetchContext([], error=code)

    def interrupt_follower(self, replica_id: int) -> None:
        """Answer the parked fetches of ``replica_id``'s sessions now (see :meth:`FetchWake.interrupt`)."""
        for session in self.cache.sessions.values():
            if session.privileged and session.replica_id == replica_id:
                session.wake.interrupt()

    def close_all(self) -> None:
        for session_id in list(self.cache.sessions):
            self.cache.remove(session_id)
