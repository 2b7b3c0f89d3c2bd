"""Issue 18 in the record flow: a record whose key and value were written by confluent-kafka's AvroSerializer
through the engine's Schema Registry is shown decoded — the key in the key box, the value under the headline —
each with its subject, version and schema id, as the message browser shows them; a value naming an id the
registry does not know says so."""

from __future__ import annotations

import json
from pathlib import Path

from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from clients.wire import frame
from engine.control.commands import CreateTopic
from tests.gui.test_schemas import USER, shot

TOPIC = "flow-avro"


def test_record_flow_decodes_avro_key_and_value(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(registry=True)
    qtbot.waitUntil(lambda: window.data.schema_registry != "", timeout=30_000)
    url = window.data.schema_registry
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None, timeout=10_000)  # type: ignore[union-attr]
    view = window.classroom.record_flow
    window.classroom.show_record_flow()
    view.topic.setCurrentText(TOPIC)

    registry = SchemaRegistryClient({"url": url})
    key_serializer = AvroSerializer(registry, json.dumps("string"))
    value_serializer = AvroSerializer(registry, json.dumps(USER))
    producer = Producer({"bootstrap.servers": window.session.bootstrap})
    producer.produce(TOPIC, key=key_serializer("ada", SerializationContext(TOPIC, MessageField.KEY)),
                     value=value_serializer({"name": "ada", "visits": 3},
                                            SerializationContext(TOPIC, MessageField.VALUE)))
    assert producer.flush(15) == 0
    key_id = registry.get_latest_version(f"{TOPIC}-key").schema_id
    value_id = registry.get_latest_version(f"{TOPIC}-value").schema_id

    # the flow follows the new record; once the high watermark passed it, it is read and decoded
    qtbot.waitUntil(lambda: view.read_record is not None and view.read_record.offset == 0, timeout=20_000)
    qtbot.waitUntil(lambda: "visits" in view.contents.text(), timeout=5_000)
    assert view.contents.text() == ('value: {"name":"ada","visits":3}   '
                                    f"(Avro · {TOPIC}-value v1 · id {value_id})")
    key_box = view.boxes["key"].body.text()
    assert key_box == f'key "ada"\nAvro · {TOPIC}-key v1 · id {key_id}'
    # the partitioner still hashes the key's bytes as they are on the wire
    assert view.state is not None and view.state.record.key_known and view.state.partitioning is not None
    assert view.contents.isVisible()
    shot(window.classroom.record_flow_dock, "record-flow-avro-en.png", tmp_path)

    # a value framed with an id the registry does not know: the reason, not bytes
    delivered = []
    producer.produce(TOPIC, key=b"ghost", value=frame(777, b"\x02x"),
                     on_delivery=lambda err, msg: delivered.append(msg))
    assert producer.flush(15) == 0
    (msg,) = delivered
    view.follow_record(TOPIC, msg.partition(), msg.offset(), b"ghost", True, "browser")
    qtbot.waitUntil(lambda: "777" in view.contents.text(), timeout=20_000)
    assert view.contents.text().startswith("value: ⚠ schema id 777: unknown schema id 777")
    assert view.boxes["key"].body.text() == 'key "ghost"'
