"""Idempotent produce on the wire: a retried batch is answered with its first offsets and stored
once; a sequence gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER."""

from __future__ import annotations

import asyncio

from engine.network.client import KafkaConnection
from engine.protocol.errors import ErrorCode
from engine.protocol.records import build_batch
from tests.conftest import RunningCluster
from tests.integration.clients import consume_confluent, create_topic


async def _exchange(bootstrap: str, leader_port: int) -> list[tuple[int, int]]:
    host, _port = bootstrap.split(":")
    conn = KafkaConnection(host, leader_port, "idempotence-test")
    try:
        init = await conn.request(22, 4, {"transactional_id": None, "transaction_timeout": 60000,
                                          "producer_id": -1, "producer_epoch": -1})
        assert init.error_code == ErrorCode.none
        pid, epoch = init.producer_id, init.producer_epoch

        async def send(seq: int, values: list[bytes]) -> tuple[int, int]:
            batch = build_batch([(None, v) for v in values], producer_id=pid, producer_epoch=epoch, base_sequence=seq)
            resp = await conn.request(0, 9, {"transactional_id": None, "acks": -1, "timeout": 10000, "topic_data": [
                {"name": "idem", "partition_data": [{"index": 0, "records": batch}]}]})
            p = resp.responses[0].partition_responses[0]
            return int(p.error_code), int(p.base_offset)

        return [
            await send(0, [b"a", b"b"]),
            await send(0, [b"a", b"b"]),  # the same batch again: a producer retry
            await send(2, [b"c"]),
            await send(7, [b"gap"]),  # sequence 3..6 never arrived
        ]
    finally:
        await conn.close()


def test_retried_batch_is_deduplicated_and_gaps_refused(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "idem", partitions=1, rf=1)
    leader = cluster.cluster.controller.image.topics["idem"].partitions[0].leader
    port = cluster.cluster.brokers[leader].port
    results = asyncio.run(_exchange(cluster.bootstrap, port))
    assert results[0] == (0, 0)
    assert results[1] == (0, 0)  # answered as the duplicate it is, with the original offset
    assert results[2] == (0, 2)
    assert results[3][0] == ErrorCode.out_of_order_sequence_number
    values = [v for *_x, v in consume_confluent(cluster.bootstrap, "idem", 3, timeout=10)]
    assert values == [b"a", b"b", b"c"]
