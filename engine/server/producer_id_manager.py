"""ProducerIdManager: producer ids for InitProducerId, from blocks the controller hands this broker
(Kafka's ``RPCProducerIdManager``, KIP-730). One controller round trip per 1,000 producers."""

from __future__ import annotations

import asyncio

from engine.metadata.channel import ControllerChannel


class ProducerIdManager:
    def __init__(self, broker_id: int, controller: ControllerChannel) -> None:
        self.broker_id = broker_id
        self.controller = controller
        self._next = 0
        self._end = 0
        self._lock = asyncio.Lock()

    async def generate(self) -> int:
        while self._next >= self._end:
            async with self._lock:
                if self._next >= self._end:
                    block = await self.controller.allocate_producer_ids(self.broker_id)
                    self._next, self._end = block.first, block.end
        pid = self._next
        self._next += 1
        return pid
