"""Kafka error codes (from kio) and the exception the engine raises to answer with one."""

from __future__ import annotations

from kio.schema.errors import ErrorCode

__all__ = ["ErrorCode", "InvalidRequest", "KafkaError", "error_name"]


def error_name(code: int | ErrorCode) -> str:
    """The upper-case Kafka name of an error code, e.g. ``INVALID_REPLICATION_FACTOR``."""
    try:
        return ErrorCode(code).name.upper()
    except ValueError:
        return f"UNKNOWN_ERROR_{int(code)}"


class KafkaError(Exception):
    """An error that is answered to the client as a Kafka error code with a message."""

    def __init__(self, code: ErrorCode, message: str | None = None) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{error_name(code)}: {message}" if message else error_name(code))


class InvalidRequest(ValueError):
    """A request the broker cannot parse (Kafka's ``InvalidRequestException``): Kafka closes the
    connection instead of answering, and so does Kafka Lab. ``request`` names it for the log
    (e.g. ``Metadata v12 request (correlation id 7, client id 'x')``)."""

    request: str | None = None
