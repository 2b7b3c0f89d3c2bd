"""The protocol X-ray: every exchange of real clients, named by their software, with errors by name;
decoded trees on demand; `kafkalab serve --protocol-log FILE`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, KafkaProducer

from engine.observe.xray import LOG_KEYS, ExchangeRow
from tests.conftest import RunningCluster, ServeProcess, wait_for
from tests.integration.clients import consume_confluent, create_topic, produce_confluent


def _rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_protocol_log_names_confluent_kafka_and_kafka_python(serve_factory: Callable[[list[str]], ServeProcess],
                                                            tmp_path: Path) -> None:
    log_file = tmp_path / "xray.jsonl"
    sp = serve_factory(["--brokers", "1", "--port", "0", "--temp", "--protocol-log", str(log_file)])
    create_topic(sp.bootstrap, "seen", partitions=1, rf=1)
    produce_confluent(sp.bootstrap, "seen", [(b"k", b"v")] * 10, **{"client.id": "ck-producer"})
    assert len(consume_confluent(sp.bootstrap, "seen", 10, **{"client.id": "ck-consumer"})) == 10
    kp = KafkaProducer(bootstrap_servers=sp.bootstrap, client_id="kp-producer")
    kp.send("seen", b"from kafka-python").get(timeout=20)
    kp.close()
    kc = KafkaConsumer("seen", bootstrap_servers=sp.bootstrap, client_id="kp-consumer", auto_offset_reset="earliest",
                       group_id=None, consumer_timeout_ms=15000)
    got = 0
    for _msg in kc:
        got += 1
        if got == 11:
            break
    kc.close()
    assert got == 11

    def by(client: str, api: str) -> list[dict[str, Any]]:
        return [r for r in _rows(log_file) if r["client_id"] == client and r["api"] == api]
    wait_for(lambda: by("kp-consumer", "Fetch"), what="kafka-python's fetches in the log")
    rows = _rows(log_file)
    assert all(tuple(r) == LOG_KEYS for r in rows)  # exactly the ten keys, in order
    for client, api in [("ck-producer", "Produce"), ("ck-producer", "Metadata"), ("ck-consumer", "Fetch"),
                        ("kp-producer", "Produce"), ("kp-producer", "Metadata"), ("kp-consumer", "Fetch")]:
        assert by(client, api), f"no {api} row of {client}"
    # librdkafka says who it is in ApiVersions v3: confluent-kafka-python on librdkafka
    assert {r["client_software"].split("/")[0] for r in by("ck-producer", "Produce")} == {"confluent-kafka-python"}
    assert all(r["version"] >= 3 for r in by("ck-producer", "ApiVersions"))
    assert {r["client_software"].split("/")[0] for r in by("kp-producer", "Produce")} == {"kafka-python"}
    produce = by("ck-producer", "Produce")[0]
    assert produce["errors"] == [] and produce["latency_ms"] >= 0 and produce["peer"].startswith("127.0.0.1:")
    # an error by name: the first metadata for a topic that does not exist yet
    create_errors = [r for r in rows if r["errors"]]
    assert all(isinstance(e, str) and e.isupper() for r in create_errors for e in r["errors"])
    assert sp.stop() == 0


def test_tap_is_off_until_someone_looks_and_trees_decode_compressed_batches(cluster: RunningCluster) -> None:
    c = cluster.cluster
    create_topic(cluster.bootstrap, "zipped", partitions=1, rf=3)
    produce_confluent(cluster.bootstrap, "zipped", [(b"k", b"before")] * 5)
    assert not c.tap.active and len(c.xray.rows) == 0  # nobody looked: nothing recorded
    rows: list[ExchangeRow] = []
    unsubscribe = cluster.call(lambda: c.xray.subscribe(rows.append))
    assert c.tap.active
    produce_confluent(cluster.bootstrap, "zipped", [(b"key-%d" % i, b"value %d " % i * 20) for i in range(50)],
                      **{"compression.type": "gzip", "client.id": "zipper"})
    produced = wait_for(lambda: [r for r in list(rows) if r.api == "Produce" and r.client_id == "zipper"])
    assert isinstance(produced, list)
    row = produced[0]
    assert row.topics == ("zipped",) and row.errors == ()
    decoded = cluster.call(lambda: c.xray.decode(row.seq))
    assert isinstance(decoded, dict)
    batches = decoded["request"]["topic_data"][0]["partition_data"][0]["records"]
    assert batches[0]["compression"] == "gzip"
    assert batches[0]["records"][0]["key"] == "key-0"
    assert decoded["response"]["responses"][0]["partition_responses"][0]["error_code"] == "NONE"
    # a fetch's answer is decoded from the file regions it was sent from; an unknown partition is an error row
    consume_confluent(cluster.bootstrap, "zipped", 55, **{"client.id": "reader"})
    fetch = wait_for(lambda: [r for r in list(rows) if r.api == "Fetch" and r.client_id == "reader"
                              and r.response_bytes > 200])
    assert isinstance(fetch, list)
    tree = cluster.call(lambda: c.xray.decode(fetch[0].seq))
    assert isinstance(tree, dict)
    fetched = [b for t in tree["response"]["responses"] for p in t["partitions"] for b in p["records"] or []]
    assert any(b["compression"] == "gzip" for b in fetched)
    cluster.call(unsubscribe)
    assert not c.tap.active
