"""Protocol fuzz test: valid requests of every API and version the engine advertises, mutated.

Hypothesis builds valid requests (tests/integration/test_protocol_support.py) and mutates them —
bit flips, truncation, huge / negative / over-long-varint lengths, unknown tagged fields, versions
outside the advertised range, bad size prefixes — and a few raw sockets send them concurrently to a
``kafkalab serve`` process, reconnecting whenever the broker closes the connection. After each
batch the engine must still be running, answer Metadata, complete a produce/consume round trip
with a real client, and stay below an RSS bound; at the end its log must hold no traceback (every
malformed request is refused up front, every well-formed one is handled) and only rate-limited
warnings. ``pytest --fuzz-frames N`` sets the number of frames (20 000 by default).
"""

from __future__ import annotations

import queue
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engine.protocol.frames import write_uvarint
from tests.conftest import ROOT
from tests.integration.clients import QUIET, create_topic
from tests.integration.test_protocol_support import (
    API_TABLE,
    API_VERSIONS_SERVED,
    FUZZ_GROUPS,
    FUZZ_TOPICS,
    RawClient,
    frame,
    is_flexible,
    minimal_body,
    parse_response,
    request_header,
    rss_bytes,
    valid_request,
)

FRAMES_PER_EXAMPLE = 48
FRAMES_PER_BATCH = 2000  # the engine's health is checked after each batch
SENDERS = 6
STALL_S = 1.0  # a frame left unanswered this long (a long poll with a mutated wait) → reconnect
RSS_GROWTH_BOUND = 200 * 1024 * 1024
SENTINEL_ID = -7  # ApiVersions v0 sent after each fuzz frame: its answer shows the frame was dealt with
SENTINEL = frame(18, 0, b"", correlation_id=SENTINEL_ID, client_id="sentinel")
MAX_REQUEST = 104857600  # socket.request.max.bytes default
SPECIAL_LENGTHS = [
    struct.pack(">i", 0x7FFFFFFF), struct.pack(">i", -2), struct.pack(">i", -(2**31)), struct.pack(">i", 0x10000000),
    struct.pack(">h", 0x7FFF), struct.pack(">h", -2), b"\xff\xff\xff\xff\x0f", b"\xff\xff\xff\xff\xff\x01",
    b"\x80\x80\x80\x80\x08", b"\xff\xff\xff\x7f",
]
MUTATIONS = ["valid", "valid", "unknown_tag", "bitflip", "bitflip", "truncate", "length", "length", "version",
             "size_prefix"]
WELL_FORMED = ("valid", "unknown_tag")  # must never close the connection


VARIANTS = 4  # mutated frames drawn from each valid request (drawing the request is the costly part)


@st.composite
def fuzz_frames(draw: Callable[..., Any]) -> list[tuple[str, bytes]]:
    """(mutation, frame with its size prefix) × VARIANTS from one valid request of a random API and version."""
    top_level_tags = draw(st.booleans())
    api_key, version, body = draw(valid_request(top_level_tags=top_level_tags))
    return [_mutate(draw, api_key, version, body, top_level_tags) for _ in range(VARIANTS)]


def _mutate(draw: Callable[..., Any], api_key: int, version: int, body: bytes,
            top_level_tags: bool) -> tuple[str, bytes]:
    mutation = draw(st.sampled_from(MUTATIONS))
    header_tags = b"\x00"
    if mutation == "unknown_tag" and not is_flexible(api_key, version):
        mutation = "valid"  # no tagged fields before KIP-482's flexible versions
    if mutation == "unknown_tag":
        tag = draw(st.integers(100, 2**28))  # known tags are small numbers
        value = draw(st.binary(max_size=8))
        section = write_uvarint(1) + write_uvarint(tag) + write_uvarint(len(value)) + value
        if top_level_tags or draw(st.booleans()):
            header_tags = section  # KIP-482: the request header may carry tags too
        else:  # the body ends with its empty top-level tagged fields
            body = body[:-1] + section
    payload = bytearray(request_header(api_key, version, draw(st.integers(0, 2**31 - 1)),
                                       header_tags=header_tags) + body)
    if mutation == "bitflip":
        for _ in range(draw(st.integers(1, 8))):
            bit = draw(st.integers(0, len(payload) * 8 - 1))
            payload[bit // 8] ^= 1 << (bit % 8)
    elif mutation == "truncate":
        del payload[draw(st.integers(0, len(payload) - 1)):]
    elif mutation == "length":
        at = draw(st.integers(0, len(payload)))
        special = draw(st.sampled_from(SPECIAL_LENGTHS))
        if draw(st.booleans()):
            payload[at:at + len(special)] = special  # overwrite
        else:
            payload[at:at] = special  # insert
    elif mutation == "version":
        spec = API_TABLE.get(api_key)
        assert spec is not None
        bad = draw(st.one_of(st.integers(-(2**15), spec.min_version - 1), st.integers(spec.max_version + 1, 2**15 - 1)))
        payload[2:4] = struct.pack(">h", bad)
    elif mutation == "size_prefix":
        size = draw(st.sampled_from([0, -1, -(2**31), MAX_REQUEST + 1, 2**31 - 1]))
        return mutation, struct.pack(">i", size) + bytes(payload)
    return mutation, struct.pack(">i", len(payload)) + bytes(payload)


@dataclass
class Stats:
    sent: int = 0
    answered: int = 0  # the sentinel came back on the same connection
    closed: int = 0  # the broker closed the connection
    stalled: int = 0  # nothing within STALL_S: reconnected
    by_mutation: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused_samples: list[str] = field(default_factory=list)  # well-formed frames the broker refused
    lock: threading.Lock = field(default_factory=threading.Lock)


def _read_until_sentinel(sock: socket.socket) -> str:
    """"answered", "closed" or "stalled"."""
    buf = bytearray()
    deadline = time.monotonic() + STALL_S
    while True:
        while len(buf) >= 8:
            size, correlation_id = struct.unpack_from(">ii", buf)
            if len(buf) < 4 + size:
                break
            del buf[: 4 + size]
            if correlation_id == SENTINEL_ID:
                return "answered"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "stalled"
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return "stalled"
        except OSError:
            return "closed"
        if not chunk:
            return "closed"
        buf += chunk


def send_frames(host: str, port: int, frames: queue.Queue[tuple[str, bytes] | None], stats: Stats) -> None:
    sock: socket.socket | None = None
    while True:
        item = frames.get()
        if item is None:
            frames.task_done()
            break
        mutation, data = item
        try:
            if sock is None:
                sock = socket.create_connection((host, port), timeout=10)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(data + SENTINEL)
            outcome = _read_until_sentinel(sock)
        except OSError:
            outcome = "closed"
        if outcome != "answered" and sock is not None:
            sock.close()
            sock = None
        with stats.lock:
            stats.sent += 1
            stats.by_mutation[mutation] += 1
            stats.outcomes[(mutation, outcome)] += 1
            if outcome == "closed" and mutation in WELL_FORMED and len(stats.refused_samples) < 5:
                stats.refused_samples.append(data.hex())
            setattr(stats, outcome, getattr(stats, outcome) + 1)
        frames.task_done()
    if sock is not None:
        sock.close()


@dataclass
class Engine:
    proc: subprocess.Popen[str]
    bootstrap: str
    log_path: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """`kafkalab serve` with 2 brokers; its log goes to a file (read at the end, never a full pipe)."""
    log_path = tmp_path / "engine.log"
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "engine", "serve", "--brokers", "2", "--port", "0", "--data-dir", str(tmp_path / "data"),
             "--log-level", "WARNING", "--config", "auto.create.topics.enable=false",
             "--config", "lab.max.partitions.per.topic=4"],
            stdout=subprocess.PIPE, stderr=log_file, stdin=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    bootstrap = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"kafkalab serve exited early: {log_path.read_text()[-2000:]}")
        if line.startswith("KAFKALAB READY bootstrap="):
            bootstrap = line.strip().split("=", 1)[1]
            break
    assert bootstrap, "kafkalab serve did not become ready"
    eng = Engine(proc, bootstrap, log_path)
    yield eng
    eng.stop()


class RoundTrip:
    """A long-lived producer and an assign()-ed consumer on topic "rt" (the fuzz frames never name it)."""

    def __init__(self, bootstrap: str) -> None:
        self.producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, **QUIET})
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "fuzz-rt", "enable.auto.commit": False,
                                  "auto.offset.reset": "earliest", "fetch.queue.backoff.ms": 10, **QUIET})
        self.consumer.assign([TopicPartition("rt", 0, -2)])

    def check(self, value: bytes, timeout: float = 20.0) -> None:
        errors: list[object] = []
        self.producer.produce("rt", value=value, on_delivery=lambda err, _m: errors.append(err) if err else None)
        assert self.producer.flush(timeout) == 0 and not errors, f"produce failed: {errors}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.consumer.consume(100, 0.2):
                if not m.error() and m.value() == value:
                    return
        raise AssertionError(f"{value!r} was not consumed within {timeout}s")

    def close(self) -> None:
        self.consumer.close()
        del self.producer  # librdkafka's producer closes when the last reference goes


def _metadata_answers(bootstrap: str) -> bool:
    client = RawClient(bootstrap)
    reply = client.request(frame(3, 12, minimal_body(3, 12, topics=None), correlation_id=42))
    client.close()
    return reply is not None and reply[0] == 42


def _brokers(bootstrap: str) -> list[str]:
    client = RawClient(bootstrap)
    reply = client.request(frame(3, 12, minimal_body(3, 12, topics=None), correlation_id=43))
    client.close()
    assert reply is not None
    return [f"{b.host}:{b.port}" for b in parse_response(3, 12, reply[1]).brokers]


def _high_watermarks(brokers: list[str], topics: tuple[str, ...]) -> list[int]:
    """Each partition's latest offset (ListOffsets v7, asked of every broker: the leader answers)."""
    body = minimal_body(2, 7, replica_id=-1, topics=[
        {"name": t, "partitions": [{"partition_index": p, "timestamp": -1, "current_leader_epoch": -1}
                                   for p in range(2)]} for t in topics])
    best: dict[tuple[str, int], int] = {}
    for address in brokers:
        client = RawClient(address)
        reply = client.request(frame(2, 7, body, correlation_id=11))
        client.close()
        assert reply is not None
        for t in parse_response(2, 7, reply[1]).topics:
            for p in t.partitions:
                best[(t.name, p.partition_index)] = max(best.get((t.name, p.partition_index), 0), p.offset)
    return list(best.values())


def test_protocol_fuzz(engine: Engine, request: pytest.FixtureRequest) -> None:
    total = int(request.config.getoption("--fuzz-frames"))
    for name in FUZZ_TOPICS:
        create_topic(engine.bootstrap, name, partitions=2, rf=2)
    create_topic(engine.bootstrap, "rt", rf=2)
    round_trip = RoundTrip(engine.bootstrap)
    round_trip.check(b"before")
    assert FUZZ_GROUPS and API_VERSIONS_SERVED
    baseline = rss_bytes(engine.proc.pid)
    brokers = _brokers(engine.bootstrap)
    assert len(brokers) == 2
    hosts = [(h, int(p)) for h, p in (b.rsplit(":", 1) for b in brokers)]
    stats = Stats()
    peak = baseline
    appended = checks = 0
    queued = 0
    started = time.monotonic()
    # senders work through the queue while hypothesis draws the next frames
    frames: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=4 * FRAMES_PER_EXAMPLE)
    senders = [threading.Thread(target=send_frames, args=(*hosts[i % len(hosts)], frames, stats), daemon=True)
               for i in range(SENDERS)]
    for t in senders:
        t.start()

    def health_check() -> None:
        nonlocal checks, peak
        frames.join()  # every frame so far has been answered, refused or given up on
        checks += 1
        assert engine.proc.poll() is None, f"the engine died: {engine.log_path.read_text()[-3000:]}"
        assert _metadata_answers(engine.bootstrap), "Metadata is not answered after a fuzz batch"
        round_trip.check(f"after batch {checks}".encode())
        rss = rss_bytes(engine.proc.pid)
        peak = max(peak, rss)
        assert rss - baseline < RSS_GROWTH_BOUND, f"engine RSS grew by {(rss - baseline) / 2**20:.0f} MiB"

    @settings(max_examples=-(-total // FRAMES_PER_EXAMPLE), deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(fuzz_frames(), min_size=FRAMES_PER_EXAMPLE // VARIANTS, max_size=FRAMES_PER_EXAMPLE // VARIANTS))
    def fuzz(groups: list[list[tuple[str, bytes]]]) -> None:
        nonlocal queued
        for group in groups:
            for item in group:
                frames.put(item, timeout=120)
                queued += 1
                if queued % FRAMES_PER_BATCH == 0:
                    health_check()

    try:
        fuzz()
        health_check()
        # the well-formed frames did reach the handlers: fuzz produce requests were appended
        appended = sum(_high_watermarks(brokers, FUZZ_TOPICS))
    finally:
        for _ in senders:
            frames.put(None)
        for t in senders:
            t.join(30)
        round_trip.close()
    elapsed = time.monotonic() - started
    print(f"\nprotocol fuzz: {stats.sent} frames in {elapsed:.1f}s ({checks} batches, {appended} records appended): "
          f"{stats.answered} answered, "
          f"{stats.closed} closed, {stats.stalled} stalled; by mutation {dict(stats.by_mutation)}; "
          f"engine RSS {baseline / 2**20:.0f} MiB → peak {peak / 2**20:.0f} MiB")
    assert stats.sent >= total
    assert stats.answered and stats.closed
    refused = {m: stats.outcomes[(m, "closed")] for m in WELL_FORMED}
    assert not any(refused.values()), f"well-formed requests refused: {refused} e.g. {stats.refused_samples}"
    engine.stop()
    log_text = engine.log_path.read_text()
    at = log_text.find("Traceback")
    assert at < 0, "the engine logged a traceback:\n" + log_text[max(0, log_text.rfind("\n", 0, at - 2)):][:4000]
    warnings = [line for line in log_text.splitlines() if "after an invalid" in line]
    assert len(warnings) <= 2 * (10 + 2 * elapsed) + 10, f"{len(warnings)} warning lines: not rate-limited"
