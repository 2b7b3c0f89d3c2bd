"""What a request handler returns besides a plain response dict (sans-IO)."""

from __future__ import annotations

from dataclasses import dataclass


class NoResponse:
    """acks=0 produce: the broker sends nothing back."""


NO_RESPONSE = NoResponse()


@dataclass(slots=True)
class RawBody:
    """A response body as a list of buffers written one after the other (no joining copies)."""

    parts: list[bytes | memoryview]
    size: int
