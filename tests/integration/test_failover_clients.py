"""Every supported client keeps consuming through leader moves (issue 9, item 1).

A consumer group of each client library reads an RF3 topic while a producer writes. Twice, the
partition's leader is killed (leadership moves to another in-sync replica), restarted, and made
leader again with ElectLeaders (the preferred replica). Every acknowledged record must be
consumed, consumption must carry on after each move, and the client must log no protocol error:
a broker that is no longer the leader answers a Fetch with NOT_LEADER_OR_FOLLOWER and *empty*
records, as Kafka does (null records make librdkafka log "invalid MessageSetSize -1" and drop the
whole response, so the partitions it shares with that broker freeze), and names the new leader
only from Fetch v16, as Kafka does (kafka-python, at v12, crashes when told of a leader whose
address it does not know yet). The topic has three partitions so that every broker leads one and
a refused partition shares its Fetch response with partitions that have data.

Of these clients kafka-python fetches in sessions (KIP-227) when the broker offers one: its group must
carry on through sessions that die with their broker (FETCH_SESSION_ID_NOT_FOUND on the restarted
one) and through NOT_LEADER_OR_FOLLOWER answered inside a session. librdkafka 2.16 (confluent-kafka,
kcat), aiokafka and kafkajs fetch sessionless (session id 0, epoch −1), which the broker still serves.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from confluent_kafka import ElectionType, TopicPartition

from engine.observe import PartitionImage
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import admin, create_topic
from tests.integration.failover_consumers import CONSUMERS, JS_DIR, KCAT, NODE, GroupConsumer
from tests.integration.producer_thread import AckingProducer

pytestmark = pytest.mark.timeout(60)

FAST = {"broker.session.timeout.ms": "1500", "broker.heartbeat.interval.ms": "200",
        "replica.lag.time.max.ms": "3000", "auto.leader.rebalance.enable": "false"}
PARTITIONS = 3
RATE = 200  # records/s
RECOVERED = 100  # records produced after a move that the consumer must get within MOVE_DEADLINE
MOVE_DEADLINE = 15.0
SESSION_CLIENTS = {"kafka-python"}  # the clients that open fetch sessions (KIP-227)

# what each client logs when it cannot parse a response (librdkafka: "Protocol parse failure for
# Fetch v11 … invalid MessageSetSize -1", PROTOERR), or when the client itself dies
PROTOCOL_ERROR = re.compile(
    r"PROTOERR|MessageSetSize|parse failure|_BAD_MSG|Protocol out of sync|CorruptRecord|Unexpected end|"
    r"RangeError|out of range of buffer|Traceback|CRASH|FATAL", re.IGNORECASE)


def _partitions(cluster: RunningCluster, topic: str) -> list[PartitionImage]:
    image = cluster.engine.call(lambda: take_snapshot(cluster.cluster))
    return list(image.topic(topic).partitions)  # type: ignore[union-attr]


def _elect_preferred(bootstrap: str, topic: str) -> None:
    client = admin(bootstrap)  # keep a reference: the future dies with the client
    wanted = [TopicPartition(topic, p) for p in range(PARTITIONS)]
    results = client.elect_leaders(ElectionType.PREFERRED, wanted).result(15)
    assert all(e is None or "ELECTION_NOT_NEEDED" in str(e) for e in results.values()), results


def _skip_reason(client: str) -> str | None:
    if client == "kcat" and KCAT is None:
        return "kcat is not installed (Debian package kcat; .ci/run installs it)"
    if client == "kafkajs" and NODE is None:
        return "node is not installed: kafkajs (tests/js, installed by `make test` with npm ci) needs Node.js"
    return None


def _protocol_errors(consumer: GroupConsumer) -> list[str]:
    return [line for line in consumer.log_lines() if PROTOCOL_ERROR.search(line)]


def _expect(consumer: GroupConsumer, condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait for ``condition``, failing at once (with the client's words) if it logs a protocol error."""
    def done() -> bool:
        errors = _protocol_errors(consumer)
        assert not errors, f"{consumer.name} logged {len(errors)} protocol errors or crashes, e.g. {errors[:2]}"
        return condition()
    wait_for(done, timeout, what)


def _received_after(consumer: GroupConsumer, mark: int) -> Callable[[], bool]:
    return lambda: sum(1 for v in consumer.values() if v >= mark) >= RECOVERED


@pytest.mark.parametrize("client", list(CONSUMERS))
def test_group_consumer_survives_leader_moves(cluster_factory, client: str) -> None:  # type: ignore[no-untyped-def]
    reason = _skip_reason(client)
    if reason is not None:
        pytest.skip(reason)
    if client == "kafkajs":
        assert (JS_DIR / "node_modules" / "kafkajs").is_dir(), \
            "kafkajs is not installed: run `make test` (it runs `npm ci --prefix tests/js`; needs npm)"
    cluster = cluster_factory(config=FAST)
    topic, group = f"moves-{client.replace(' ', '')}", f"moves-{client.replace(' ', '')}"
    create_topic(cluster.bootstrap, topic, partitions=PARTITIONS, rf=3, config={"min.insync.replicas": "2"})
    preferred = _partitions(cluster, topic)[0].preferred_leader  # it also follows the other partitions

    producer = AckingProducer(cluster.bootstrap, topic, keys=12, rate_per_s=RATE)
    producer.start()
    consumer: GroupConsumer = CONSUMERS[client](cluster.bootstrap, topic, group)
    try:
        _expect(consumer, lambda: len(consumer.values()) >= 50, 30, f"{client} to join the group and consume")
        for move in (1, 2):
            cluster.engine.run(cluster.cluster.kill_broker(preferred))
            interim = _partitions(cluster, topic)[0].leader
            assert interim not in (preferred, -1)
            _expect(consumer, _received_after(consumer, producer.sent), MOVE_DEADLINE,
                    f"{client} to consume while broker {interim} leads partition 0 (move {move})")

            cluster.engine.run(cluster.cluster.start_broker(preferred))
            wait_for(lambda: all(preferred in p.isr for p in _partitions(cluster, topic)), 20,
                     f"broker {preferred} to rejoin the ISR (move {move})")
            _elect_preferred(cluster.bootstrap_servers, topic)
            assert _partitions(cluster, topic)[0].leader == preferred
            # the rate recovers: the records produced after the move reach the consumer
            _expect(consumer, _received_after(consumer, producer.sent), MOVE_DEADLINE,
                    f"{client} to consume after leadership moved back to broker {preferred} (move {move})")
        producer.stop()
        assert not producer.errors, producer.errors[:5]
        acked = set(producer.acked)
        _expect(consumer, lambda: acked <= consumer.values(), 20, f"{client} to consume every acknowledged record")
        if client in SESSION_CLIENTS:  # it fetched in a session from the restarted broker, not sessionless
            stats = cluster.cluster.brokers[preferred].replica_manager.fetch_manager.stats
            assert stats.get("full", False) >= 1 and stats.get("incremental", False) > 0, stats.counts
    finally:
        producer.stop()
        consumer.stop()
    errors = _protocol_errors(consumer)
    assert not errors, f"{client} logged {len(errors)} protocol errors or crashes, e.g. {errors[:2]}"
