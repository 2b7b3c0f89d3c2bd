"""How ``kafkalab console-producer`` turns stdin lines into records: Kafka's ``LineMessageReader``
(``parse.key``, ``key.separator``, ``parse.headers``, ``headers.delimiter``, ``headers.separator``,
``headers.key.separator``, ``null.marker``, ``ignore.error``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from kafkalab.cli._common import bytes_property, flag_property


@dataclass(frozen=True)
class LineFormat:
    """How a stdin line becomes a record (Kafka's ``LineMessageReader`` properties)."""

    parse_key: bool = False
    key_separator: bytes = b"\t"
    parse_headers: bool = False
    headers_delimiter: bytes = b"\t"
    headers_separator: bytes = b","
    headers_key_separator: bytes = b":"
    null_marker: bytes | None = None
    ignore_error: bool = False

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> LineFormat:
        marker = props.get("null.marker")
        return cls(
            parse_key=flag_property(props, "parse.key"),
            key_separator=bytes_property(props, "key.separator", "\t"),
            parse_headers=flag_property(props, "parse.headers"),
            headers_delimiter=bytes_property(props, "headers.delimiter", "\t"),
            headers_separator=bytes_property(props, "headers.separator", ","),
            headers_key_separator=bytes_property(props, "headers.key.separator", ":"),
            null_marker=None if marker is None else marker.encode("utf-8"),
            ignore_error=flag_property(props, "ignore.error"),
        )


@dataclass(frozen=True)
class LineRecord:
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, str | bytes | None]] = field(default_factory=list)


class LineFormatError(ValueError):
    """A line the reader cannot split (Kafka: "No key separator found on line number N: '...'")."""


def parse_line(line: bytes, number: int, fmt: LineFormat) -> LineRecord:
    """Split one input line into headers, key and value like Kafka's ``LineMessageReader``."""

    def cut(enabled: bool, start: int, separator: bytes, what: str) -> bytes | None:
        if not enabled:
            return None
        index = line.find(separator, start)
        if index < 0:
            if fmt.ignore_error:
                return None
            raise LineFormatError(f"No {what} found on line number {number}: '{_text(line)}'")
        return line[start:index]

    headers = cut(fmt.parse_headers, 0, fmt.headers_delimiter, "headers delimiter")
    header_end = 0 if headers is None else len(headers) + len(fmt.headers_delimiter)
    key = cut(fmt.parse_key, header_end, fmt.key_separator, "key separator")
    key_end = 0 if key is None else len(key) + len(fmt.key_separator)
    value: bytes | None = line[header_end + key_end :]
    if key is not None and key == fmt.null_marker:
        key = None
    if value == fmt.null_marker:
        value = None
    parsed_headers: list[tuple[str, str | bytes | None]] = []
    if headers is not None and headers != fmt.null_marker:
        parsed_headers = _split_headers(headers, number, fmt)
    return LineRecord(key=key, value=value, headers=parsed_headers)


def _split_headers(headers: bytes, number: int, fmt: LineFormat) -> list[tuple[str, str | bytes | None]]:
    result: list[tuple[str, str | bytes | None]] = []
    for pair in headers.split(fmt.headers_separator):
        index = pair.find(fmt.headers_key_separator)
        if index < 0:
            if fmt.ignore_error:
                result.append((_text(pair), None))
                continue
            raise LineFormatError(
                f"No header key separator found in pair '{_text(pair)}' on line number {number}"
            )
        key = pair[:index]
        if key == fmt.null_marker:
            raise LineFormatError(
                f"Header keys should not be equal to the null marker '{_text(key)}' as they can't be null"
            )
        value = pair[index + len(fmt.headers_key_separator) :]
        result.append((_text(key), None if value == fmt.null_marker else value))
    return result


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def read_lines(stream: IO[bytes]) -> Iterable[bytes]:
    """Lines without their terminator (``\\n``, ``\\r\\n``), like Java's ``BufferedReader.readLine``."""
    while True:
        line = stream.readline()
        if not line:
            return
        if line.endswith(b"\n"):
            line = line[:-1]
            if line.endswith(b"\r"):
                line = line[:-1]
        yield line
