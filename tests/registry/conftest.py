"""Fixtures: one real 3-broker engine and one registry (on its own thread) per test module; subjects are
unique per test so tests in a module do not see each other's schemas."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2 as httpx
import pytest

from engine.cluster import ClusterConfig
from engine.runtime import EngineThread
from schema_registry import RegistryThread
from tests.conftest import RunningCluster


@pytest.fixture(scope="module")
def shared_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningCluster]:
    data_dir = tmp_path_factory.mktemp("registry-cluster")
    engine = EngineThread(ClusterConfig(num_brokers=3, port=0, data_dir=data_dir, overrides={}))
    cluster = engine.start()
    yield RunningCluster(engine, cluster, 3, data_dir)
    engine.stop()


@pytest.fixture(scope="module")
def registry(shared_cluster: RunningCluster) -> Iterator[RegistryThread]:
    thread = RegistryThread(shared_cluster.bootstrap)
    thread.start()
    yield thread
    thread.stop()


@pytest.fixture
def http(registry: RegistryThread) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=registry.url, timeout=30) as client:
        yield client


@pytest.fixture
def subject(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-") + "-value"
