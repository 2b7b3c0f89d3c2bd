"""LocalControllerChannel: the in-process :class:`~engine.metadata.channel.ControllerChannel`.

Every request is handed to the controller on a later turn of the event loop (``await sleep(0)``
stands for the network hop), so the controller never runs inside a broker's call stack and a
broker never sees the controller half-way through a commit. Metadata reaches subscribers through
the controller's :class:`~engine.metadata.publisher.MetadataPublisher`, also from the loop.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence

from engine.controller.controller import Controller
from engine.metadata.channel import PREFERRED_ELECTION, IsrChange, ProducerIdBlock, TopicPartition
from engine.metadata.image import MetadataImage, PartitionRegistration, TopicImage
from engine.metadata.publisher import MetadataListener
from engine.protocol.errors import ErrorCode, KafkaError


class LocalControllerChannel:
    def __init__(self, controller: Controller) -> None:
        self._controller = controller

    async def _hop(self) -> None:
        await asyncio.sleep(0)

    def subscribe(self, listener: MetadataListener) -> MetadataImage:
        self._controller.publisher.subscribe(listener)
        return self._controller.image

    def unsubscribe(self, listener: MetadataListener) -> None:
        self._controller.publisher.unsubscribe(listener)

    def heartbeat(self, broker_id: int) -> None:
        asyncio.get_running_loop().call_soon(self._controller.heartbeat, broker_id)

    async def register_broker(self, broker_id: int, host: str, port: int,
                              listeners: tuple[tuple[str, int], ...] = ()) -> int:
        await self._hop()
        return self._controller.register_broker(broker_id, host, port, listeners)

    async def alter_partition(self, leader: int, changes: Sequence[IsrChange]
                              ) -> dict[TopicPartition, PartitionRegistration | KafkaError]:
        await self._hop()
        return self._controller.alter_partitions(leader, changes)

    async def create_topic(self, name: str, num_partitions: int, replication_factor: int,
                           assignments: Mapping[int, Sequence[int]] | None = None,
                           configs: Mapping[str, str | None] | None = None,
                           validate_only: bool = False) -> TopicImage:
        await self._hop()
        return self._controller.create_topic(name, num_partitions, replication_factor, assignments, configs,
                                             validate_only)

    async def delete_topic(self, name: str) -> None:
        await self._hop()
        self._controller.delete_topic(name)

    async def delete_topic_by_id(self, topic_id: uuid.UUID) -> str:
        await self._hop()
        return self._controller.delete_topic_by_id(topic_id)

    async def create_partitions(self, name: str, count: int, assignments: Sequence[Sequence[int]] | None = None,
                                validate_only: bool = False) -> None:
        await self._hop()
        self._controller.create_partitions(name, count, assignments, validate_only)

    async def alter_topic_configs(self, name: str, changes: Mapping[str, str | None],
                                  validate_only: bool = False) -> None:
        await self._hop()
        self._controller.alter_topic_configs(name, changes, validate_only)

    async def elect_leaders(self, election_type: int, partitions: Sequence[TopicPartition] | None
                            ) -> dict[TopicPartition, ErrorCode]:
        await self._hop()
        if election_type == PREFERRED_ELECTION:
            return self._controller.elect_preferred(partitions)
        return self._controller.elect_unclean(partitions)

    async def allocate_producer_ids(self, broker_id: int) -> ProducerIdBlock:
        await self._hop()
        first, size = self._controller.allocate_producer_ids(broker_id)
        return ProducerIdBlock(first, size)

    async def alter_partition_reassignments(self, targets: Mapping[TopicPartition, Sequence[int] | None]
                                            ) -> dict[TopicPartition, KafkaError | None]:
        await self._hop()
        return self._controller.alter_partition_reassignments(targets)

    async def list_partition_reassignments(self, partitions: Sequence[TopicPartition] | None
                                           ) -> dict[TopicPartition, PartitionRegistration]:
        await self._hop()
        return self._controller.list_partition_reassignments(partitions)
