"""Fetch sessions (KIP-227) over the wire: raw Fetch requests against a real engine — a new
session, incremental fetches that answer only partitions with news, adding and forgetting
partitions, Kafka's session errors, eviction from a full cache, a session on a broker that loses
leadership — and followers that fetch in sessions yet still catch up, leave the ISR when paused and
come back."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from confluent_kafka import ElectionType, Producer, TopicPartition
from confluent_kafka.admin import NewTopic

from engine.network.client import KafkaConnection
from engine.protocol.errors import ErrorCode
from engine.server.broker import Broker
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import admin, create_topic, produce_confluent

pytestmark = pytest.mark.timeout(90)

MAX_BYTES = 1 << 20


class RawFetcher:
    """A consumer speaking Fetch by hand to one broker (its own event loop, a real socket)."""

    def __init__(self, broker: Broker) -> None:
        self.loop = asyncio.new_event_loop()
        self.conn = KafkaConnection(broker.host, broker.port, "raw-session-test", timeout_s=10)

    def fetch(self, topics: dict[str, dict[int, int]], session_id: int = 0, epoch: int = -1,
              forgotten: dict[str, list[int]] | None = None, version: int = 12, max_wait_ms: int = 0,
              replica_id: int = -1, topic_ids: dict[str, Any] | None = None) -> Any:
        def topic_key(name: str) -> dict[str, Any]:
            return {"topic_id": topic_ids[name]} if version >= 13 and topic_ids else {"topic": name}
        body = {"replica_id": replica_id, "max_wait": max_wait_ms, "min_bytes": 1, "max_bytes": MAX_BYTES,
                "isolation_level": 0, "session_id": session_id, "session_epoch": epoch, "rack_id": "",
                "topics": [{**topic_key(t), "partitions": [
                    {"partition": p, "current_leader_epoch": -1, "fetch_offset": o, "last_fetched_epoch": -1,
                     "log_start_offset": -1, "partition_max_bytes": MAX_BYTES} for p, o in ps.items()]}
                    for t, ps in topics.items()],
                "forgotten_topics_data": [{**topic_key(t), "partitions": ps} for t, ps in (forgotten or {}).items()]}
        return self.loop.run_until_complete(self.conn.request(1, version, body))

    def close(self) -> None:
        self.loop.run_until_complete(self.conn.close())
        self.loop.close()


def answered(response: Any) -> dict[tuple[str, int], tuple[int, int, int]]:
    """(topic, partition) → (error code, high watermark, record bytes) of every partition answered."""
    return {(t.topic, p.partition_index): (p.error_code, p.high_watermark, len(p.records or b""))
            for t in response.responses for p in t.partitions}


@pytest.fixture
def one_broker(cluster_factory: Any) -> RunningCluster:
    return cluster_factory(brokers=1, config={"max.incremental.fetch.session.cache.slots": "3"})  # type: ignore[no-any-return]


@pytest.fixture
def raw(one_broker: RunningCluster) -> Iterator[RawFetcher]:
    fetcher = RawFetcher(one_broker.cluster.brokers[0])
    yield fetcher
    fetcher.close()


def _produce(bs: str, topic: str, partition: int, n: int) -> None:
    p = Producer({"bootstrap.servers": bs, "linger.ms": 0, "log_level": 3})
    for i in range(n):
        p.produce(topic, value=f"{partition}-{i}".encode(), partition=partition)
    assert p.flush(15) == 0


def test_new_session_then_incremental_answers_only_news(one_broker: RunningCluster, raw: RawFetcher) -> None:
    bs = one_broker.bootstrap
    create_topic(bs, "s", partitions=3)
    _produce(bs, "s", 0, 2)
    full = raw.fetch({"s": {0: 0, 1: 0, 2: 0}}, session_id=0, epoch=0)
    assert full.error_code == 0 and full.session_id != 0
    got = answered(full)
    assert set(got) == {("s", 0), ("s", 1), ("s", 2)} and got[("s", 0)][1] == 2 and got[("s", 0)][2] > 0
    sid = full.session_id

    # the client moved on in partition 0: nothing new anywhere, nothing answered
    inc = raw.fetch({"s": {0: 2}}, sid, 1)
    assert inc.error_code == 0 and inc.session_id == sid and answered(inc) == {}
    inc = raw.fetch({}, sid, 2)
    assert answered(inc) == {}

    # a record in partition 1, which the request does not name: answered from the cached offset
    _produce(bs, "s", 1, 1)
    inc = raw.fetch({}, sid, 3)
    got = answered(inc)
    assert set(got) == {("s", 1)} and got[("s", 1)][1] == 1 and got[("s", 1)][2] > 0
    # not moved on: the same records are answered again (Kafka answers records on every fetch)
    assert set(answered(raw.fetch({}, sid, 4))) == {("s", 1)}
    assert answered(raw.fetch({"s": {1: 1}}, sid, 5)) == {}

    # a parked incremental fetch wakes on an append to a partition it does not name
    def later() -> None:
        wait_for(lambda: session.wake._waiter is not None, 10, "the fetch to park")
        _produce(bs, "s", 2, 1)
    session = one_broker.cluster.brokers[0].replica_manager.fetch_manager.cache.get(sid)  # type: ignore[union-attr]
    assert session is not None
    t = threading.Thread(target=later)
    t.start()
    t0 = time.monotonic()
    inc = raw.fetch({}, sid, 6, max_wait_ms=10_000)
    t.join()
    assert set(answered(inc)) == {("s", 2)} and time.monotonic() - t0 < 8


def test_add_forget_and_empty_session(one_broker: RunningCluster, raw: RawFetcher) -> None:
    bs = one_broker.bootstrap
    create_topic(bs, "a", partitions=2)
    create_topic(bs, "b", partitions=1)
    full = raw.fetch({"a": {0: 0}}, 0, 0)
    sid = full.session_id
    assert set(answered(full)) == {("a", 0)}
    # added partitions are answered (their high watermark is news to the session)
    inc = raw.fetch({"a": {1: 0}, "b": {0: 0}}, sid, 1)
    assert set(answered(inc)) == {("a", 1), ("b", 0)}
    # a forgotten partition is no longer read, whatever happens to it
    inc = raw.fetch({}, sid, 2, forgotten={"a": [0]})
    assert answered(inc) == {}
    _produce(bs, "a", 0, 3)
    _produce(bs, "b", 0, 1)
    assert set(answered(raw.fetch({}, sid, 3))) == {("b", 0)}
    session = one_broker.cluster.brokers[0].replica_manager.fetch_manager.cache.get(sid)  # type: ignore[union-attr]
    assert session is not None and set(session.partitions) == {("a", 1), ("b", 0)}
    # forgetting everything closes the session (Kafka: an empty session is removed)
    inc = raw.fetch({}, sid, 4, forgotten={"a": [1], "b": [0]})
    assert inc.error_code == 0 and inc.session_id == 0
    assert raw.fetch({}, sid, 5).error_code == ErrorCode.fetch_session_id_not_found


def test_session_errors(one_broker: RunningCluster, raw: RawFetcher) -> None:
    bs = one_broker.bootstrap
    create_topic(bs, "e", partitions=1)
    sid = raw.fetch({"e": {0: 0}}, 0, 0).session_id
    assert sid != 0
    wrong = raw.fetch({"e": {0: 0}}, sid, 7)
    assert wrong.error_code == ErrorCode.invalid_fetch_session_epoch and wrong.session_id == 0
    assert answered(wrong) == {}
    assert raw.fetch({}, sid, 1).error_code == 0  # the session survives a bad epoch
    assert raw.fetch({}, sid ^ 0x5A5A, 2).error_code == ErrorCode.fetch_session_id_not_found
    assert raw.fetch({}, 0, 3).error_code == ErrorCode.fetch_session_id_not_found  # incremental without a session

    # v13 names topics by id: a v12 session cannot be continued with it, nor the reverse
    topic_id = one_broker.cluster.brokers[0].metadata.image.topics["e"].topic_id  # type: ignore[union-attr]
    ids = {"e": topic_id}
    err = raw.fetch({}, sid, 2, version=13, topic_ids=ids)
    assert err.error_code == ErrorCode.fetch_session_topic_id_error
    sid13 = raw.fetch({"e": {0: 0}}, 0, 0, version=13, topic_ids=ids).session_id
    assert sid13 != 0
    assert raw.fetch({}, sid13, 1, version=12).error_code == ErrorCode.fetch_session_topic_id_error
    assert raw.fetch({}, sid13, 1, version=13, topic_ids=ids).error_code == 0

    # epoch -1 closes the session and fetches sessionless; epoch 0 closes it and opens a new one
    closed = raw.fetch({"e": {0: 0}}, sid, -1)
    assert closed.error_code == 0 and closed.session_id == 0 and set(answered(closed)) == {("e", 0)}
    assert raw.fetch({}, sid, 2).error_code == ErrorCode.fetch_session_id_not_found
    renewed = raw.fetch({"e": {0: 0}}, sid13, 0, version=13, topic_ids=ids)
    assert renewed.session_id not in (0, sid13)
    assert raw.fetch({}, sid13, 2, version=13, topic_ids=ids).error_code == ErrorCode.fetch_session_id_not_found


def test_full_cache_evicts_a_consumer_for_a_follower(one_broker: RunningCluster, raw: RawFetcher) -> None:
    bs = one_broker.bootstrap
    create_topic(bs, "c", partitions=3)
    consumers = [raw.fetch({"c": {i: 0}}, 0, 0).session_id for i in range(3)]  # the cache holds 3
    assert all(consumers) and len(set(consumers)) == 3
    assert raw.fetch({"c": {0: 0, 1: 0, 2: 0}}, 0, 0).session_id == 0  # no room: answered sessionless
    # a follower's session (privileged) takes the place of the least valuable consumer session;
    # replica 7 is no follower here, so its partitions are errors, but the session exists
    follower = raw.fetch({"c": {0: 0}}, 0, 0, replica_id=7)
    assert follower.session_id != 0
    cache = one_broker.cluster.brokers[0].replica_manager.fetch_manager.cache
    evicted = [s for s in consumers if cache.get(s) is None]
    assert len(evicted) == 1 and cache.evictions == 1
    assert raw.fetch({}, evicted[0], 1).error_code == ErrorCode.fetch_session_id_not_found
    kept = next(s for s in consumers if s not in evicted)
    assert raw.fetch({}, kept, 1).error_code == 0


def test_session_on_a_broker_that_loses_leadership(cluster_factory: Any) -> None:
    cluster = cluster_factory(config={"auto.leader.rebalance.enable": "false"})
    bs = cluster.bootstrap
    client = admin(bs)
    # preferred leader 0; a consumer session on broker 1 while broker 1 leads
    client.create_topics([NewTopic("lead", 1, replica_assignment=[[0, 1, 2]])])["lead"].result(15)
    wait_for(lambda: cluster.cluster.brokers[0].replica_manager.local_high_watermark("lead", 0) >= 0, 15,
             "broker 0 to lead")
    cluster.engine.run(cluster.cluster.kill_broker(0))
    wait_for(lambda: cluster.cluster.brokers[1].replica_manager.local_high_watermark("lead", 0) >= 0 or
             cluster.cluster.brokers[2].replica_manager.local_high_watermark("lead", 0) >= 0, 15, "a new leader")
    leader = 1 if cluster.cluster.brokers[1].replica_manager.local_high_watermark("lead", 0) >= 0 else 2
    raw = RawFetcher(cluster.cluster.brokers[leader])
    try:
        _produce(cluster.bootstrap_servers, "lead", 0, 2)
        full = raw.fetch({"lead": {0: 0}}, 0, 0)
        sid = full.session_id
        assert sid and answered(full)[("lead", 0)][0] == 0
        assert answered(raw.fetch({"lead": {0: 2}}, sid, 1)) == {}

        cluster.engine.run(cluster.cluster.start_broker(0))
        wait_for(lambda: 0 in cluster.cluster.brokers[leader].replica_manager.partitions[("lead", 0)].isr, 20,
                 "broker 0 back in the ISR")
        electing = admin(cluster.bootstrap_servers)  # keep a reference: the future dies with the client
        electing.elect_leaders(ElectionType.PREFERRED, [TopicPartition("lead", 0)]).result(15)
        wait_for(lambda: not cluster.cluster.brokers[leader].replica_manager.partitions[("lead", 0)].is_leader, 15,
                 f"broker {leader} to lose leadership")
        # the session lives on; the partition is answered with the error, on every fetch, unasked
        for epoch in (2, 3):
            inc = raw.fetch({}, sid, epoch)
            assert inc.error_code == 0 and inc.session_id == sid
            assert answered(inc)[("lead", 0)][0] == ErrorCode.not_leader_or_follower
        inc = raw.fetch({}, sid, 4, forgotten={"lead": [0]})  # the client moves it to the new leader
        assert inc.session_id == 0 and answered(inc) == {}  # and the emptied session is closed
    finally:
        raw.close()


def _fetchers(cluster: RunningCluster) -> list[Any]:
    return [f for b in cluster.cluster.brokers.values() if b.replica_manager is not None
            for f in b.replica_manager.fetcher_manager.fetchers.values()]


def _isr_full(cluster: RunningCluster, topic: str, partitions: int) -> bool:
    leaders = [b.replica_manager.partitions.get((topic, i)) for b in cluster.cluster.brokers.values()
               if b.replica_manager is not None for i in range(partitions)]
    led = [p for p in leaders if p is not None and p.is_leader]
    return len(led) == partitions and all(len(p.isr) == 3 for p in led)


def test_followers_fetch_in_sessions_and_keep_the_isr(cluster_factory: Any) -> None:
    lag_ms = 1500
    cluster = cluster_factory(config={"replica.lag.time.max.ms": str(lag_ms), "broker.session.timeout.ms": "30000",
                                      "auto.leader.rebalance.enable": "false"})
    bs = cluster.bootstrap
    create_topic(bs, "f", partitions=12, rf=3)
    wait_for(lambda: _isr_full(cluster, "f", 12), 15, "full ISRs")
    sent: list[tuple[int, int]] = produce_confluent(bs, "f", [(None, b"x%d" % i) for i in range(240)], acks="all")
    assert len(sent) == 240

    def caught_up() -> bool:
        ends = {}
        for b in cluster.cluster.brokers.values():
            for (t, i), p in b.replica_manager.partitions.items():
                if t == "f":
                    ends.setdefault(i, set()).add((p.log.log_end_offset, p.log.high_watermark))
        return len(ends) == 12 and all(len(v) == 1 for v in ends.values())
    wait_for(caught_up, 15, "every replica at the leader's log end and high watermark")

    # followers opened one session per leader and then sent incremental requests
    fetchers = _fetchers(cluster)
    assert len(fetchers) == 6 and all(f.session.session_id != 0 for f in fetchers)
    stats = [b.replica_manager.fetch_manager.stats for b in cluster.cluster.brokers.values()]
    assert sum(s.get("incremental", True) for s in stats) > 0 and sum(s.get("sessionless", True) for s in stats) == 0

    # idle: incremental requests name no partition, and no ISR shrinks for lack of fetched partitions
    sent_before = sum(f.session.partitions_sent for f in fetchers)
    requests_before = sum(f.session.incremental_requests for f in fetchers)
    t0 = time.monotonic()
    wait_for(lambda: time.monotonic() - t0 > 2.5 * lag_ms / 1000 and
             sum(f.session.incremental_requests for f in fetchers) > requests_before + 12,
             15, "idle follower fetches over 2.5 × replica.lag.time.max.ms")
    assert sum(f.session.partitions_sent for f in fetchers) == sent_before
    assert _isr_full(cluster, "f", 12)
    # an append after a long idle time does not make the in-sync followers look lagging
    produce_confluent(bs, "f", [(None, b"late")], acks="all")
    assert _isr_full(cluster, "f", 12)

    # a paused follower leaves every ISR (idle partitions too) and comes back after resume
    cluster.engine.call(cluster.cluster.brokers[2].pause)

    def without_2() -> bool:
        parts = [p for b in cluster.cluster.brokers.values() if b.broker_id != 2
                 for (t, _i), p in b.replica_manager.partitions.items() if t == "f" and p.is_leader]
        return len(parts) >= 8 and all(2 not in p.isr for p in parts)
    wait_for(without_2, 15, "broker 2 dropped from the ISRs it does not lead")
    cluster.engine.call(cluster.cluster.brokers[2].resume)
    wait_for(lambda: _isr_full(cluster, "f", 12), 20, "broker 2 back in every ISR")


def test_retention_moving_the_log_start_is_answered_in_a_session(cluster_factory: Any) -> None:
    cluster = cluster_factory(brokers=1, config={"log.retention.check.interval.ms": "3600000"})
    bs = cluster.bootstrap
    broker = cluster.cluster.brokers[0]
    create_topic(bs, "ret", partitions=1, config={"segment.bytes": "2000", "retention.bytes": "4000"})
    for start in range(0, 200, 20):
        produce_confluent(bs, "ret", [(None, b"%05d" % i + b"." * 90) for i in range(start, start + 20)])
    raw = RawFetcher(broker)
    try:
        full = raw.fetch({"ret": {0: 200}}, 0, 0)  # a consumer at the log end
        sid = full.session_id
        assert sid and full.responses[0].partitions[0].log_start_offset == 0
        assert answered(raw.fetch({}, sid, 1)) == {}
        cluster.engine.call(broker.run_retention)
        moved = broker.replica_manager.partitions[("ret", 0)].log.log_start_offset
        assert moved > 0
        inc = raw.fetch({}, sid, 2)  # nothing was appended; the new log start is news all the same
        assert [p.log_start_offset for t in inc.responses for p in t.partitions] == [moved]
        assert answered(raw.fetch({}, sid, 3)) == {}
    finally:
        raw.close()
