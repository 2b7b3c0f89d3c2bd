"""The bridge against a scripted channel server: image deltas applied in order and coalesced to
≤ 30 Hz, typed events in order, typed commands and replies."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import replace
from typing import Any

from confluent_kafka import Producer

from engine.control.commands import (
    AddPartitions,
    AlterTopicConfigs,
    CreateTopic,
    DeleteTopic,
    ElectPreferredLeaders,
    KillBroker,
    PauseBroker,
    RestartBroker,
    Snapshot,
)
from engine.observe import BrokerImage, ClusterImage, EngineEvent, codec
from engine.observe.events import BrokerDown, BrokerPaused, BrokerStarted
from gui.bridge import Bridge, CommandReply

EMPTY = ClusterImage(time_ms=0, cluster_id="c", controller_id=0, metadata_offset=0, brokers=(), topics=())


def line(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj).encode() + b"\n"


def image_at(t: int) -> dict[str, Any]:
    d = EMPTY.to_json()
    d["time_ms"] = t
    return d


BROKER = BrokerImage(0, "127.0.0.1", 9092, "running", True, 0, 0, 0, 0, 0, 0, "/data/broker-0")


class ScriptedEngine:
    """Accepts one client, checks its token, sends a hello then a burst of 300 images and events."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.token_seen = ""
        self.requests: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        conn, _ = self.sock.accept()
        f = conn.makefile("rb")
        self.token_seen = json.loads(f.readline())["token"]
        started = BrokerStarted(time_ms=1, broker_id=0, host="127.0.0.1", port=9092).to_json()
        conn.sendall(line({"type": "hello", "image": image_at(1), "events": [started, {"kind": "FromTheFuture"}]}))
        burst = line({"type": "delta", "delta": {"time_ms": 2, "brokers": {"set": [codec.encode(BROKER)], "order": [0]}}})
        burst += b"".join(line({"type": "delta", "delta": {"time_ms": t}}) for t in range(3, 302))
        burst += b"".join(line({"type": "event", "event": BrokerDown(broker_id=i, time_ms=i, reason="killed").to_json()})
                          for i in range(5))
        conn.sendall(burst)
        req = json.loads(f.readline())
        self.requests.append(req)
        conn.sendall(line({"type": "event", "event": BrokerPaused(broker_id=1, time_ms=9).to_json()})
                     + line({"type": "reply", "id": req["id"], "ok": False, "error": "nope", "code": "BROKER_NOT_AVAILABLE"}))
        req = json.loads(f.readline())
        self.requests.append(req)
        conn.sendall(line({"type": "reply", "id": req["id"], "ok": True, "result": [["orders", 0], ["orders", 2]]}))
        f.readline()  # wait for the client to go away
        conn.close()
        self.sock.close()


def test_bridge_coalesces_images_and_keeps_event_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = ScriptedEngine()
    bridge = Bridge()
    images: list[ClusterImage] = []
    events: list[EngineEvent] = []
    bridge.imageChanged.connect(images.append)
    bridge.eventsArrived.connect(events.extend)
    started = time.monotonic()
    with qtbot.waitSignal(bridge.connected, timeout=5_000):
        bridge.connect_to(engine.port, "tok-123")
    qtbot.waitUntil(lambda: images and images[-1].time_ms == 301, timeout=5_000)
    assert images[-1] == replace(EMPTY, time_ms=301, brokers=(BROKER,))  # every delta applied, in order
    elapsed = time.monotonic() - started
    assert engine.token_seen == "tok-123"
    assert len(images) <= 2 + elapsed * 30 + 1, f"{len(images)} images in {elapsed:.2f}s: not coalesced to 30 Hz"
    # typed events in the engine's order; one this GUI does not know is left out
    assert events[:6] == [BrokerStarted(time_ms=1, broker_id=0, host="127.0.0.1", port=9092)] + [
        BrokerDown(broker_id=i, time_ms=i, reason="killed") for i in range(5)]

    replies: list[CommandReply[str]] = []
    cmd = bridge.command(PauseBroker(broker_id=1), replies.append)
    qtbot.waitUntil(cmd.done, timeout=5_000)
    assert engine.requests == [{"id": cmd.id, "command": {"kind": "PauseBroker", "broker_id": 1}}]
    assert replies == [CommandReply(False, error="nope", code="BROKER_NOT_AVAILABLE")]
    assert events[-1] == BrokerPaused(broker_id=1, time_ms=9)  # delivered before the reply that followed it

    elect = bridge.command(ElectPreferredLeaders())
    qtbot.waitUntil(elect.done, timeout=5_000)
    assert elect.reply == CommandReply(True, result=(("orders", 0), ("orders", 2)))  # the typed result
    bridge.disconnect_from_engine()
    engine.thread.join(5)


def test_bridge_reports_a_lost_connection(qtbot) -> None:  # type: ignore[no-untyped-def]
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    bridge = Bridge()
    with qtbot.waitSignal(bridge.connectionLost, timeout=5_000) as lost:
        bridge.connect_to(srv.getsockname()[1], "t")
        conn, _ = srv.accept()
        conn.close()
    assert lost.args[0]  # a readable reason (closed by the engine, reset, ...)
    failed = bridge.command(KillBroker(broker_id=0))
    qtbot.waitUntil(failed.done, timeout=2_000)
    assert failed.reply is not None and not failed.reply.ok
    srv.close()


def test_reassembled_image_is_the_engines(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A real engine child process: after a burst of changes, the image the bridge rebuilt from deltas
    equals the engine's own snapshot (fetched whole with the Snapshot command)."""
    window = make_window()
    bridge = window.bridge
    for command in (CreateTopic(name="wide", partitions=30, replication_factor=3),
                    CreateTopic(name="gone", partitions=2, replication_factor=2),
                    AddPartitions(name="wide", count=36),
                    AlterTopicConfigs(name="wide", changes={"retention.ms": "3600000"})):
        pending = window.run_command(command)
        qtbot.waitUntil(pending.done, timeout=10_000)
        assert pending.reply is not None and pending.reply.ok, pending.reply
    qtbot.waitUntil(lambda: window.image.topic("wide") is not None and all(  # type: ignore[union-attr]
        len(p.isr) == 3 for p in window.image.topic("wide").partitions), timeout=20_000)  # type: ignore[union-attr]
    producer = Producer({"bootstrap.servers": window.session.bootstrap, "linger.ms": 5})
    for i in range(1_000):
        producer.produce("wide", value=b"x" * 100, partition=i % 36)
    assert producer.flush(15) == 0
    for command in (KillBroker(broker_id=1), DeleteTopic(name="gone"), RestartBroker(broker_id=1)):
        pending = window.run_command(command)
        qtbot.waitUntil(pending.done, timeout=20_000)

    snapshots: list[ClusterImage] = []

    def same_as_engine() -> bool:
        if bridge.image is not None and snapshots:
            snapshot = snapshots.pop()
            if bridge.image == replace(snapshot, time_ms=bridge.image.time_ms):
                return True
        if not snapshots:  # ask again (the engine keeps changing a little: heartbeats)
            bridge.command(Snapshot(), lambda r: snapshots.append(r.result) if r.ok and r.result else None)
        return False

    qtbot.waitUntil(same_as_engine, timeout=30_000)
    image = bridge.image
    assert image is not None and image.topic("gone") is None and image.broker(1).state == "running"  # type: ignore[union-attr]
    wide = image.topic("wide")
    assert wide is not None and len(wide.partitions) == 36 and wide.configs == {"retention.ms": "3600000"}
    assert sum(max(r.log_end_offset for r in p.replica_states) for p in wide.partitions) == 1_000
    assert bridge._thread is not None and bridge._thread.images_received > 0  # (the hello had no topics)


def test_a_slow_gui_skips_images_instead_of_falling_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A view that takes 150 ms per image while the engine changes 100×/s for 1.5 s: the bridge never
    queues a second image behind one the GUI thread has not taken, so the GUI shows the newest image
    one handler-time after the changes stop (queued, 30 images/s × 150 ms would leave it seconds behind)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    done = threading.Event()

    def engine() -> None:
        conn, _ = srv.accept()
        conn.makefile("rb").readline()
        conn.sendall(line({"type": "hello", "image": image_at(1), "events": []}))
        for t in range(2, 152):  # paced: the engine's changes arrive over 1.5 s
            conn.sendall(line({"type": "delta", "delta": {"time_ms": t}}))
            time.sleep(0.01)
        done.set()
        conn.recv(1)
        conn.close()

    threading.Thread(target=engine, daemon=True).start()
    bridge = Bridge()
    shown: list[int] = []

    def slow_view(image: ClusterImage) -> None:
        shown.append(image.time_ms)
        busy_until = time.monotonic() + 0.15
        while time.monotonic() < busy_until:  # a view that is slow to update (CPU-bound)
            pass

    bridge.imageChanged.connect(slow_view)
    started = time.monotonic()
    bridge.connect_to(srv.getsockname()[1], "t")
    qtbot.waitUntil(done.is_set, timeout=10_000)
    finished = time.monotonic()
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 151, timeout=5_000)
    caught_up = time.monotonic() - finished
    assert caught_up < 1.0, f"the GUI showed the newest image {caught_up:.2f}s after the last change"
    handling = finished - started + caught_up
    assert len(shown) <= handling / 0.15 + 3, f"{len(shown)} images in {handling:.1f}s: queued behind a slow view"
    bridge.disconnect_from_engine()
    srv.close()
