"""The registry's state lives in ``_schemas``: it is rebuilt by replaying the topic when the registry
restarts, and survives a restart of the engine with the same data dir."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
from confluent_kafka.admin import ConfigResource

from schema_registry import RegistryThread
from tests.conftest import RunningCluster
from tests.integration.clients import admin

A = json.dumps({"type": "record", "name": "A", "fields": [{"name": "a", "type": "int"}]})
A2 = json.dumps({"type": "record", "name": "A", "fields": [{"name": "a", "type": "int"},
                                                           {"name": "b", "type": "int", "default": 0}]})
J = json.dumps({"type": "object", "properties": {"x": {"type": "string"}}})


def snapshot(url: str) -> dict[str, object]:
    with httpx.Client(base_url=url, timeout=30) as http:
        return {
            "subjects": http.get("/subjects?deleted=true").json(),
            "a": http.get("/subjects/a-value/versions?deleted=true").json(),
            "a-live": http.get("/subjects/a-value/versions").json(),
            "a2": http.get("/subjects/a-value/versions/2").json(),
            "j": http.get("/subjects/j-value/versions/latest").json(),
            "config": http.get("/config/a-value").json(),
            "global": http.get("/config").json(),
            "gone": http.get("/subjects/gone-value/versions?deleted=true").json(),
        }


def fill(url: str) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        assert http.post("/subjects/a-value/versions", json={"schema": A}).json() == {"id": 1}
        assert http.post("/subjects/a-value/versions", json={"schema": A2}).json() == {"id": 2}
        assert http.post("/subjects/j-value/versions", json={"schema": J, "schemaType": "JSON"}).json() == {"id": 3}
        assert http.put("/config/a-value", json={"compatibility": "FULL"}).status_code == 200
        assert http.put("/config", json={"compatibility": "FORWARD"}).status_code == 200
        assert http.delete("/subjects/a-value/versions/1").json() == 1
        http.post("/subjects/gone-value/versions", json={"schema": '"string"'})
        assert http.delete("/subjects/gone-value").json() == [1]


def test_registry_restart_rebuilds_state_from_the_topic(cluster: RunningCluster) -> None:
    first = RegistryThread(cluster.bootstrap)
    first.start()
    try:
        fill(first.url)
        before = snapshot(first.url)
    finally:
        first.stop()
    second = RegistryThread(cluster.bootstrap)
    second.start()
    try:
        assert snapshot(second.url) == before
        with httpx.Client(base_url=second.url) as http:
            # ids continue after the highest one in the topic, never reused
            assert http.post("/subjects/new-value/versions", json={"schema": '"long"'}).json() == {"id": 5}
            assert http.get("/subjects/a-value/versions/1").json()["error_code"] == 40402
    finally:
        second.stop()
    # the topic is Confluent's: compacted, one partition, replicated
    client = admin(cluster.bootstrap)  # keep a reference: the futures die with the client
    resource = ConfigResource("topic", "_schemas")
    configs = client.describe_configs([resource])[resource].result(15)
    assert configs["cleanup.policy"].value == "compact"
    md = client.list_topics("_schemas", timeout=10).topics["_schemas"]
    assert len(md.partitions) == 1 and len(md.partitions[0].replicas) == 3


def test_registry_survives_an_engine_restart(cluster_factory: Callable[..., RunningCluster],
                                             tmp_path: Path) -> None:
    data_dir = tmp_path / "engine"
    engine = cluster_factory(data_dir=data_dir)
    registry = RegistryThread(engine.bootstrap)
    registry.start()
    try:
        fill(registry.url)
        before = snapshot(registry.url)
    finally:
        registry.stop()
    engine.engine.stop()
    again = cluster_factory(data_dir=data_dir)
    registry = RegistryThread(again.bootstrap)
    registry.start()  # returns once the NOOP it writes was read back: every earlier record was replayed
    try:
        assert snapshot(registry.url) == before
    finally:
        registry.stop()
