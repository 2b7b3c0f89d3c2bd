"""Warming kio: the message classes, readers and writers (and the request bounds-check plans) of
every API version the broker serves, made before a client asks for them.

kio defines each version's messages in a module of dataclasses; importing one costs 3–18 ms (the
``dataclass`` decorator generates and compiles its methods), which the first request of each
version would otherwise pay. :func:`warm_steps` lists the versions newest first across all APIs
(clients mostly negotiate the newest version both sides have), and :func:`warm` makes one ready;
the broker runs the steps as a background task that yields to the event loop after each one.
"""

from __future__ import annotations

from collections.abc import Iterable

from kio.serial import entity_reader, entity_writer

from engine.protocol.request_check import request_plan
from engine.protocol.schema import field_plans, request_class, response_class

_warmed: set[tuple[int, int]] = set()  # process-wide, as kio's modules are


def warm_steps(ranges: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """``(api key, version)`` pairs from ``(api key, min version, max version)`` ranges: every API's
    newest version first, then every API's next newest, and so on; those already warm are left out."""
    ranges = list(ranges)
    steps: list[tuple[int, int]] = []
    depth = 0
    while True:
        row = [(key, hi - depth) for key, lo, hi in ranges if hi - depth >= lo]
        if not row:
            return [s for s in steps if s not in _warmed]
        steps.extend(row)
        depth += 1


def warm(api_key: int, version: int) -> None:
    """Import and prepare one API version: request and response classes, kio's reader of the request
    and writer of the response, the plans that build a response from a handler's dict, and the
    request's bounds-check plan."""
    entity_reader(request_class(api_key, version))
    response = response_class(api_key, version)
    entity_writer(response)
    field_plans(response)
    request_plan(api_key, version)
    _warmed.add((api_key, version))


def is_warm(api_key: int, version: int) -> bool:
    return (api_key, version) in _warmed
