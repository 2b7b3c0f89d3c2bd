"""confluent-kafka's serializers through the embedded registry and a real topic on the engine: Avro, JSON
Schema and Protobuf (with an import registered as a reference) round trips, a consumer on an old Avro
schema reading a record written with a newer compatible one, and changes refused with 409 per level."""

from __future__ import annotations

import json
from typing import Any

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from schema_registry import RegistryThread
from tests.conftest import RunningCluster
from tests.integration.clients import consume_confluent, create_topic, produce_confluent

USER_V1 = {"type": "record", "name": "User", "namespace": "lab",
           "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "int"}]}
USER_V2 = {"type": "record", "name": "User", "namespace": "lab",
           "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "long"},
                      {"name": "email", "type": ["null", "string"], "default": None}]}


def through_topic(cluster: RunningCluster, topic: str, values: list[bytes]) -> list[bytes]:
    create_topic(cluster.bootstrap, topic, partitions=1, rf=3)
    produce_confluent(cluster.bootstrap, topic, [(None, v) for v in values], acks="all")
    got = consume_confluent(cluster.bootstrap, topic, len(values))
    assert len(got) == len(values)
    return [value for _, _, _, value in got if value is not None]


def ctx(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def test_avro_round_trip_and_an_old_reader(shared_cluster: RunningCluster, registry: RegistryThread) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    topic = "users-avro"
    v1 = AvroSerializer(client, json.dumps(USER_V1))
    v2 = AvroSerializer(client, json.dumps(USER_V2))
    first = v1({"name": "ada", "visits": 3}, ctx(topic))
    second = v2({"name": "bob", "visits": 2**40, "email": "bob@example.org"}, ctx(topic))
    assert first[0] == 0 and second[0] == 0  # Confluent's wire format: magic byte, then the schema id
    assert int.from_bytes(first[1:5], "big") != int.from_bytes(second[1:5], "big")
    assert client.get_versions(f"{topic}-value") == [1, 2]
    stored = through_topic(shared_cluster, topic, [first, second])
    # the writer's schema comes from the registry by id
    latest = AvroDeserializer(client)
    assert [latest(v, ctx(topic)) for v in stored] == [
        {"name": "ada", "visits": 3}, {"name": "bob", "visits": 2**40, "email": "bob@example.org"}]
    # a consumer still on v2's predecessor reads the v2 record with Avro's resolution (email dropped)
    old_reader = AvroDeserializer(client, json.dumps({**USER_V1, "fields": USER_V1["fields"][:1] + [
        {"name": "visits", "type": "long"}]}))
    assert old_reader(stored[1], ctx(topic)) == {"name": "bob", "visits": 2**40}
    # and a v2 reader reads the v1 record: email gets its default, visits is promoted int → long
    new_reader = AvroDeserializer(client, json.dumps(USER_V2))
    assert new_reader(stored[0], ctx(topic)) == {"name": "ada", "visits": 3, "email": None}


CHANGE_CASES = [
    # (level, old, new, accepted)
    ("BACKWARD", USER_V1, {**USER_V1, "fields": USER_V1["fields"] + [{"name": "x", "type": "int"}]}, False),
    ("BACKWARD", USER_V1, {**USER_V1, "fields": USER_V1["fields"] + [{"name": "x", "type": "int", "default": 0}]},
     True),
    ("FORWARD", USER_V1, {**USER_V1, "fields": USER_V1["fields"][:1]}, False),
    ("FORWARD", USER_V1, {**USER_V1, "fields": USER_V1["fields"] + [{"name": "x", "type": "int"}]}, True),
    ("FULL", USER_V1, {**USER_V1, "fields": USER_V1["fields"] + [{"name": "x", "type": "int"}]}, False),
    ("FULL", USER_V1, {**USER_V1, "fields": USER_V1["fields"] + [{"name": "x", "type": "int", "default": 0}]},
     True),
    ("NONE", USER_V1, {**USER_V1, "fields": [{"name": "other", "type": "boolean"}]}, True),
]


@pytest.mark.parametrize("level,old,new,accepted", CHANGE_CASES, ids=[f"{c[0]}-{i}" for i, c in
                                                                      enumerate(CHANGE_CASES)])
def test_serializer_change_refused_or_accepted(registry: RegistryThread, level: str, old: dict[str, Any],
                                               new: dict[str, Any], accepted: bool) -> None:
    topic = f"changes-{level.lower()}-{CHANGE_CASES.index((level, old, new, accepted))}"
    client = SchemaRegistryClient({"url": registry.url})
    client.set_compatibility(f"{topic}-value", level)
    AvroSerializer(client, json.dumps(old))({"name": "a", "visits": 1}, ctx(topic))
    record = {f["name"]: {"string": "s", "int": 1, "boolean": True}[f["type"]] for f in new["fields"]}
    serialize = AvroSerializer(client, json.dumps(new))
    if accepted:
        assert serialize(record, ctx(topic))[0] == 0
    else:
        with pytest.raises(SchemaRegistryError) as refused:
            serialize(record, ctx(topic))
        assert refused.value.http_status_code == 409


ORDER_SCHEMA = {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Order", "type": "object",
                "properties": {"id": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}},
                "required": ["id", "qty"], "additionalProperties": False}


def test_json_schema_round_trip(shared_cluster: RunningCluster, registry: RegistryThread) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    topic = "orders-json"
    serialize = JSONSerializer(json.dumps(ORDER_SCHEMA), client)
    values = [serialize({"id": f"o{i}", "qty": i + 1}, ctx(topic)) for i in range(3)]
    latest = client.get_latest_version(f"{topic}-value")
    assert latest.schema.schema_type == "JSON"
    stored = through_topic(shared_cluster, topic, values)
    deserialize = JSONDeserializer(None, schema_registry_client=client)
    assert [deserialize(v, ctx(topic)) for v in stored] == [{"id": f"o{i}", "qty": i + 1} for i in range(3)]
    # a closed content model: adding an optional property is compatible, a required one is not
    wider = {**ORDER_SCHEMA, "properties": {**ORDER_SCHEMA["properties"], "note": {"type": "string"}}}
    assert client.test_compatibility(f"{topic}-value", Schema(json.dumps(wider), "JSON")) is True
    stricter = {**wider, "required": ["id", "qty", "note"]}
    assert client.test_compatibility(f"{topic}-value", Schema(json.dumps(stricter), "JSON")) is False


def proto_classes() -> tuple[type, type]:
    """Message classes for money.proto and order.proto (importing it), built without protoc."""
    money = descriptor_pb2.FileDescriptorProto(name="lab/money.proto", package="lab", syntax="proto3")
    m = money.message_type.add(name="Money")
    m.field.add(name="currency", number=1, type=9, label=1)
    m.field.add(name="cents", number=2, type=3, label=1)
    order = descriptor_pb2.FileDescriptorProto(name="lab/order.proto", package="lab", syntax="proto3",
                                               dependency=["lab/money.proto"])
    o = order.message_type.add(name="Order")
    o.field.add(name="id", number=1, type=9, label=1)
    o.field.add(name="total", number=2, type=11, label=1, type_name=".lab.Money")
    o.field.add(name="tags", number=3, type=9, label=3)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(money)
    pool.Add(order)
    return (message_factory.GetMessageClass(pool.FindMessageTypeByName("lab.Order")),
            message_factory.GetMessageClass(pool.FindMessageTypeByName("lab.Money")))


def test_protobuf_round_trip_with_a_reference(shared_cluster: RunningCluster, registry: RegistryThread) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    topic = "orders-proto"
    Order, Money = proto_classes()
    serialize = ProtobufSerializer(Order, client)
    values = [serialize(Order(id=f"o{i}", total=Money(currency="EUR", cents=100 * i), tags=["a"]), ctx(topic))
              for i in range(3)]
    # the import was registered under its file name and referenced by the order schema
    assert "lab/money.proto" in client.get_subjects()
    latest = client.get_latest_version(f"{topic}-value")
    assert latest.schema.schema_type == "PROTOBUF"
    assert [(r.name, r.subject, r.version) for r in latest.schema.references] == [
        ("lab/money.proto", "lab/money.proto", 1)]
    assert "message Order" in latest.schema.schema_str  # answered as .proto text by default
    stored = through_topic(shared_cluster, topic, values)
    deserialize = ProtobufDeserializer(Order, {})
    decoded = [deserialize(v, ctx(topic)) for v in stored]
    assert [(d.id, d.total.cents, list(d.tags)) for d in decoded] == [(f"o{i}", 100 * i, ["a"]) for i in range(3)]
    # a deserializer that asks the registry for the writer schema (format=serialized) works too
    with_registry = ProtobufDeserializer(Order, {}, schema_registry_client=SchemaRegistryClient(
        {"url": registry.url}))
    assert with_registry(stored[0], ctx(topic)).id == "o0"
    # changing a field's wire type is refused; adding a field is accepted
    text = latest.schema.schema_str
    bad = text.replace("string id = 1;", "int64 id = 1;")
    assert bad != text
    refs = latest.schema.references
    assert client.test_compatibility(f"{topic}-value", Schema(bad, "PROTOBUF", refs)) is False
    good = text.replace("string id = 1;", "string id = 1;\n  string note = 9;")
    assert client.test_compatibility(f"{topic}-value", Schema(good, "PROTOBUF", refs)) is True
