"""TransactionStateManager: the ``__transaction_state`` partitions this broker leads and the
transactions they hold (Kafka's ``TransactionStateManager``).

Becoming leader of a partition loads it (``COORDINATOR_LOAD_IN_PROGRESS`` meanwhile): the latest
value per transactional id is its metadata; the coordinator is then told which transactions were
between PrepareCommit/PrepareAbort and Complete, whose markers it must send again (failover).
Every state change is a record appended with ``acks=-1`` and counts only once committed; losing
leadership unloads the partition's transactions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.coordinator import transaction_log as tl
from engine.coordinator.offsets_log import append_and_wait, normalize_append_error, read_records
from engine.coordinator.ports import CoordinatorPartition
from engine.metadata.cache import MetadataCache
from engine.metadata.roles import PartitionRole
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _OwnedPartition:
    index: int
    part: CoordinatorPartition
    loading: bool = True
    task: asyncio.Task[None] | None = None


LoadedCallback = Callable[[list[tl.TransactionMetadata]], None]


class TransactionStateManager:
    def __init__(self, broker_id: int, config: BrokerConfig, clock: Clock, bus: ev.EventBus,
                 metadata: MetadataCache) -> None:
        self.broker_id = broker_id
        self.config = config
        self.clock = clock
        self.bus = bus
        self.metadata = metadata
        self.txns: dict[str, tl.TransactionMetadata] = {}
        self._owned: dict[int, _OwnedPartition] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.on_loaded: LoadedCallback | None = None
        self.active = False

    def shutdown(self) -> None:
        self.active = False
        for index in list(self._owned):
            self.unload(index)
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ------------------------------------------------------------------ where transactions live
    def num_partitions(self) -> int:
        topic = self.metadata.image.topics.get(tl.TRANSACTION_STATE_TOPIC)
        if topic is not None and topic.partitions:
            return len(topic.partitions)
        return self.config.get_int("transaction.state.log.num.partitions")

    def partition_for(self, transactional_id: str) -> int:
        return tl.partition_for_txn(transactional_id, self.num_partitions())

    def check(self, transactional_id: str) -> ErrorCode | None:
        """None when this broker may serve ``transactional_id`` now."""
        if not self.active:
            return ErrorCode.coordinator_not_available
        owned = self._owned.get(self.partition_for(transactional_id))
        if owned is None:
            return ErrorCode.not_coordinator
        if owned.loading:
            return ErrorCode.coordinator_load_in_progress
        return None

    def coordinator_epoch(self, transactional_id: str) -> int:
        owned = self._owned.get(self.partition_for(transactional_id))
        return owned.part.leader_epoch if owned is not None else -1

    def owns(self, transactional_id: str) -> bool:
        """Still the (loaded) coordinator of ``transactional_id``? A new leader epoch on the same
        replica keeps the partition loaded (an ISR change), so it does not count as a change."""
        owned = self._owned.get(self.partition_for(transactional_id))
        return owned is not None and not owned.loading and owned.part.is_leader

    def loading(self) -> bool:
        return any(o.loading for o in self._owned.values())

    # ------------------------------------------------------------------ writes
    async def write(self, meta: tl.TransactionMetadata) -> ErrorCode:
        """Append ``meta`` to its partition (acks=-1); on success it is the transaction's state."""
        owned = self._owned.get(self.partition_for(meta.transactional_id))
        if owned is None:
            return ErrorCode.not_coordinator
        error = await append_and_wait(owned.part, [(tl.key(meta.transactional_id), tl.value(meta))],
                                      self.clock.time_ms(), self.config.get_int("offsets.commit.timeout.ms"))
        if self._owned.get(owned.index) is not owned:
            return ErrorCode.not_coordinator
        error = normalize_append_error(error)
        if error == ErrorCode.none:
            self.txns[meta.transactional_id] = meta
        return error

    async def remove(self, meta: tl.TransactionMetadata) -> ErrorCode:
        """Forget an expired transactional id: a tombstone, then (once committed) the metadata."""
        owned = self._owned.get(self.partition_for(meta.transactional_id))
        if owned is None:
            return ErrorCode.not_coordinator
        error = await append_and_wait(owned.part, [(tl.key(meta.transactional_id), None)], self.clock.time_ms(),
                                      self.config.get_int("offsets.commit.timeout.ms"))
        if error == ErrorCode.none and self.txns.get(meta.transactional_id) is meta:
            del self.txns[meta.transactional_id]
        return normalize_append_error(error)

    # ------------------------------------------------------------------ load / unload
    def on_partition_role(self, partition: CoordinatorPartition, role: PartitionRole) -> None:
        if partition.topic != tl.TRANSACTION_STATE_TOPIC or not self.active:
            return
        if role == PartitionRole.LEADER:
            owned = self._owned.get(partition.index)
            if owned is not None and owned.part is partition:
                return
            self.unload(partition.index)
            owned = _OwnedPartition(partition.index, partition)
            self._owned[partition.index] = owned
            owned.task = self._spawn(self._load(owned))
        else:
            self.unload(partition.index)

    async def _load(self, owned: _OwnedPartition) -> None:
        started = self.clock.monotonic()
        found: dict[str, tl.TransactionMetadata | None] = {}
        try:
            async for _offset, key, value in read_records(
                    owned.part, self.config.get_int("transaction.state.log.load.buffer.size")):
                try:
                    txn_id = tl.decode_key(key)
                    found[txn_id] = None if value is None else tl.decode_value(txn_id, value)
                except tl.TransactionLogError as e:
                    log.warning("%s-%d: skipping an unreadable record: %s", tl.TRANSACTION_STATE_TOPIC, owned.index, e)
        except Exception:
            log.exception("loading %s-%d failed; serving what was read", tl.TRANSACTION_STATE_TOPIC, owned.index)
        if self._owned.get(owned.index) is not owned:
            return
        loaded = [m for m in found.values() if m is not None]
        for meta in loaded:
            self.txns[meta.transactional_id] = meta
        owned.loading = False
        unfinished = [m for m in loaded if m.state in (tl.PREPARE_COMMIT, tl.PREPARE_ABORT)]
        duration = int((self.clock.monotonic() - started) * 1000)
        log.info("broker %d loaded %s-%d: %d transactional ids, %d transactions to complete, in %d ms",
                 self.broker_id, tl.TRANSACTION_STATE_TOPIC, owned.index, len(loaded), len(unfinished), duration)
        self.bus.publish(ev.TransactionsLoaded(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                               partition=owned.index, transactions=len(loaded),
                                               pending=len(unfinished), duration_ms=duration))
        if self.on_loaded is not None:
            self.on_loaded(unfinished)

    def unload(self, index: int) -> None:
        owned = self._owned.pop(index, None)
        if owned is None:
            return
        if owned.task is not None:
            owned.task.cancel()
        n = self.num_partitions()
        for txn_id in [t for t in self.txns if tl.partition_for_txn(t, n) == index]:
            del self.txns[txn_id]
