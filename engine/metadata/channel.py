"""The controller channel: how a broker talks to the controller (requests and replies).

Brokers never call into the concrete controller. They send requests through this interface —
registration and heartbeats (KIP-631), AlterPartition (KIP-497), the admin requests a KRaft broker
forwards (KIP-590), producer id blocks (KIP-730) — and receive metadata as deltas. The in-process
implementation (``engine.controller.channel.LocalControllerChannel``) hands every request to the
controller on a later turn of the event loop; a process-per-broker engine would put a socket here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.metadata.image import MetadataImage, PartitionRegistration, TopicImage
from engine.metadata.publisher import MetadataListener
from engine.protocol.errors import ErrorCode, KafkaError

TopicPartition = tuple[str, int]

PREFERRED_ELECTION = 0
UNCLEAN_ELECTION = 1


@dataclass(frozen=True, slots=True)
class IsrChange:
    """One partition of an AlterPartition request: the leader asks for a new ISR."""

    topic: str
    partition: int
    leader_epoch: int
    new_isr: tuple[int, ...]
    partition_epoch: int


@dataclass(frozen=True, slots=True)
class ProducerIdBlock:
    """A range of producer ids the controller handed to one broker (KIP-730)."""

    first: int
    size: int

    @property
    def end(self) -> int:
        return self.first + self.size


class ControllerChannel(Protocol):
    def subscribe(self, listener: MetadataListener) -> MetadataImage:
        """Receive every delta committed from now on; returns the image they apply to."""
        ...

    def unsubscribe(self, listener: MetadataListener) -> None: ...

    def heartbeat(self, broker_id: int) -> None:
        """BrokerHeartbeat: one-way; a fenced broker that heartbeats again is unfenced."""
        ...

    async def register_broker(self, broker_id: int, host: str, port: int,
                              listeners: tuple[tuple[str, int], ...] = ()) -> int:
        """BrokerRegistration; returns the image version that includes it (catch up to it)."""
        ...

    async def alter_partition(self, leader: int, changes: Sequence[IsrChange]
                              ) -> dict[TopicPartition, PartitionRegistration | KafkaError]:
        """AlterPartition (KIP-497) for many partitions of one leader: committed together."""
        ...

    async def create_topic(self, name: str, num_partitions: int, replication_factor: int,
                           assignments: Mapping[int, Sequence[int]] | None = None,
                           configs: Mapping[str, str | None] | None = None,
                           validate_only: bool = False) -> TopicImage: ...

    async def delete_topic(self, name: str) -> None: ...

    async def delete_topic_by_id(self, topic_id: uuid.UUID) -> str: ...

    async def create_partitions(self, name: str, count: int, assignments: Sequence[Sequence[int]] | None = None,
                                validate_only: bool = False) -> None: ...

    async def alter_topic_configs(self, name: str, changes: Mapping[str, str | None],
                                  validate_only: bool = False) -> None: ...

    async def elect_leaders(self, election_type: int, partitions: Sequence[TopicPartition] | None
                            ) -> dict[TopicPartition, ErrorCode]: ...

    async def allocate_producer_ids(self, broker_id: int) -> ProducerIdBlock: ...

    async def alter_partition_reassignments(self, targets: Mapping[TopicPartition, Sequence[int] | None]
                                            ) -> dict[TopicPartition, KafkaError | None]:
        """AlterPartitionReassignments (KIP-455): target replicas, or None to cancel; errors per partition."""
        ...

    async def list_partition_reassignments(self, partitions: Sequence[TopicPartition] | None
                                           ) -> dict[TopicPartition, PartitionRegistration]: ...
