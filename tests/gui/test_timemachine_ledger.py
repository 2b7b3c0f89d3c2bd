"""The acks ledger in the recording: a producer outside the app (acks=1) is acknowledged by a leader
that is killed in slow motion, before its followers copied the records. Scrubbed to just before the
kill, the recorded session's ledger shows them acknowledged and on the leader only; just after the
new leader took over, shows them lost — for a producer the app never ran."""

from __future__ import annotations

import os

from confluent_kafka import Producer
from PySide6.QtWidgets import QApplication

from engine.control.commands import CreateTopic, KillBroker, SetReplicationDelay
from engine.observe.events import BrokerDown, LeaderElected, RecordsAcknowledged
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()
TOPIC, CLIENT, N = "ledger-rewind", "teacher-laptop", 300


def test_scrubbed_after_a_kill_the_ledger_shows_the_lost_records(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    tm = window.time_machine
    dock = window.classroom.ledger_dock
    dock.show()
    dock.raise_()
    reply = window.run_command(CreateTopic(name=TOPIC, partitions=1, replication_factor=3))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image.topic(TOPIC) is not None
                    and len(window.image.topic(TOPIC).partitions[0].isr) == 3, timeout=10_000)
    slow = window.run_command(SetReplicationDelay(ms=3000))  # followers copy 3 s late
    qtbot.waitUntil(slow.done, timeout=10_000)
    p = Producer({"bootstrap.servers": window.data.bootstrap, "acks": "1", "client.id": CLIENT,
                  "enable.idempotence": False, "linger.ms": 5})
    for i in range(N):
        p.produce(TOPIC, value=b"%d" % i, partition=0)
    assert p.flush(15) == 0  # every record acknowledged by the leader alone

    def part():  # type: ignore[no-untyped-def]
        return window.bridge.live_image.topic(TOPIC).partitions[0]

    old = part().leader
    qtbot.waitUntil(lambda: next(r for r in part().replica_states if r.broker_id == old).log_end_offset >= N,
                    timeout=10_000)

    def recorded_acks() -> int:
        return sum(e.count for e in tm.recorder.session().events() if isinstance(e, RecordsAcknowledged))

    qtbot.waitUntil(lambda: recorded_acks() == N, timeout=10_000)  # the leader published its ranges
    seen_ms = window.bridge.live_image.time_ms
    qtbot.waitUntil(lambda: window.bridge.live_image.time_ms > seen_ms, timeout=10_000)
    before_ms = window.bridge.live_image.time_ms  # an image after the acks, before the kill
    window.run_command(KillBroker(broker_id=old))
    qtbot.waitUntil(lambda: part().leader not in (-1, old), timeout=15_000)
    qtbot.waitUntil(lambda: window.bridge.live_image.broker(old).state == "dead", timeout=10_000)
    qtbot.waitUntil(lambda: tm.feeder.drain() and tm.recorder.session().end_ms >= window.bridge.live_image.time_ms,
                    timeout=10_000)

    session = tm.recorder.session()
    events = session.events()
    acks = [e for e in events if isinstance(e, RecordsAcknowledged) and e.topic == TOPIC]
    kill = next(e for e in events if isinstance(e, BrokerDown) and e.broker_id == old)
    elected = next(e for e in events if isinstance(e, LeaderElected) and e.topic == TOPIC and e.old_leader == old)
    assert sum(e.count for e in acks) == N and all(e.time_ms <= kill.time_ms for e in acks)
    assert {e.client_id for e in acks} == {CLIENT} and {e.acks for e in acks} == {"1"}

    ledger = window.classroom.ledger_view

    def row():  # type: ignore[no-untyped-def]
        return next((r for r in ledger.model.rows() if r.producer == CLIENT and r.topic == TOPIC), None)

    assert before_ms < kill.time_ms
    tm.scrub(before_ms)  # just before the kill: all acknowledged, none lost
    r = row()
    assert r is not None and r.acks == "1" and r.acknowledged == N and r.lost == 0
    assert (r.leader_only or 0) > 0  # the followers, 3 s behind, do not have them yet

    # the first recorded image with the new leader
    after = next(t for i in range(len(session.chunks)) for t, img in zip(*session._decoded(i), strict=True)
                 if t >= elected.time_ms and img.topic(TOPIC).partitions[0].leader not in (-1, old))
    tm.seek(after)  # just after the new leader took over: what it lacks is lost
    r = row()
    new_leader = session.image_at(after).topic(TOPIC).partitions[0]
    leo = next(x.log_end_offset for x in new_leader.replica_states if x.broker_id == new_leader.leader)
    assert r is not None and r.lost == N - leo > 0
    assert "lost" in ledger.verdict.text() and "acks=1" in ledger.verdict.text()
    assert ledger.intro.text().startswith("Replay")
    if os.environ.get("KAFKALAB_SAVE_SCREENSHOTS"):
        window.resize(1600, 1000)
        QApplication.processEvents()
        window.grab().save(str(SHOTS / "timemachine-ledger.png"))

    # scrubbed while the dock is hidden, the ledger is made when it is shown again
    dock.hide()
    tm.seek(before_ms)
    dock.show()
    qtbot.waitUntil(lambda: (r := row()) is not None and r.lost == 0 and r.acknowledged == N, timeout=5_000)

    tm.go_live()  # the app's own producers again: this one was never the app's
    assert row() is None and ledger.replay_ledger is None


def test_the_recorded_acks_state_gives_the_ledger_of_every_instant() -> None:
    """``add_range`` holds what adding each offset holds (overlaps count as replaced), and the ledger at
    an instant from the recording's last acks state line plus the acknowledgements after it is the
    ledger of every acknowledgement up to then."""
    import dataclasses
    import random

    from engine.observe.image import ClusterImage
    from engine.observe.recording import Recorder
    from gui.chart_rewind import AcksIndex
    from gui.models.acks_ledger import OffsetRanges, ledger_from_acks

    rnd = random.Random(7)
    events = []
    for i in range(400):
        first = rnd.randrange(0, 500)
        events.append(RecordsAcknowledged(time_ms=10_000 + i * 100, broker_id=0, client_id=f"c{i % 3}",
                                          producer_id=-1, topic="t", partition=i % 2, acks="1", count=0,
                                          ranges=((first, first + rnd.randrange(0, 9)),)))
    one, each = OffsetRanges(), OffsetRanges()
    for e in events[:80]:
        for first, last in e.ranges:
            one.add_range(first, last)
            for offset in range(first, last + 1):
                each.add(offset)
    assert (one.starts, one.ends, one.replaced) == (each.starts, each.ends, each.replaced)

    base = ClusterImage(time_ms=0, cluster_id="c", controller_id=0, metadata_offset=0, brokers=(), topics=())
    rec = Recorder(keyframe_interval_s=3.0)  # a keyframe (and, every 10 s, an acks state line) every 3 s
    for i, e in enumerate(events):
        rec.add_image(dataclasses.replace(base, time_ms=e.time_ms, metadata_offset=i))
        rec.add_event(e)
    session = rec.session()
    assert session.acks_at(events[-1].time_ms)[0] is not None
    assert len(session._events) < len(session.event_chunks) / 2  # from the last state line on, not every event

    def state(ledger):  # type: ignore[no-untyped-def]
        return sorted((p.key, i, r.starts, r.ends, r.replaced) for p in ledger.producers
                      for i, r in p.partitions.items())

    index = AcksIndex(session)
    for t in (35_000, 10_050, 49_950, 10_000, 22_349, 9_999, 30_000):  # forward and back
        expected = ledger_from_acks([e for e in events if e.time_ms <= t])
        assert state(index.ledger_at(t)) == state(expected)
    assert len(session._states) >= 3  # a state line every 10 s of the 40 s with acknowledgements
