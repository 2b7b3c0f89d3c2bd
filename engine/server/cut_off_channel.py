"""CutOffChannel: one broker's :class:`~engine.metadata.channel.ControllerChannel` with a switch for
the ``fault isolate`` network partition. While the broker is cut off (``SlowMotion.cut_off``) its
heartbeats are lost (the controller fences it after ``broker.session.timeout.ms``), its AlterPartition
requests wait, and the metadata the controller commits does not reach it — it keeps serving with the
image it had, a zombie leader. When the cut ends, the held deltas arrive in order and the broker
learns what happened meanwhile (and heartbeats again)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence

from engine.metadata.channel import ControllerChannel, IsrChange, ProducerIdBlock, TopicPartition
from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage, PartitionRegistration, TopicImage
from engine.metadata.publisher import MetadataListener
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.slow_motion import SlowMotion


class CutOffChannel:
    def __init__(self, inner: ControllerChannel, broker_id: int, slow_motion: SlowMotion) -> None:
        self.inner = inner
        self.broker_id = broker_id
        self.slow_motion = slow_motion
        self._wrapped: dict[MetadataListener, MetadataListener] = {}
        self._held: list[tuple[MetadataListener, MetadataDelta, MetadataImage]] = []
        self._joined: asyncio.Event | None = None

    @property
    def cut(self) -> bool:
        return self.broker_id in self.slow_motion.cut_off

    def refresh(self) -> None:
        """The faults changed: when no longer cut off, deliver what was held and heartbeat."""
        if self.cut:
            return
        held, self._held = self._held, []
        for listener, delta, image in held:
            listener(delta, image)
        if self._joined is not None:
            self._joined.set()
            self._joined = None

    async def _wait_joined(self) -> None:
        while self.cut:
            if self._joined is None:
                self._joined = asyncio.Event()
            await self._joined.wait()

    # ------------------------------------------------------------------ ControllerChannel
    def subscribe(self, listener: MetadataListener) -> MetadataImage:
        def deliver(delta: MetadataDelta, image: MetadataImage) -> None:
            if self.cut:
                self._held.append((listener, delta, image))
            else:
                listener(delta, image)
        self._wrapped[listener] = deliver
        return self.inner.subscribe(deliver)

    def unsubscribe(self, listener: MetadataListener) -> None:
        deliver = self._wrapped.pop(listener, None)
        if deliver is not None:
            self.inner.unsubscribe(deliver)
        self._held = [h for h in self._held if h[0] is not listener]

    def heartbeat(self, broker_id: int) -> None:
        if broker_id not in self.slow_motion.cut_off:
            self.inner.heartbeat(broker_id)

    async def register_broker(self, broker_id: int, host: str, port: int,
                              listeners: tuple[tuple[str, int], ...] = ()) -> int:
        return await self.inner.register_broker(broker_id, host, port, listeners)

    async def alter_partition(self, leader: int, changes: Sequence[IsrChange]
                              ) -> dict[TopicPartition, PartitionRegistration | KafkaError]:
        await self._wait_joined()
        return await self.inner.alter_partition(leader, changes)

    async def create_topic(self, name: str, num_partitions: int, replication_factor: int,
                           assignments: Mapping[int, Sequence[int]] | None = None,
                           configs: Mapping[str, str | None] | None = None,
                           validate_only: bool = False) -> TopicImage:
        return await self.inner.create_topic(name, num_partitions, replication_factor, assignments, configs,
                                             validate_only)

    async def delete_topic(self, name: str) -> None:
        await self.inner.delete_topic(name)

    async def delete_topic_by_id(self, topic_id: uuid.UUID) -> str:
        return await self.inner.delete_topic_by_id(topic_id)

    async def create_partitions(self, name: str, count: int, assignments: Sequence[Sequence[int]] | None = None,
                                validate_only: bool = False) -> None:
        await self.inner.create_partitions(name, count, assignments, validate_only)

    async def alter_topic_configs(self, name: str, changes: Mapping[str, str | None],
                                  validate_only: bool = False) -> None:
        await self.inner.alter_topic_configs(name, changes, validate_only)

    async def elect_leaders(self, election_type: int, partitions: Sequence[TopicPartition] | None
                            ) -> dict[TopicPartition, ErrorCode]:
        return await self.inner.elect_leaders(election_type, partitions)

    async def allocate_producer_ids(self, broker_id: int) -> ProducerIdBlock:
        return await self.inner.allocate_producer_ids(broker_id)

    async def alter_partition_reassignments(self, targets: Mapping[TopicPartition, Sequence[int] | None]
                                            ) -> dict[TopicPartition, KafkaError | None]:
        return await self.inner.alter_partition_reassignments(targets)

    async def list_partition_reassignments(self, partitions: Sequence[TopicPartition] | None
                                           ) -> dict[TopicPartition, PartitionRegistration]:
        return await self.inner.list_partition_reassignments(partitions)
