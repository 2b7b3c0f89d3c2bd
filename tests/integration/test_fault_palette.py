"""The rest of the fault palette through the typed commands: delay, drop, isolate clients,
slow follower; the clients list; commands and results as JSON; the console's words."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from confluent_kafka import Producer

from engine.console_commands import parse_fault
from engine.control import (
    ClearFaults,
    ClusterControl,
    Command,
    InjectFault,
    ListConnections,
    ListFaults,
    XrayRows,
)
from engine.observe.xray import ExchangeRow
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import QUIET, admin, consume_confluent, create_topic, produce_confluent


def test_console_words_make_typed_commands() -> None:
    assert parse_fault("error produce NOT_LEADER_OR_FOLLOWER topic=t partition=2 broker=1 count=3".split()) == \
        InjectFault(fault="error", api="produce", error="NOT_LEADER_OR_FOLLOWER", topic="t", partition=2,
                    broker_id=1, count=3)
    assert parse_fault(["delay", "broker=2", "ms=150"]) == InjectFault(fault="delay", broker_id=2, ms=150)
    assert parse_fault(["isolate", "1"]) == InjectFault(fault="isolate", broker_id=1)
    assert parse_fault(["isolate", "1", "clients"]) == InjectFault(fault="isolate-clients", broker_id=1)
    assert parse_fault(["slow-follower", "2", "ms=500"]) == InjectFault(fault="slow-follower", broker_id=2, ms=500)
    assert parse_fault(["disk-full", "0"]) == InjectFault(fault="disk-full", broker_id=0)
    with pytest.raises(ValueError, match="ms=N is missing"):
        parse_fault(["delay", "broker=1"])
    cmd = InjectFault(fault="error", api="fetch", error="OFFSET_OUT_OF_RANGE", count=2)
    assert Command.from_json(cmd.to_json()) == cmd


def test_delay_drop_and_isolated_clients(cluster_factory: Callable[..., RunningCluster]) -> None:
    cluster = cluster_factory()
    c = cluster.cluster
    control = ClusterControl(c)

    def run(command: Command[object]) -> object:
        return cluster.engine.run(control.execute(command))
    create_topic(cluster.bootstrap, "palette", partitions=1, rf=3)
    rows: list[ExchangeRow] = []
    cluster.call(lambda: c.xray.subscribe(rows.append))

    delay = run(InjectFault(fault="delay", broker_id=0, ms=300))
    client = admin(cluster.bootstrap)  # broker 0 is the bootstrap
    client.list_topics(timeout=10)
    delayed = [r for r in list(rows) if r.broker == 0 and r.api == "Metadata"]
    assert delayed and delayed[-1].latency_ms >= 300 and delayed[-1].fault == delay.fault_id  # type: ignore[attr-defined]
    assert isinstance(run(XrayRows(after_seq=delayed[-1].seq - 1)), tuple)
    run(ClearFaults())

    # a fetch answered with an error twice: the consumer retries and reads on
    produce_confluent(cluster.bootstrap, "palette", [(None, b"fetch me")])
    run(InjectFault(fault="error", api="fetch", error="NOT_LEADER_OR_FOLLOWER", count=2))
    assert [v for *_x, v in consume_confluent(cluster.bootstrap, "palette", 1, **{"client.id": "fetcher"})] == \
        [b"fetch me"]
    refused = [r for r in list(rows) if r.client_id == "fetcher" and r.api == "Fetch" and r.errors]
    assert [r.errors for r in refused] == [("NOT_LEADER_OR_FOLLOWER",)] * 2

    # the clients view: who is connected, with which software; a drop closes those connections
    p = Producer({"bootstrap.servers": cluster.bootstrap_servers, "client.id": "dropper", **QUIET})
    p.produce("palette", b"x")
    assert p.flush(10) == 0

    def dropper_peers() -> set[tuple[int, str]]:
        conns = run(ListConnections())
        assert isinstance(conns, tuple)
        return {(x.broker, x.peer) for x in conns if x.client_id == "dropper"}
    before = wait_for(dropper_peers, what="the producer's connections")
    assert isinstance(before, set)
    conns = run(ListConnections())
    assert isinstance(conns, tuple)
    mine = [x for x in conns if x.client_id == "dropper"]
    assert {x.client_software.split("/")[0] for x in mine} == {"confluent-kafka-python"}
    assert all(x.requests >= 1 and x.bytes_in > 0 and x.bytes_out > 0 for x in mine)
    leader_conn = next(x for x in mine if "Produce" in x.apis)
    info = run(InjectFault(fault="drop", broker_id=leader_conn.broker))
    assert run(ListFaults()) == ()  # a drop acts once
    assert (leader_conn.broker, leader_conn.peer) not in dropper_peers()
    p.produce("palette", b"after the drop")  # librdkafka reconnects
    assert p.flush(15) == 0
    assert info.fault_id.startswith("F")  # type: ignore[attr-defined]

    # isolate clients: the broker closes client connections, replication goes on
    follower = next(b for b in c.brokers if b != leader_conn.broker)
    run(InjectFault(fault="isolate-clients", broker_id=follower))
    produce_confluent(cluster.bootstrap_servers, "palette", [(None, b"replicated")] * 5, acks="all")
    assert not any(x.broker == follower for x in run(ListConnections()) if x.client_id == "dropper")  # type: ignore[attr-defined]
    run(ClearFaults())


def test_slow_follower_lags(cluster_factory: Callable[..., RunningCluster]) -> None:
    cluster = cluster_factory(config={"replica.lag.time.max.ms": "60000"})
    c = cluster.cluster
    control = ClusterControl(c)
    create_topic(cluster.bootstrap, "laggy", partitions=1, rf=3)
    image = cluster.call(lambda: c.controller.image)
    leader = image.topics["laggy"].partitions[0].leader  # type: ignore[attr-defined]
    slow = next(b for b in c.brokers if b != leader)
    cluster.engine.run(control.execute(InjectFault(fault="slow-follower", broker_id=slow, ms=3000)))
    assert c.slow_motion.fetch_delay_ms(slow) == 3000

    def leo(broker: int) -> int:
        rm = c.brokers[broker].replica_manager
        assert rm is not None
        return rm.partitions[("laggy", 0)].log.log_end_offset
    produce_confluent(cluster.bootstrap, "laggy", [(None, b"v")], acks=1)  # answers a fetch parked before
    wait_for(lambda: all(cluster.call(lambda b=b: leo(b)) == 1 for b in c.brokers), what="the first record")
    produce_confluent(cluster.bootstrap, "laggy", [(None, b"v")] * 19, acks=1)
    others = [b for b in c.brokers if b not in (leader, slow)]
    wait_for(lambda: all(cluster.call(lambda b=b: leo(b)) == 20 for b in others), what="the other follower")
    assert cluster.call(lambda: leo(slow)) < 20  # still waiting out its delay
    cluster.engine.run(control.execute(ClearFaults()))
    wait_for(lambda: cluster.call(lambda: leo(slow)) == 20, what="the slow follower to catch up")
