"""aiokafka and kcat against the engine, unchanged."""

from __future__ import annotations

import asyncio
import shutil
import subprocess

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from clients.partitioners import partition_for_key
from tests.conftest import RunningCluster
from tests.integration.clients import consume_confluent, create_topic, produce_confluent


def test_aiokafka_produces_and_consumes_in_a_group(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "aio", partitions=3)

    async def run() -> list[tuple[int, bytes | None, bytes | None]]:
        producer = AIOKafkaProducer(bootstrap_servers=cluster.bootstrap, acks="all", enable_idempotence=True)
        await producer.start()
        try:
            for i in range(300):
                await producer.send("aio", key=b"k%d" % (i % 7), value=b"aio %d" % i)
            await producer.flush()
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer("aio", bootstrap_servers=cluster.bootstrap, group_id="aio-group",
                                    auto_offset_reset="earliest")
        await consumer.start()
        out: list[tuple[int, bytes | None, bytes | None]] = []
        try:
            async with asyncio.timeout(30):
                while len(out) < 300:
                    batch = await consumer.getmany(timeout_ms=500)
                    for _tp, msgs in batch.items():
                        out.extend((m.partition, m.key, m.value) for m in msgs)
            await consumer.commit()
        finally:
            await consumer.stop()
        return out

    got = asyncio.run(run())
    assert sorted(v or b"" for _p, _k, v in got) == sorted(b"aio %d" % i for i in range(300))
    assert all(p == partition_for_key(k or b"", 3) for p, k, _v in got)


KCAT = shutil.which("kcat") or shutil.which("kafkacat")


@pytest.mark.skipif(KCAT is None, reason="kcat is not installed (Debian package kcat; .ci/run installs it)")
def test_kcat_lists_produces_and_consumes(cluster: RunningCluster) -> None:
    assert KCAT is not None
    create_topic(cluster.bootstrap, "kc", partitions=2)
    meta = subprocess.run([KCAT, "-b", cluster.bootstrap, "-L"], capture_output=True, text=True, timeout=30)
    assert meta.returncode == 0, meta.stderr
    assert "3 brokers:" in meta.stdout and 'topic "kc" with 2 partitions' in meta.stdout
    lines = "".join(f"key{i}:value {i}\n" for i in range(50))
    # librdkafka's own default is CRC32-based; murmur2_random is the Java client's partitioner
    prod = subprocess.run([KCAT, "-b", cluster.bootstrap, "-t", "kc", "-P", "-K:", "-X", "partitioner=murmur2_random"],
                          input=lines, text=True,
                          capture_output=True, timeout=30)
    assert prod.returncode == 0, prod.stderr
    cons = subprocess.run([KCAT, "-b", cluster.bootstrap, "-t", "kc", "-C", "-e", "-f", "%k=%s@%p\\n"],
                          capture_output=True, text=True, timeout=30)
    assert cons.returncode == 0, cons.stderr
    rows = [r for r in cons.stdout.splitlines() if "=" in r]
    assert len(rows) == 50
    for row in rows:
        key, rest = row.split("=", 1)
        _value, partition = rest.rsplit("@", 1)
        assert int(partition) == partition_for_key(key.encode(), 2)
    produce_confluent(cluster.bootstrap, "kc", [(None, b"after kcat")])
    assert len(consume_confluent(cluster.bootstrap, "kc", 51)) == 51
