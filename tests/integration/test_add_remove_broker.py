"""Adding and removing brokers at runtime: a 4th broker registers and hosts nothing until a
reassignment moves a replica onto it, which catches up and joins the ISR while clients keep working;
a broker that still hosts replicas cannot be removed; an empty one leaves the cluster."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from kafka import KafkaAdminClient, TopicPartition

from engine.cluster import ClusterConfig
from engine.control import AddBroker, ClusterControl, RemoveBroker
from engine.runtime import EngineThread
from tests.conftest import RunningCluster, ServeProcess, wait_for
from tests.integration.clients import (
    admin,
    consume_confluent,
    create_topic_with_assignment,
    produce_confluent,
)


def _broker_ids(bootstrap: str) -> list[int]:
    return sorted(admin(bootstrap).list_topics(timeout=10).brokers)


def test_add_broker_reassign_onto_it_then_remove(cluster: RunningCluster) -> None:
    control = ClusterControl(cluster.cluster)
    create_topic_with_assignment(cluster.bootstrap, "grow", {0: [0, 1]})
    produce_confluent(cluster.bootstrap, "grow", [(None, f"v{i}".encode()) for i in range(100)], acks="all")
    assert len(consume_confluent(cluster.bootstrap, "grow", 100, partitions=1)) == 100  # (__consumer_offsets too)

    assert cluster.engine.run(control.execute(AddBroker())) == 3
    wait_for(lambda: _broker_ids(cluster.bootstrap) == [0, 1, 2, 3], what="Metadata to list 4 brokers")
    assert cluster.cluster.controller.hosted_replicas(3) == []  # a new broker gets no partitions by itself
    with pytest.raises(ValueError, match="broker 0 still hosts .* replica.*move them to other brokers first"):
        cluster.engine.run(control.execute(RemoveBroker(broker_id=0)))

    kadmin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap, client_id="grow-test")
    try:
        tp = TopicPartition("grow", 0)
        assert kadmin.alter_partition_reassignments({tp: [1, 3]}) == {tp: None}

        def moved() -> bool:
            reg = cluster.cluster.controller.image.partition("grow", 0)
            return reg.replicas == (1, 3) and set(reg.isr) == {1, 3}
        wait_for(moved, timeout=30, what="broker 3's replica to catch up and join the ISR")
        part = cluster.cluster.brokers[3].replica_manager.partitions[("grow", 0)]
        assert part.log.log_end_offset == 100
        produce_confluent(cluster.bootstrap, "grow", [(None, f"w{i}".encode()) for i in range(50)], acks="all")
        values = [v for _p, _o, _k, v in consume_confluent(cluster.bootstrap, "grow", 150, partitions=1)]
        assert values == [f"v{i}".encode() for i in range(100)] + [f"w{i}".encode() for i in range(50)]

        assert kadmin.alter_partition_reassignments({tp: [1, 2]}) == {tp: None}
        wait_for(lambda: cluster.cluster.controller.hosted_replicas(3) == [], timeout=30, what="broker 3 to empty")
    finally:
        kadmin.close()
    cluster.engine.run(control.execute(RemoveBroker(broker_id=3)))
    assert 3 not in cluster.cluster.brokers and 3 not in cluster.cluster.controller.image.brokers
    wait_for(lambda: _broker_ids(cluster.bootstrap) == [0, 1, 2], what="Metadata to list 3 brokers again")
    assert len(consume_confluent(cluster.bootstrap, "grow", 150, partitions=1)) == 150


def _free_base(n: int) -> int:
    """A port p with p..p+n-1 free now."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            socks = []
            for i in range(n):
                t = socket.socket()
                socks.append(t)
                t.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
        finally:
            for t in socks:
                t.close()
    raise AssertionError("no free port range")


def test_new_broker_takes_the_next_port(tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = _free_base(4)
    engine = EngineThread(ClusterConfig(num_brokers=3, port=base, data_dir=tmp_path / "c"))
    cluster = engine.start()
    try:
        bid = engine.run(ClusterControl(cluster).execute(AddBroker()))
        assert (bid, cluster.brokers[bid].port) == (3, base + 3)
        assert (tmp_path / "c" / "broker-3" / "meta.properties").read_text().count("node.id=3") == 1
    finally:
        engine.stop()


def test_serve_console_add_and_remove(serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp"])
    create_topic_with_assignment(sp.bootstrap, "kept", {0: [0, 1, 2]})
    assert sp.command("add-broker").startswith("broker 3 added at 127.0.0.1:")
    assert sp.command("remove-broker 1").startswith("error: broker 1 still hosts")
    assert sp.command("remove-broker 3") == "broker 3 removed"
    assert sp.command("remove-broker 3").startswith("error: no broker 3")
