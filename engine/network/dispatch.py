"""Table-driven request dispatch: api key → handler with its supported version range.

``ApiVersions`` is derived from the table, so what the broker advertises is exactly what it
serves. Handlers are version-agnostic: they get the kio request of the negotiated version and
return a plain dict (see :mod:`engine.protocol.schema`), or, for the hot paths (Produce, Fetch),
the raw request frame in and the response body as a list of buffers out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.protocol.frames import RequestHeader


class NoResponse:
    """acks=0 produce: the broker sends nothing back."""


NO_RESPONSE = NoResponse()


@dataclass(slots=True)
class RawBody:
    """A response body as a list of buffers written one after the other (no joining copies)."""

    parts: list[bytes | memoryview]
    size: int


Body = Mapping[str, Any] | RawBody | NoResponse
HandlerResult = Body | Awaitable[Body]


@dataclass(slots=True)
class RequestContext:
    header: RequestHeader
    client_host: str
    client_port: int
    connection_id: str
    broker: Any  # engine.server.broker.Broker (kept loose to avoid an import cycle)
    received_at: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def api_version(self) -> int:
        return self.header.api_version

    @property
    def client_id(self) -> str:
        return self.header.client_id or ""


@dataclass(frozen=True, slots=True)
class ApiSpec:
    api_key: int
    min_version: int
    max_version: int
    handler: Callable[[RequestContext, Any], HandlerResult]
    raw: bool = False  # handler receives (ctx, frame: memoryview) instead of a parsed request


class ApiTable:
    def __init__(self, specs: list[ApiSpec]) -> None:
        self.specs: dict[int, ApiSpec] = {s.api_key: s for s in specs}

    def get(self, api_key: int) -> ApiSpec | None:
        return self.specs.get(api_key)

    def supports(self, api_key: int, version: int) -> bool:
        s = self.specs.get(api_key)
        return s is not None and s.min_version <= version <= s.max_version

    def api_versions(self) -> list[dict[str, int]]:
        return [{"api_key": s.api_key, "min_version": s.min_version, "max_version": s.max_version}
                for s in sorted(self.specs.values(), key=lambda s: s.api_key)]
