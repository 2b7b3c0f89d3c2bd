"""What a request handler returns besides a plain response dict (sans-IO)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class NoResponse:
    """acks=0 produce: the broker sends nothing back."""


NO_RESPONSE = NoResponse()


class FileRegion(Protocol):
    """Bytes of a file that the connection writes to its socket with ``sendfile``, never copying
    them (``engine.log.file_records.FileRecords``, Kafka's ``FileRecords.slice``)."""

    fd: int
    position: int

    def __len__(self) -> int: ...

    def intact(self) -> bool:
        """The file still holds the bytes it held when the range was taken."""
        ...

    def read(self) -> bytes:
        """The bytes, copied (for a transport that cannot sendfile); OSError if not intact."""
        ...

    def close(self) -> None: ...


ResponsePart = bytes | memoryview | FileRegion


@dataclass(slots=True)
class RawBody:
    """A response body as a list of buffers and file regions written one after the other (no
    joining copies)."""

    parts: list[ResponsePart]
    size: int
