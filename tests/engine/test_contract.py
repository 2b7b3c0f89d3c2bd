"""The GUI ↔ engine contract: every command and event is registered, survives JSON both ways, and a
command that does not fit its type is refused before it runs; ClusterControl runs every command type
against a real in-process cluster and returns the result type the command declares."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.control import ClusterControl
from engine.control.commands import (
    COMMAND_TYPES,
    AddBroker,
    AddPartitions,
    AlterTopicConfigs,
    BrokerCommand,
    ClearFaults,
    Command,
    CreateTopic,
    DecodeExchange,
    DeleteTopic,
    ElectPreferredLeaders,
    InjectFault,
    KillBroker,
    ListConnections,
    ListFaults,
    Mark,
    PauseBroker,
    ReassignPartition,
    RemoveBroker,
    ResetLab,
    RestartBroker,
    ResumeBroker,
    RunRetention,
    SetReplicationDelay,
    Snapshot,
    StartBroker,
    StopBroker,
    WatchXray,
    XrayRows,
)
from engine.observe import ClusterImage, EngineEvent
from engine.observe.events import EVENT_TYPES, LeaderElected, MarkAdded, RebalanceCompleted
from engine.protocol.errors import KafkaError
from tests.conftest import RunningCluster


def _subclasses(cls: type) -> set[type]:
    """Every subclass; ``dataclass(slots=True)`` leaves the class it replaced behind, skip those."""
    out = set()
    for sub in cls.__subclasses__():
        if "__slots__" in sub.__dict__:
            out.add(sub)
        out |= _subclasses(sub)
    return out


def wire(data: Any) -> Any:
    return json.loads(json.dumps(data))


def test_every_event_and_command_type_is_registered() -> None:
    engine_events = {c for c in _subclasses(EngineEvent) if c.__module__ == "engine.observe.events"}
    assert {c.__name__ for c in engine_events} == set(EVENT_TYPES)
    assert all(EVENT_TYPES[c.__name__] is c and c.kind == c.__name__ for c in engine_events)
    commands = {c for c in _subclasses(Command) if c is not BrokerCommand}
    assert {c.__name__ for c in commands} == set(COMMAND_TYPES)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(EVENT_TYPES.values(), key=lambda c: c.kind)).flatmap(st.builds))
def test_events_survive_json(event: EngineEvent) -> None:
    data = wire(event.to_json())
    assert data["kind"] == event.kind
    assert EngineEvent.from_json(data) == event


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(COMMAND_TYPES.values(), key=lambda c: c.__name__)).flatmap(st.builds))
def test_commands_survive_json(command: Command[Any]) -> None:
    data = wire(command.to_json())
    assert data["kind"] == command.kind == type(command).__name__
    assert Command.from_json(data) == command


def test_nested_event_fields_come_back_typed() -> None:
    e = RebalanceCompleted(time_ms=1, group_id="g", coordinator=0, generation=2, state="Stable", protocol="range",
                           leader="m-1", before={}, after={"m-1": (("orders", 0), ("orders", 1))}, duration_ms=30)
    back = EngineEvent.from_json(wire(e.to_json()))
    assert isinstance(back, RebalanceCompleted) and back.after["m-1"] == (("orders", 0), ("orders", 1))


@pytest.mark.parametrize(("data", "why"), [
    ({"kind": "FormatDisk"}, "unknown Command kind 'FormatDisk'"),
    ({"kind": "BrokerCommand", "broker_id": 1}, "unknown Command kind"),  # the base is not a command
    ({"kind": "KillBroker"}, "KillBroker: missing broker_id"),
    ({"kind": "KillBroker", "broker_id": "1"}, "KillBroker.broker_id: expected an integer"),
    ({"kind": "KillBroker", "broker_id": True}, "KillBroker.broker_id: expected an integer"),
    ({"kind": "KillBroker", "broker_id": 1, "lose_unflushed": "no"}, "KillBroker.lose_unflushed: expected true"),
    ({"kind": "KillBroker", "broker_id": 1, "force": True}, "KillBroker: unknown field(s) force"),
    ({"kind": "CreateTopic", "name": "t", "partitions": 1, "replication_factor": 1, "configs": {"a": 1}},
     "CreateTopic.configs: expected a string"),
    ({"kind": "AlterTopicConfigs", "name": "t", "changes": {"retention.ms": 5}}, "AlterTopicConfigs.changes"),
    (["KillBroker", 1], "expected an object"),
    (None, "expected an object"),
])
def test_malformed_commands_are_refused(data: Any, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(").replace(")", r"\)")):
        Command.from_json(data)


def test_results_are_typed_both_ways() -> None:
    elect = ElectPreferredLeaders()
    assert elect.result_from_json(wire(elect.result_to_json((("a", 0), ("b", 3))))) == (("a", 0), ("b", 3))
    assert KillBroker(broker_id=1).result_from_json("dead") == "dead"
    assert RunRetention().result_from_json(None) is None
    with pytest.raises(ValueError):
        SetReplicationDelay(ms=5).result_from_json("5")
    event = LeaderElected(time_ms=1, topic="t", partition=0, old_leader=1, new_leader=2, leader_epoch=3, reason="x")
    with pytest.raises(ValueError, match="unknown EngineEvent kind"):
        EngineEvent.from_json({**event.to_json(), "kind": "LeaderMoved"})


def test_cluster_control_runs_every_command(cluster: RunningCluster) -> None:
    control = ClusterControl(cluster.cluster)
    ran: set[type] = set()

    def run(command: Command[Any]) -> Any:
        ran.add(type(command))
        result = cluster.engine.run(control.execute(command))
        back = command.result_from_json(wire(command.result_to_json(result)))  # what the GUI gets
        assert back == result
        return result

    topic_id = run(CreateTopic(name="orders", partitions=2, replication_factor=3, configs={"retention.ms": "60000"}))
    assert isinstance(topic_id, str) and topic_id
    assert run(AddPartitions(name="orders", count=3)) is None
    assert run(AlterTopicConfigs(name="orders", changes={"retention.ms": None, "cleanup.policy": "delete"})) is None
    image = run(Snapshot())
    assert isinstance(image, ClusterImage)
    topic = image.topic("orders")
    assert topic is not None and len(topic.partitions) == 3 and topic.configs == {"cleanup.policy": "delete"}
    assert run(SetReplicationDelay(ms=250)) == 250
    with pytest.raises(ValueError, match="between 0 and 60000"):
        run(SetReplicationDelay(ms=60_001))
    assert run(SetReplicationDelay(ms=0)) == 0
    assert run(PauseBroker(broker_id=2)) == "paused"
    assert run(ResumeBroker(broker_id=2)) == "running"
    assert run(StopBroker(broker_id=2)) == "stopped"
    assert run(StartBroker(broker_id=2)) == "running"
    assert run(KillBroker(broker_id=2, lose_unflushed=False)) == "dead"
    assert run(RestartBroker(broker_id=2)) == "running"
    with pytest.raises(ValueError, match="no broker 7"):
        run(KillBroker(broker_id=7))
    moved = run(ElectPreferredLeaders())
    assert isinstance(moved, tuple) and all(isinstance(t, str) and isinstance(p, int) for t, p in moved)
    assert run(RunRetention()) is None
    fault = run(InjectFault(fault="error", api="FindCoordinator", error="COORDINATOR_NOT_AVAILABLE", count=1))
    assert fault.fault_id.startswith("F") and run(ListFaults()) == (fault,)
    assert run(ClearFaults(fault_id=fault.fault_id)) == (fault,)
    assert isinstance(run(WatchXray(watch=True)), int) and cluster.cluster.tap.active
    run(WatchXray(watch=False))
    assert isinstance(run(XrayRows()), tuple) and isinstance(run(ListConnections()), tuple)
    with pytest.raises(ValueError, match="no longer kept"):
        run(DecodeExchange(seq=10**9))
    assert run(AddBroker()) == 3
    assert run(ReassignPartition(topic="orders", partition=0, replicas=(2, 1, 0))) is None  # no new replica: done
    with pytest.raises(KafkaError, match="NO_REASSIGNMENT_IN_PROGRESS"):
        run(ReassignPartition(topic="orders", partition=0))
    with pytest.raises(ValueError, match="broker 2 still hosts"):
        run(RemoveBroker(broker_id=2))
    assert run(RemoveBroker(broker_id=3)) is None
    assert run(DeleteTopic(name="orders")) is None
    assert run(Snapshot()).topic("orders") is None
    run(CreateTopic(name="lesson", partitions=1, replication_factor=1))
    report = run(ResetLab())
    assert report.topics_deleted == ("lesson",) and report.duration_ms >= 0
    assert run(Mark(label="Lesson 1 · step 1 — question", category="lesson")) is None
    mark = cluster.cluster.bus.history[-1]
    assert isinstance(mark, MarkAdded) and mark.label == "Lesson 1 · step 1 — question" and mark.category == "lesson"
    assert ran == set(COMMAND_TYPES.values())
