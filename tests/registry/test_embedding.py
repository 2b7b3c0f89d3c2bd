"""Ways to run the registry: on the engine's own asyncio loop (as `kafkalab serve` will: the registry's
Kafka writes go through that same loop, so any blocking call would deadlock), and as
``python -m schema_registry``."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx2 as httpx

from schema_registry import SchemaRegistry
from tests.conftest import ROOT, RunningCluster

SCHEMA = json.dumps({"type": "record", "name": "E", "fields": [{"name": "a", "type": "int"}]})


def test_on_the_engine_loop(cluster: RunningCluster) -> None:
    registry = SchemaRegistry(cluster.bootstrap)
    port = cluster.engine.run(registry.start())
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            assert http.post("/subjects/e-value/versions", json={"schema": SCHEMA}).json() == {"id": 1}
            assert http.get("/subjects/e-value/versions").json() == [1]
    finally:
        cluster.engine.run(registry.stop())


def test_python_dash_m(cluster: RunningCluster) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "schema_registry", "--bootstrap-server", cluster.bootstrap,
                             "--port", "0", "--log-level", "WARNING"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("SCHEMA REGISTRY READY url="), line
        url = line.strip().split("=", 1)[1]
        with httpx.Client(base_url=url, timeout=30) as http:
            assert http.post("/subjects/m-value/versions", json={"schema": SCHEMA}).json() == {"id": 1}
            assert http.get("/subjects").json() == ["m-value"]
    finally:
        proc.send_signal(2)
        assert proc.wait(20) == 0
