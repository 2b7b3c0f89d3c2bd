"""Protobuf: .proto text and base64 descriptors, and compatibility table-driven (old, new → BACKWARD
compatible?) after the scenarios of Confluent's protobuf ``diff-schema-examples.json``."""

from __future__ import annotations

import base64

import pytest
from google.protobuf import descriptor_pb2, timestamp_pb2

from schema_registry import protobuf
from schema_registry.compatibility import check
from schema_registry.errors import InvalidSchema
from schema_registry.schemas import ParsedSchema, parse

HEAD = 'syntax = "proto3";\npackage shop;\n'


def msg(body: str, extra: str = "") -> str:
    return HEAD + "message Order {\n" + body + "\n}\n" + extra


BASE = msg("string id = 1;\nint32 qty = 2;")
CASES = [
    ("field added", BASE, msg("string id = 1;\nint32 qty = 2;\nstring note = 3;"), True),
    ("field removed", BASE, msg("string id = 1;"), True),
    ("field renamed", BASE, msg("string id = 1;\nint32 quantity = 2;"), True),
    ("int32 → int64 (same wire group)", BASE, msg("string id = 1;\nint64 qty = 2;"), True),
    ("int32 → sint32 (zigzag)", BASE, msg("string id = 1;\nsint32 qty = 2;"), False),
    ("int32 → fixed32", BASE, msg("string id = 1;\nfixed32 qty = 2;"), False),
    ("int32 → string", BASE, msg("string id = 1;\nstring qty = 2;"), False),
    ("string → bytes", BASE, msg("bytes id = 1;\nint32 qty = 2;"), True),
    ("number reused with a message type", msg("string id = 1;\nint32 qty = 2;", "message Q { int32 n = 1; }"),
     msg("string id = 1;\nQ qty = 2;", "message Q { int32 n = 1; }"), False),
    ("scalar becomes repeated", BASE, msg("string id = 1;\nrepeated int32 qty = 2;"), True),
    ("optional becomes repeated", msg("string id = 1;\noptional int32 qty = 2;"),
     msg("string id = 1;\nrepeated int32 qty = 2;"), False),
    ("string optional becomes repeated", msg("optional string id = 1;"), msg("repeated string id = 1;"), True),
    ("enum used for an int32", BASE, msg("string id = 1;\nE qty = 2;", "enum E { Z = 0; }"), True),
    ("message removed", msg("string id = 1;", "message Extra { int32 a = 1; }"), msg("string id = 1;"), False),
    ("message added", BASE, msg("string id = 1;\nint32 qty = 2;", "message Extra { int32 a = 1; }"), True),
    ("enum constant added", msg("E e = 1;", "enum E { A = 0; }"), msg("E e = 1;", "enum E { A = 0; B = 1; }"), True),
    ("enum removed", msg("string id = 1;", "enum E { A = 0; }"), msg("string id = 1;"), True),
    ("package changed", BASE, BASE.replace("package shop;", "package store;"), False),
    ("oneof added around a new field", BASE, msg("string id = 1;\nint32 qty = 2;\noneof o { string a = 3; }"), True),
    ("field moved into a new oneof", BASE, msg("string id = 1;\noneof o { int32 qty = 2; }"), True),
    ("two fields moved into one oneof", BASE, msg("oneof o { string id = 1;\nint32 qty = 2; }"), False),
    ("field moved out of a oneof", msg("oneof o { string id = 1;\nint32 qty = 2; }"),
     msg("string id = 1;\noneof o { int32 qty = 2; }"), True),
    ("oneof member removed", msg("oneof o { string id = 1;\nint32 qty = 2; }"), msg("oneof o { string id = 1; }"),
     False),
    ("whole oneof removed", msg("string x = 5;\noneof o { string id = 1;\nint32 qty = 2; }"), msg("string x = 5;"),
     True),
    ("map value type changed", msg("map<string, int32> m = 1;"), msg("map<string, string> m = 1;"), False),
    ("map value type widened", msg("map<string, int32> m = 1;"), msg("map<string, int64> m = 1;"), True),
    ("nested message field type changed", msg("Item item = 1;\nmessage Item { int32 n = 1; }"),
     msg("Item item = 1;\nmessage Item { string n = 1; }"), False),
    ("field points to another message", msg("A a = 1;", "message A { int32 n = 1; }\nmessage B { int32 n = 1; }"),
     msg("B a = 1;", "message A { int32 n = 1; }\nmessage B { int32 n = 1; }"), False),
    ("proto2 required field added", 'syntax = "proto2";\nmessage M { optional int32 a = 1; }',
     'syntax = "proto2";\nmessage M { optional int32 a = 1; required int32 b = 2; }', False),
    ("proto2 required field removed", 'syntax = "proto2";\nmessage M { required int32 a = 1; optional int32 b = 2; }',
     'syntax = "proto2";\nmessage M { optional int32 b = 2; }', False),
]


def p(text: str) -> ParsedSchema:
    return parse("PROTOBUF", text, [])


@pytest.mark.parametrize("why,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_backward(why: str, old: str, new: str, expected: bool) -> None:
    assert (not check("BACKWARD", p(new), [(1, p(old))])) is expected


def descriptor_of_base() -> descriptor_pb2.FileDescriptorProto:
    f = descriptor_pb2.FileDescriptorProto(name="order.proto", package="shop", syntax="proto3")
    m = f.message_type.add(name="Order")
    m.field.add(name="id", number=1, type=9, label=1)
    m.field.add(name="qty", number=2, type=5, label=1)
    return f


def test_text_and_descriptor_are_the_same_schema() -> None:
    from_text = p(BASE)
    b64 = base64.standard_b64encode(descriptor_of_base().SerializeToString()).decode()
    from_descriptor = p(b64)
    assert from_text.fingerprint == from_descriptor.fingerprint
    assert "message Order" in from_descriptor.canonical  # stored as .proto text
    back = descriptor_pb2.FileDescriptorProto()
    back.ParseFromString(base64.standard_b64decode(from_text.formatted("serialized")))
    assert [f.name for f in back.message_type[0].field] == ["id", "qty"]


def test_rendered_text_parses_back_to_the_same_descriptor() -> None:
    text = HEAD + """
import "google/protobuf/timestamp.proto";
message Order {
  string id = 1;
  map<string, int64> counts = 2;
  oneof pay { string card = 3; Cash cash = 4; }
  optional int32 qty = 5;
  repeated Item items = 6;
  google.protobuf.Timestamp at = 7;
  reserved 9, 11 to 13;
  reserved "old";
  message Item { string sku = 1; Kind kind = 2; enum Kind { A = 0; B = 1; } }
}
message Cash { int64 cents = 1; }
enum Status { NEW = 0; DONE = 1; }
"""
    first = p(text)
    again = p(protobuf.render(first.impl.descriptor))
    assert again.fingerprint == first.fingerprint
    assert again.impl.descriptor == first.impl.descriptor


def test_import_resolved_through_a_reference() -> None:
    money = p(HEAD + "message Money { int64 cents = 1; }")
    order = parse("PROTOBUF", HEAD + 'import "money.proto";\nmessage Order { Money total = 1; }', [("money.proto", money)])
    field = order.impl.descriptor.message_type[0].field[0]
    assert field.type_name == ".shop.Money"
    money2 = p(HEAD + "message Money { string cents = 1; }")
    order2 = parse("PROTOBUF", HEAD + 'import "money.proto";\nmessage Order { Money total = 1; }',
                   [("money.proto", money2)])
    assert check("BACKWARD", order2, [(1, order)])  # the referenced message changed incompatibly
    assert timestamp_pb2.Timestamp  # well-known imports need no reference (see the test above)


@pytest.mark.parametrize("bad", [
    "message {", HEAD + "message M { Unknown u = 1; }", HEAD + "message M { int32 a = 1; int32 b = 1; }",
    HEAD + 'import "missing.proto";\nmessage M { int32 a = 1; }',
])
def test_invalid(bad: str) -> None:
    with pytest.raises(InvalidSchema):
        p(bad)
