"""JSON Schema: parsing (jsonschema's meta-schema check) and the BACKWARD check through
``json_diff`` (Confluent's JSON Schema diff rules, listed there)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema.exceptions
import jsonschema.validators

from .errors import InvalidSchema
from .json_diff import COMPATIBLE, Differ
from .json_document import JsonSchema


def parse(text: str, references: dict[str, JsonSchema] | None = None) -> JsonSchema:
    """Parse JSON Schema text; ``references`` maps reference names to parsed referenced schemas."""
    try:
        obj = json.loads(text)
    except ValueError as e:
        raise InvalidSchema(f"JSON schema is not valid JSON: {e}") from None
    if not isinstance(obj, dict | bool):
        raise InvalidSchema("a JSON schema must be an object or a boolean")
    try:
        jsonschema.validators.validator_for(obj, default=jsonschema.validators.Draft7Validator).check_schema(obj)
    except jsonschema.exceptions.SchemaError as e:
        raise InvalidSchema(f"JSON schema does not match its meta-schema: {e.message}") from None
    refs: dict[str, Any] = {}
    for name, ref in (references or {}).items():
        refs.update(ref.references)
        refs[name] = ref.schema
    return JsonSchema(json.dumps(obj, separators=(",", ":")), obj, refs)


def backward_errors(new: JsonSchema, old: JsonSchema) -> list[str]:
    """Why documents valid under ``old`` may be refused by ``new``; empty when compatible."""
    differences = Differ(old, new).diff(old.schema, new.schema)
    return [f"{{errorType:'{kind}', description:'Found incompatible change: {kind} at path "
            f"'{path or '#/'}''}}" for kind, path in differences if kind not in COMPATIBLE]
