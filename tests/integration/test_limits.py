"""Issue 10, "Limits": under a low open-file limit (RLIMIT_NOFILE 512, soft = hard so it cannot be
raised) a group plus 6 topics × 10 partitions × RF 3 still produce and consume. When clients then
take every descriptor, the engine says so in one concise line instead of a traceback per accept(),
and works again once they let go."""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from tests.conftest import ROOT, wait_for
from tests.integration.clients import QUIET

LIMIT = 512
TOPICS = [f"many-{i}" for i in range(6)]
PARTITIONS = 10


def _low_limit() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_NOFILE, (LIMIT, LIMIT))


class LimitedEngine:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "engine", "serve", "--brokers", "3", "--port", "0", "--temp",
             "--log-level", "WARNING"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, text=True, preexec_fn=_low_limit)
        self.stderr: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        assert self.proc.stdout is not None
        self.brokers: list[str] = []
        deadline = time.monotonic() + 60
        for line in self.proc.stdout:
            if line.startswith("broker "):
                self.brokers.append(line.split()[-1])
            if line.startswith("KAFKALAB READY"):
                break
            assert time.monotonic() < deadline
        assert len(self.brokers) == 3, "".join(self.stderr)
        threading.Thread(target=lambda: self.proc.stdout and self.proc.stdout.read(), daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    @property
    def bootstrap(self) -> str:
        return ",".join(self.brokers)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                return self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()


@pytest.fixture
def engine() -> Iterator[LimitedEngine]:
    e = LimitedEngine()
    yield e
    e.stop()


def produce_everywhere(bootstrap: str, tag: str) -> int:
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5, **QUIET})
    errors: list[str] = []
    n = 0
    for t in TOPICS:
        for part in range(PARTITIONS):
            for i in range(5):
                p.produce(t, value=f"{tag}-{part}-{i}".encode(), partition=part,
                          on_delivery=lambda err, _m: errors.append(str(err)) if err else None)
                n += 1
    assert p.flush(60) == 0 and not errors, errors[:3]
    return n


def consume_group(bootstrap: str, group: str, tag: str, expected: int) -> None:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                  "fetch.queue.backoff.ms": 10, **QUIET})
    c.subscribe(TOPICS)
    got = 0
    deadline = time.monotonic() + 60
    try:
        while got < expected:
            assert time.monotonic() < deadline, f"only {got} of {expected} records consumed"
            for m in c.consume(1000, 0.5):
                if m.error() is None and m.value().startswith(tag.encode()):
                    got += 1
        c.commit(asynchronous=False)
    finally:
        c.close()


def test_many_partitions_under_a_low_open_file_limit(engine: LimitedEngine) -> None:
    admin = AdminClient({"bootstrap.servers": engine.bootstrap, **QUIET})
    futures = admin.create_topics([NewTopic(t, PARTITIONS, 3) for t in TOPICS])
    for f in futures.values():
        f.result(60)
    n = produce_everywhere(engine.bootstrap, "before")
    consume_group(engine.bootstrap, "g1", "before", n)  # a group: __consumer_offsets, 50 partitions × RF 3

    # a client takes every descriptor the engine has left
    host, port = engine.brokers[0].rsplit(":", 1)
    hogs: list[socket.socket] = []
    try:
        for _ in range(LIMIT):
            if any("out of file descriptors" in line for line in engine.stderr):
                break
            try:
                hogs.append(socket.create_connection((host, int(port)), timeout=2))
            except OSError:  # the listen backlog is full too
                break
        wait_for(lambda: any("out of file descriptors" in line for line in engine.stderr), 20,
                 "the out-of-descriptors warning")
    finally:
        for s in hogs:
            s.close()

    n = produce_everywhere(engine.bootstrap, "after")
    consume_group(engine.bootstrap, "g2", "after", n)
    assert engine.stop() == 0
    text = "".join(engine.stderr)
    assert sum("out of file descriptors" in line for line in engine.stderr) == 1, text[-3000:]
    assert "accept() out of system resource" not in text and "Traceback" not in text, text[-3000:]
    assert len(text) < 10_000, text[-3000:]
    assert any(f"open-file limit is only {LIMIT}" in line for line in engine.stderr)


def test_the_soft_limit_is_raised_to_the_hard_limit() -> None:
    script = ("import resource, logging; logging.basicConfig(level='INFO');"
              "from engine.limits import raise_open_file_limit;"
              "resource.setrlimit(resource.RLIMIT_NOFILE, (256, resource.getrlimit(resource.RLIMIT_NOFILE)[1]));"
              "old, new = raise_open_file_limit(); print(old, new, resource.getrlimit(resource.RLIMIT_NOFILE)[0])")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    old, new, now = map(int, out.stdout.split())
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert old == 256 and new == now and now == (hard if hard != resource.RLIM_INFINITY else now) and now > 256
    assert "raised from 256" in out.stderr
