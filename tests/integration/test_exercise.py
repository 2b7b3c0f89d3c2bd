"""The course notes' exercise, end to end, with plain kafka-python and confluent-kafka scripts."""

from __future__ import annotations

import subprocess
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

from tests.conftest import ROOT, RunningCluster
from tests.integration.clients import consume_confluent, produce_confluent


def kafkalab(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kafkalab", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_notes_exercise_with_both_clients(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    # kafka-topics --create --topic bigdata --partitions 5 --replication-factor 1
    admin = KafkaAdminClient(bootstrap_servers=bs)
    admin.create_topics([NewTopic("bigdata", 5, 1)])
    assert "bigdata" in admin.list_topics()
    desc = admin.describe_topics(["bigdata"])[0]
    assert len(desc["partitions"]) == 5
    assert all(len(p["replica_nodes"]) == 1 and p["leader_id"] in (0, 1, 2) for p in desc["partitions"])

    # a plain kafka-python producer script
    producer = KafkaProducer(bootstrap_servers=bs)
    for i in range(1000):
        producer.send("bigdata", value=f"kafka-python {i}".encode())
    producer.flush()
    producer.close()
    # a plain confluent-kafka producer script
    produce_confluent(bs, "bigdata", [(None, f"confluent {i}".encode()) for i in range(1000)])

    # console consumer --from-beginning
    out = kafkalab("console-consumer", "--bootstrap-server", bs, "--topic", "bigdata", "--from-beginning",
                   "--max-messages", "2000", "--timeout-ms", "15000")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2000
    assert {f"kafka-python {i}" for i in range(1000)} <= set(lines)
    assert {f"confluent {i}" for i in range(1000)} <= set(lines)

    # both clients read everything back; records are not deleted by being consumed
    consumer = KafkaConsumer("bigdata", bootstrap_servers=bs, auto_offset_reset="earliest", group_id=None,
                             consumer_timeout_ms=5000)
    seen = [m.value for m in consumer]
    consumer.close()
    assert len(seen) == 2000
    assert len(consume_confluent(bs, "bigdata", 2000)) == 2000

    admin.delete_topics(["bigdata"])
    assert "bigdata" not in admin.list_topics()
    admin.close()


def test_records_within_a_partition_keep_their_order(cluster: RunningCluster) -> None:
    bs = cluster.bootstrap
    produce_confluent(bs, "ordered", [(b"same-key", str(i).encode()) for i in range(500)])
    got = consume_confluent(bs, "ordered", 500)
    assert [int(v or b"-1") for _p, _o, _k, v in got] == list(range(500))
    assert [o for _p, o, _k, _v in got] == list(range(500))
