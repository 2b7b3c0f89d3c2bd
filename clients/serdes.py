"""Records serialized with a Schema Registry: decoding them for display and export, encoding values typed as
JSON for the produce dialog — Avro (fastavro), JSON Schema (jsonschema) and Protobuf (protobuf's
descriptor pool), in Confluent's wire format (:mod:`clients.wire`).

:class:`SchemaCache` fetches each schema once by id (and by subject/version) from any registry and keeps it
parsed (:class:`SchemaCodec`); it is thread-safe, so the message browser's and the exporter's worker
threads share one. :class:`SchemaDecoder` turns a record's framed key and value into :class:`Decoded`
results — the JSON text and the schema's id, type, subject and version, or why not (unknown id, an
unreachable registry, bytes the schema does not read). Nothing here blocks the caller's GUI: every call
may do HTTP, so the app runs them on worker threads (parsing and validating an already fetched schema
is quick enough to do as the user types).
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from clients.readers import Record
from clients.registry_client import RegistryClient, RegistryOpError, SchemaVersion
from clients.wire import (
    HEADER_SIZE,
    Decoded,
    encode_message_indexes,
    frame,
    jsonable,
    read_message_indexes,
    schema_id_of,
    to_json_text,
)

UNREACHABLE_RETRY_S = 5.0  # an unreachable registry is not asked again for every record
UNKNOWN_RETRY_S = 30.0  # nor about an id it does not know


class SchemaError(Exception):
    """A value the schema does not accept (``problems``: one line each), or a schema that cannot be used."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class NotValid(ValueError):
    """A JSON value that was read but does not match its schema."""

    def __init__(self, value: Any, problems: list[str]) -> None:
        super().__init__("does not match its schema: " + "; ".join(problems))
        self.value = value


class SchemaCodec:
    """One registered schema, parsed: decode payloads, check and encode values."""

    schema_type = ""

    def __init__(self, schema_id: int, schema: str, references: dict[str, str]) -> None:
        self.schema_id = schema_id
        self.schema = schema
        self.references = references  # reference name → its schema text

    def decode(self, payload: bytes) -> tuple[Any, str]:
        """(the value as JSON-able data, the Protobuf message name or "")."""
        raise NotImplementedError

    def check(self, value: Any) -> list[str]:
        """Why ``value`` (parsed JSON) does not fit the schema ([] when it does)."""
        raise NotImplementedError

    def encode(self, value: Any) -> bytes:
        """The payload (after the 5-byte header) for ``value``; :class:`SchemaError` if it does not fit."""
        raise NotImplementedError

    def serialize(self, text: str) -> bytes:
        """JSON text → a framed value (magic byte, schema id, payload)."""
        try:
            value = json.loads(text)
        except ValueError as e:
            raise SchemaError([f"not JSON: {e}"]) from None
        return frame(self.schema_id, self.encode(value))

    def validate(self, text: str) -> list[str]:
        try:
            value = json.loads(text)
        except ValueError as e:
            return [f"not JSON: {e}"]
        return self.check(value)


# -- Avro ---------------------------------------------------------------------------------------------

class AvroCodec(SchemaCodec):
    schema_type = "AVRO"

    def __init__(self, schema_id: int, schema: str, references: dict[str, str]) -> None:
        super().__init__(schema_id, schema, references)
        from fastavro import parse_schema

        named: dict[str, Any] = {}
        try:
            for text in references.values():
                parse_schema(json.loads(text), named_schemas=named)
            self.parsed = parse_schema(json.loads(schema), named_schemas=named)
        except Exception as e:
            raise SchemaError([f"the Avro schema does not parse: {e}"]) from None

    def decode(self, payload: bytes) -> tuple[Any, str]:
        from fastavro import schemaless_reader

        buf = io.BytesIO(payload)
        value = schemaless_reader(buf, self.parsed, None)
        left = len(payload) - buf.tell()
        if left:
            raise ValueError(f"{left} byte(s) left over after the record")
        return value, ""  # to_json_text writes bytes, decimals, dates and UUIDs as jsonable does

    def _from_json(self, schema: Any, value: Any) -> Any:
        """JSON's strings for Avro's ``bytes`` and ``fixed`` (Avro's JSON encoding: one char per byte)."""
        if isinstance(schema, list):
            for branch in schema:
                try:
                    converted = self._from_json(branch, value)
                    from fastavro.validation import validate

                    if validate(converted, branch, raise_errors=False):
                        return converted
                except Exception:  # a branch naming a type defined elsewhere, a string not latin-1 …
                    continue
            return value
        if isinstance(schema, dict):
            kind = schema.get("type")
            if kind == "record" and isinstance(value, dict):
                return {**value, **{f["name"]: self._from_json(f["type"], value[f["name"]])
                                    for f in schema.get("fields", ()) if f["name"] in value}}
            if kind == "array" and isinstance(value, list):
                return [self._from_json(schema["items"], v) for v in value]
            if kind == "map" and isinstance(value, dict):
                return {k: self._from_json(schema["values"], v) for k, v in value.items()}
            if kind in ("bytes", "fixed") and isinstance(value, str):
                return value.encode("latin-1")
            return value
        if schema == "bytes" and isinstance(value, str):
            return value.encode("latin-1")
        return value

    def check(self, value: Any) -> list[str]:
        from fastavro.validation import ValidationError, validate

        try:
            validate(self._from_json(self.parsed, value), self.parsed, raise_errors=True)
        except ValidationError as e:
            return [_avro_problem(p) for p in e.errors] or [str(e)]
        except (ValueError, TypeError, UnicodeEncodeError) as e:
            return [str(e)]
        return []

    def encode(self, value: Any) -> bytes:
        from fastavro import schemaless_writer

        problems = self.check(value)
        if problems:
            raise SchemaError(problems)
        buf = io.BytesIO()
        schemaless_writer(buf, self.parsed, self._from_json(self.parsed, value))
        return buf.getvalue()


def _avro_problem(p: Any) -> str:
    """fastavro's ``ValidationErrorData``: 'lab.User.visits is <"x"> of type <class 'str'> expected int'."""
    field = getattr(p, "field", None)
    if field is None:
        return str(p)
    schema = getattr(p, "schema", "")
    datum = getattr(p, "datum", None)
    return f"{field}: {json.dumps(jsonable(datum), ensure_ascii=False)} is not {_avro_type_name(schema)}"


def _avro_type_name(schema: Any) -> str:
    if isinstance(schema, list):
        return " or ".join(_avro_type_name(s) for s in schema)
    if isinstance(schema, dict):
        return str(schema.get("name") or schema.get("type"))
    return str(schema)


# -- JSON Schema --------------------------------------------------------------------------------------

class JsonCodec(SchemaCodec):
    schema_type = "JSON"

    def __init__(self, schema_id: int, schema: str, references: dict[str, str]) -> None:
        super().__init__(schema_id, schema, references)
        from jsonschema.validators import validator_for
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        try:
            document = json.loads(schema)
            resources = [(name, Resource.from_contents(json.loads(text), default_specification=DRAFT7))
                         for name, text in references.items()]
            cls = validator_for(document)
            self.validator = cls(document, registry=Registry().with_resources(resources))
        except Exception as e:
            raise SchemaError([f"the JSON schema does not parse: {e}"]) from None

    def decode(self, payload: bytes) -> tuple[Any, str]:
        value = json.loads(payload)
        problems = self.check(value)
        if problems:
            raise NotValid(value, problems)
        return value, ""

    def check(self, value: Any) -> list[str]:
        problems = []
        for e in sorted(self.validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in e.absolute_path)
            problems.append(f"{where}: {e.message}" if where else e.message)
        return problems

    def encode(self, value: Any) -> bytes:
        problems = self.check(value)
        if problems:
            raise SchemaError(problems)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


# -- Protobuf -----------------------------------------------------------------------------------------

WELL_KNOWN = ("any", "api", "descriptor", "duration", "empty", "field_mask", "source_context", "struct",
              "timestamp", "type", "wrappers")


class ProtobufCodec(SchemaCodec):
    """The schema arrives as a base64 ``FileDescriptorProto`` (``format=serialized``), references too (under
    their import names); the well-known ``google/protobuf`` files are built in. Values are written with the
    file's first message (what a serializer given that schema writes) and read with whichever message the
    record's message indexes name."""

    schema_type = "PROTOBUF"

    def __init__(self, schema_id: int, schema: str, references: dict[str, str]) -> None:
        super().__init__(schema_id, schema, references)
        import base64
        import importlib

        from google.protobuf import descriptor_pb2, descriptor_pool

        pool = descriptor_pool.DescriptorPool()
        for name in WELL_KNOWN:
            if f"google/protobuf/{name}.proto" not in references:
                try:
                    pool.AddSerializedFile(importlib.import_module(f"google.protobuf.{name}_pb2").DESCRIPTOR.serialized_pb)
                except TypeError:
                    pass
        try:
            for name, text in references.items():  # dependencies first (the cache orders them)
                ref = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(text))
                ref.name = name
                pool.Add(ref)
            proto = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(schema))
            proto.name = f"schema-{schema_id}.proto"
            pool.Add(proto)
            self.file = pool.FindFileByName(proto.name)
        except Exception as e:
            raise SchemaError([f"the Protobuf schema cannot be loaded: {e}"]) from None
        if not self.file.message_types_by_name:
            raise SchemaError(["the Protobuf schema has no message"])
        self.first = next(iter(self.file.message_types_by_name.values()))

    def _message(self, indexes: list[int]) -> Any:
        messages = list(self.file.message_types_by_name.values())
        descriptor = None
        for i in indexes:
            if not 0 <= i < len(messages):
                raise ValueError(f"message index {i} is not in the schema")
            descriptor = messages[i]
            messages = list(descriptor.nested_types)
        return descriptor

    @staticmethod
    def _to_dict(msg: Any) -> Any:
        from google.protobuf import json_format

        try:
            return json_format.MessageToDict(msg, preserving_proto_field_name=True,
                                             always_print_fields_with_no_presence=True)
        except TypeError:  # protobuf < 5.26
            return json_format.MessageToDict(msg, preserving_proto_field_name=True,
                                             including_default_value_fields=True)

    def decode(self, payload: bytes) -> tuple[Any, str]:
        from google.protobuf import message_factory

        indexes, start = read_message_indexes(payload)
        descriptor = self._message(indexes)
        msg = message_factory.GetMessageClass(descriptor)()
        msg.ParseFromString(payload[start:])
        return self._to_dict(msg), descriptor.full_name

    def _parse(self, value: Any) -> Any:
        from google.protobuf import json_format, message_factory

        msg = message_factory.GetMessageClass(self.first)()
        try:
            json_format.ParseDict(value, msg)
        except json_format.ParseError as e:
            raise SchemaError([str(e)]) from None
        return msg

    def check(self, value: Any) -> list[str]:
        try:
            self._parse(value)
        except SchemaError as e:
            return e.problems
        return []

    def encode(self, value: Any) -> bytes:
        return encode_message_indexes([0]) + self._parse(value).SerializeToString()


CODECS: dict[str, Callable[[int, str, dict[str, str]], SchemaCodec]] = {
    "AVRO": AvroCodec, "JSON": JsonCodec, "PROTOBUF": ProtobufCodec}


# -- the cache ----------------------------------------------------------------------------------------

class SchemaCache:
    """Schemas of one registry by id, parsed once; the subjects/versions each id is registered under."""

    def __init__(self, client: RegistryClient, clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.clock = clock
        self._lock = threading.Lock()
        self._codecs: dict[int, SchemaCodec] = {}
        self._where: dict[int, list[tuple[str, int]]] = {}
        self._failures: dict[int, tuple[float, str]] = {}  # id → (retry after, why)
        self._unreachable: tuple[float, str] | None = None
        self.fetches = 0  # HTTP lookups made (tests count them)

    @property
    def url(self) -> str:
        return self.client.url

    def _references(self, refs: Iterable[dict[str, Any]], fmt: str | None, out: dict[str, str]) -> None:
        """Every schema ``refs`` name, dependencies before their dependents."""
        for ref in refs:
            name = str(ref["name"])
            if name in out:
                continue
            sv = self.client.version(str(ref["subject"]), int(ref["version"]), fmt=fmt)
            self.fetches += 1
            self._references(sv.references, fmt, out)
            out[name] = sv.schema

    def codec(self, schema_id: int) -> SchemaCodec:
        """The parsed schema with ``schema_id``; :class:`RegistryOpError` / :class:`SchemaError` if not."""
        with self._lock:
            codec = self._codecs.get(schema_id)
            if codec is not None:
                return codec
            now = self.clock()
            if self._unreachable is not None and now < self._unreachable[0]:
                raise RegistryOpError(0, 0, self._unreachable[1])
            failed = self._failures.get(schema_id)
            if failed is not None and now < failed[0]:
                raise RegistryOpError(404, 40403, failed[1])
        try:
            meta = self.client.schema_by_id(schema_id)
            schema_type = str(meta.get("schemaType") or "AVRO")
            fmt = "serialized" if schema_type == "PROTOBUF" else None
            text = str(self.client.schema_by_id(schema_id, fmt)["schema"]) if fmt else str(meta["schema"])
            refs: dict[str, str] = {}
            self._references(meta.get("references") or (), fmt, refs)
            self.fetches += 2 if fmt else 1
        except RegistryOpError as e:
            with self._lock:
                if e.status == 0:
                    self._unreachable = (self.clock() + UNREACHABLE_RETRY_S, e.message)
                elif e.status == 404:
                    self._failures[schema_id] = (self.clock() + UNKNOWN_RETRY_S, e.message)
            raise
        make = CODECS.get(schema_type)
        if make is None:
            raise SchemaError([f"schema type {schema_type} is not supported"])
        codec = make(schema_id, text, refs)
        with self._lock:
            self._unreachable = None
            self._codecs[schema_id] = codec
        return codec

    def where(self, schema_id: int) -> list[tuple[str, int]]:
        """(subject, version) pairs the id is registered under (cached; [] when unknown)."""
        with self._lock:
            known = self._where.get(schema_id)
        if known is not None:
            return known
        try:
            found = self.client.versions_by_id(schema_id)
            self.fetches += 1
        except RegistryOpError:
            return []
        with self._lock:
            self._where[schema_id] = found
        return found

    def version(self, subject: str, version: int | str = "latest") -> tuple[SchemaVersion, SchemaCodec]:
        """A subject's version and its codec (always asks the registry for the version: it may have moved)."""
        sv = self.client.version(subject, version)
        return sv, self.codec(sv.schema_id)

    def forget(self) -> None:
        with self._lock:
            self._codecs.clear()
            self._where.clear()
            self._failures.clear()
            self._unreachable = None


# -- decoding records ---------------------------------------------------------------------------------

class SchemaDecoder:
    """Decodes framed keys and values of records (``cache`` None: no registry — framed data only says so)."""

    def __init__(self, cache: SchemaCache | None) -> None:
        self.cache = cache

    def decode(self, data: bytes | None, topic: str = "", is_key: bool = False) -> Decoded | None:
        """None when ``data`` is not in the wire format."""
        schema_id = schema_id_of(data)
        if schema_id is None or data is None:
            return None
        if self.cache is None:
            return Decoded(schema_id, error="no Schema Registry is set to look up the schema id")
        try:
            codec = self.cache.codec(schema_id)
        except RegistryOpError as e:
            why = (f"unknown schema id {schema_id} ({e.message})" if e.status == 404 else e.message)
            return Decoded(schema_id, error=why)
        except SchemaError as e:
            return Decoded(schema_id, error=str(e))
        subject, version = self._where(schema_id, topic, is_key)
        try:
            value, message = codec.decode(data[HEADER_SIZE:])
        except NotValid as e:  # read, but the schema does not accept it: show both
            return Decoded(schema_id, codec.schema_type, subject, version, to_json_text(e.value), error=str(e))
        except Exception as e:  # fastavro / protobuf / json raise their own types on bad bytes
            why = str(e) or type(e).__name__
            return Decoded(schema_id, codec.schema_type, subject, version,
                           error=f"the bytes do not read with schema id {schema_id}: {why}")
        return Decoded(schema_id, codec.schema_type, subject, version, to_json_text(value), message=message)

    def _where(self, schema_id: int, topic: str, is_key: bool) -> tuple[str, int]:
        assert self.cache is not None
        found = self.cache.where(schema_id)
        if not found:
            return "", -1
        wanted = f"{topic}-{'key' if is_key else 'value'}"  # TopicNameStrategy: the usual subject
        return next(((s, v) for s, v in found if s == wanted), found[0])

    def record(self, topic: str, rec: Record) -> Record:
        key = self.decode(rec.key, topic, is_key=True)
        value = self.decode(rec.value, topic)
        if key is None and value is None:
            return rec
        return Record(rec.partition, rec.offset, rec.timestamp, rec.key, rec.value, rec.headers, rec.timestamp_type,
                      key, value)  # (dataclasses.replace costs a quarter of a page's decoding)

    def records(self, topic: str, records: list[Record]) -> list[Record]:
        return [self.record(topic, r) for r in records]


def decoder_for(url: str | None, timeout: float = 5.0) -> SchemaDecoder:
    return SchemaDecoder(SchemaCache(RegistryClient(url, timeout)) if url else None)
