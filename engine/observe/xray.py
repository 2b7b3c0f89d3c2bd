"""Protocol X-ray vocabulary: one row per request/response exchange on any broker, the client
connections a broker holds, and the faults injected into the cluster. Pure dataclasses (the GUI and
``kafkalab serve --protocol-log`` read them; the engine's tap in ``engine.server.tap`` makes them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# the keys of a ``--protocol-log`` line, in order (the contract: nothing more, nothing less)
LOG_KEYS = ("ts", "broker", "peer", "client_id", "client_software", "api", "version", "correlation_id",
            "latency_ms", "errors")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExchangeRow:
    """One request and its response as a broker saw them.

    ``errors`` holds the Kafka name of every error code the response carries (one per topic/partition
    entry that has one, then the top-level one), empty when the answer is clean; ``error_places`` says
    where each one was (``topic-partition``, or ``""`` for the top level). ``fault`` names the injected
    fault that answered or delayed it (``""``: none). ``raw`` tells whether the frames are still kept, so
    the decoded request/response trees can be asked for."""

    seq: int
    ts: float  # wall clock, seconds since the epoch, when the request was handed to the broker
    broker: int
    peer: str  # host:port of the client
    client_id: str
    client_software: str  # "name/version" from ApiVersions v3+ on this connection, "" before that
    api: str  # Kafka's name: Produce, Fetch, Metadata, …
    api_key: int
    version: int
    correlation_id: int
    request_bytes: int
    response_bytes: int  # 0 when there is no response (acks=0)
    latency_ms: float
    errors: tuple[str, ...] = ()
    error_places: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    fault: str = ""

    def log_record(self) -> dict[str, Any]:
        """The ``--protocol-log`` JSON object: exactly :data:`LOG_KEYS`."""
        return {"ts": self.ts, "broker": self.broker, "peer": self.peer, "client_id": self.client_id,
                "client_software": self.client_software, "api": self.api, "version": self.version,
                "correlation_id": self.correlation_id, "latency_ms": self.latency_ms, "errors": list(self.errors)}

    def log_line(self) -> str:
        return json.dumps(self.log_record(), separators=(",", ":"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientConnection:
    """A client connection one broker holds (the clients view). Counters run while the tap is on."""

    broker: int
    peer: str
    client_id: str
    client_software: str
    since: float  # wall clock, seconds since the epoch
    requests: int
    bytes_in: int
    bytes_out: int
    apis: tuple[str, ...] = ()  # the APIs it used, most used first
    produces: tuple[str, ...] = ()  # the topics of its Produce requests
    fetches: tuple[str, ...] = ()  # the topics of its Fetch requests
    group_id: str = ""  # the consumer group it is a member of (JoinGroup/SyncGroup/Heartbeat/…)
    member_id: str = ""
    acks: int | None = None  # of its Produce requests (None: it has not produced)
    idempotent: bool = False  # InitProducerId sent, or a producer id in its record batches
    transactional_id: str = ""
    listener: str = "PLAINTEXT"  # the listener it came in on (SASL_SSL, SSL, …)
    principal: str = "User:ANONYMOUS"  # who it authenticated as (SASL): User:alice


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultInfo:
    """An active fault: its id (``F1``, ``F2``, …), kind and the words that describe it."""

    fault_id: str
    kind: str  # error, delay, isolate, isolate-clients, slow-follower, drop, disk-full
    description: str
    broker: int = -1  # -1: any broker
    remaining: int = -1  # error faults: answers left; -1: until cleared
