"""Issue 18: kafkajs' registry client (@kafkajs/confluent-schema-registry, tests/js) against the Schema Registry
of `kafkalab serve --schema-registry-port 0`. kafkajs registers an Avro schema, encodes a record with it and
produces it; confluent-kafka's AvroDeserializer reads it back through the same registry. The other way: a record
written by confluent-kafka's AvroSerializer (the same schema: the same id) is decoded by the node client."""

from __future__ import annotations

import json
import subprocess

import pytest
from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from tests.integration.clients import consume_confluent
from tests.integration.failover_consumers import JS_DIR, NODE

TOPIC = "js-avro"
USER = {"type": "record", "name": "User", "namespace": "lab",
        "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "int"}]}


def node(*args: str) -> list[dict]:  # type: ignore[type-arg]
    assert NODE is not None
    done = subprocess.run([NODE, "registry_avro.js", *args], cwd=JS_DIR, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_kafkajs_registry_client_round_trips_avro_with_confluent_kafka(serve_factory) -> None:  # type: ignore[no-untyped-def]
    if NODE is None:
        pytest.skip("node is not installed: kafkajs and @kafkajs/confluent-schema-registry (tests/js, installed "
                    "by `make test` with npm ci) need Node.js")
    assert (JS_DIR / "node_modules" / "@kafkajs" / "confluent-schema-registry").is_dir(), \
        "@kafkajs/confluent-schema-registry is not installed: run `make js-clients` (npm ci --prefix tests/js)"
    sp = serve_factory(["--port", "0", "--temp", "--schema-registry-port", "0"])
    url = sp.schema_registry
    assert url.startswith("http://127.0.0.1:")

    # kafkajs registers, encodes, produces
    (sent,) = node("produce", sp.bootstrap, url, TOPIC, json.dumps(USER), json.dumps({"name": "ada", "visits": 3}))
    registry = SchemaRegistryClient({"url": url})
    latest = registry.get_latest_version(f"{TOPIC}-value")
    assert (latest.schema_id, latest.version) == (sent["id"], 1)
    ((partition, offset, key, value),) = consume_confluent(sp.bootstrap, TOPIC, 1)
    assert (partition, offset, key) == (sent["partition"], sent["offset"], b"js")
    assert value is not None and value[0] == 0 and int.from_bytes(value[1:5], "big") == sent["id"]
    deserialize = AvroDeserializer(registry)
    assert deserialize(value, SerializationContext(TOPIC, MessageField.VALUE)) == {"name": "ada", "visits": 3}

    # confluent-kafka's AvroSerializer writes with the same schema (the same id); kafkajs decodes both records
    serialize = AvroSerializer(registry, json.dumps(USER))
    p = Producer({"bootstrap.servers": sp.bootstrap})
    p.produce(TOPIC, key=b"py", value=serialize({"name": "grace", "visits": 7},
                                                SerializationContext(TOPIC, MessageField.VALUE)))
    assert p.flush(15) == 0
    assert registry.get_latest_version(f"{TOPIC}-value").schema_id == sent["id"]
    read = node("consume", sp.bootstrap, url, TOPIC, "2")
    assert [r["value"] for r in sorted(read, key=lambda r: r["offset"])] == [
        {"name": "ada", "visits": 3}, {"name": "grace", "visits": 7}]
