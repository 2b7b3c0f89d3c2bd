"""Models from synthetic images (no engine): cell states, flashes, rates, event rows, ring buffers."""

from __future__ import annotations

from engine.observe import BrokerImage, ClusterImage, PartitionImage, ReplicaImage, TopicImage
from engine.observe.events import BrokerDown, IsrShrunk, LeaderElected
from gui.models.app_events import EngineStopped
from gui.models.event_model import EventLogModel, to_row
from gui.models.placement_model import STATE_ROLE, PlacementModel, ReplicaState
from gui.models.series import Ring, SeriesGroup
from gui.models.telemetry import RateTracker, health_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def image(t: int, leader: int, isr: tuple[int, ...], dead: tuple[int, ...] = (), bytes_in: int = 0) -> ClusterImage:
    brokers = tuple(BrokerImage(b, "127.0.0.1", 9092 + b, "dead" if b in dead else "running", b == 0, 0, 1, 0,
                                bytes_in * (b + 1), 0, 0, "") for b in range(3))
    replicas = tuple(ReplicaImage(b, b not in dead, b in isr, b == leader, 0, 10, 10, 100, 0) for b in (1, 2, 0))
    part = PartitionImage("t", 0, leader, 3 - len(isr), (1, 2, 0), isr, replicas, bytes_in=bytes_in)
    internal = TopicImage("__consumer_offsets", "id2", True, (PartitionImage("__consumer_offsets", 0, 0, 0, (0,), (0,), ()),), {})
    return ClusterImage(t, "c", 0, 1, brokers, (TopicImage("t", "id", False, (part,), {}), internal))


def test_cell_states_and_preferred_leader(qapp) -> None:  # type: ignore[no-untyped-def]
    m = PlacementModel(clock=FakeClock())
    m.set_image(image(1000, 1, (1, 2, 0)))
    assert m.rowCount() == 1  # internal topic hidden
    assert [m.cell("t", 0, b).state for b in (0, 1, 2)] == [ReplicaState.IN_SYNC, ReplicaState.LEADER, ReplicaState.IN_SYNC]  # type: ignore[union-attr]
    assert m.cell("t", 0, 1).preferred and not m.cell("t", 0, 2).preferred  # type: ignore[union-attr]
    assert m.data(m.index(0, m.broker_column(1)), STATE_ROLE) == int(ReplicaState.LEADER)
    m.set_show_internal(True)
    assert m.rowCount() == 2
    assert m.cell("__consumer_offsets", 0, 1).state == ReplicaState.NONE  # type: ignore[union-attr]


def test_failover_flashes_and_marks_cells(qapp) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    m = PlacementModel(clock=clock)
    m.set_image(image(1000, 1, (1, 2, 0)))
    assert not m.animating()
    clock.now += 1
    m.set_image(image(1100, 2, (2, 0), dead=(1,)))
    assert m.cell("t", 0, 1).state == ReplicaState.OFFLINE  # type: ignore[union-attr]
    assert m.cell("t", 0, 2).state == ReplicaState.LEADER  # type: ignore[union-attr]
    assert m.flash_level(("t", 0)) == 1.0 and m.change_level(("t", 0), 2) == 1.0
    assert m.animating()
    clock.now += 10
    assert m.flash_level(("t", 0)) == 0.0 and not m.animating()
    m.set_image(image(1200, 2, (2, 0)))  # broker 1 back, not yet in sync
    assert m.cell("t", 0, 1).state == ReplicaState.OUT_OF_SYNC  # type: ignore[union-attr]
    m.note_events([BrokerDown(broker_id=0, time_ms=1, reason="killed")])
    assert m.flash_level(("t", 0)) == 1.0


def test_rates_and_health() -> None:
    tracker = RateTracker()
    assert tracker.update(image(1000, 1, (1, 2, 0), bytes_in=0)) is None
    rates = tracker.update(image(3000, 1, (1, 2, 0), bytes_in=2000))
    assert rates is not None and rates.topic_in["t"] == 1000.0 and rates.broker_in[1] == 2000.0
    h = health_of(image(3000, 2, (2, 0), dead=(1,)))
    assert (h.brokers_up, h.brokers_total, h.offline_partitions, h.under_replicated) == (2, 3, 0, 1)


def test_event_rows(qapp) -> None:  # type: ignore[no-untyped-def]
    row = to_row(LeaderElected(time_ms=5, topic="t", partition=0, old_leader=1, new_leader=2, leader_epoch=4,
                               reason="leader down"))
    assert (row.partition, row.leader, row.epoch, row.details) == ("t-0", "1 → 2", "4", "its leader went down")
    isr = to_row(IsrShrunk(time_ms=5, topic="t", partition=0, old_isr=(1, 2), new_isr=(2,)))
    assert isr.details == "ISR [1, 2] → [2]: broker 1 fell out of sync"
    m = EventLogModel(max_rows=3)
    m.append_events([BrokerDown(broker_id=i, time_ms=i, reason="killed") for i in range(5)])
    assert m.rowCount() == 3 and m.row(0).broker == "2"
    stopped = to_row(EngineStopped(time_ms=9, exit_code=-9, cause="killed by SIGKILL"))
    assert (stopped.kind, stopped.broker, stopped.details) == ("EngineStopped", "", "killed by SIGKILL")


def test_ring_buffers() -> None:
    r = Ring(3)
    for v in range(5):
        r.append(v)
    assert list(r.view()) == [2.0, 3.0, 4.0]
    g = SeriesGroup(4)
    g.append(1.0, {"a": 1.0})
    g.append(2.0, {"a": 2.0, "b": 5.0})
    assert list(g.times.view()) == [1.0, 2.0]
    b = g.series["b"].view()
    assert b[1] == 5.0 and b[0] != b[0]  # NaN before it was first seen
