"""The GUI control channel against an in-process cluster, with a raw socket client that applies the
image deltas itself."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from confluent_kafka import Producer

from engine.control.channel import ControlServer
from engine.control.commands import (
    AddPartitions,
    AlterTopicConfigs,
    Command,
    CreateTopic,
    DeleteTopic,
    KillBroker,
    RestartBroker,
    Snapshot,
)
from engine.observe import ClusterImage
from engine.observe.image_diff import apply_delta
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for

TOKEN = "s3cret-token"


class RawClient:
    def __init__(self, port: int, token: str = TOKEN, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.connect(("127.0.0.1", port))
        self.sock.settimeout(15)
        self.file = self.sock.makefile("rb")
        self.sock.sendall(json.dumps({"token": token}).encode() + b"\n")
        self.next_id = 0
        self.seen: list[dict[str, Any]] = []
        self.image: ClusterImage | None = None  # the hello's image with every delta since applied
        self.bytes = 0

    def recv(self) -> dict[str, Any] | None:
        line = self.file.readline()
        if not line:
            return None
        self.bytes += len(line)
        msg: dict[str, Any] = json.loads(line)
        self.seen.append(msg)
        if msg["type"] == "hello":
            assert self.image is None, "a second hello"
            self.image = ClusterImage.from_json(msg["image"])
        elif msg["type"] == "delta":
            assert self.image is not None, "a delta before the hello"
            self.image = apply_delta(self.image, msg["delta"])
        return msg

    def recv_until(self, pred: Callable[[dict[str, Any]], bool], timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.recv()
            if msg is None:
                raise AssertionError("channel closed")
            if pred(msg):
                return msg
        raise AssertionError("timed out waiting for a message")

    def command(self, command: Command[Any] | dict[str, Any]) -> dict[str, Any]:
        """Send a command (or raw JSON standing for one) and wait for its reply."""
        self.next_id += 1
        req = self.next_id
        data = command.to_json() if isinstance(command, Command) else command
        self.sock.sendall(json.dumps({"id": req, "command": data}).encode() + b"\n")
        return self.recv_until(lambda m: m["type"] == "reply" and m["id"] == req)

    def close(self) -> None:
        self.file.close()
        self.sock.close()


@pytest.fixture
def channel(cluster: RunningCluster) -> Iterator[tuple[RunningCluster, ControlServer, int]]:
    assert cluster.cluster is not None
    server = ControlServer(cluster.cluster, TOKEN)
    port = cluster.engine.run(server.start(0))
    yield cluster, server, port
    cluster.engine.run(server.close())


def test_wrong_token_is_closed(channel: tuple[RunningCluster, ControlServer, int]) -> None:
    _, server, port = channel
    client = RawClient(port, token="wrong")
    assert client.recv() is None
    client.close()
    assert not server.clients


def test_hello_commands_and_events(channel: tuple[RunningCluster, ControlServer, int]) -> None:
    rc, _, port = channel
    client = RawClient(port)
    hello = client.recv()
    assert hello is not None and hello["type"] == "hello"
    image = ClusterImage.from_json(hello["image"])
    assert [b.broker_id for b in image.brokers] == [0, 1, 2]
    assert all(b.state == "running" for b in image.brokers)
    assert any(e["kind"] == "BrokerStarted" for e in hello["events"])

    reply = client.command(CreateTopic(name="orders", partitions=2, replication_factor=3))
    assert reply["ok"] is True and isinstance(reply["result"], str)
    created = [m for m in client.seen if m["type"] == "event" and m["event"]["kind"] == "LeaderElected"]
    assert {m["event"]["partition"] for m in created} == {0, 1}

    dup = client.command(CreateTopic(name="orders", partitions=2, replication_factor=3))
    assert dup["ok"] is False and dup["code"] == "TOPIC_ALREADY_EXISTS" and "orders" in dup["error"]
    too_many = client.command(CreateTopic(name="big", partitions=1, replication_factor=9))
    assert too_many["ok"] is False and too_many["code"] == "INVALID_REPLICATION_FACTOR"
    unknown = client.command({"kind": "FormatDisk"})
    assert unknown["ok"] is False and unknown["code"] is None and "FormatDisk" in unknown["error"]
    bad_args = client.command({"kind": "KillBroker", "nope": 1})
    assert bad_args["ok"] is False and "broker_id" in bad_args["error"]
    wrong_type = client.command({"kind": "KillBroker", "broker_id": "0"})
    assert wrong_type["ok"] is False and "KillBroker.broker_id: expected an integer" in wrong_type["error"]
    assert all(b.state == "running" for b in rc.cluster.brokers.values())  # nothing ran

    # kill the leader of orders-0: BrokerDown, LeaderElected and an image showing it dead
    client.recv_until(lambda m: m["type"] == "delta" and client.image.topic("orders") is not None)  # type: ignore[union-attr]
    assert client.image is not None
    topic = client.image.topic("orders")
    assert topic is not None
    leader = topic.partitions[0].leader
    assert client.command(KillBroker(broker_id=leader)) == {"type": "reply", "id": client.next_id, "ok": True,
                                                             "result": "dead"}
    kinds = [(m["event"]["kind"], m["event"]) for m in client.seen if m["type"] == "event"]
    assert "BrokerDown" in [k for k, _ in kinds]
    assert any(k == "LeaderElected" and e["old_leader"] == leader and e["topic"] == "orders" for k, e in kinds)

    def dead_image(m: dict[str, Any]) -> bool:
        b = client.image.broker(leader) if m["type"] == "delta" and client.image is not None else None
        return b is not None and b.state == "dead"

    client.recv_until(dead_image)
    part = client.image.topic("orders").partitions[0]  # type: ignore[union-attr]
    assert part.leader not in (leader, -1) and leader not in part.isr

    assert client.command(RestartBroker(broker_id=leader))["ok"] is True
    assert rc.cluster.brokers[leader].state == "running"
    client.close()


def test_image_rate_is_bounded(channel: tuple[RunningCluster, ControlServer, int]) -> None:
    _, _, port = channel
    client = RawClient(port)
    assert client.recv() is not None
    client.command(CreateTopic(name="busy", partitions=1, replication_factor=1))
    start = time.monotonic()
    images = 0
    while time.monotonic() - start < 1.5:
        msg = client.recv()
        assert msg is not None
        images += msg["type"] == "delta"
    assert 1 <= images <= 16  # ≤10/s when changing, ≥1/s when idle
    client.close()


def test_image_queue_keeps_only_newest(channel: tuple[RunningCluster, ControlServer, int]) -> None:
    from engine.control.channel import _Client

    class NullWriter:
        def get_extra_info(self, name: str) -> None:
            return None

        def close(self) -> None:
            pass

    _, server, _ = channel
    images = [ClusterImage(t, "c", 0, 0, (), ()) for t in range(4)]
    client = _Client(server, None, NullWriter(), images[0])  # type: ignore[arg-type]
    client.send(b"event-1\n")
    client.send_image(images[1])
    client.send(b"event-2\n")
    client.send_image(images[2])
    client.send_image(images[3])
    assert [e.data or e.image for e in client.queue if e.data or e.image] == [b"event-1\n", b"event-2\n", images[3]]
    server.max_pending = 3
    client.send(b"event-3\n")
    assert not client.closed
    client.send(b"event-4\n")  # a fourth undelivered event: hopelessly behind
    assert client.closed


def test_slow_client_does_not_block_engine(cluster: RunningCluster) -> None:
    server = ControlServer(cluster.cluster, TOKEN, max_pending=200, send_buffer=8192)
    port = cluster.engine.run(server.start(0))
    try:
        sleeper = RawClient(port, rcvbuf=4096)  # never reads
        wait_for(lambda: len(server.clients) == 1, 10, "the slow client to be accepted")
        active = RawClient(port)
        assert active.recv() is not None
        for i in range(20):  # each topic: 100 LeaderElected events to every client
            t0 = time.monotonic()
            reply = active.command(CreateTopic(name=f"flood-{i}", partitions=100, replication_factor=1))
            assert reply["ok"], reply
            assert time.monotonic() - t0 < 5, "a command stalled behind the slow client"
            if len(server.clients) == 1:
                break
        wait_for(lambda: len(server.clients) == 1, 15, "the slow client to be disconnected")
        assert active.command(Snapshot())["ok"] is True  # the engine and the active client still work
        sleeper.close()
        active.close()
    finally:
        cluster.engine.run(server.close())


def engine_image(rc: RunningCluster, like: ClusterImage) -> ClusterImage:
    """The engine's image now (taken on its loop), with ``like``'s time for comparing."""
    image = rc.engine.call(lambda: take_snapshot(rc.cluster))
    return replace(image, time_ms=like.time_ms)


def caught_up(rc: RunningCluster, client: RawClient) -> bool:
    """Read up to the next delta; is the client's image now the engine's?"""
    client.recv_until(lambda m: m["type"] == "delta")
    assert client.image is not None
    return client.image == engine_image(rc, client.image)


def burst_of_changes(rc: RunningCluster, client: RawClient) -> None:
    """Topics created, grown, reconfigured and deleted, records appended, a broker killed and restarted."""
    assert client.command(CreateTopic(name="wide", partitions=100, replication_factor=3))["ok"]
    assert client.command(CreateTopic(name="gone", partitions=2, replication_factor=2))["ok"]
    assert client.command(AddPartitions(name="wide", count=108))["ok"]
    assert client.command(AlterTopicConfigs(name="wide", changes={"retention.ms": "3600000"}))["ok"]
    wait_for(lambda: all(len(p.isr) == 3 for p in rc.engine.call(lambda: take_snapshot(rc.cluster)).topic("wide")
                         .partitions), 20, "wide to be in sync")  # type: ignore[union-attr]
    producer = Producer({"bootstrap.servers": rc.bootstrap_servers, "linger.ms": 5})
    for i in range(2_000):
        producer.produce("wide", value=b"x" * 100, partition=i % 108)
    assert producer.flush(15) == 0
    assert client.command(KillBroker(broker_id=1))["ok"]
    assert client.command(DeleteTopic(name="gone"))["ok"]
    assert client.command(RestartBroker(broker_id=1))["ok"]


def test_deltas_reassemble_the_engine_image(channel: tuple[RunningCluster, ControlServer, int]) -> None:
    rc, server, port = channel
    client = RawClient(port)
    client.recv()
    burst_of_changes(rc, client)

    wait_for(lambda: caught_up(rc, client), 20, "the reassembled image to equal the engine's")
    assert client.image is not None and client.image.topic("gone") is None
    wide = client.image.topic("wide")
    assert wide is not None and len(wide.partitions) == 108 and wide.configs == {"retention.ms": "3600000"}
    assert sum(max(r.log_end_offset for r in p.replica_states) for p in wide.partitions) == 2_000
    hello = next(m for m in client.seen if m["type"] == "hello")
    deltas = [m for m in client.seen if m["type"] == "delta"]
    assert deltas and all("image" not in m for m in deltas)
    # once the partitions settle, a delta carries what changed (heartbeats, counters), not the topics
    quiet = client.recv_until(lambda m: m["type"] == "delta" and "topics" not in m["delta"])
    assert len(json.dumps(quiet)) < len(json.dumps(client.image.to_json())) / 10
    assert len(json.dumps(hello)) < 3_000  # the hello had the empty cluster: the rest came as deltas
    client.close()


def test_slow_reader_gets_larger_deltas_and_misses_nothing(cluster: RunningCluster) -> None:
    server = ControlServer(cluster.cluster, TOKEN, send_buffer=8192)
    port = cluster.engine.run(server.start(0))
    try:
        slow = RawClient(port, rcvbuf=4096)
        assert slow.recv() is not None
        fast = RawClient(port)
        assert fast.recv() is not None
        burst_of_changes(cluster, fast)  # meanwhile slow reads nothing: its socket fills up
        slow_side = next(c for c in server.clients if c.peer == slow.sock.getsockname())
        assert slow_side.images_superseded > 0  # its unsent images were replaced, not queued

        wait_for(lambda: caught_up(cluster, slow), 30, "the slow reader to catch up")
        wait_for(lambda: caught_up(cluster, fast), 30, "the fast reader to catch up")
        slow_deltas = sum(m["type"] == "delta" for m in slow.seen)
        fast_deltas = sum(m["type"] == "delta" for m in fast.seen)
        assert slow_deltas < fast_deltas  # fewer, larger deltas, and the same image in the end
        assert max(len(json.dumps(m)) for m in slow.seen if m["type"] == "delta") >= max(
            len(json.dumps(m)) for m in fast.seen if m["type"] == "delta")
        slow.close()
        fast.close()
    finally:
        cluster.engine.run(server.close())
