"""TransactionCoordinator: one per broker, for the transactional ids whose ``__transaction_state``
partition it leads (KIP-98, Kafka's ``TransactionCoordinator``).

- FindCoordinator (key type 1) answers the leader of ``abs(transactionalId.hashCode()) %
  transaction.state.log.num.partitions``, creating the compacted topic on first use (RF
  min(transaction.state.log.replication.factor, brokers)).
- InitProducerId gives a transactional id its producer id and bumps the epoch at every call, so an
  older producer with the same id (a zombie) is fenced: its requests get PRODUCER_FENCED (old
  request versions: INVALID_PRODUCER_EPOCH) and partitions refuse its batches with
  INVALID_PRODUCER_EPOCH once a newer epoch wrote there. An Ongoing transaction of the old producer
  is aborted first (the answer is CONCURRENT_TRANSACTIONS until the abort is complete).
- AddPartitionsToTxn / AddOffsetsToTxn make the transaction Ongoing and record its partitions.
- EndTxn writes PrepareCommit/PrepareAbort, answers, then writes the markers to every partition
  leader (WriteTxnMarkers, :mod:`transaction_markers`) and finally CompleteCommit/CompleteAbort.
- A transaction Ongoing for longer than its ``transaction.timeout.ms`` is aborted with a bumped
  epoch (checked every ``transaction.abort.timed.out.transaction.cleanup.interval.ms``).
- Failover: a new coordinator loads the partition and sends the markers of every transaction it
  finds in PrepareCommit/PrepareAbort again, so a transaction completes or aborts, never half.

Every state change is written to ``__transaction_state`` (acks=-1) before it counts. Simplified:
the coordinator epoch is sent with the markers but partitions do not check it; KIP-890's
server-side partition verification is not done.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig
from engine.coordinator import transaction_log as tl
from engine.coordinator.group_coordinator import CoordinatorNode
from engine.coordinator.ports import CoordinatorPartition, TxnMarkerSender
from engine.coordinator.records import OFFSETS_TOPIC, partition_for
from engine.coordinator.timer import CoordinatorTimer
from engine.coordinator.transaction_markers import TransactionMarkerChannelManager
from engine.coordinator.transaction_state_manager import TransactionStateManager
from engine.metadata.cache import MetadataCache
from engine.metadata.channel import ControllerChannel
from engine.metadata.roles import PartitionRole
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]
MAX_EPOCH = 32767
ABORT_TIMED_OUT_KEY = "abort-timed-out-transactions"
REMOVE_EXPIRED_KEY = "remove-expired-transactional-ids"


class TransactionCoordinator:
    def __init__(self, broker_id: int, config: BrokerConfig, clock: Clock, bus: ev.EventBus, metadata: MetadataCache,
                 controller: ControllerChannel, generate_producer_id: Callable[[], Awaitable[int]],
                 sender: TxnMarkerSender) -> None:
        self.broker_id = broker_id
        self.config = config
        self.clock = clock
        self.bus = bus
        self.metadata = metadata
        self.controller = controller
        self._generate_producer_id = generate_producer_id
        self.sender = sender
        self.state = TransactionStateManager(broker_id, config, clock, bus, metadata)
        self.state.on_loaded = self._on_loaded
        self.markers = TransactionMarkerChannelManager(metadata, sender)
        self.timer = CoordinatorTimer(clock)
        self._tasks: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ lifecycle
    def startup(self) -> None:
        self.state.active = True
        self._schedule_abort_check()
        self._schedule_expiration()

    async def shutdown(self) -> None:
        self.state.shutdown()
        self.timer.cancel_all()
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
        await self.sender.close()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def on_partition_role(self, partition: CoordinatorPartition, role: PartitionRole) -> None:
        self.state.on_partition_role(partition, role)

    # ------------------------------------------------------------------ FindCoordinator
    async def find_coordinator(self, transactional_id: str) -> CoordinatorNode:
        image = self.metadata.image
        topic_name = tl.TRANSACTION_STATE_TOPIC
        if topic_name not in image.topics:
            live = len(image.live_brokers())
            rf = max(min(self.config.get_int("transaction.state.log.replication.factor"), live), 1)
            configs = {"cleanup.policy": "compact", "compression.type": "uncompressed", "unclean.leader.election.enable": "false",
                       "min.insync.replicas": str(min(self.config.get_int("transaction.state.log.min.isr"), rf)),
                       "segment.bytes": self.config.get("transaction.state.log.segment.bytes")}
            try:
                await self.controller.create_topic(topic_name, self.config.get_int("transaction.state.log.num.partitions"),
                                                   rf, configs=configs)
                log.info("created %s with replication factor %d", topic_name, rf)
            except KafkaError as e:
                if e.code != ErrorCode.topic_already_exists:
                    return CoordinatorNode(ErrorCode.coordinator_not_available, message=e.message)
            await self.metadata.wait_until(lambda img: topic_name in img.topics, timeout_s=5.0)
            image = self.metadata.image
        topic = image.topics.get(topic_name)
        if topic is None:
            return CoordinatorNode(ErrorCode.coordinator_not_available, message="the transaction log is being created")
        reg = topic.partitions.get(tl.partition_for_txn(transactional_id, len(topic.partitions)))
        broker = image.brokers.get(reg.leader) if reg is not None else None
        if broker is None or broker.fenced:
            return CoordinatorNode(ErrorCode.coordinator_not_available, message="The coordinator is not available.")
        return CoordinatorNode(ErrorCode.none, broker.broker_id, broker.host, broker.port)

    # ------------------------------------------------------------------ InitProducerId
    async def init_producer_id(self, txn_id: str, timeout_ms: int, expected_pid: int = -1,
                               expected_epoch: int = -1) -> tuple[ErrorCode, int, int]:
        """Kafka's ``handleInitProducerId``: (error, producer id, epoch)."""
        error = self.state.check(txn_id)
        if error is not None:
            return error, -1, -1
        if timeout_ms <= 0 or timeout_ms > self.config.get_int("transaction.max.timeout.ms"):
            return ErrorCode.invalid_transaction_timeout, -1, -1
        meta = self.state.txns.get(txn_id)
        now = self.clock.time_ms()
        if meta is None:
            pid = await self._generate_producer_id()
            meta = tl.TransactionMetadata(txn_id, pid, -1, timeout_ms, tl.EMPTY, set(), -1, now)
            if (error := self.state.check(txn_id)) is not None:
                return error, -1, -1
            if txn_id in self.state.txns:  # another InitProducerId got there first
                return ErrorCode.concurrent_transactions, -1, -1
            self.state.txns[txn_id] = meta
        if meta.pending or meta.state in (tl.PREPARE_COMMIT, tl.PREPARE_ABORT, tl.PREPARE_EPOCH_FENCE):
            return ErrorCode.concurrent_transactions, -1, -1
        if expected_pid >= 0 and not (expected_pid == meta.producer_id
                                      and expected_epoch in (meta.producer_epoch, meta.last_epoch)):
            return ErrorCode.producer_fenced, -1, -1
        if meta.state == tl.ONGOING:
            # a new producer instance: fence the old one and abort its transaction first
            self._fence_and_abort(meta, "fenced", "new producer")
            return ErrorCode.concurrent_transactions, -1, -1
        new = meta.copy()
        if meta.producer_epoch >= MAX_EPOCH - 1:
            new.producer_id, new.producer_epoch = await self._generate_producer_id(), 0
        else:
            new.producer_epoch = meta.producer_epoch + 1
        new.last_epoch = -1
        new.timeout_ms, new.state, new.partitions, new.start_ms, new.update_ms = timeout_ms, tl.EMPTY, set(), -1, now
        meta.pending = True
        error = await self.state.write(new)
        meta.pending = False
        if error != ErrorCode.none:
            if meta.producer_epoch < 0 and self.state.txns.get(txn_id) is meta:
                del self.state.txns[txn_id]  # never written: forget it
            return error, -1, -1
        if meta.producer_epoch >= 0:
            self.bus.publish(ev.ProducerFenced(time_ms=now, broker_id=self.broker_id, transactional_id=txn_id,
                                               producer_id=new.producer_id, old_epoch=meta.producer_epoch,
                                               new_epoch=new.producer_epoch, reason="new producer"))
        return ErrorCode.none, new.producer_id, new.producer_epoch

    # ------------------------------------------------------------------ AddPartitionsToTxn / AddOffsetsToTxn
    def _validate(self, txn_id: str, pid: int, epoch: int) -> tuple[ErrorCode | None, tl.TransactionMetadata | None]:
        error = self.state.check(txn_id)
        if error is not None:
            return error, None
        meta = self.state.txns.get(txn_id)
        if meta is None or meta.producer_epoch < 0 or meta.producer_id != pid:
            return ErrorCode.invalid_producer_id_mapping, None
        if meta.producer_epoch != epoch:
            return ErrorCode.producer_fenced, None
        return None, meta

    async def add_partitions(self, txn_id: str, pid: int, epoch: int, partitions: set[TopicPartition]) -> ErrorCode:
        error, meta = self._validate(txn_id, pid, epoch)
        if error is not None or meta is None:
            return error or ErrorCode.unknown_server_error
        if meta.pending or meta.state in (tl.PREPARE_COMMIT, tl.PREPARE_ABORT, tl.PREPARE_EPOCH_FENCE):
            return ErrorCode.concurrent_transactions
        if meta.state == tl.ONGOING and partitions <= meta.partitions:
            return ErrorCode.none
        now = self.clock.time_ms()
        new = meta.copy()
        begun = meta.state != tl.ONGOING
        if begun:
            new.partitions, new.start_ms = set(), now
        new.state, new.update_ms, new.reason = tl.ONGOING, now, "client"
        new.partitions |= partitions
        meta.pending = True
        error = await self.state.write(new)
        meta.pending = False
        if error == ErrorCode.none and begun:
            self.bus.publish(ev.TransactionBegun(time_ms=now, broker_id=self.broker_id, transactional_id=txn_id,
                                                 producer_id=pid, producer_epoch=epoch, partitions=len(new.partitions)))
        return error

    def offsets_partition(self, group_id: str) -> TopicPartition:
        topic = self.metadata.image.topics.get(OFFSETS_TOPIC)
        n = len(topic.partitions) if topic is not None and topic.partitions else \
            self.config.get_int("offsets.topic.num.partitions")
        return OFFSETS_TOPIC, partition_for(group_id, n)

    # ------------------------------------------------------------------ EndTxn
    async def end_txn(self, txn_id: str, pid: int, epoch: int, committed: bool) -> ErrorCode:
        """Kafka's ``handleEndTransaction``."""
        error, meta = self._validate(txn_id, pid, epoch)
        if error is not None or meta is None:
            return error or ErrorCode.unknown_server_error
        if meta.pending:
            return ErrorCode.concurrent_transactions
        if meta.state == tl.ONGOING:
            return await self._prepare(meta, committed, meta.producer_epoch, "client")
        if meta.state == (tl.COMPLETE_COMMIT if committed else tl.COMPLETE_ABORT):
            return ErrorCode.none  # a retry of an EndTxn that was done
        if meta.state == (tl.PREPARE_COMMIT if committed else tl.PREPARE_ABORT):
            return ErrorCode.concurrent_transactions
        return ErrorCode.invalid_txn_state

    async def _prepare(self, meta: tl.TransactionMetadata, committed: bool, epoch: int, reason: str) -> ErrorCode:
        """Write PrepareCommit/PrepareAbort (at ``epoch``), then send the markers in the background."""
        new = meta.copy()
        if epoch != meta.producer_epoch:
            new.last_epoch, new.producer_epoch = meta.producer_epoch, epoch
        new.state = tl.PREPARE_COMMIT if committed else tl.PREPARE_ABORT
        new.update_ms, new.reason, new.pending = self.clock.time_ms(), reason, True
        meta.pending = True
        error = await self.state.write(new)
        meta.pending = False
        if error == ErrorCode.none:
            self._spawn(self._complete(new))
        return error

    def _fence_and_abort(self, meta: tl.TransactionMetadata, reason: str, why: str) -> None:
        """Bump the epoch of an Ongoing transaction and abort it (a zombie or a timeout)."""
        old, new_epoch = meta.producer_epoch, meta.producer_epoch + 1
        self.bus.publish(ev.ProducerFenced(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                           transactional_id=meta.transactional_id, producer_id=meta.producer_id,
                                           old_epoch=old, new_epoch=new_epoch, reason=why))
        meta.pending = True  # until _prepare runs: no other request slips in

        async def run() -> None:
            meta.pending = False
            error = await self._prepare(meta, False, new_epoch, reason)
            if error != ErrorCode.none:
                log.info("aborting transaction %r failed: %s", meta.transactional_id, error.name)
        self._spawn(run())

    async def _complete(self, meta: tl.TransactionMetadata) -> None:
        """Markers to every partition, then CompleteCommit/CompleteAbort (Kafka's
        ``TransactionMarkerChannelManager`` then ``completeTransaction``)."""
        committed = meta.state == tl.PREPARE_COMMIT
        txn_id = meta.transactional_id
        epoch = self.state.coordinator_epoch(txn_id)
        done = await self.markers.write_markers(
            meta.producer_id, meta.producer_epoch, committed, epoch, meta.partitions,
            lambda: self.state.owns(txn_id) and self.state.txns.get(txn_id) is meta)
        backoff = 0.05
        while True:
            if not done or not self.state.owns(txn_id) or self.state.txns.get(txn_id) is not meta:
                return  # no longer the coordinator: the next one finishes from the log
            final = meta.copy()
            final.state = tl.COMPLETE_COMMIT if committed else tl.COMPLETE_ABORT
            final.partitions, final.update_ms, final.pending = set(), self.clock.time_ms(), False
            error = await self.state.write(final)
            if error == ErrorCode.none:
                break
            log.info("completing transaction %r: %s; retrying", txn_id, error.name)
            await asyncio.sleep(backoff)  # e.g. NOT_ENOUGH_REPLICAS while the ISR recovers
            backoff = min(backoff * 2, 1.0)
        self.bus.publish(ev.TransactionEnded(time_ms=self.clock.time_ms(), broker_id=self.broker_id,
                                             transactional_id=txn_id, producer_id=meta.producer_id,
                                             producer_epoch=meta.producer_epoch, committed=committed,
                                             reason=meta.reason, partitions=len(meta.partitions)))

    def _on_loaded(self, unfinished: list[tl.TransactionMetadata]) -> None:
        for meta in unfinished:
            meta.pending, meta.reason = True, "failover"
            self._spawn(self._complete(meta))

    # ------------------------------------------------------------------ timeouts
    def _schedule_abort_check(self) -> None:
        self.timer.schedule(ABORT_TIMED_OUT_KEY,
                            self.config.get_int("transaction.abort.timed.out.transaction.cleanup.interval.ms"),
                            self.abort_timed_out_transactions)

    def abort_timed_out_transactions(self) -> None:
        """Kafka's ``abortTimedOutTransactions``: Ongoing past ``start + timeout`` → fenced and aborted."""
        now = self.clock.time_ms()
        for meta in list(self.state.txns.values()):
            if meta.state == tl.ONGOING and not meta.pending and meta.start_ms + meta.timeout_ms <= now \
                    and self.state.check(meta.transactional_id) is None:
                log.info("transaction %r timed out after %d ms: aborting", meta.transactional_id, meta.timeout_ms)
                self._fence_and_abort(meta, "timeout", "timeout")
        self._schedule_abort_check()

    def _schedule_expiration(self) -> None:
        self.timer.schedule(REMOVE_EXPIRED_KEY,
                            self.config.get_int("transaction.remove.expired.transaction.cleanup.interval.ms"),
                            self.remove_expired_transactional_ids)

    def remove_expired_transactional_ids(self) -> None:
        """Kafka's ``removeExpiredTransactionalIds``: an id idle (Empty or Complete) for
        ``transactional.id.expiration.ms`` gets a tombstone in ``__transaction_state``."""
        horizon = self.clock.time_ms() - self.config.get_int("transactional.id.expiration.ms")
        for meta in list(self.state.txns.values()):
            if meta.state in (tl.EMPTY, tl.COMPLETE_COMMIT, tl.COMPLETE_ABORT) and not meta.pending \
                    and 0 <= meta.update_ms < horizon and self.state.check(meta.transactional_id) is None:
                meta.pending = True  # requests for it wait (CONCURRENT_TRANSACTIONS) until it is gone
                self._spawn(self._remove(meta))
        self._schedule_expiration()

    async def _remove(self, meta: tl.TransactionMetadata) -> None:
        if await self.state.remove(meta) != ErrorCode.none:
            meta.pending = False
        else:
            log.info("transactional id %r expired", meta.transactional_id)

    # ------------------------------------------------------------------ admin
    def describe(self, txn_id: str) -> tuple[ErrorCode, tl.TransactionMetadata | None]:
        error = self.state.check(txn_id)
        if error is not None:
            return error, None
        meta = self.state.txns.get(txn_id)
        if meta is None or meta.producer_epoch < 0:
            return ErrorCode.transactional_id_not_found, None
        return ErrorCode.none, meta

    def list_transactions(self, states: set[str], producer_ids: set[int], min_duration_ms: int
                          ) -> tuple[ErrorCode, list[tl.TransactionMetadata]]:
        if not self.state.active:
            return ErrorCode.coordinator_not_available, []
        error = ErrorCode.coordinator_load_in_progress if self.state.loading() else ErrorCode.none
        now = self.clock.time_ms()
        out = [m for m in self.state.txns.values() if m.producer_epoch >= 0
               and (not states or m.state_name in states) and (not producer_ids or m.producer_id in producer_ids)
               and (min_duration_ms < 0 or (m.state == tl.ONGOING and now - m.start_ms >= min_duration_ms))]
        return error, sorted(out, key=lambda m: m.transactional_id)
