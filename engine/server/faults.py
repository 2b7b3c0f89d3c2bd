"""Faults injected into the real cluster (the fault palette): one registry per cluster.

- ``error``: answer the next N requests of an API (optionally only those naming a topic/partition,
  or on one broker) with a Kafka error, without running them (a produce is not appended); a scoped
  fault on Produce or Fetch errs only the partitions it names, the others run as usual
  (:mod:`engine.server.partial_fault`);
- ``delay``: every response of a broker waits ``ms`` more;
- ``isolate``: a broker is cut from its peers — no replication fetches to or from it, no
  heartbeats, AlterPartition or metadata between it and the controller — while clients still
  reach it (the zombie leader); ``isolate-clients`` is the opposite: its client connections are
  closed and new ones refused, replication goes on;
- ``slow-follower``: a broker's replica fetchers wait ``ms`` before every fetch;
- ``disk-full``: a broker's appends fail with KAFKA_STORAGE_ERROR (produce requests);
- ``drop`` (one-shot, see ``ClusterControl``): close every client connection of a broker.

Each fault added or cleared is an engine event (:class:`~engine.observe.events.FaultInjected`,
:class:`~engine.observe.events.FaultCleared`). The request-path faults are applied by the
:class:`~engine.server.tap.RequestTap`; isolation and slow followers through the
:class:`~engine.server.slow_motion.SlowMotion` the fetchers and the controller channel consult."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kio.schema.index import api_key_map

from engine.clock import Clock
from engine.observe import events as ev
from engine.observe.xray import FaultInfo
from engine.protocol.errors import ErrorCode, error_name
from engine.protocol.responses import NO_RESPONSE
from engine.protocol.schema import request_name, response_class
from engine.server.slow_motion import SlowMotion

PRODUCE, FETCH, LIST_OFFSETS, OFFSET_COMMIT, FIND_COORDINATOR = 0, 1, 2, 8, 10
REQUEST_FAULTS = frozenset({"error", "delay", "isolate", "isolate-clients", "disk-full"})


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


_API_BY_NAME = {_norm(n): k for k, n in api_key_map.items()}


def api_key_of(name: str) -> int:
    """The API key of a name as Kafka writes it (``Produce``, ``ListOffsets``) or kio does (``list_offsets``)."""
    key = _API_BY_NAME.get(_norm(name))
    if key is None:
        raise ValueError(f"unknown API {name!r}")
    return key


def error_code_of(name: str) -> ErrorCode:
    try:
        return ErrorCode[name.lower()]
    except KeyError:
        raise ValueError(f"unknown Kafka error {name!r}") from None


@dataclass(slots=True)
class Fault:
    fault_id: str
    kind: str
    broker: int = -1
    api_key: int = -1
    error: ErrorCode = ErrorCode.none
    topic: str | None = None
    partition: int | None = None
    remaining: int = -1  # -1: until cleared
    ms: int = 0
    started: float = 0.0  # monotonic seconds

    def describe(self) -> str:
        where = f" broker={self.broker}" if self.broker >= 0 else ""
        match self.kind:
            case "error":
                scope = (f" topic={self.topic}" if self.topic is not None else "") + (
                    f" partition={self.partition}" if self.partition is not None else "")
                count = f" count={self.remaining}" if self.remaining >= 0 else ""
                return f"error {request_name(self.api_key)} {error_name(self.error)}{scope}{where}{count}"
            case "delay":
                return f"delay broker={self.broker} ms={self.ms}"
            case "slow-follower":
                return f"slow-follower {self.broker} ms={self.ms}"
            case "isolate-clients":
                return f"isolate {self.broker} clients"
            case _:
                return f"{self.kind} {self.broker}"

    def info(self) -> FaultInfo:
        return FaultInfo(fault_id=self.fault_id, kind=self.kind, description=self.describe(), broker=self.broker,
                         remaining=self.remaining)


class Faults:
    def __init__(self, bus: ev.EventBus, clock: Clock, slow_motion: SlowMotion) -> None:
        self.bus = bus
        self.clock = clock
        self.slow_motion = slow_motion
        self.active: dict[str, Fault] = {}
        self._next_id = 1
        self.taps_requests = False  # a fault the request tap must apply is active
        self.listeners: list[Callable[[], None]] = []  # told after every change (the tap, cut-off channels)

    # ------------------------------------------------------------------ adding and clearing
    def add(self, fault: Fault) -> FaultInfo:
        if fault.kind == "error":
            check_error_api(fault.api_key)
        if fault.kind in ("delay", "slow-follower") and not 0 <= fault.ms <= 600_000:
            raise ValueError("ms must be between 0 and 600000")
        fault.fault_id = f"F{self._next_id}"
        fault.started = self.clock.monotonic()
        self._next_id += 1
        self.active[fault.fault_id] = fault
        self._changed()
        self.bus.publish(ev.FaultInjected(time_ms=self.clock.time_ms(), fault_id=fault.fault_id, fault=fault.kind,
                                          description=fault.describe(), broker_id=fault.broker))
        return fault.info()

    def note_one_shot(self, kind: str, broker: int, description: str) -> FaultInfo:
        """A fault that acts once (``drop``): an event, never in the active list."""
        fault_id = f"F{self._next_id}"
        self._next_id += 1
        self.bus.publish(ev.FaultInjected(time_ms=self.clock.time_ms(), fault_id=fault_id, fault=kind,
                                          description=description, broker_id=broker))
        return FaultInfo(fault_id=fault_id, kind=kind, description=description, broker=broker, remaining=0)

    def clear(self, fault_id: str | None = None) -> list[FaultInfo]:
        """End one fault (``fault_id``) or all of them; the ones ended."""
        if fault_id is not None and fault_id.upper() not in self.active:
            raise ValueError(f"no active fault {fault_id}; active: {', '.join(self.active) or 'none'}")
        ids = [fault_id.upper()] if fault_id is not None else list(self.active)
        ended = [self.active.pop(i) for i in ids]
        self._changed()
        for f in ended:
            self.bus.publish(ev.FaultCleared(time_ms=self.clock.time_ms(), fault_id=f.fault_id, fault=f.kind,
                                             description=f.describe(), broker_id=f.broker))
        return [f.info() for f in ended]

    def infos(self) -> list[FaultInfo]:
        return [f.info() for f in self.active.values()]

    def _changed(self) -> None:
        faults = self.active.values()
        self.taps_requests = any(f.kind in REQUEST_FAULTS for f in faults)
        sm = self.slow_motion
        sm.cut_off = frozenset(f.broker for f in faults if f.kind == "isolate")
        delays: dict[int, int] = {}
        for f in faults:
            if f.kind == "slow-follower":
                delays[f.broker] = max(delays.get(f.broker, 0), f.ms)
        sm.follower_delay_ms = delays
        for listener in self.listeners:
            listener()

    # ------------------------------------------------------------------ what the tap asks
    def _on(self, kind: str, broker: int) -> Fault | None:
        for f in self.active.values():
            if f.kind == kind and f.broker in (-1, broker):
                return f
        return None

    def refuses_clients(self, broker: int, lease_ms: int) -> bool:
        """Does ``broker`` refuse its clients: cut from them (``isolate B clients``), or cut from the
        controller for longer than its lease (KIP-631: a broker that cannot renew its lease within
        ``broker.session.timeout.ms`` fences itself — until then it is the zombie leader)?"""
        if self._on("isolate-clients", broker) is not None:
            return True
        cut = self._on("isolate", broker)
        return cut is not None and (self.clock.monotonic() - cut.started) * 1000 >= lease_ms

    def disk_full(self, broker: int) -> Fault | None:
        return self._on("disk-full", broker)

    def delay(self, broker: int) -> Fault | None:
        return self._on("delay", broker)

    def error_for(self, broker: int, api_key: int, request: Callable[[], Any],
                  topic_names: Callable[[], Mapping[Any, str]] | None = None) -> Fault | None:
        """The error fault that answers this request, its count taken (``request()`` reads the request,
        only when a fault names a topic or partition)."""
        for f in list(self.active.values()):
            if f.kind != "error" or f.api_key != api_key or f.broker not in (-1, broker):
                continue
            if (f.topic is not None or f.partition is not None) and not _names(request(), f.topic, f.partition,
                                                                                         topic_names):
                continue
            if f.remaining > 0:
                f.remaining -= 1
                if f.remaining == 0:
                    self.clear(f.fault_id)
            return f
        return None


def _names(request: Any, topic: str | None, partition: int | None,
           topic_names: Callable[[], Mapping[Any, str]] | None = None) -> bool:
    """Does a kio request name ``topic`` (and ``partition``)?"""
    for t, parts in topics_of(request, topic_names):
        if topic is not None and t != topic:
            continue
        if partition is None or partition in parts:
            return True
    return False


def topics_of(request: Any, topic_names: Callable[[], Mapping[Any, str]] | None = None) -> list[tuple[str, list[int]]]:
    """(topic, partitions) of a produce/fetch/list-offsets/offset-commit request (a fetch by topic id
    named through ``topic_names``)."""
    out = []
    for t in getattr(request, "topic_data", None) or getattr(request, "topics", None) or ():
        name = getattr(t, "name", None) or getattr(t, "topic", None) or ""
        if not name and topic_names is not None and getattr(t, "topic_id", None) is not None:
            name = topic_names().get(t.topic_id, "")
        parts = [int(getattr(p, "index", getattr(p, "partition", getattr(p, "partition_index", -1))))
                 for p in (getattr(t, "partition_data", None) or getattr(t, "partitions", None) or ())]
        out.append((name, parts))
    return out


def check_error_api(api_key: int) -> None:
    """Refuse an error fault for an API whose answer has no place for one."""
    if api_key in (PRODUCE, FETCH, LIST_OFFSETS, OFFSET_COMMIT, FIND_COORDINATOR):
        return
    try:
        cls = response_class(api_key, 0)
    except Exception:
        raise ValueError(f"{request_name(api_key)}: not an API the broker serves") from None
    if "error_code" not in {f.name for f in dataclasses.fields(cls)}:
        raise ValueError(f"{request_name(api_key)} answers have no top-level error; "
                         "error faults take Produce, Fetch, ListOffsets, OffsetCommit, FindCoordinator "
                         "or an API with a top-level error code")


_NO_LEADER = {"leader_id": -1, "leader_epoch": -1}


def error_body(api_key: int, version: int, request: Any, code: ErrorCode) -> Mapping[str, Any] | Any:
    """The response to ``request`` with ``code`` for every partition it names (or at the top)."""
    if api_key == PRODUCE:
        if int(request.acks) == 0:
            return NO_RESPONSE
        return {"responses": [{"name": t.name, "partition_responses": [
            {"index": p.index, "error_code": code, "base_offset": -1, "log_append_time": -1, "log_start_offset": -1,
             "current_leader": _NO_LEADER} for p in t.partition_data]} for t in request.topic_data], "throttle_time": 0}
    if api_key == FETCH:
        return {"error_code": 0, "session_id": 0, "responses": [
            {"topic": getattr(t, "topic", ""), "topic_id": getattr(t, "topic_id", None), "partitions": [
                {"partition_index": p.partition, "error_code": code, "high_watermark": -1, "last_stable_offset": -1,
                 "log_start_offset": -1, "preferred_read_replica": -1, "records": None, "current_leader": _NO_LEADER,
                 "diverging_epoch": {"epoch": -1, "end_offset": -1}} for p in t.partitions]}
            for t in request.topics]}
    if api_key in (LIST_OFFSETS, OFFSET_COMMIT):
        return {"topics": [{"name": t.name, "partitions": [
            {"partition_index": p.partition_index, "error_code": code, "timestamp": -1, "offset": -1,
             "leader_epoch": -1} for p in t.partitions]} for t in request.topics]}
    if api_key == FIND_COORDINATOR:
        keys = getattr(request, "coordinator_keys", None) or (getattr(request, "key", ""),)
        return {"error_code": code, "node_id": -1, "host": "", "port": -1,
                "coordinators": [{"key": k, "node_id": -1, "host": "", "port": -1, "error_code": code} for k in keys]}
    return {"error_code": code}
