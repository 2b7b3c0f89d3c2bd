"""clients.serdes: what the app shows and exports for records written by confluent-kafka's Avro, JSON Schema
and Protobuf serializers through the embedded registry and a real topic — the decoded value with its schema
id, subject and version; why not, for an unknown id or bytes the schema does not read; each schema fetched
once — and values the produce dialog encodes, read back by confluent-kafka's deserializers."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer

from clients.export import export_ranges
from clients.readers import PartitionReader, Record
from clients.registry_client import RegistryClient
from clients.schema_examples import example_value
from clients.serdes import SchemaCache, SchemaDecoder, SchemaError, decoder_for
from clients.wire import frame
from kafkalab.cli import console_consumer
from schema_registry import RegistryThread
from tests.conftest import RunningCluster
from tests.registry.test_serializers import ORDER_SCHEMA, USER_V1, USER_V2, ctx, proto_classes, through_topic


def test_avro_records_decoded_with_subject_and_version(shared_cluster: RunningCluster,
                                                       registry: RegistryThread) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    topic = "decode-avro"
    first = AvroSerializer(client, json.dumps(USER_V1))({"name": "ada", "visits": 3}, ctx(topic))
    second = AvroSerializer(client, json.dumps(USER_V2))({"name": "bob", "visits": 7, "email": None}, ctx(topic))
    stored = through_topic(shared_cluster, topic, [first, second, b"plain text"])
    cache = SchemaCache(RegistryClient(registry.url))
    decoder = SchemaDecoder(cache)
    one, two = (decoder.decode(v, topic) for v in stored[:2])
    assert one is not None and one.ok and json.loads(one.text) == {"name": "ada", "visits": 3}
    assert (one.schema_type, one.subject, one.version) == ("AVRO", f"{topic}-value", 1)
    assert two is not None and json.loads(two.text) == {"name": "bob", "visits": 7, "email": None}
    assert two.label() == f"Avro · {topic}-value v2 · id {two.schema_id}"
    assert decoder.decode(stored[2], topic) is None  # not framed: shown as it is
    fetched = cache.fetches
    assert all(decoder.decode(v, topic) == d for v, d in zip(stored[:2], (one, two), strict=True))
    assert cache.fetches == fetched  # cached by id

    # what is wrong says why
    unknown = decoder.decode(frame(9999, b"\x02"), topic)
    assert unknown is not None and not unknown.ok and "unknown schema id 9999" in unknown.error
    bad = decoder.decode(first[:5] + b"\xff", topic)
    assert bad is not None and "do not read with schema id" in bad.error
    nowhere = decoder_for("http://127.0.0.1:9").decode(first, topic)
    assert nowhere is not None and "cannot reach the Schema Registry" in nowhere.error
    assert "no Schema Registry" in (decoder_for(None).decode(first, topic) or one).error


def test_json_and_protobuf_records_decoded(shared_cluster: RunningCluster, registry: RegistryThread) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    Order, Money = proto_classes()
    json_value = JSONSerializer(json.dumps(ORDER_SCHEMA), client)({"id": "o1", "qty": 2}, ctx("decode-json"))
    proto_value = ProtobufSerializer(Order, client)(
        Order(id="o2", total=Money(currency="EUR", cents=250), tags=["x"]), ctx("decode-proto"))
    decoder = decoder_for(registry.url)
    [stored_json] = through_topic(shared_cluster, "decode-json", [json_value])
    [stored_proto] = through_topic(shared_cluster, "decode-proto", [proto_value])
    j = decoder.decode(stored_json, "decode-json")
    assert j is not None and j.ok and json.loads(j.text) == {"id": "o1", "qty": 2}
    assert (j.schema_type, j.subject) == ("JSON", "decode-json-value")
    p = decoder.decode(stored_proto, "decode-proto")
    assert p is not None and p.ok, p
    assert json.loads(p.text) == {"id": "o2", "total": {"currency": "EUR", "cents": "250"}, "tags": ["x"]}
    assert (p.schema_type, p.subject, p.message) == ("PROTOBUF", "decode-proto-value", "lab.Order")


def test_a_decoded_record_keeps_every_field() -> None:
    """SchemaDecoder builds the decoded Record field by field (faster than dataclasses.replace): a field
    added to Record must be added there too."""
    assert [f.name for f in dataclasses.fields(Record)] == [
        "partition", "offset", "timestamp", "key", "value", "headers", "timestamp_type", "key_decoded",
        "value_decoded"]
    rec = Record(1, 2, 3, b"k", frame(5, b""), (("h", b"v"),), "LogAppendTime")
    out = SchemaDecoder(None).record("t", rec)
    assert out.value_decoded is not None and "no Schema Registry" in out.value_decoded.error
    assert dataclasses.replace(out, value_decoded=None) == rec


def test_values_encoded_for_a_subject_read_by_confluent(registry: RegistryThread) -> None:
    """The produce dialog's path: pick a subject, check the JSON as typed, send the framed bytes."""
    client = SchemaRegistryClient({"url": registry.url})
    cache = SchemaCache(RegistryClient(registry.url))
    AvroSerializer(client, json.dumps(USER_V1))({"name": "x", "visits": 1}, ctx("enc-avro"))
    JSONSerializer(json.dumps(ORDER_SCHEMA), client)({"id": "o", "qty": 1}, ctx("enc-json"))
    Order, _Money = proto_classes()
    ProtobufSerializer(Order, client)(Order(id="o"), ctx("enc-proto"))

    _sv, avro = cache.version("enc-avro-value")
    assert json.loads(example_value(avro)) == {"name": "", "visits": 0}
    assert avro.validate('{"name": "ada", "visits": "many"}') == ['lab.User.visits: "many" is not int']
    assert AvroDeserializer(client)(avro.serialize('{"name": "ada", "visits": 4}'), ctx("enc-avro")) == {
        "name": "ada", "visits": 4}
    _sv, js = cache.version("enc-json-value")
    assert js.validate(example_value(js)) == [] and json.loads(example_value(js)) == {"id": "", "qty": 1}
    assert js.validate('{"id": "o"}') == ["'qty' is a required property"]
    assert JSONDeserializer(None, schema_registry_client=client)(js.serialize('{"id": "o", "qty": 5}'),
                                                                 ctx("enc-json")) == {"id": "o", "qty": 5}
    _sv, proto = cache.version("enc-proto-value")
    assert json.loads(example_value(proto)) == {"id": "", "total": {"currency": "", "cents": "0"}, "tags": []}
    assert proto.validate(example_value(proto)) == []
    assert proto.validate('{"id": 3, "nope": 1}') != []
    read = ProtobufDeserializer(Order, {})(proto.serialize('{"id": "o9", "tags": ["a", "b"]}'), ctx("enc-proto"))
    assert (read.id, list(read.tags)) == ("o9", ["a", "b"])
    try:
        avro.serialize("{not json")
    except SchemaError as e:
        assert e.problems[0].startswith("not JSON")
    else:
        raise AssertionError("not JSON was encoded")


def test_export_writes_decoded_values(shared_cluster: RunningCluster, registry: RegistryThread,
                                      tmp_path: Path) -> None:
    client = SchemaRegistryClient({"url": registry.url})
    topic = "decode-export"
    value = AvroSerializer(client, json.dumps(USER_V1))({"name": "ada", "visits": 3}, ctx(topic))
    through_topic(shared_cluster, topic, [value, frame(4242, b"\x00")])
    reader = PartitionReader(shared_cluster.bootstrap)
    try:
        path = tmp_path / "out.jsonl"
        assert export_ranges(reader, topic, [(0, 0, 2)], path, "jsonl", decoder=decoder_for(registry.url)) == 2
    finally:
        reader.close()
    good, unknown = (json.loads(line) for line in path.read_text().splitlines())
    assert good["value_decoded"] == {"name": "ada", "visits": 3}
    assert good["value_schema"]["subject"] == f"{topic}-value" and good["value_schema"]["type"] == "AVRO"
    assert good["value_encoding"] == "base64"  # the raw bytes are kept too
    assert "unknown schema id 4242" in unknown["value_schema"]["error"]


def test_console_consumer_prints_decoded_values(shared_cluster: RunningCluster, registry: RegistryThread,
                                                capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    """``kafkalab console-consumer --property schema.registry.url=…``, as Confluent's kafka-avro-console-consumer."""
    client = SchemaRegistryClient({"url": registry.url})
    topic = "decode-console"
    value = AvroSerializer(client, json.dumps(USER_V1))({"name": "ada", "visits": 3}, ctx(topic))
    through_topic(shared_cluster, topic, [value, frame(4243, b"\x00"), b"plain"])
    capfdbinary.readouterr()
    code = console_consumer.main(["--bootstrap-server", shared_cluster.bootstrap, "--topic", topic,
                                  "--from-beginning", "--max-messages", "3", "--property", "print.offset=true",
                                  "--property", f"schema.registry.url={registry.url}"])
    sys.stdout.flush()
    out, err = capfdbinary.readouterr()
    assert code == 0, err
    lines = out.split(b"\n")
    assert lines[0] == b'Offset:0\t{"name":"ada","visits":3}'
    assert lines[1] == b"Offset:1\t" + frame(4243, b"\x00")  # printed as it is; why on stderr
    assert lines[2] == b"Offset:2\tplain"
    assert b"offset 1: unknown schema id 4243" in err
