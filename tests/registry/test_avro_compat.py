"""Avro compatibility, table-driven: (old, new) × level → compatible or not.

The record cases follow the scenarios of Confluent's ``AvroCompatibilityTest`` (fields added with and
without defaults, renamed with an alias, widened to a union, transitive default removal); the type cases
are Avro's schema resolution rules (``SchemaCompatibility``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from schema_registry import avro
from schema_registry.compatibility import check
from schema_registry.errors import InvalidSchema
from schema_registry.schemas import ParsedSchema, parse


def record(*fields: dict[str, Any], name: str = "myrecord", **extra: Any) -> str:
    return json.dumps({"type": "record", "name": name, "fields": list(fields), **extra})


def f(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


S1 = record(f("f1", "string"))
S2 = record(f("f1", "string"), f("f2", "string", default="foo"))  # + field with default
S3 = record(f("f1", "string"), f("f2", "string"))  # + field without default
S4 = record(f("f1_new", "string", aliases=["f1"]))  # renamed with an alias
S6 = record(f("f1", ["null", "string"]))  # widened to a union
S7 = record(f("f1", ["null", "string", "int"]))  # one more union branch
S8 = record(f("f1", "string"), f("f2", "string", default="foo"), f("f3", "string", default="bar"))


def p(text: str) -> ParsedSchema:
    return parse("AVRO", text, [])


def compatible(level: str, new: str, *old: str) -> bool:
    return not check(level, p(new), [(i + 1, p(s)) for i, s in enumerate(old)])


RECORD_CASES = [
    # (level, new, old versions…, compatible, why)
    ("BACKWARD", S2, S1, True, "adding a field with a default"),
    ("BACKWARD", S3, S1, False, "adding a field without a default"),
    ("BACKWARD", S4, S1, True, "renaming a field with an alias"),
    ("BACKWARD", S6, S1, True, "evolving a field type to a union"),
    ("BACKWARD", S1, S6, False, "removing a type from a union"),
    ("BACKWARD", S7, S6, True, "adding a type to a union"),
    ("BACKWARD", S6, S7, False, "removing a type from a union"),
    ("BACKWARD", S3, S1, False, "new required field"),
    ("BACKWARD", S3, S2, True, "removing a default: only the latest counts"),
    ("BACKWARD_TRANSITIVE", S3, S1, False, "removing a default is not transitively compatible"),
    ("BACKWARD_TRANSITIVE", S8, S1, True, "iteratively adding fields with defaults"),
    ("BACKWARD_TRANSITIVE", S3, S1, False, "transitive: v1 lacks f2"),
    ("FORWARD", S2, S1, True, "adding a field is forward compatible"),
    ("FORWARD", S3, S1, True, "adding a field without default is forward compatible"),
    ("FORWARD", S1, S2, True, "removing a field with a default"),
    ("FORWARD", S1, S3, False, "removing a field without a default: the old reader needs it"),
    ("FORWARD_TRANSITIVE", S1, S3, False, "transitively removing a field without a default"),
    ("FULL", S2, S1, True, "adding a field with a default is backward and forward compatible"),
    ("FULL", S3, S1, False, "adding a field without a default is not backward compatible"),
    ("FULL", S1, S3, False, "removing a field without a default is not forward compatible"),
    ("FULL_TRANSITIVE", S8, S1, S2, True, "iteratively adding fields with defaults"),
    ("FULL_TRANSITIVE", S1, S2, S8, True, "iteratively removing fields with defaults"),
    ("FULL_TRANSITIVE", S3, S1, S2, False, "transitively adding a field without a default"),
    ("NONE", S3, S1, True, "NONE checks nothing"),
]


@pytest.mark.parametrize("case", RECORD_CASES, ids=[c[-1] for c in RECORD_CASES])
def test_record_evolution(case: tuple[Any, ...]) -> None:
    level, new, *old, expected, _why = case
    assert compatible(level, new, *old) is expected


def field_schema(t: Any) -> str:
    return record(f("x", t))


ENUM_AB = {"type": "enum", "name": "E", "symbols": ["A", "B"]}
ENUM_ABC = {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}
ENUM_AB_DEFAULT = {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "A"}

# (reader = new, writer = old, BACKWARD compatible?)
TYPE_CASES = [
    ("long", "int", True), ("float", "int", True), ("double", "int", True), ("float", "long", True),
    ("double", "long", True), ("double", "float", True), ("string", "bytes", True), ("bytes", "string", True),
    ("int", "long", False), ("long", "float", False), ("float", "double", False), ("int", "string", False),
    ("boolean", "int", False),
    (ENUM_ABC, ENUM_AB, True), (ENUM_AB, ENUM_ABC, False), (ENUM_AB_DEFAULT, ENUM_ABC, True),
    ({"type": "enum", "name": "F", "symbols": ["A", "B"]}, ENUM_AB, False),
    ({"type": "fixed", "name": "X", "size": 4}, {"type": "fixed", "name": "X", "size": 4}, True),
    ({"type": "fixed", "name": "X", "size": 8}, {"type": "fixed", "name": "X", "size": 4}, False),
    ({"type": "array", "items": "long"}, {"type": "array", "items": "int"}, True),
    ({"type": "array", "items": "int"}, {"type": "array", "items": "long"}, False),
    ({"type": "map", "values": "double"}, {"type": "map", "values": "float"}, True),
    ({"type": "map", "values": "string"}, {"type": "map", "values": "int"}, False),
    ({"type": "array", "items": "int"}, {"type": "map", "values": "int"}, False),
    (["null", "long"], "int", True), (["null", "string"], "int", False), ("long", ["int", "long"], True),
    ("int", ["int", "long"], False), (["null", "long"], ["null", "int"], True),
    (["null", "int"], ["null", "int", "string"], False),
]


@pytest.mark.parametrize("reader,writer,expected", TYPE_CASES, ids=[f"{json.dumps(c[1])}->{json.dumps(c[0])}"
                                                                    for c in TYPE_CASES])
def test_schema_resolution(reader: Any, writer: Any, expected: bool) -> None:
    assert compatible("BACKWARD", field_schema(reader), field_schema(writer)) is expected


def test_nested_records_and_record_names() -> None:
    inner_v1 = {"type": "record", "name": "Inner", "fields": [f("a", "int")]}
    inner_v2 = {"type": "record", "name": "Inner", "fields": [f("a", "int"), f("b", "string")]}
    inner_v3 = {"type": "record", "name": "Inner", "fields": [f("a", "int"), f("b", "string", default="")]}
    assert not compatible("BACKWARD", record(f("in", inner_v2)), record(f("in", inner_v1)))
    assert compatible("BACKWARD", record(f("in", inner_v3)), record(f("in", inner_v1)))
    renamed = {"type": "record", "name": "Other", "fields": [f("a", "int")]}
    assert not compatible("BACKWARD", record(f("in", renamed)), record(f("in", inner_v1)))
    aliased = {"type": "record", "name": "Other", "aliases": ["Inner"], "fields": [f("a", "int")]}
    assert compatible("BACKWARD", record(f("in", aliased)), record(f("in", inner_v1)))
    # the top-level record name counts too (Avro compares the simple names)
    assert not compatible("BACKWARD", record(f("f1", "string"), name="other"), S1)
    assert compatible("BACKWARD", record(f("f1", "string"), name="myrecord", namespace="x.y"), S1)


def test_recursive_schema_is_checked_without_looping() -> None:
    node = record(f("value", "int"), f("next", ["null", "Node"], default=None), name="Node")
    node2 = record(f("value", "long"), f("next", ["null", "Node"], default=None),
                   f("label", "string", default=""), name="Node")
    assert compatible("FULL", node, node)
    assert compatible("BACKWARD", node2, node)
    assert not compatible("FORWARD", node2, node)  # the old reader cannot read long values


def test_named_type_from_a_reference() -> None:
    address = p(json.dumps({"type": "record", "name": "Address", "namespace": "shop",
                            "fields": [f("city", "string")]}))
    order = parse("AVRO", json.dumps({"type": "record", "name": "Order", "namespace": "shop",
                                      "fields": [f("to", "shop.Address")]}), [("shop.Address", address)])
    assert "shop.Address" in order.impl.named
    with pytest.raises(InvalidSchema):
        parse("AVRO", json.dumps({"type": "record", "name": "Order", "fields": [f("to", "shop.Address")]}), [])


@pytest.mark.parametrize("bad", ["{", '{"type": "record", "name": "R"}', '{"type": "nope"}',
                                 record(f("a", "int", default="x"))])
def test_invalid_schemas(bad: str) -> None:
    with pytest.raises(InvalidSchema):
        avro.parse(bad)


def test_messages_name_the_rule_and_the_old_version() -> None:
    messages = check("BACKWARD", p(S3), [(1, p(S1))])
    assert any("READER_FIELD_MISSING_DEFAULT_VALUE" in m and "'f2'" in m for m in messages)
    assert "{oldSchemaVersion: 1}" in messages and "{compatibility: 'BACKWARD'}" in messages
