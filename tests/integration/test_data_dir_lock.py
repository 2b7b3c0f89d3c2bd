"""Two engines on one data dir would corrupt it: the second ``kafkalab serve --data-dir D`` is refused at
once with Kafka's own message ("Failed to acquire lock on file .lock in DIR. A Kafka instance in another
process or thread is using this directory."), a non-zero exit code and nothing written, while the first
keeps serving a real client. A killed first engine leaves no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

from engine.cluster import ClusterConfig, KafkaCluster
from engine.log.dir_lock import LogDirLockedError, locked_dir
from tests.conftest import ROOT, ServeProcess

LOCK_MESSAGE = "A Kafka instance in another process or thread is using this directory."


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time (what a second engine must not touch)."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def produce_and_read(bootstrap: str, topic: str, values: list[bytes]) -> list[bytes]:
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for v in values:
        p.produce(topic, v, partition=0)
    assert p.flush(30) == 0
    return read(bootstrap, topic, len(values))


def read(bootstrap: str, topic: str, count: int) -> list[bytes]:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False})
    c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    got: list[bytes] = []
    try:
        deadline = time.monotonic() + 30
        while len(got) < count and time.monotonic() < deadline:
            m = c.poll(0.2)
            if m is not None and m.error() is None:
                got.append(m.value())
    finally:
        c.close()
    return got


def test_a_second_serve_on_the_same_data_dir_is_refused(tmp_path: Path,
                                                         serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    data = tmp_path / "lab"
    first = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    assert produce_and_read(first.bootstrap, "before", [b"a", b"b"]) == [b"a", b"b"]
    os.kill(first.proc.pid, signal.SIGSTOP)  # the first engine holds still (and its locks) while we look
    try:
        before = tree(data)
        second = subprocess.run([sys.executable, "-m", "engine", "serve", "--brokers", "3", "--port", "0",
                                 "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        after = tree(data)
    finally:
        os.kill(first.proc.pid, signal.SIGCONT)
    assert second.returncode != 0
    assert f"Failed to acquire lock on file .lock in {data / 'controller'}. {LOCK_MESSAGE}" in second.stderr
    assert "KAFKALAB READY" not in second.stdout and "Traceback" not in second.stderr
    assert after == before  # nothing written by the refused engine
    assert locked_dir([data / "controller"]) == data / "controller"

    # the first engine serves on, to a real client
    assert first.proc.poll() is None
    assert produce_and_read(first.bootstrap, "after", [b"c"]) == [b"c"]

    # a killed engine's locks go with its process: the next one starts on the same lab
    first.kill9()
    assert locked_dir([data / "controller", data / "broker-0"]) is None
    again = serve_factory(["--brokers", "3", "--port", "0", "--data-dir", str(data)])
    assert read(again.bootstrap, "before", 2) == [b"a", b"b"]
    assert again.stop() == 0


def test_two_clusters_in_one_process_are_refused_too(tmp_path: Path) -> None:
    """``flock`` belongs to the open file: a second cluster object in the same process is refused as well,
    and one that is stopped lets the next one in."""
    config = ClusterConfig(num_brokers=1, port=0, data_dir=tmp_path / "lab")
    first = KafkaCluster(config)
    with pytest.raises(LogDirLockedError, match="is using this directory"):
        KafkaCluster(config)
    first.release_locks()
    second = KafkaCluster(config)
    second.release_locks()
