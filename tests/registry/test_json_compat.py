"""JSON Schema compatibility, table-driven (old, new → BACKWARD compatible?), after the scenarios of
Confluent's ``diff-schema-examples.json`` and ``diff-combined-schema-examples.json``; FORWARD and FULL
reuse the same diff with old and new swapped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schema_registry.compatibility import check
from schema_registry.errors import InvalidSchema
from schema_registry.json_schema import parse as parse_json
from schema_registry.schemas import ParsedSchema, parse


def obj(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required is not None:
        out["required"] = required
    return out


CLOSED = {"additionalProperties": False}
STR, INT, NUM = {"type": "string"}, {"type": "integer"}, {"type": "number"}

CASES: list[tuple[str, Any, Any, bool]] = [
    # types
    ("anything can become the empty schema", {"type": "string"}, {}, True),
    ("simple type changed", STR, INT, False),
    ("integer widened to number", INT, NUM, True),
    ("number narrowed to integer", NUM, INT, False),
    ("type list gains a type", {"type": ["string", "null"]}, {"type": ["string", "null", "integer"]}, True),
    ("type list loses a type", {"type": ["string", "null"]}, {"type": ["string"]}, False),
    ("title, description and $id changes", {"type": "string", "title": "a", "description": "b"},
     {"type": "string", "title": "c", "description": "d"}, True),
    # string and number constraints
    ("maxLength increased", {"type": "string", "maxLength": 5}, {"type": "string", "maxLength": 10}, True),
    ("maxLength decreased", {"type": "string", "maxLength": 10}, {"type": "string", "maxLength": 5}, False),
    ("minLength increased", {"type": "string", "minLength": 1}, {"type": "string", "minLength": 3}, False),
    ("pattern removed", {"type": "string", "pattern": "^a"}, {"type": "string"}, True),
    ("pattern added", {"type": "string"}, {"type": "string", "pattern": "^a"}, False),
    ("maximum increased", {"type": "number", "maximum": 5}, {"type": "number", "maximum": 10}, True),
    ("minimum increased", {"type": "number", "minimum": 5}, {"type": "number", "minimum": 10}, False),
    ("multipleOf reduced", {"type": "number", "multipleOf": 10}, {"type": "number", "multipleOf": 5}, True),
    ("multipleOf expanded", {"type": "number", "multipleOf": 5}, {"type": "number", "multipleOf": 10}, False),
    # enum and const
    ("enum extended", {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]}, True),
    ("enum narrowed", {"enum": ["a", "b", "c"]}, {"enum": ["a", "b"]}, False),
    ("enum restriction removed", {"type": "string", "enum": ["a", "b"]}, {"type": "string"}, True),
    ("const changed", {"const": 1}, {"const": 2}, False),
    # objects: open vs closed content model
    ("property removed from an open model", obj({"a": STR, "b": INT}), obj({"a": STR}), True),
    ("property removed from a closed model", obj({"a": STR, "b": INT}, **CLOSED), obj({"a": STR}, **CLOSED), False),
    ("optional property added to a closed model", obj({"a": STR}, **CLOSED), obj({"a": STR, "b": INT}, **CLOSED),
     True),
    ("optional property added to an open model", obj({"a": STR}), obj({"a": STR, "b": INT}), False),
    ("empty-schema property added to an open model", obj({"a": STR}), obj({"a": STR, "b": {}}), True),
    ("required property added to a closed model", obj({"a": STR}, **CLOSED),
     obj({"a": STR, "b": INT}, ["b"], **CLOSED), False),
    ("required property with default added to a closed model", obj({"a": STR}, **CLOSED),
     obj({"a": STR, "b": {"type": "integer", "default": 0}}, ["b"], **CLOSED), True),
    ("property added covered by additionalProperties", obj({"a": STR}, additionalProperties=INT),
     obj({"a": STR, "b": INT}, additionalProperties=INT), True),
    ("property added not covered by additionalProperties", obj({"a": STR}, additionalProperties=INT),
     obj({"a": STR, "b": STR}, additionalProperties=INT), False),
    ("property type changed", obj({"a": STR}), obj({"a": INT}), False),
    ("required attribute added", obj({"a": STR}), obj({"a": STR}, ["a"]), False),
    ("required attribute removed", obj({"a": STR}, ["a"]), obj({"a": STR}), True),
    ("additionalProperties false → true", obj({"a": STR}, **CLOSED), obj({"a": STR}), True),
    ("additionalProperties true → false", obj({"a": STR}), obj({"a": STR}, **CLOSED), False),
    ("additionalProperties narrowed to a schema", obj({"a": STR}), obj({"a": STR}, additionalProperties=STR), False),
    ("maxProperties decreased", {"type": "object", "maxProperties": 5}, {"type": "object", "maxProperties": 2},
     False),
    ("nested property widened", obj({"o": obj({"n": INT})}), obj({"o": obj({"n": NUM})}), True),
    # arrays
    ("items narrowed", {"type": "array", "items": NUM}, {"type": "array", "items": INT}, False),
    ("items widened", {"type": "array", "items": INT}, {"type": "array", "items": NUM}, True),
    ("minItems decreased", {"type": "array", "minItems": 3}, {"type": "array", "minItems": 1}, True),
    ("uniqueItems removed", {"type": "array", "uniqueItems": True}, {"type": "array"}, True),
    ("uniqueItems added", {"type": "array"}, {"type": "array", "uniqueItems": True}, False),
    # combined schemas
    ("oneOf gains a subschema", {"oneOf": [STR, INT]}, {"oneOf": [STR, INT, {"type": "boolean"}]}, True),
    ("oneOf loses a subschema", {"oneOf": [STR, INT]}, {"oneOf": [STR]}, False),
    ("allOf → anyOf", {"allOf": [STR, {"maxLength": 5}]}, {"anyOf": [STR, {"maxLength": 5}]}, True),
    ("anyOf → allOf", {"anyOf": [STR, INT]}, {"allOf": [STR, INT]}, False),
    ("a type becomes one branch of a union", STR, {"oneOf": [STR, INT]}, True),
    ("not's schema narrowed accepts more", {"not": {"type": ["string", "integer"]}}, {"not": STR}, True),
    ("not's schema widened accepts less", {"not": STR}, {"not": {"type": ["string", "integer"]}}, False),
    # draft 2020-12
    ("optional property added to a model closed by unevaluatedProperties",
     obj({"a": STR}, unevaluatedProperties=False), obj({"a": STR, "b": INT}, unevaluatedProperties=False), True),
    ("unevaluatedProperties false added", obj({"a": STR}), obj({"a": STR}, unevaluatedProperties=False), False),
    ("dependentRequired added", obj({"a": STR, "b": STR}), obj({"a": STR, "b": STR}, dependentRequired={"a": ["b"]}),
     False),
    ("prefixItems item added to an open tuple", {"type": "array", "prefixItems": [STR]},
     {"type": "array", "prefixItems": [STR, INT]}, False),
    ("minContains increased", {"type": "array", "contains": STR, "minContains": 1},
     {"type": "array", "contains": STR, "minContains": 2}, False),
    # references
    ("local $ref to a compatible definition", {"definitions": {"a": INT}, "$ref": "#/definitions/a"},
     {"definitions": {"a": NUM}, "$ref": "#/definitions/a"}, True),
    ("local $ref to an incompatible definition", obj({"x": {"$ref": "#/definitions/a"}}, definitions={"a": NUM}),
     obj({"x": {"$ref": "#/definitions/a"}}, definitions={"a": INT}), False),
]


def p(schema: Any) -> ParsedSchema:
    return parse("JSON", json.dumps(schema), [])


@pytest.mark.parametrize("why,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_backward(why: str, old: Any, new: Any, expected: bool) -> None:
    assert (not check("BACKWARD", p(new), [(1, p(old))])) is expected


def test_forward_and_full_swap_the_diff() -> None:
    old, new = obj({"a": STR}, **CLOSED), obj({"a": STR, "b": INT}, **CLOSED)
    assert not check("BACKWARD", p(new), [(1, p(old))])
    assert check("FORWARD", p(new), [(1, p(old))])  # the old schema refuses documents with b
    assert check("FULL", p(new), [(1, p(old))])


def test_reference_to_another_registered_schema() -> None:
    address_v1 = p(obj({"city": STR}))
    address_v2 = p(obj({"city": INT}))
    order = {"type": "object", "properties": {"to": {"$ref": "address.json"}}}
    new = parse("JSON", json.dumps(order), [("address.json", address_v2)])
    old = parse("JSON", json.dumps(order), [("address.json", address_v1)])
    assert check("BACKWARD", new, [(1, old)])
    assert not check("BACKWARD", old, [(1, old)])


def test_recursive_ref_terminates() -> None:
    tree = obj({"children": {"type": "array", "items": {"$ref": "#"}}, "v": INT})
    assert not check("FULL", p(tree), [(1, p(tree))])


@pytest.mark.parametrize("bad", ["{", "[1]", '{"type": 5}', '{"minLength": "x"}'])
def test_invalid(bad: str) -> None:
    with pytest.raises(InvalidSchema):
        parse_json(bad)
