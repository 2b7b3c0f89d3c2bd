"""Avro schemas: parsing with fastavro and Avro's reader/writer schema resolution check.

The check is Avro's ``SchemaCompatibility.checkReaderWriterCompatibility`` as Confluent's
``AvroCompatibilityChecker`` uses it (BACKWARD: the new schema reads data written with the old one):

- records: every reader field must exist in the writer (by name or reader alias) or have a default
  (``READER_FIELD_MISSING_DEFAULT_VALUE``); writer fields the reader lacks are skipped; record names
  must match by simple name or a reader alias (``NAME_MISMATCH``);
- enums: every writer symbol must be a reader symbol unless the reader enum has a ``default``
  (``MISSING_ENUM_SYMBOLS``); fixed: names and sizes (``FIXED_SIZE_MISMATCH``);
- arrays/maps: items/values recursively;
- unions: every writer branch must be readable (a writer union against anything: each branch; a
  reader union: some branch must read the writer, ``MISSING_UNION_BRANCH``);
- promotions: int→long/float/double, long→float/double, float→double, string↔bytes;
  anything else is ``TYPE_MISMATCH``. Named types reached again while being compared (recursive
  schemas) are assumed compatible, as Avro's memo does.

Logical types are not compared (Avro's checker does not either).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastavro.schema import parse_schema

from .errors import InvalidSchema

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
NAMED = {"record", "error", "enum", "fixed"}
# reader type → writer types it can read besides its own (Avro spec, "Schema Resolution")
PROMOTIONS = {"long": {"int"}, "float": {"int", "long"}, "double": {"int", "long", "float"},
              "string": {"bytes"}, "bytes": {"string"}}


@dataclass
class AvroSchema:
    canonical: str
    parsed: Any
    named: dict[str, Any] = field(default_factory=dict)


def parse(text: str, references: list[AvroSchema] | None = None) -> AvroSchema:
    """Parse Avro schema text; ``references`` are the already parsed referenced schemas (their named types)."""
    try:
        obj = json.loads(text)
    except ValueError:
        # a bare primitive name such as  string  is valid Avro
        obj = text.strip()
        if obj not in PRIMITIVES:
            raise InvalidSchema(f"Avro schema is not valid JSON: {text[:80]!r}") from None
    _require_parts(obj)
    named: dict[str, Any] = {}
    for ref in references or []:
        named.update(ref.named)
    known = dict(named)
    try:
        parsed = parse_schema(obj, named_schemas=known, _write_hint=False)
    except Exception as e:  # fastavro raises several types (SchemaParseException, UnknownType, ValueError…)
        raise InvalidSchema(f"{type(e).__name__}: {e}") from e
    return AvroSchema(json.dumps(obj, separators=(",", ":")), parsed, known)


def _require_parts(s: Any) -> None:
    """What Avro's Java parser requires and fastavro lets pass: record fields, enum symbols, fixed size."""
    if isinstance(s, list):
        for branch in s:
            _require_parts(branch)
    elif isinstance(s, dict):
        t = s.get("type")
        required = {"record": "fields", "error": "fields", "enum": "symbols", "fixed": "size", "array": "items",
                    "map": "values"}.get(t if isinstance(t, str) else "")
        if required and required not in s:
            raise InvalidSchema(f"{t} {s.get('name', '')!s} has no {required!r}".replace("  ", " "))
        for fld in s.get("fields") or []:
            if isinstance(fld, dict):
                _require_parts(fld.get("type"))
        for key in ("items", "values"):
            _require_parts(s.get(key))
        if isinstance(t, dict | list):
            _require_parts(t)


def backward_errors(new: AvroSchema, old: AvroSchema) -> list[str]:
    """Why ``new`` (reader) cannot read data written with ``old`` (writer); empty when it can."""
    return _Checker(new.named, old.named).check(new.parsed, old.parsed, "")


def _error(kind: str, description: str, info: str) -> str:
    return f"{{errorType:'{kind}', description:'{description}', additionalInfo:'{info}'}}"


class _Checker:
    def __init__(self, reader_named: dict[str, Any], writer_named: dict[str, Any]) -> None:
        self.reader_named = reader_named
        self.writer_named = writer_named
        self.in_progress: set[tuple[str, str]] = set()

    @staticmethod
    def _resolve(s: Any, named: dict[str, Any]) -> Any:
        while isinstance(s, str) and s not in PRIMITIVES:
            s = named[s]
        return s

    @staticmethod
    def _type(s: Any) -> str:
        if isinstance(s, list):
            return "union"
        if isinstance(s, dict):
            t = s["type"]
            return "record" if t == "error" else t if isinstance(t, str) and t in PRIMITIVES | NAMED | {
                "array", "map"} else _Checker._type(t)
        return str(s)

    def check(self, reader: Any, writer: Any, path: str) -> list[str]:
        reader = self._resolve(reader, self.reader_named)
        writer = self._resolve(writer, self.writer_named)
        if isinstance(reader, dict) and isinstance(reader.get("type"), str) and reader["type"] in PRIMITIVES:
            reader = reader["type"]
        if isinstance(writer, dict) and isinstance(writer.get("type"), str) and writer["type"] in PRIMITIVES:
            writer = writer["type"]
        rt, wt = self._type(reader), self._type(writer)
        if wt == "union" and rt != "union":
            errors: list[str] = []
            for i, branch in enumerate(writer):
                errors += self.check(reader, branch, f"{path}/{i}")
            return errors
        if rt == wt:
            if rt in PRIMITIVES:
                return []
            if rt in NAMED:
                key = (reader["name"], writer["name"])
                if key in self.in_progress:
                    return []
                self.in_progress.add(key)
                try:
                    return self._named(rt, reader, writer, path)
                finally:
                    self.in_progress.discard(key)
            if rt == "array":
                return self.check(reader["items"], writer["items"], f"{path}/items")
            if rt == "map":
                return self.check(reader["values"], writer["values"], f"{path}/values")
            # both unions: each writer branch must be readable by the reader union
            errors = []
            for i, branch in enumerate(writer):
                if not any(not self.check(rb, branch, path) for rb in reader):
                    errors.append(_error("MISSING_UNION_BRANCH",
                                         f"The new schema is missing a type inside a union field at path "
                                         f"'{path}/{i}' in the old schema", f"reader union lacking writer type: "
                                         f"{self._type(self._resolve(branch, self.writer_named)).upper()}"))
            return errors
        if rt == "union":
            if any(not self.check(rb, writer, path) for rb in reader):
                return []
            return [_error("MISSING_UNION_BRANCH", f"The new schema is missing a type inside a union field at path "
                           f"'{path}' in the old schema",
                           f"reader union lacking writer type: {wt.upper()}")]
        if wt in PROMOTIONS.get(rt, set()):
            return []
        return [_error("TYPE_MISMATCH", f"The type (path '{path or '/'}') of a field in the new schema does not "
                       f"match with the old schema", f"reader type: {rt.upper()} not compatible with writer type: "
                       f"{wt.upper()}")]

    @staticmethod
    def _simple(name: str) -> str:
        return name.rsplit(".", 1)[-1]

    def _name_matches(self, reader: dict[str, Any], writer: dict[str, Any]) -> bool:
        if self._simple(reader["name"]) == self._simple(writer["name"]):
            return True
        namespace = reader["name"].rpartition(".")[0]
        aliases = {a if "." in a or not namespace else f"{namespace}.{a}" for a in reader.get("aliases", [])}
        return writer["name"] in aliases or self._simple(writer["name"]) in reader.get("aliases", [])

    def _named(self, kind: str, reader: dict[str, Any], writer: dict[str, Any], path: str) -> list[str]:
        if not self._name_matches(reader, writer):
            return [_error("NAME_MISMATCH", f"The name of the schema has changed (path '{path}/name')",
                           f"expected: {writer['name']}")]
        if kind == "fixed":
            if reader["size"] != writer["size"]:
                return [_error("FIXED_SIZE_MISMATCH", f"The size of FIXED type field at path '{path}/size' in the "
                               "old schema does not match with the new schema",
                               f"expected: {writer['size']}, found: {reader['size']}")]
            return []
        if kind == "enum":
            missing = [s for s in writer["symbols"] if s not in reader["symbols"]]
            if missing and reader.get("default") is None:
                return [_error("MISSING_ENUM_SYMBOLS", f"The new schema is missing enum symbols '{missing}' at path "
                               f"'{path}/symbols' in the old schema", str(missing))]
            return []
        errors: list[str] = []
        writer_fields = {f["name"]: f for f in writer["fields"]}
        for i, rf in enumerate(reader["fields"]):
            wf = writer_fields.get(rf["name"])
            if wf is None:
                wf = next((writer_fields[a] for a in rf.get("aliases", []) if a in writer_fields), None)
            if wf is None:
                if "default" not in rf:
                    errors.append(_error("READER_FIELD_MISSING_DEFAULT_VALUE",
                                         f"The field '{rf['name']}' at path '{path}/fields/{i}' in the new schema "
                                         "has no default value and is missing in the old schema", rf["name"]))
                continue
            errors += self.check(rf["type"], wf["type"], f"{path}/fields/{i}/type")
        return errors
