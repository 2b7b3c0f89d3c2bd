"""The app with its Schema Registry: the engine launch serves one (its URL in the status bar), and the message
browser shows records written by confluent-kafka's AvroSerializer decoded, with their subject and schema id;
a record naming an id the registry does not know says so; export writes the decoded values."""

from __future__ import annotations

import json
import os
from pathlib import Path

from confluent_kafka import Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from clients.registry_client import RegistryClient
from clients.wire import frame
from gui.engine_process import EngineLaunch, app_registry_port
from gui.models.message_model import KEY, VALUE
from gui.session import launch_from_settings
from gui.settings import Settings
from tests.integration.clients import consume_confluent

TOPIC = "users"
USER = {"type": "record", "name": "User", "namespace": "lab",
        "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "int"}]}


def shot(widget, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot: into $KAFKALAB_SCREENSHOTS (e.g. docs/screenshots) when set, else the test's temp dir
    (so test runs leave the repository as it was)."""
    where = Path(os.environ.get("KAFKALAB_SCREENSHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(where / name))


def test_the_app_launches_the_engine_with_a_registry(settings: Settings) -> None:
    launch = launch_from_settings(settings)
    assert launch.schema_registry_port == app_registry_port() and launch.schema_registry_port in (0, 8081)
    argv = launch.argv()
    assert argv[argv.index("--schema-registry-port") + 1] == str(launch.schema_registry_port)
    assert "--schema-registry-port" not in EngineLaunch(port=0).argv()


def test_browser_decodes_avro_records(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(registry=True)
    qtbot.waitUntil(lambda: window.data.schema_registry != "", timeout=30_000)
    url = window.data.schema_registry
    assert window.registry_label.isVisible()
    assert window.registry_label.text() == "Schema Registry: " + url.replace("127.0.0.1", "localhost")

    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 3))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    serialize = AvroSerializer(SchemaRegistryClient({"url": url}), json.dumps(USER))
    ctx = SerializationContext(TOPIC, MessageField.VALUE)
    producer = Producer({"bootstrap.servers": window.data.bootstrap})
    producer.produce(TOPIC, key=b"ada", value=serialize({"name": "ada", "visits": 3}, ctx))
    producer.produce(TOPIC, key=b"ghost", value=frame(777, b"\x02x"))
    assert producer.flush(15) == 0

    view = window.browser_view
    window.browse_topic(TOPIC)
    model = view.model

    def cell(row: int, col: int) -> str:
        return str(model.data(model.index(row, col)))

    qtbot.waitUntil(lambda: model.rowCount() == 2 and cell(0, VALUE) != "…", timeout=15_000)
    assert cell(0, KEY) == "ada"
    assert cell(0, VALUE) == '{"name":"ada","visits":3}'
    assert "Avro · users-value v1 · id 1" in str(model.data(model.index(0, VALUE), 3))  # ToolTipRole
    assert cell(1, VALUE).startswith("⚠ unknown schema id 777")

    view.table.selectRow(0)
    view.mode.setCurrentIndex(view.mode.findData("json"))
    qtbot.waitUntil(lambda: "value schema:" in view.detail.toPlainText(), timeout=5_000)
    detail = view.detail.toPlainText()
    assert "value schema: Avro · users-value v1 · id 1" in detail
    assert '"visits": 3' in detail
    window.browser_dock.raise_()
    view.table.setFocus()
    shot(window, "schemas-browser-en.png", tmp_path)
    window.set_language("ko")
    qtbot.waitUntil(lambda: "값 스키마: Avro · users-value v1 · id 1" in view.detail.toPlainText(), timeout=5_000)
    assert str(model.data(model.index(0, VALUE), 3)).startswith("Avro · users-value v1 · id 1(으)로 디코딩함")
    shot(window.browser_dock, "schemas-browser-ko.png", tmp_path)
    window.set_language("en")

    # another registry (one that does not answer): the pages are read and decoded again, and back
    window.data.choose_schema_registry("http://127.0.0.1:9")
    qtbot.waitUntil(lambda: cell(0, VALUE).startswith("⚠ cannot reach the Schema Registry"), timeout=15_000)
    window.data.choose_schema_registry("")
    qtbot.waitUntil(lambda: cell(0, VALUE) == '{"name":"ada","visits":3}', timeout=15_000)


USER_V2 = {**USER, "fields": USER["fields"] + [{"name": "email", "type": ["null", "string"], "default": None}]}
USER_BAD = {**USER, "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "string"}]}


def level_of(url: str, subject: str) -> str:
    return RegistryClient(url).compatibility(subject).level


def test_schemas_dock(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Subjects and versions, the diff of two versions, a proposed change checked (compatible, or the reasons
    it is not) and registered from the dock; the compatibility level set from the dock."""
    window = make_window(registry=True)
    qtbot.waitUntil(lambda: window.data.schema_registry != "", timeout=30_000)
    client = SchemaRegistryClient({"url": window.data.schema_registry})
    serialize = AvroSerializer(client, json.dumps(USER))
    serialize({"name": "ada", "visits": 1}, SerializationContext(TOPIC, MessageField.VALUE))
    window.schemas_dock.show()
    window.schemas_dock.raise_()
    view = window.schemas_view
    subject = f"{TOPIC}-value"
    qtbot.waitUntil(lambda: view.subjects.count() == 1 and view.info is not None, timeout=10_000)
    assert view.subjects.item(0).text() == subject
    assert view.level.currentText() == "BACKWARD" and view.level_note.text() == "(global)"
    assert '"name": "visits"' in view.schema_text.toPlainText()
    assert view.subject_edit.text() == subject and '"name": "User"' in view.proposal.toPlainText()

    # an incompatible change: the check says why, registering is refused (409)
    view.proposal.setPlainText(json.dumps(USER_BAD, indent=2))
    view.check_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✘"), timeout=10_000)
    assert view.result.text().startswith(f"✘ Not compatible with {subject}:")
    assert "visits" in view.result.text()
    view.register_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✘ Not registered"), timeout=10_000)
    assert "409" in view.result.text()
    assert client.get_versions(subject) == [1]

    # a compatible one is accepted and registered as v2; the diff shows the new field
    view.proposal.setPlainText(json.dumps(USER_V2, indent=2))
    view.check_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✔ Compatible"), timeout=10_000)
    view.register_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✔ Registered"), timeout=10_000)
    assert f"{subject} v2" in view.result.text()
    qtbot.waitUntil(lambda: view.version.count() == 2, timeout=10_000)
    assert client.get_versions(subject) == [1, 2]
    view.compare.setCurrentIndex(view.compare.findData(1))
    changes = view.schema_text.toPlainText()
    assert changes.startswith("--- v1\n+++ v2") and '+      "name": "email",' in changes
    assert view.version_label.text() == "Changes from v1 to v2"
    view.tabs.setCurrentIndex(0)
    shot(window.schemas_dock, "schemas-dock-versions-en.png", tmp_path)

    # the level, set from the dock: NONE accepts the change refused before
    view.level.setCurrentIndex(view.level.findData("NONE"))
    view.level.activated.emit(view.level.currentIndex())
    qtbot.waitUntil(lambda: level_of(window.data.schema_registry, subject) == "NONE", timeout=10_000)
    qtbot.waitUntil(lambda: view.level_note.text() == "", timeout=10_000)
    view.proposal.setPlainText(json.dumps(USER_BAD, indent=2))
    view.tabs.setCurrentIndex(1)
    view.check_button.click()
    qtbot.waitUntil(lambda: view.result.text().startswith("✔ Compatible"), timeout=10_000)
    shot(window.schemas_dock, "schemas-dock-check-en.png", tmp_path)

    # Korean
    view.level.setCurrentIndex(view.level.findData("BACKWARD"))
    view.level.activated.emit(view.level.currentIndex())
    qtbot.waitUntil(lambda: level_of(window.data.schema_registry, subject) == "BACKWARD", timeout=10_000)
    view.check_button.click()
    qtbot.waitUntil(lambda: view.last_check is not None and not view.last_check.compatible, timeout=10_000)
    window.set_language("ko")
    view.check_button.click()
    qtbot.waitUntil(lambda: "호환" in view.result.text(), timeout=10_000)
    assert window.schemas_dock.windowTitle() == "스키마"
    shot(window.schemas_dock, "schemas-dock-check-ko.png", tmp_path)
    view.tabs.setCurrentIndex(0)
    shot(window.schemas_dock, "schemas-dock-versions-ko.png", tmp_path)
    window.set_language("en")


def test_produce_dialog_encodes_with_a_subject(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Pick a subject, the value is checked as it is typed, and the record goes out in the wire format: the
    browser and confluent-kafka's AvroDeserializer read it."""
    window = make_window(registry=True)
    qtbot.waitUntil(lambda: window.data.schema_registry != "", timeout=30_000)
    client = SchemaRegistryClient({"url": window.data.schema_registry})
    client.register_schema(f"{TOPIC}-value", Schema(json.dumps(USER), "AVRO"))
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 1, 3))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    qtbot.waitUntil(lambda: window._partition_count(TOPIC) == 1, timeout=10_000)

    dialog = window.produce(TOPIC)
    dialog.value_format.setCurrentIndex(dialog.value_format.findData("schema"))
    picker = dialog.schema_value
    qtbot.waitUntil(lambda: picker.codec is not None, timeout=10_000)
    assert picker.subject.currentText() == f"{TOPIC}-value"
    assert json.loads(dialog.value.toPlainText()) == {"name": "", "visits": 0}  # an example to edit
    assert picker.status.text().startswith("✔ Valid")
    dialog.value.setPlainText('{"name": "ada", "visits": "three"}')
    assert picker.status.text().startswith(f"✘ Not valid for {TOPIC}-value v1: lab.User.visits")
    dialog.send_button.click()
    assert dialog.error_label.text().startswith("Fix the value first") and not dialog.last_deliveries
    dialog.value.setPlainText('{"name": "ada", "visits": 3}')
    assert picker.status.text() == f"✔ Valid for {TOPIC}-value v1 (Avro, schema id 1)"
    shot(dialog, "schemas-produce-en.png", tmp_path)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: bool(dialog.last_deliveries), timeout=15_000)
    assert not dialog.last_deliveries[0].error

    [(_k, value)] = [(k, v) for _p, _o, k, v in consume_confluent(window.data.bootstrap, TOPIC, 1)]
    assert value is not None and value[:5] == b"\x00\x00\x00\x00\x01"
    read = AvroDeserializer(client)
    assert read(value, SerializationContext(TOPIC, MessageField.VALUE)) == {"name": "ada", "visits": 3}
    dialog.close()
    window.browse_topic(TOPIC)
    model = window.browser_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, VALUE)) != "…", timeout=15_000)
    assert model.data(model.index(0, VALUE)) == '{"name":"ada","visits":3}'


def test_a_registry_typed_in_wins_over_the_engines(qapp) -> None:  # type: ignore[no-untyped-def]
    """An attached cluster's registry, typed into the schemas dock, decodes records until it is cleared."""
    from gui.data_clients import DataClients

    data = DataClients()
    seen: list[str] = []
    data.schemaRegistryChanged.connect(seen.append)
    data.set_schema_registry("http://127.0.0.1:8081")
    data.choose_schema_registry(" http://registry.example:8081 ")
    data.set_schema_registry("http://127.0.0.1:9000")  # the engine restarted elsewhere
    assert data.schema_registry == "http://registry.example:8081"
    assert data.schema_decoder.cache is not None and data.schema_decoder.cache.url == "http://registry.example:8081"
    data.choose_schema_registry("")
    assert seen == ["http://127.0.0.1:8081", "http://registry.example:8081", "http://127.0.0.1:9000"]


def test_status_bar_follows_the_registry(qapp) -> None:  # type: ignore[no-untyped-def]
    from engine.observe import SchemaRegistryImage
    from gui.widgets.registry_label import RegistryLabel

    label = RegistryLabel()
    assert label.isHidden()  # the engine runs none
    label.set_registry(SchemaRegistryImage("", "starting"))
    assert not label.isHidden() and label.text() == "Schema Registry: starting…"
    label.set_registry(SchemaRegistryImage("", "failed", "[Errno 98] address already in use"))
    assert label.text() == "Schema Registry: failed" and "address already in use" in label.toolTip()
    label.set_registry(SchemaRegistryImage("http://127.0.0.1:8081", "running"))
    assert label.text() == "Schema Registry: http://localhost:8081" and label.url == "http://localhost:8081"
    label.set_registry(None)
    assert label.isHidden()
