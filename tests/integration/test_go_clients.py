"""The Go clients Debian packages (issue 17): sarama 1.22 and kafka-go 0.2, built from
``golang-github-shopify-sarama-dev`` and ``golang-github-segmentio-kafka-go-dev`` in GOPATH mode
(``GO111MODULE=off GOPATH=/usr/share/gocode``; ``.ci/run`` installs them). Both speak old protocol
versions: sarama with default settings produces with Produce v0 and commits with OffsetCommit v1,
kafka-go writes with Produce v2. The programs are in ``tests/go/``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, RunningCluster
from tests.integration.clients import create_topic

GOPATH = Path("/usr/share/gocode")
SOURCES = {"sarama_lab": GOPATH / "src/github.com/Shopify/sarama",
           "kafkago_lab": GOPATH / "src/github.com/segmentio/kafka-go"}
COUNT = 10


@pytest.fixture(scope="module")
def go_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    go = shutil.which("go")
    if go is None:
        pytest.skip("no Go toolchain: apt-get install golang-go golang-github-shopify-sarama-dev "
                    "golang-github-segmentio-kafka-go-dev (.ci/run does)")
    out = tmp_path_factory.mktemp("go")

    def build(name: str) -> Path:
        if not SOURCES[name].is_dir():
            pytest.skip(f"{SOURCES[name]} is missing: apt-get install golang-github-shopify-sarama-dev "
                        "golang-github-segmentio-kafka-go-dev")
        binary = out / name
        env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(GOPATH), "GOFLAGS": ""}
        env.setdefault("GOCACHE", str(Path.home() / ".cache" / "go-build"))
        done = subprocess.run([go, "build", "-o", str(binary), "."], cwd=ROOT / "tests" / "go" / name, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"go build {name} failed:\n{done.stderr}"
        return binary

    return build


def _run(binary: Path, cluster: RunningCluster, topic: str, group: str) -> list[str]:
    done = subprocess.run([str(binary), cluster.bootstrap_servers, topic, str(COUNT), group],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{binary.name} failed:\n{done.stderr[-3000:]}"
    return done.stdout.splitlines()


def _versions(log_file: Path) -> set[tuple[str, int]]:
    return {(row["api"], row["version"]) for row in map(json.loads, log_file.read_text().splitlines())}


def _logged(cluster: RunningCluster, tmp_path: Path) -> Path:
    log_file = tmp_path / "protocol.jsonl"
    cluster.call(lambda: cluster.cluster.xray.open_log(str(log_file)))
    return log_file


EXPECTED = [f"{o} key-{o} value-{o}" for o in range(COUNT)]


def test_sarama_default_settings_produce_consume_commit_and_a_consumer_group(
        go_build: Callable[[str], Path], cluster_factory: Any, tmp_path: Path) -> None:
    binary = go_build("sarama_lab")
    cluster: RunningCluster = cluster_factory(brokers=1)
    create_topic(cluster.bootstrap, "sarama", partitions=1)
    log_file = _logged(cluster, tmp_path)
    lines = _run(binary, cluster, "sarama", "sarama-group")
    assert [line.removeprefix("read ") for line in lines if line.startswith("read ")] == EXPECTED
    assert [line.removeprefix("group-read ") for line in lines if line.startswith("group-read ")] == EXPECTED
    assert f"committed sarama-group {COUNT}" in lines  # OffsetCommit v1, read back with OffsetFetch v1
    assert f"committed sarama-group-cg {COUNT}" in lines  # the consumer group's commit
    # sarama 1.22 commits with OffsetCommit v1 in both (v2 only with Consumer.Offsets.Retention set)
    assert {("Produce", 0), ("Fetch", 0), ("OffsetCommit", 1), ("OffsetFetch", 1), ("JoinGroup", 1)} <= \
        _versions(log_file)


def test_kafka_go_writes_and_reads_as_a_group(go_build: Callable[[str], Path], cluster_factory: Any,
                                              tmp_path: Path) -> None:
    from confluent_kafka import Consumer, TopicPartition

    from tests.integration.clients import QUIET

    binary = go_build("kafkago_lab")
    cluster: RunningCluster = cluster_factory(brokers=1)
    create_topic(cluster.bootstrap, "kafka-go", partitions=1)
    log_file = _logged(cluster, tmp_path)
    lines = _run(binary, cluster, "kafka-go", "kafka-go-group")
    assert [line.removeprefix("read ") for line in lines if line.startswith("read ")] == EXPECTED
    assert ("Produce", 2) in _versions(log_file)
    reader = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "kafka-go-group", **QUIET})
    try:
        [committed] = reader.committed([TopicPartition("kafka-go", 0)], timeout=10)
    finally:
        reader.close()
    assert committed.offset == COUNT
