"""Table-driven request dispatch: api key → handler with its supported version range.

``ApiVersions`` is derived from the table, so what the broker advertises is exactly what it
serves. Handlers are version-agnostic: they get a request context and the kio request of the
negotiated version and return a plain dict (see :mod:`engine.protocol.schema`), or, for the hot
paths (Produce, Fetch), the raw request frame in and the response body as a list of buffers out
(:class:`engine.protocol.responses.RawBody`). The context type is the server's: this module knows
nothing of brokers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from engine.protocol.responses import NoResponse, RawBody

Body = Mapping[str, Any] | RawBody | NoResponse
HandlerResult = Body | Awaitable[Body]
C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class ApiSpec(Generic[C]):
    api_key: int
    min_version: int
    max_version: int
    handler: Callable[[C, Any], HandlerResult]
    raw: bool = False  # handler receives (ctx, frame: bytearray) instead of a parsed request


class ApiTable(Generic[C]):
    def __init__(self, specs: list[ApiSpec[C]]) -> None:
        self.specs: dict[int, ApiSpec[C]] = {s.api_key: s for s in specs}
        self.advertised_min: dict[int, int] = {}  # ApiVersions' min version where it differs from the served one

    def raise_floors(self, floors: Mapping[int, int], advertised_min: Mapping[int, int]) -> None:
        """Serve each API in ``floors`` from that version on (Kafka 4's KIP-896); ``advertised_min``
        keeps the lower min version ApiVersions lists for some (Kafka 4's Produce, KAFKA-18659)."""
        for key, floor in floors.items():
            s = self.specs.get(key)
            if s is not None and s.min_version < floor:
                self.specs[key] = dataclasses.replace(s, min_version=floor)
        self.advertised_min.update(advertised_min)

    def get(self, api_key: int) -> ApiSpec[C] | None:
        return self.specs.get(api_key)

    def supports(self, api_key: int, version: int) -> bool:
        s = self.specs.get(api_key)
        return s is not None and s.min_version <= version <= s.max_version

    def api_versions(self) -> list[dict[str, int]]:
        return [{"api_key": s.api_key, "min_version": self.advertised_min.get(s.api_key, s.min_version),
                 "max_version": s.max_version}
                for s in sorted(self.specs.values(), key=lambda s: s.api_key)]
