"""How ``kafkalab console-consumer`` prints a record: Kafka's ``DefaultMessageFormatter``
(``print.timestamp``, ``print.partition``, ``print.offset``, ``print.headers``, ``print.key``,
``print.value``, ``key.separator``, ``line.separator``, ``headers.separator``,
``headers.key.separator``, ``null.literal``) — and, like Confluent's ``kafka-avro-console-consumer``, with
``schema.registry.url`` keys and values in a Schema Registry's wire format printed decoded, as JSON (Avro,
JSON Schema or Protobuf); one that cannot be decoded is printed as it is, with why on stderr."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clients.readers import Record
from kafkalab.cli._common import bytes_property, flag_property


@dataclass(frozen=True)
class RecordFormat:
    """Kafka's ``DefaultMessageFormatter``: which fields to print and how to separate them."""

    print_timestamp: bool = False
    print_partition: bool = False
    print_offset: bool = False
    print_headers: bool = False
    print_key: bool = False
    print_value: bool = True
    key_separator: bytes = b"\t"
    line_separator: bytes = b"\n"
    headers_separator: bytes = b","
    headers_key_separator: bytes = b":"
    null_literal: bytes = b"null"
    schema_registry_url: str = ""  # decode keys and values in the registry's wire format

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> RecordFormat:
        return cls(
            print_timestamp=flag_property(props, "print.timestamp"),
            print_partition=flag_property(props, "print.partition"),
            print_offset=flag_property(props, "print.offset"),
            print_headers=flag_property(props, "print.headers"),
            print_key=flag_property(props, "print.key"),
            print_value=flag_property(props, "print.value", default=True),
            key_separator=bytes_property(props, "key.separator", "\t"),
            line_separator=bytes_property(props, "line.separator", "\n"),
            headers_separator=bytes_property(props, "headers.separator", ","),
            headers_key_separator=bytes_property(props, "headers.key.separator", ":"),
            null_literal=bytes_property(props, "null.literal", "null"),
            schema_registry_url=props.get("schema.registry.url", ""),
        )

    def format(self, record: Record) -> bytes:
        columns: list[bytes] = []
        if self.print_timestamp:
            kind = record.timestamp_type
            columns.append(f"{kind}:{record.timestamp}".encode() if kind else b"NO_TIMESTAMP")
        if self.print_partition:
            columns.append(f"Partition:{record.partition}".encode())
        if self.print_offset:
            columns.append(f"Offset:{record.offset}".encode())
        if self.print_headers:
            columns.append(self._headers(record.headers))
        if self.print_key:
            columns.append(self._nullable(record.key_decoded.text if record.key_decoded and record.key_decoded.ok
                                          else record.key))
        if self.print_value:
            columns.append(self._nullable(record.value_decoded.text if record.value_decoded and
                                          record.value_decoded.ok else record.value))
        if not columns:
            return b""
        return self.key_separator.join(columns) + self.line_separator

    def _nullable(self, data: str | bytes | None) -> bytes:
        if data is None:
            return self.null_literal
        return data.encode("utf-8") if isinstance(data, str) else data

    def _headers(
        self, headers: Mapping[str, str | bytes | None] | Sequence[tuple[str, str | bytes | None]] | None
    ) -> bytes:
        if not headers:
            return b"NO_HEADERS"
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        return self.headers_separator.join(
            key.encode("utf-8") + self.headers_key_separator + self._nullable(value) for key, value in pairs
        )
