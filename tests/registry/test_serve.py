"""The registry in the engine process (``kafkalab serve --schema-registry-port``): its URL on the READY line,
in the status command and in the control channel's hello; confluent-kafka's Avro, JSON Schema and Protobuf
serializers through it and real topics; it keeps answering while the ``_schemas`` leader is down, stops cleanly, and an engine
restarted on the same ``--data-dir`` serves the same schemas (old records still deserialize)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from engine.observe import ClusterImage, SchemaRegistryImage
from engine.observe.snapshot import take_snapshot
from engine.registry_service import EmbeddedRegistry
from tests.conftest import RunningCluster, ServeProcess
from tests.integration.clients import consume_confluent, create_topic, produce_confluent
from tests.registry.test_serializers import ORDER_SCHEMA, proto_classes

USER = {"type": "record", "name": "User", "namespace": "lab",
        "fields": [{"name": "name", "type": "string"}, {"name": "visits", "type": "int"}]}
USER_V2 = {**USER, "fields": USER["fields"] + [{"name": "email", "type": ["null", "string"], "default": None}]}


def ctx(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def hello_image(port: int, token: str) -> ClusterImage:
    """The first image the control channel sends a client (what the app's bridge starts from)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((json.dumps({"token": token}) + "\n").encode())
        with s.makefile("rb") as f:
            hello = json.loads(f.readline())
    assert hello["type"] == "hello"
    return ClusterImage.from_json(json.loads(json.dumps(hello["image"])))


def schemas_leader(sp: ServeProcess) -> int:
    line = next(ln for ln in sp.command("status").splitlines() if ln)  # first answer line; read the rest
    status = [line]
    assert sp.proc.stdout is not None
    while not status[-1].startswith("schema registry:"):
        status.append(sp.proc.stdout.readline().strip())
    row = next(ln for ln in status if ln.startswith("_schemas-0:"))
    return int(row.split("leader ")[1].split()[0])


def test_serve_runs_the_registry(serve_factory: Callable[[list[str]], ServeProcess], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKALAB_CONTROL_TOKEN", "t0ken")
    data_dir = tmp_path / "engine"
    sp = serve_factory(["--port", "0", "--data-dir", str(data_dir), "--schema-registry-port", "0",
                        "--control-port", "0", "--log-level", "WARNING"])
    url = sp.schema_registry
    assert url.startswith("http://127.0.0.1:")
    assert f"schema registry listening on {url}\n" in sp.lines
    # the brokers first: READY (the bootstrap) before the registry has started, its own line after
    ready = next(i for i, ln in enumerate(sp.lines) if ln.startswith("KAFKALAB READY bootstrap="))
    assert sp.lines[-1] == f"KAFKALAB REGISTRY url={url}\n" and ready < len(sp.lines) - 1
    control = int(next(ln for ln in sp.lines if ln.startswith("KAFKALAB CONTROL")).split("=")[1])
    assert hello_image(control, "t0ken").schema_registry == SchemaRegistryImage(url=url, state="running")

    client = SchemaRegistryClient({"url": url})
    topic = "users"
    first = AvroSerializer(client, json.dumps(USER))({"name": "ada", "visits": 3}, ctx(topic))
    for t in (topic, "orders-json", "orders-proto"):
        create_topic(sp.bootstrap, t, partitions=1, rf=3)
    produce_confluent(sp.bootstrap, topic, [(None, first)], acks="all")

    # the _schemas leader crashes: the registry's clients move to the new leader
    leader = schemas_leader(sp)
    assert sp.command(f"kill {leader}") == f"broker {leader}: dead"
    second = AvroSerializer(client, json.dumps(USER_V2))(
        {"name": "bob", "visits": 2, "email": "bob@example.org"}, ctx(topic))
    assert int.from_bytes(second[1:5], "big") == 2
    produce_confluent(sp.bootstrap, topic, [(None, second)], acks="all")
    # JSON Schema and Protobuf through the same registry and cluster (one broker down)
    Order, Money = proto_classes()
    produce_confluent(sp.bootstrap, "orders-json", [(None, JSONSerializer(json.dumps(ORDER_SCHEMA), client)(
        {"id": "o1", "qty": 2}, ctx("orders-json")))], acks="all")
    produce_confluent(sp.bootstrap, "orders-proto", [(None, ProtobufSerializer(Order, client)(
        Order(id="o2", total=Money(currency="EUR", cents=5)), ctx("orders-proto")))], acks="all")
    assert sp.command(f"restart {leader}") == f"broker {leader}: running"
    assert sp.stop() == 0  # the registry stops before the brokers: a clean exit

    again = serve_factory(["--port", "0", "--data-dir", str(data_dir), "--schema-registry-port", "0",
                           "--log-level", "WARNING"])
    client = SchemaRegistryClient({"url": again.schema_registry})
    assert client.get_versions(f"{topic}-value") == [1, 2]
    values = [v for _, _, _, v in consume_confluent(again.bootstrap, topic, 2)]
    read = AvroDeserializer(client)  # the writers' schemas, by id, from the restarted registry
    assert [read(v, ctx(topic)) for v in values] == [
        {"name": "ada", "visits": 3}, {"name": "bob", "visits": 2, "email": "bob@example.org"}]
    [(_p, _o, _k, as_json)] = consume_confluent(again.bootstrap, "orders-json", 1)
    [(_p, _o, _k, as_proto)] = consume_confluent(again.bootstrap, "orders-proto", 1)
    assert JSONDeserializer(None, schema_registry_client=client)(as_json, ctx("orders-json")) == {
        "id": "o1", "qty": 2}
    order = ProtobufDeserializer(Order, {}, schema_registry_client=client)(as_proto, ctx("orders-proto"))
    assert (order.id, order.total.cents) == ("o2", 5)
    assert again.stop() == 0


def test_without_the_flag_there_is_no_registry(serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    sp = serve_factory(["--port", "0", "--temp", "--log-level", "WARNING"])
    assert sp.schema_registry == ""
    assert "schema registry" not in "".join(sp.lines)
    assert sp.stop() == 0


def test_a_registry_that_cannot_start_leaves_the_cluster_running(cluster: RunningCluster) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        registry = EmbeddedRegistry(cluster.cluster, busy.getsockname()[1])
        assert cluster.engine.run(registry.start()) == ""
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    assert image.schema_registry is not None and image.schema_registry.state == "failed"
    assert "address already in use" in image.schema_registry.error
    assert all(b.state == "running" for b in image.brokers)


def test_the_apps_registry_takes_another_port_when_8081_was_taken_meanwhile(
        serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    """The app picks 8081 when it is free; another lab (or a test) taking it before the registry starts made the
    status bar say "Schema Registry: failed". With the app's --schema-registry-fallback it serves on another."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        sp = serve_factory(["--port", "0", "--temp", "--log-level", "WARNING", "--schema-registry-port", str(port),
                            "--schema-registry-fallback"])
        assert sp.schema_registry.startswith("http://127.0.0.1:") and not sp.schema_registry.endswith(f":{port}")
        assert httpx.get(f"{sp.schema_registry}/subjects", timeout=10).json() == []
    assert sp.stop() == 0


def test_the_image_follows_the_registry(cluster: RunningCluster) -> None:
    registry = EmbeddedRegistry(cluster.cluster, 0)
    url = cluster.engine.run(registry.start())
    try:
        image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
        assert image.schema_registry == SchemaRegistryImage(url=url, state="running")
        assert ClusterImage.from_json(json.loads(json.dumps(image.to_json()))) == image
        with httpx.Client(base_url=url, timeout=30) as http:
            assert http.get("/subjects").json() == []
    finally:
        cluster.engine.run(registry.stop())
    stopped = cluster.engine.call(lambda: take_snapshot(cluster.cluster)).schema_registry
    assert stopped == SchemaRegistryImage(url=url, state="stopped")
