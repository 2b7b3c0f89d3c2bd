"""The client side of a fetch session (KIP-227), as Kafka's ``FetchSessionHandler``: used by the
follower fetchers. It remembers what the leader has cached for the session and builds each request:
a full one (every partition, epoch 0) to open a session, then incremental ones that list only the
partitions added or changed since the last request and forget the ones dropped. A session error
(FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_TOPIC_ID_ERROR) or a failed
request falls back to a full request, as Kafka's client does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from engine.protocol.errors import ErrorCode
from engine.server.fetch_session import INITIAL_EPOCH, INVALID_SESSION_ID, next_epoch

TopicPartition = tuple[str, int]


class PartitionData(NamedTuple):
    """A partition's fetch parameters; one that differs from the cached one is sent again."""

    fetch_offset: int
    current_leader_epoch: int
    last_fetched_epoch: int
    log_start_offset: int
    max_bytes: int


@dataclass(slots=True)
class FetchRequestPlan:
    """One request of the session: what to send, and what the leader will then have cached."""

    session_id: int
    epoch: int
    full: bool
    to_send: dict[TopicPartition, PartitionData]
    forgotten: list[TopicPartition] = field(default_factory=list)


class FetchSessionHandler:
    def __init__(self) -> None:
        self.session_id = INVALID_SESSION_ID
        self.epoch = INITIAL_EPOCH
        self.session_partitions: dict[TopicPartition, PartitionData] = {}  # as the leader caches them
        self.full_requests = 0
        self.incremental_requests = 0
        self.partitions_sent = 0  # over every request: what sessions save shows here

    def build(self, wanted: dict[TopicPartition, PartitionData],
              changed: set[TopicPartition] | None = None) -> FetchRequestPlan:
        """The next request for the partitions ``wanted`` now. ``changed``, when given, holds every
        partition whose parameters may differ from the last request (added, removed, fetched): an
        incremental request then costs O(changed), not O(partitions); without it every partition is
        compared, as Kafka's ``FetchSessionHandler.Builder`` does."""
        if self.epoch == INITIAL_EPOCH:
            self.session_partitions = dict(wanted)
            self.full_requests += 1
            self.partitions_sent += len(wanted)
            return FetchRequestPlan(self.session_id, INITIAL_EPOCH, True, dict(wanted))
        self.incremental_requests += 1
        session = self.session_partitions
        to_send: dict[TopicPartition, PartitionData] = {}
        forgotten: list[TopicPartition] = []
        keys = set(wanted).union(session) if changed is None else changed
        for k in keys:
            d = wanted.get(k)
            if d is None:
                if session.pop(k, None) is not None:
                    forgotten.append(k)
            elif session.get(k) != d:
                session[k] = to_send[k] = d
        self.partitions_sent += len(to_send)
        return FetchRequestPlan(self.session_id, self.epoch, False, to_send, forgotten)

    def handle_response(self, plan: FetchRequestPlan, error_code: int, session_id: int) -> bool:
        """Take the response's session fields; False when it was a session error (the partitions
        of the response, if any, are not to be used then)."""
        if error_code != ErrorCode.none:
            if error_code == ErrorCode.fetch_session_id_not_found:
                self.session_id, self.epoch = INVALID_SESSION_ID, INITIAL_EPOCH
            else:
                self.epoch = INITIAL_EPOCH  # close this session and open a new one
            return False
        if plan.full:
            if session_id == INVALID_SESSION_ID:  # no session (the leader's cache is full): full again
                self.session_id, self.epoch = INVALID_SESSION_ID, INITIAL_EPOCH
            else:
                self.session_id, self.epoch = session_id, next_epoch(INITIAL_EPOCH)
        elif session_id == INVALID_SESSION_ID:  # the leader closed the session
            self.session_id, self.epoch = INVALID_SESSION_ID, INITIAL_EPOCH
        else:
            self.epoch = next_epoch(self.epoch)
        return True

    def handle_error(self) -> None:
        """The request failed (connection lost, timeout): the next one is full, closing the session."""
        self.epoch = INITIAL_EPOCH

    def reset(self) -> None:
        """A new leader connection whose sessions are unknown."""
        self.session_id, self.epoch = INVALID_SESSION_ID, INITIAL_EPOCH
        self.session_partitions = {}
