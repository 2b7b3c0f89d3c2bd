"""RequestTap: the one place every request passes when someone looks (the X-ray) or a fault acts.

:class:`~engine.server.request_handler.RequestHandler` checks ``tap.active`` per frame — with no
X-ray subscriber, no ``--protocol-log`` and no request fault that one attribute check is all the
tap costs (``bench/xray.py``). When active, the tap takes over the frame: it notes the client on
its connection (id, counters), applies the faults (an error answer instead of running the request,
a disk-full produce, refused clients, a delay), lets the handler run it, and records an
:class:`~engine.observe.xray.ExchangeRow` — with every error code of the answer by name and the
request and response frames for the decoded trees — in the cluster's
:class:`~engine.server.xray.ProtocolXray`."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from engine.observe.xray import ExchangeRow
from engine.protocol.errors import ErrorCode, error_name
from engine.protocol.frames import parse_request_header
from engine.protocol.responses import RawBody
from engine.protocol.schema import read_request, request_name
from engine.server.client_profile import PROFILED_APIS, ClientProfile, note_request
from engine.server.faults import FETCH, PRODUCE, Fault, Faults, error_body
from engine.server.partial_fault import encode_request, error_answer, merged, scoped, split
from engine.server.xray import ProtocolXray, response_entity

if TYPE_CHECKING:
    from engine.network.server import Connection
    from engine.protocol.frames import RequestHeader
    from engine.server.request_context import BrokerServices


class RequestHandler(Protocol):
    """What the tap uses of :class:`~engine.server.request_handler.RequestHandler`."""

    services: BrokerServices | None

    def flexible(self, api_key: int, version: int) -> bool | None: ...

    def handle(self, conn: Connection, frame: bytearray) -> tuple[RequestHeader, Any]: ...

    def handle_untapped(self, conn: Connection, frame: bytearray) -> Any: ...

    def encode(self, header: RequestHeader, body: Any) -> Any: ...

REPLICA_CLIENT_PREFIX = "replica-fetcher-"  # the client id of the brokers' own fetchers


class RequestTap:
    def __init__(self, xray: ProtocolXray, faults: Faults) -> None:
        self.xray = xray
        self.faults = faults
        self.active = False
        xray.on_change = self.update
        faults.listeners.append(self.update)

    def update(self) -> None:
        self.active = self.xray.watched or self.faults.taps_requests

    # ------------------------------------------------------------------ one exchange
    def exchange(self, handler: RequestHandler, conn: Connection, frame: bytearray) -> Any:
        services = handler.services
        if services is None:
            return handler.handle_untapped(conn, frame)
        broker = services.broker_id
        t0 = time.perf_counter()
        ts = time.time()
        header = parse_request_header(frame, handler.flexible)
        client_id = conn.client_id = header.client_id or ""
        conn.requests += 1
        conn.bytes_in += len(frame) + 4
        apis = conn.api_counts
        apis[header.api_key] = apis.get(header.api_key, 0) + 1
        request_copy = frame  # kept, not copied (each frame has its own buffer; a produce shows its offsets)
        faults = self.faults
        fault: Fault | None = None
        body: Any = None
        parsed: list[Any] = []
        partial: tuple[bytearray, Any] | None = None  # (the request without the fault's partitions, their errors)

        def names() -> Mapping[Any, str]:  # (topic ids → names, for fetches by topic id)
            return services.metadata.image.topic_names

        def request() -> Any:
            if not parsed:
                parsed.append(read_request(header.api_key, header.api_version, bytes(frame), header.body_offset))
            return parsed[0]
        if header.api_key in PROFILED_APIS and not client_id.startswith(REPLICA_CLIENT_PREFIX):
            try:  # what the client shows of itself (the clients view)
                if conn.profile is None:
                    conn.profile = ClientProfile()
                note_request(conn.profile, header.api_key, request(), names)
            except Exception:
                pass  # a request kio cannot read: the handler refuses it as usual
        if faults.taps_requests:
            if (not client_id.startswith(REPLICA_CLIENT_PREFIX)
                    and faults.refuses_clients(broker, services.config.get_int("broker.session.timeout.ms"))):
                conn.abort()  # isolated from its clients, or self-fenced: clients must go elsewhere
                return None
            try:  # (error faults answer clients; the brokers' own replica fetchers are left alone)
                if not client_id.startswith(REPLICA_CLIENT_PREFIX):
                    fault = faults.error_for(broker, header.api_key, request, names)
                if fault is None and header.api_key == PRODUCE:
                    fault = faults.disk_full(broker)
                    if fault is not None:
                        body = error_body(PRODUCE, header.api_version, request(), ErrorCode.kafka_storage_error)
                elif fault is not None:
                    parts = split(header.api_key, request(), fault, names) if scoped(fault, header.api_key) else None
                    if parts is not None:  # only the partitions it names get the error; the others run
                        api, version = header.api_key, header.api_version
                        partial = (encode_request(frame, header.body_offset, api, version, parts[0]),
                                   error_answer(api, version, parts[1], fault.error, names))
                    else:
                        body = error_answer(header.api_key, header.api_version, request(), fault.error, names)
            except Exception:
                fault, partial = None, None  # a request kio cannot read: let the handler refuse it as usual
        if partial is not None:
            api, version = header.api_key, header.api_version
            header, body = handler.handle(conn, partial[0])
            body = merged(api, version, body, partial[1])
        elif fault is None:
            header, body = handler.handle(conn, frame)
        delay = faults.delay(broker) if faults.taps_requests else None
        fault_id = fault.fault_id if fault is not None else delay.fault_id if delay is not None else ""
        if inspect.isawaitable(body) or delay is not None:
            return self._later(handler, conn, broker, header, body, ts, t0, request_copy, fault_id,
                               delay.ms if delay is not None else 0)
        return self._complete(handler, conn, broker, header, body, ts, t0, request_copy, fault_id)

    async def _later(self, handler: RequestHandler, conn: Connection, broker: int, header: RequestHeader, body: Any,
                     ts: float, t0: float, request_copy: bytearray, fault_id: str, delay_ms: int) -> Any:
        if inspect.isawaitable(body):
            body = await body
        if delay_ms:
            await asyncio.sleep(delay_ms / 1000)
        return self._complete(handler, conn, broker, header, body, ts, t0, request_copy, fault_id)

    def _complete(self, handler: RequestHandler, conn: Connection, broker: int, header: RequestHeader, body: Any,
                  ts: float, t0: float, request_copy: bytearray, fault_id: str) -> Any:
        out = handler.encode(header, body)
        response = joined(out)
        conn.bytes_out += len(response)
        errors: list[str] = []
        places: list[str] = []
        topics: dict[str, None] = {}
        try:
            if isinstance(body, RawBody):
                if header.api_key == FETCH and response:
                    collect(response_entity(header.api_key, header.api_version, response), "", None, errors, places,
                            topics)
            elif isinstance(body, Mapping):
                collect(body, "", None, errors, places, topics)
        except Exception:  # a response kio cannot read back: the row still says what was sent
            pass
        row = ExchangeRow(
            seq=self.xray.next_seq(), ts=round(ts, 6), broker=broker, peer=f"{conn.peer[0]}:{conn.peer[1]}",
            client_id=conn.client_id, client_software=conn.client_software, api=request_name(header.api_key),
            api_key=header.api_key, version=header.api_version, correlation_id=header.correlation_id,
            request_bytes=len(request_copy) + 4, response_bytes=len(response),
            latency_ms=round((time.perf_counter() - t0) * 1000, 3), errors=tuple(errors), error_places=tuple(places),
            topics=tuple(topics), fault=fault_id)
        self.xray.record(row, request_copy, response)
        return out


def joined(out: Any) -> bytes:
    """A response as one bytes object (file regions read back), ``b""`` for none."""
    if out is None:
        return b""
    if isinstance(out, (bytes, bytearray)):
        return bytes(out)
    parts = []
    for part in out:
        if isinstance(part, (bytes, bytearray, memoryview)):
            parts.append(bytes(part))
        else:
            try:
                parts.append(part.read())
            except OSError:
                parts.append(b"\0" * len(part))
    return b"".join(parts)


_PARTITION_KEYS = ("partition_index", "index", "partition")


def collect(node: Any, topic: str, partition: int | None, errors: list[str], places: list[str],
            topics: dict[str, None]) -> None:
    """Every non-zero ``error_code`` in a response (a handler's dict or a kio entity), by name, with
    the topic-partition it belongs to; and the topics the response names."""
    if type(node) is dict:  # (a handler's answer: the common case, no ABC check)
        items = list(node.items())
    elif isinstance(node, Mapping):
        items = list(node.items())
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        items = [(f.name, getattr(node, f.name)) for f in dataclasses.fields(node)]
    else:
        return
    keys = {k for k, _v in items}
    for k, v in items:
        if k in ("name", "topic") and isinstance(v, str) and v and any("partition" in key for key in keys):
            topic = v
            topics[v] = None
        elif k in _PARTITION_KEYS and isinstance(v, int) and not isinstance(v, bool):
            partition = v
    for k, v in items:
        if k == "error_code":
            code = int(v.value if isinstance(v, ErrorCode) else v)
            if code:
                errors.append(error_name(code))
                places.append(f"{topic}-{partition}" if topic and partition is not None else topic)
        elif type(v) is list or type(v) is tuple:
            for x in v:
                if not isinstance(x, (str, int, bytes)):  # only entries can hold error codes
                    collect(x, topic, partition, errors, places, topics)
        elif type(v) is dict or isinstance(v, Mapping) or (dataclasses.is_dataclass(v) and not isinstance(v, type)):
            collect(v, topic, partition, errors, places, topics)
