"""The cluster time machine, headless: ``kafkalab serve --record FILE`` records a session with a broker
kill, a leader election and a consumer-group rebalance (real confluent-kafka consumers), and
``kafkalab replay`` reads it back — the image just before the kill, just after, and the events."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.observe.image import ClusterImage
from engine.observe.recording import Recorder, Session
from tests.conftest import ROOT, ServeProcess, wait_for
from tests.integration.clients import admin, create_topic, produce_confluent
from tests.integration.test_groups_support import Closer, Poller, closer, confluent_consumer

pytestmark = pytest.mark.timeout(90)
__all__ = ["closer"]


def replay(*args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "kafkalab", "replay", *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def leader_of(bootstrap: str, topic: str) -> int:
    md = admin(bootstrap).list_topics(topic, timeout=10)
    return int(md.topics[topic].partitions[0].leader)


def test_serve_record_then_replay_kill_election_rebalance(
        serve_factory: Callable[[list[str]], ServeProcess], closer: Closer, tmp_path: Path) -> None:
    path = tmp_path / "class.kafkalab-session"
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp", "--record", str(path),
                       "--config", "offsets.topic.num.partitions=4,group.initial.rebalance.delay.ms=0"])
    topic, group = "tm", "tm-group"
    create_topic(sp.bootstrap, topic, partitions=2, rf=3)
    produce_confluent(sp.bootstrap, topic, [(None, b"x")] * 20, acks="all")
    def member() -> Poller:
        c = confluent_consumer(sp.bootstrap, group)
        c.subscribe([topic])  # before its thread polls it
        return closer(Poller(c))
    first = member()
    wait_for(lambda: len(first.assignment) == 2, 30, "the first member to own both partitions")
    second = member()
    wait_for(lambda: len(first.assignment) == 1 and len(second.assignment) == 1, 30, "the rebalance to 2 members")

    old = leader_of(sp.bootstrap, topic)
    assert sp.command(f"kill {old}") == f"broker {old}: dead"
    wait_for(lambda: leader_of(sp.bootstrap, topic) not in (old, -1), 30, "a new leader")
    first.stop()
    second.stop()
    assert sp.stop() == 0

    events = [json.loads(line) for line in replay(str(path), "--events", "--json").splitlines()]
    kinds = [e["kind"] for e in events]
    assert [e["time_ms"] for e in events] == sorted(e["time_ms"] for e in events)
    kill = next(e for e in events if e["kind"] == "BrokerDown" and e["broker_id"] == old)
    election = next(e for e in events if e["kind"] == "LeaderElected" and e["topic"] == topic
                    and e["partition"] == 0 and e["old_leader"] == old)
    rebalances = [e for e in events if e["kind"] == "RebalanceCompleted" and e["group_id"] == group]
    assert kinds.index("TopicCreated") < events.index(kill) <= events.index(election)
    assert any(len(e["after"]) == 2 for e in rebalances)  # the rebalance to two members is in it
    assert events.index(rebalances[0]) < events.index(kill)

    def image_at(offset_s: float) -> ClusterImage:
        return ClusterImage.from_json(json.loads(replay(str(path), "--at", f"{offset_s:.3f}", "--json")))

    def part0(image: ClusterImage) -> Any:
        t = image.topic(topic)
        assert t is not None
        return t.partitions[0]

    before = image_at(kill["offset_s"] - 0.001)
    b = before.broker(old)
    assert b is not None and b.state == "running"
    assert part0(before).leader == old
    after = image_at(election["offset_s"] + 0.5)
    a = after.broker(old)
    assert a is not None and a.state == "dead"
    assert part0(after).leader == election["new_leader"] != old
    assert part0(after).leader_epoch == part0(before).leader_epoch + 1 == election["leader_epoch"]
    # the summary names the leader too
    assert f"{topic}-0: leader {election['new_leader']} epoch {election['leader_epoch']}" in replay(
        str(path), "--at", f"{election['offset_s'] + 0.5:.3f}")


def test_ring_keeps_the_newest_chunks_and_seeks_within_a_keyframe(cluster: Any) -> None:
    """A bounded ring drops whole chunks (each begins with a keyframe), so what stays is replayable."""
    from engine.observe.snapshot import take_snapshot

    base: ClusterImage = cluster.call(lambda: take_snapshot(cluster.cluster))
    rec = Recorder(keyframe_interval_s=1.0, ring_bytes=1)  # keeps only the newest closed chunk
    import dataclasses
    for i in range(40):  # 4 s of images at 10/s, the controller id moving through them
        rec.add_image(dataclasses.replace(base, time_ms=1_000_000 + i * 100, metadata_offset=i))
    assert rec.dropped_chunks >= 2
    session = rec.session()
    assert session.start_ms >= 1_000_000 + 2_000
    assert session.image_at(1_003_950).metadata_offset == 39
    assert session.image_at(session.start_ms).metadata_offset == (session.start_ms - 1_000_000) // 100
    assert Session.from_bytes(rec.to_bytes()[:-5]).end_ms < session.end_ms  # a torn write loses only its chunk
