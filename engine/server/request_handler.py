"""RequestHandler: one request frame in, one response out (Kafka's ``KafkaRequestHandler`` +
``KafkaApis`` dispatch). Parses the header, bounds-checks the body against its schema before kio
reads it (:func:`check_request`), finds the handler in the API table, gives it a typed
:class:`RequestContext`, and encodes what it returns (also when it returns an awaitable)."""

from __future__ import annotations

import dataclasses
import inspect
from typing import TYPE_CHECKING, Any

from engine.network.dispatch import ApiTable
from engine.network.server import Connection, frame_response
from engine.protocol.errors import ErrorCode, InvalidRequest
from engine.protocol.flexible import is_flexible_request
from engine.protocol.frames import RequestHeader, parse_request_header
from engine.protocol.request_check import check_request
from engine.protocol.responses import NoResponse, RawBody
from engine.protocol.schema import encode_response, read_request, request_name
from engine.server.apis import API_VERSIONS
from engine.server.metrics import BrokerMetrics
from engine.server.request_context import BrokerServices, RequestContext

if TYPE_CHECKING:
    from engine.server.tap import RequestTap


def _named(error: InvalidRequest, header: RequestHeader) -> InvalidRequest:
    """Name the request an :class:`InvalidRequest` is about, for the one log line it gets."""
    error.request = (f"{request_name(header.api_key)} v{header.api_version} request (correlation id "
                     f"{header.correlation_id}, client id {header.client_id!r})")
    return error


class RequestHandler:
    def __init__(self, api_table: ApiTable[RequestContext], metrics: BrokerMetrics) -> None:
        self.api_table = api_table
        self.metrics = metrics
        self.services: BrokerServices | None = None  # set while the broker runs
        self.tap: RequestTap | None = None  # the cluster's X-ray and faults

    def flexible(self, api_key: int, version: int) -> bool | None:
        """Request header v2? None for an API version the broker does not serve (read as v1)."""
        if not self.api_table.supports(api_key, version):
            return None
        return is_flexible_request(api_key, version)

    def handle_frame(self, conn: Connection, frame: bytearray) -> Any:
        """Parse and dispatch one request frame. A frame that cannot be parsed raises
        :class:`InvalidRequest` (the connection is closed, as Kafka does). While someone looks (the
        X-ray) or a fault acts, the :class:`RequestTap` takes the frame; otherwise the tap costs
        this one check."""
        tap = self.tap
        if tap is not None and tap.active:
            return tap.exchange(self, conn, frame)
        header, result = self.handle(conn, frame)
        if inspect.isawaitable(result):
            return self._finish(header, result)
        return self.encode(header, result)

    def handle_untapped(self, conn: Connection, frame: bytearray) -> Any:
        header, result = self.handle(conn, frame)
        if inspect.isawaitable(result):
            return self._finish(header, result)
        return self.encode(header, result)

    def handle(self, conn: Connection, frame: bytearray) -> tuple[RequestHeader, Any]:
        """Run one request: its header (the one to answer with) and the handler's result — a body, or
        an awaitable of one."""
        services = self.services
        if services is None:
            raise InvalidRequest("the broker is not running")
        self.metrics.requests += 1
        self.metrics.bytes_in += len(frame) + 4
        header = parse_request_header(frame, self.flexible)
        conn.client_id = header.client_id or ""  # (which connections a fault drop leaves: the replica fetchers')
        spec = self.api_table.get(header.api_key)
        if spec is None or not (spec.min_version <= header.api_version <= spec.max_version):
            if header.api_key == API_VERSIONS:
                # KIP-511: answer an unknown ApiVersions version with v0 and UNSUPPORTED_VERSION
                return dataclasses.replace(header, api_version=0), {
                    "error_code": ErrorCode.unsupported_version, "api_keys": self.api_table.api_versions()}
            served = "not served" if spec is None else f"served: v{spec.min_version}-v{spec.max_version}"
            raise _named(InvalidRequest(f"unsupported API {header.api_key} v{header.api_version} ({served})"), header)
        ctx = RequestContext(header, conn.peer[0], conn.peer[1], conn.id, services, conn.listener)
        try:
            # a raw handler (Produce) skips every tagged field itself: no need to drop unknown ones
            checked = check_request(header.api_key, header.api_version, frame, header.body_offset, rewrite=not spec.raw)
            if spec.raw:
                result = spec.handler(ctx, frame)
            else:
                try:
                    request = read_request(header.api_key, header.api_version,
                                           bytes(frame) if checked is None else checked, header.body_offset)
                except Exception as e:  # kio: bad UTF-8, a bool that is neither 0 nor 1, ...
                    raise InvalidRequest(f"{type(e).__name__}: {e}") from None
                if header.api_key == API_VERSIONS and header.api_version >= 3:  # KIP-511: who the client is
                    conn.client_software = f"{request.client_software_name}/{request.client_software_version}"
                result = spec.handler(ctx, request)
        except InvalidRequest as e:
            raise _named(e, header) from None
        return header, result

    async def _finish(self, header: RequestHeader, awaitable: Any) -> Any:
        return self.encode(header, await awaitable)

    def encode(self, header: RequestHeader, body: Any) -> Any:
        if isinstance(body, NoResponse):
            return None
        if isinstance(body, RawBody):
            self.metrics.bytes_out += body.size
            flexible = bool(self.flexible(header.api_key, header.api_version)) and header.api_key != API_VERSIONS
            return frame_response(header, flexible, body)
        out = encode_response(header.api_key, header.api_version, header.correlation_id, body)
        self.metrics.bytes_out += len(out)
        return out
