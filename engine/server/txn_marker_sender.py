"""The network side of the transaction coordinator's markers: WriteTxnMarkers (v1) to another
broker — or to this one — over the Kafka protocol, one connection per destination broker (Kafka's
``TransactionMarkerChannelManager`` uses the inter-broker listener the same way)."""

from __future__ import annotations

import asyncio

from engine.metadata.cache import MetadataCache
from engine.network.client import KafkaConnection
from engine.protocol.errors import ErrorCode

WRITE_TXN_MARKERS = 27
TopicPartition = tuple[str, int]


class NetworkTxnMarkerSender:
    def __init__(self, broker_id: int, metadata: MetadataCache, timeout_s: float = 30.0) -> None:
        self.broker_id = broker_id
        self.metadata = metadata
        self.timeout_s = timeout_s
        self._connections: dict[int, KafkaConnection] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def write_txn_markers(self, broker_id: int, producer_id: int, producer_epoch: int, committed: bool,
                                coordinator_epoch: int, partitions: list[TopicPartition]
                                ) -> dict[TopicPartition, ErrorCode]:
        broker = self.metadata.image.brokers.get(broker_id)
        if broker is None or broker.fenced:
            raise ConnectionError(f"broker {broker_id} is not available")
        by_topic: dict[str, list[int]] = {}
        for t, p in partitions:
            by_topic.setdefault(t, []).append(p)
        body = {"markers": [{"producer_id": producer_id, "producer_epoch": producer_epoch,
                             "transaction_result": committed, "coordinator_epoch": coordinator_epoch,
                             "topics": [{"name": t, "partition_indexes": ps} for t, ps in by_topic.items()]}]}
        lock = self._locks.setdefault(broker_id, asyncio.Lock())
        async with lock:
            conn = self._connections.get(broker_id)
            if conn is not None and (conn.host, conn.port) != (broker.host, broker.port):
                await conn.close()
                conn = None
            if conn is None:
                conn = self._connections[broker_id] = KafkaConnection(
                    broker.host, broker.port, f"broker-{self.broker_id}-txn-markers", self.timeout_s)
            try:
                resp = await conn.request(WRITE_TXN_MARKERS, 1, body)
            except BaseException:
                self._connections.pop(broker_id, None)
                await conn.close()
                raise
        out: dict[TopicPartition, ErrorCode] = {}
        for marker in resp.markers:
            for t in marker.topics:
                for p in t.partitions:
                    out[(t.name, int(p.partition_index))] = ErrorCode(p.error_code)
        return out

    async def close(self) -> None:
        connections, self._connections = list(self._connections.values()), {}
        for conn in connections:
            await conn.close()
