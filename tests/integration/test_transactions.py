"""Transactions with real clients (KIP-98): committed and aborted transactions as read_committed and
read_uncommitted consumers see them, zombie fencing, and exactly-once consume–transform–produce."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import ProducerFenced
from confluent_kafka import Consumer, KafkaException
from confluent_kafka import TopicPartition as CTopicPartition

from engine.coordinator.transaction_log import TRANSACTION_STATE_TOPIC
from engine.network.client import KafkaConnection
from engine.observe.events import TransactionBegun, TransactionEnded
from engine.observe.snapshot import take_snapshot
from engine.protocol.errors import ErrorCode
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic, produce_confluent
from tests.integration.txn_support import QUIET, SMALL, read_to_end, send_txn, txn_producer


@pytest.fixture
def small(cluster_factory) -> RunningCluster:  # type: ignore[no-untyped-def]
    return cluster_factory(brokers=1, config=SMALL)


def _values(prefix: str, n: int) -> list[bytes]:
    return [f"{prefix}-{i}".encode() for i in range(n)]


def test_confluent_commit_abort_commit_read_committed_sees_13(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "txn", partitions=1, rf=1)
    p = txn_producer(small.bootstrap, "txn-confluent")
    send_txn(p, "txn", _values("a", 10), commit=True)
    send_txn(p, "txn", _values("b", 5), commit=False)
    send_txn(p, "txn", _values("c", 3), commit=True)
    committed = read_to_end(small.bootstrap, "txn", "read_committed")
    assert committed == _values("a", 10) + _values("c", 3)
    everything = read_to_end(small.bootstrap, "txn", "read_uncommitted")
    assert len(everything) == 18 and set(everything) == set(_values("a", 10) + _values("b", 5) + _values("c", 3))
    # the log holds the three markers too: 18 records + 3 control batches
    log = small.cluster.brokers[0].replica_manager.partitions[("txn", 0)].log  # type: ignore[union-attr]
    assert log.log_end_offset == 21 and log.last_stable_offset == 21
    assert [(a.first_offset, a.last_offset) for a in log.producer_state.aborted] == [(11, 16)]
    # engine.observe: the LSO and the transactions with their markers, for the partition log view
    image = small.call(lambda: take_snapshot(small.cluster))
    leader = image.topic("txn").partitions[0].replica_states[0]  # type: ignore[attr-defined]
    assert leader.last_stable_offset == 21
    assert [(t.first_offset, t.marker_offset, t.committed) for t in leader.transactions] == [
        (0, 10, True), (11, 16, False), (17, 20, True)]

    def ended() -> list[bool]:
        return [e.committed for e in list(small.cluster.bus.history) if isinstance(e, TransactionEnded)]
    wait_for(lambda: len(ended()) == 3, 10, "three TransactionEnded events")
    assert ended() == [True, False, True]
    assert sum(isinstance(e, TransactionBegun) for e in list(small.cluster.bus.history)) == 3


def test_read_committed_stops_at_an_open_transaction(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "open", partitions=1, rf=1)
    produce_confluent(small.bootstrap, "open", [(None, b"before")])
    p = txn_producer(small.bootstrap, "txn-open")
    p.begin_transaction()
    p.produce("open", value=b"pending", partition=0)
    p.flush(30)
    c = Consumer({"bootstrap.servers": small.bootstrap, "group.id": "lso", "isolation.level": "read_committed", **QUIET})
    try:
        tp = CTopicPartition("open", 0)
        # ListOffsets with read_committed answers the LSO: the open transaction's first offset
        assert c.get_watermark_offsets(tp, timeout=10, cached=False)[1] == 1
        assert read_to_end(small.bootstrap, "open", "read_committed") == [b"before"]
        p.commit_transaction(30)
        assert read_to_end(small.bootstrap, "open", "read_committed") == [b"before", b"pending"]
    finally:
        c.close()


def test_confluent_zombie_is_fenced(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "zombie", partitions=1, rf=1)
    old = txn_producer(small.bootstrap, "txn-zombie")
    old.begin_transaction()
    old.produce("zombie", value=b"from the zombie", partition=0)
    old.flush(30)
    new = txn_producer(small.bootstrap, "txn-zombie")  # fences the old one and aborts its transaction
    send_txn(new, "zombie", [b"from the new producer"], commit=True)
    with pytest.raises(KafkaException) as raised:
        old.commit_transaction(30)
    assert raised.value.args[0].fatal() or "fenced" in str(raised.value).lower()
    assert read_to_end(small.bootstrap, "zombie", "read_committed") == [b"from the new producer"]


async def _aiokafka_scenario(bootstrap: str) -> tuple[list[bytes], list[bytes]]:
    p = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id="txn-aio")
    await p.start()
    try:
        for prefix, n, commit in (("a", 10, True), ("b", 5, False), ("c", 3, True)):
            await p.begin_transaction()
            for v in _values(prefix, n):
                await p.send("aio", v, partition=0)
            if commit:
                await p.commit_transaction()
            else:
                await p.abort_transaction()
    finally:
        await p.stop()
    out = {}
    for isolation in ("read_committed", "read_uncommitted"):
        c = AIOKafkaConsumer(bootstrap_servers=bootstrap, isolation_level=isolation, auto_offset_reset="earliest",
                             enable_auto_commit=False)
        await c.start()
        try:
            tp = TopicPartition("aio", 0)
            c.assign([tp])
            end = (await c.end_offsets([tp]))[tp]
            got: list[bytes] = []
            async with asyncio.timeout(20):
                while await c.position(tp) < end:
                    batch = await c.getmany(tp, timeout_ms=500)
                    got.extend(m.value for m in batch.get(tp, []))
            out[isolation] = got
        finally:
            await c.stop()
    return out["read_committed"], out["read_uncommitted"]


async def _aiokafka_zombie(bootstrap: str) -> type[BaseException] | None:
    old = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id="aio-zombie")
    new = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id="aio-zombie")
    await old.start()
    try:
        await old.begin_transaction()
        await old.send_and_wait("aio-zombie", b"zombie", partition=0)
        await new.start()
        try:
            await old.commit_transaction()
        except ProducerFenced as e:
            return type(e)
        return None
    finally:
        await new.stop()
        await old.stop()


def test_aiokafka_commit_abort_commit_and_zombie(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "aio", partitions=1, rf=1)
    create_topic(small.bootstrap, "aio-zombie", partitions=1, rf=1)
    committed, uncommitted = asyncio.run(_aiokafka_scenario(small.bootstrap))
    assert committed == _values("a", 10) + _values("c", 3)
    assert len(uncommitted) == 18
    assert asyncio.run(_aiokafka_zombie(small.bootstrap)) is ProducerFenced


def test_exactly_once_consume_transform_produce(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "in", partitions=1, rf=1)
    create_topic(small.bootstrap, "out", partitions=1, rf=1)
    produce_confluent(small.bootstrap, "in", [(None, v) for v in _values("x", 20)])
    group = "eos-app"
    c = Consumer({"bootstrap.servers": small.bootstrap, "group.id": group, "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "isolation.level": "read_committed", **QUIET})
    p = txn_producer(small.bootstrap, "eos-app-0")
    try:
        c.subscribe(["in"])
        aborted_once = False
        processed = 0
        deadline = time.monotonic() + 60
        while processed < 20 and time.monotonic() < deadline:
            msgs = [m for m in c.consume(5, 1.0) if not m.error()]
            if not msgs:
                continue
            p.begin_transaction()
            for m in msgs:
                p.produce("out", value=m.value().upper(), partition=0)
            offsets = [CTopicPartition("in", 0, msgs[-1].offset() + 1)]
            p.send_offsets_to_transaction(offsets, c.consumer_group_metadata(), 30)
            if not aborted_once:  # the first batch is aborted: its output vanishes, its input is read again
                p.abort_transaction(30)
                aborted_once = True
                c.seek(CTopicPartition("in", 0, msgs[0].offset()))
                continue
            p.commit_transaction(30)
            processed = msgs[-1].offset() + 1
        committed = c.committed([CTopicPartition("in", 0)], timeout=10)[0].offset
    finally:
        c.close()
    assert committed == 20
    out = read_to_end(small.bootstrap, "out", "read_committed")
    assert out == [v.upper() for v in _values("x", 20)]
    coordinator = small.cluster.brokers[0].transaction_coordinator
    assert coordinator is not None
    assert small.call(lambda: coordinator.describe("eos-app-0")[1].state_name) == "CompleteCommit"  # type: ignore[union-attr]
    assert TRANSACTION_STATE_TOPIC in small.cluster.controller.image.topics
    topic = small.cluster.controller.image.topics[TRANSACTION_STATE_TOPIC]
    assert len(topic.partitions) == 4 and topic.configs.get("cleanup.policy") == "compact"


def test_transaction_past_its_timeout_is_aborted(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    running = cluster_factory(brokers=1, config={
        **SMALL, "transaction.abort.timed.out.transaction.cleanup.interval.ms": "100"})
    create_topic(running.bootstrap, "slow", partitions=1, rf=1)
    p = txn_producer(running.bootstrap, "txn-slow", **{"transaction.timeout.ms": 1000})
    p.begin_transaction()
    p.produce("slow", value=b"never committed", partition=0)
    p.flush(30)
    coordinator = running.cluster.brokers[0].transaction_coordinator

    def state() -> str:
        return running.call(lambda: coordinator.state.txns["txn-slow"].state_name)  # type: ignore[union-attr,no-any-return]
    wait_for(lambda: state() == "CompleteAbort", 15, "the coordinator aborting the expired transaction")
    with pytest.raises(KafkaException):
        p.commit_transaction(10)
    assert read_to_end(running.bootstrap, "slow", "read_committed") == []


async def _admin_requests(host: str, port: int) -> tuple[Any, Any, Any]:
    conn = KafkaConnection(host, port, "txn-admin-test")
    try:
        listed = await conn.request(66, 1, {"state_filters": [], "producer_id_filters": [], "duration_filter": -1})
        ongoing = await conn.request(66, 1, {"state_filters": ["Ongoing", "Nonsense"], "producer_id_filters": [],
                                             "duration_filter": -1})
        described = await conn.request(65, 0, {"transactional_ids": ["txn-open-admin", "txn-done-admin", "nobody"]})
    finally:
        await conn.close()
    return listed, ongoing, described


def test_list_and_describe_transactions(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "adm", partitions=2, rf=1)
    done = txn_producer(small.bootstrap, "txn-done-admin")
    send_txn(done, "adm", [b"x"], commit=True)
    open_ = txn_producer(small.bootstrap, "txn-open-admin", **{"transaction.timeout.ms": 45000})
    open_.begin_transaction()
    open_.produce("adm", value=b"y", partition=1)
    open_.flush(30)
    host, port = small.bootstrap.split(":")
    listed, ongoing, described = asyncio.run(_admin_requests(host, small.cluster.brokers[0].port))
    states = {t.transactional_id: t.transaction_state for t in listed.transaction_states}
    assert states == {"txn-done-admin": "CompleteCommit", "txn-open-admin": "Ongoing"}
    assert [t.transactional_id for t in ongoing.transaction_states] == ["txn-open-admin"]
    assert list(ongoing.unknown_state_filters) == ["Nonsense"]
    by_id = {d.transactional_id: d for d in described.transaction_states}
    opened = by_id["txn-open-admin"]
    assert opened.error_code == 0 and opened.transaction_state == "Ongoing"
    assert opened.transaction_timeout.total_seconds() == 45 and opened.transaction_start_time.year >= 2024
    assert [(t.topic, list(t.partitions)) for t in opened.topics] == [("adm", [1])]
    assert by_id["txn-done-admin"].transaction_state == "CompleteCommit" and not by_id["txn-done-admin"].topics
    assert by_id["nobody"].error_code == ErrorCode.transactional_id_not_found
    open_.abort_transaction(30)


async def _aiokafka_eos(bootstrap: str) -> None:
    consumer = AIOKafkaConsumer("aio-in", bootstrap_servers=bootstrap, group_id="aio-eos", enable_auto_commit=False,
                                auto_offset_reset="earliest", isolation_level="read_committed")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id="aio-eos-0")
    await consumer.start()
    await producer.start()
    tp = TopicPartition("aio-in", 0)
    try:
        processed, aborted_once = 0, False
        async with asyncio.timeout(60):
            while processed < 10:
                batch = (await consumer.getmany(tp, timeout_ms=500, max_records=4)).get(tp, [])
                if not batch:
                    continue
                async with producer.transaction() if aborted_once else _aborting(producer):
                    for m in batch:
                        await producer.send("aio-out", m.value.upper(), partition=0)
                    await producer.send_offsets_to_transaction({tp: batch[-1].offset + 1}, "aio-eos")
                if not aborted_once:  # the first batch's transaction was aborted: read it again
                    aborted_once = True
                    consumer.seek(tp, batch[0].offset)
                    continue
                processed = batch[-1].offset + 1
    finally:
        await producer.stop()
        await consumer.stop()


class _aborting:
    """A transaction that is aborted at the end of the block."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self.producer = producer

    async def __aenter__(self) -> None:
        await self.producer.begin_transaction()

    async def __aexit__(self, *exc: object) -> None:
        await self.producer.abort_transaction()


def test_aiokafka_exactly_once_consume_transform_produce(small: RunningCluster) -> None:
    create_topic(small.bootstrap, "aio-in", partitions=1, rf=1)
    create_topic(small.bootstrap, "aio-out", partitions=1, rf=1)
    produce_confluent(small.bootstrap, "aio-in", [(None, v) for v in _values("y", 10)])
    asyncio.run(_aiokafka_eos(small.bootstrap))
    # OffsetFetch with require_stable (librdkafka's read_committed) waits for the last commit's marker
    c = Consumer({"bootstrap.servers": small.bootstrap, "group.id": "aio-eos", "isolation.level": "read_committed",
                  **QUIET})
    try:
        assert c.committed([CTopicPartition("aio-in", 0)], timeout=10)[0].offset == 10
    finally:
        c.close()
    assert read_to_end(small.bootstrap, "aio-out", "read_committed") == [v.upper() for v in _values("y", 10)]


def test_idle_transactional_id_expires(cluster_factory) -> None:  # type: ignore[no-untyped-def]
    running = cluster_factory(brokers=1, config={
        **SMALL, "transactional.id.expiration.ms": "300",
        "transaction.remove.expired.transaction.cleanup.interval.ms": "100"})
    create_topic(running.bootstrap, "idle", partitions=1, rf=1)
    p = txn_producer(running.bootstrap, "txn-idle")
    send_txn(p, "idle", [b"once"], commit=True)
    coordinator = running.cluster.brokers[0].transaction_coordinator
    assert coordinator is not None
    first = running.call(lambda: coordinator.state.txns["txn-idle"].producer_id)
    wait_for(lambda: running.call(lambda: "txn-idle" not in coordinator.state.txns), 10,
             "the idle transactional id to expire")
    again = txn_producer(running.bootstrap, "txn-idle")  # starts afresh: a new producer id
    send_txn(again, "idle", [b"twice"], commit=True)
    assert running.call(lambda: coordinator.state.txns["txn-idle"].producer_id) != first
    assert read_to_end(running.bootstrap, "idle", "read_committed") == [b"once", b"twice"]
