"""What the group coordinator needs from the rest of the broker, as interfaces (Kafka's
coordinator-common ``PartitionWriter``): a ``__consumer_offsets`` replica it can append to and
read back, and — for the rebalance and membership code — the coordinator's own services. The
server's ``Partition`` satisfies :class:`CoordinatorPartition`; nothing here imports the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.coordinator.group import ClassicGroup
from engine.coordinator.timer import CoordinatorTimer
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode


class CoordinatorLog(Protocol):
    """The parts of a replica's log the coordinator reads."""

    @property
    def log_start_offset(self) -> int: ...

    @property
    def log_end_offset(self) -> int: ...

    @property
    def config(self) -> Any: ...  # has max_message_bytes

    def read(self, offset: int, max_bytes: int, upper: int, /) -> bytes: ...


class AppendResult(Protocol):
    @property
    def last_offset(self) -> int: ...


class CoordinatorPartition(Protocol):
    """A ``__consumer_offsets`` replica on this broker."""

    @property
    def topic(self) -> str: ...

    @property
    def index(self) -> int: ...

    @property
    def leader_epoch(self) -> int: ...

    @property
    def is_leader(self) -> bool: ...

    @property
    def high_watermark(self) -> int: ...

    @property
    def log(self) -> CoordinatorLog: ...

    def append_as_leader(self, batches: Any, acks: int, /) -> AppendResult: ...

    def change_future(self) -> asyncio.Future[None]: ...


class GroupStore(Protocol):
    """The coordinator as the rebalance and membership code see it."""

    broker_id: int
    config: BrokerConfig
    clock: Clock
    bus: ev.EventBus
    timer: CoordinatorTimer
    groups: dict[str, ClassicGroup]

    def check_coordinator(self, group_id: str | None, allow_empty: bool = False) -> ErrorCode | None: ...

    def create_group(self, group_id: str) -> ClassicGroup: ...

    def store_group(self, group: ClassicGroup, assignment: dict[str, bytes],
                    callback: Callable[[ErrorCode], None]) -> None: ...


HighWatermarkLookup = Callable[[str, int], int]  # (topic, partition) → high watermark, -1 unknown


class TxnMarkerSender(Protocol):
    """Sends WriteTxnMarkers to a partition leader (Kafka's ``TransactionMarkerChannelManager``
    network side); raises ``OSError``/``TimeoutError`` when the broker cannot be reached."""

    async def write_txn_markers(self, broker_id: int, producer_id: int, producer_epoch: int, committed: bool,
                                coordinator_epoch: int, partitions: list[tuple[str, int]], /
                                ) -> dict[tuple[str, int], ErrorCode]: ...

    async def close(self) -> None: ...
