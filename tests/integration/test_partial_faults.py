"""A topic-partition scoped error fault answers only the partition it names: a producer writing to
two partitions sees the error (and retries) on that one only, the other partition's records are
acknowledged in the same answers; a consumer reading both gets the error on that partition only.
Counted from the X-ray rows' errors per partition, with real confluent-kafka clients."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from confluent_kafka import Producer
from kafka import KafkaProducer

from engine.control import ClusterControl, InjectFault
from engine.observe.xray import ExchangeRow
from tests.conftest import RunningCluster
from tests.integration.clients import QUIET, consume_confluent, create_topic


def test_scoped_error_fault_answers_only_its_partition(cluster_factory: Callable[..., RunningCluster]) -> None:
    cluster = cluster_factory(brokers=1)
    c = cluster.cluster
    control = ClusterControl(c)
    create_topic(cluster.bootstrap, "split", partitions=2, rf=1)
    rows: list[ExchangeRow] = []
    cluster.call(lambda: c.xray.subscribe(rows.append))
    cluster.engine.run(control.execute(InjectFault(fault="error", api="produce", error="NOT_LEADER_OR_FOLLOWER",
                                                   topic="split", partition=1, count=2)))

    p = Producer({"bootstrap.servers": cluster.bootstrap_servers, "client.id": "splitter", "linger.ms": 50,
                  "retry.backoff.ms": 10, "enable.idempotence": False, **QUIET})
    delivered: list[tuple[int, int]] = []
    errors: list[object] = []

    def report(err: object, msg: object) -> None:
        if err is not None:
            errors.append(err)
        else:
            delivered.append((msg.partition(), msg.offset()))  # type: ignore[attr-defined]
    p.list_topics("split", timeout=10)  # (metadata first: both partitions' batches go out in one request)
    for i in range(10):
        p.produce("split", b"v%d" % i, partition=i % 2, on_delivery=report)
    assert p.flush(15) == 0 and not errors
    assert sorted(delivered) == [(0, o) for o in range(5)] + [(1, o) for o in range(5)]  # each record once

    produce_rows = [r for r in list(rows) if r.client_id == "splitter" and r.api == "Produce"]
    per_partition = Counter(place for r in produce_rows for place in r.error_places)
    assert per_partition == Counter({"split-1": 2})  # only partition 1 was refused, twice

    # kafka-python puts both partitions in one Produce request: partition 0 is appended and
    # acknowledged in the very answer that refuses partition 1
    cluster.engine.run(control.execute(InjectFault(fault="error", api="produce", error="NOT_LEADER_OR_FOLLOWER",
                                                   topic="split", partition=1, count=2)))
    kp = KafkaProducer(bootstrap_servers=cluster.bootstrap_servers, client_id="py-splitter", linger_ms=50,
                       retry_backoff_ms=10, acks=1)
    try:
        futures = [kp.send("split", b"w%d" % i, partition=i % 2) for i in range(4)]
        kp.flush(15)
        assert sorted((f.get(10).partition, f.get(10).offset) for f in futures) == [(0, 5), (0, 6), (1, 5), (1, 6)]
    finally:
        kp.close(5)
    py_rows = [r for r in list(rows) if r.client_id == "py-splitter" and r.api == "Produce"]
    assert Counter(place for r in py_rows for place in r.error_places) == Counter({"split-1": 2})
    first = next(r for r in py_rows if r.errors)
    answer = cluster.call(lambda: c.xray.decode(first.seq))["response"]
    answered = {p["index"]: p for t in answer["responses"] for p in t["partition_responses"]}
    assert answered[0]["error_code"] == "NONE" and answered[0]["base_offset"] == 5  # acknowledged at once
    assert answered[1]["error_code"] == "NOT_LEADER_OR_FOLLOWER"

    # a fetch: the consumer reads both partitions, the error lands on partition 1 only
    cluster.engine.run(control.execute(InjectFault(fault="error", api="fetch", error="NOT_LEADER_OR_FOLLOWER",
                                                   topic="split", partition=1, count=2)))
    got = consume_confluent(cluster.bootstrap, "split", 14, **{"client.id": "split-reader"})
    assert Counter(part for part, *_x in got) == Counter({0: 7, 1: 7})
    fetch_rows = [r for r in list(rows) if r.client_id == "split-reader" and r.api == "Fetch"]
    assert Counter(place for r in fetch_rows for place in r.error_places) == Counter({"split-1": 2})
    assert any("split" in r.topics and r.errors for r in fetch_rows)
