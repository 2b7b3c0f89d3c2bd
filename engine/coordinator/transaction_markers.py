"""TransactionMarkerChannelManager: the COMMIT or ABORT markers of one transaction, written to the
leader of every partition it touched with WriteTxnMarkers (Kafka's
``TransactionMarkerChannelManager`` + ``TransactionMarkerRequestCompletionHandler``).

Partitions are grouped by their current leader; a partition answered with an error that a new
leader or a retry cures (NOT_LEADER_OR_FOLLOWER, a broker that cannot be reached, …) is sent
again after a short backoff against the newest metadata; a partition of a deleted topic is done.
Sending stops when this broker is no longer the transaction's coordinator — the next one loads
the PrepareCommit/PrepareAbort state and sends the markers again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from engine.coordinator.ports import TxnMarkerSender
from engine.metadata.cache import MetadataCache
from engine.protocol.errors import ErrorCode

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]
MAX_BACKOFF_S = 1.0


class TransactionMarkerChannelManager:
    def __init__(self, metadata: MetadataCache, sender: TxnMarkerSender) -> None:
        self.metadata = metadata
        self.sender = sender

    async def write_markers(self, producer_id: int, producer_epoch: int, committed: bool, coordinator_epoch: int,
                            partitions: set[TopicPartition], still_coordinator: Callable[[], bool]) -> bool:
        """Until every partition has its marker (True), or this broker stopped coordinating (False)."""
        remaining = set(partitions)
        backoff = 0.02
        while remaining:
            if not still_coordinator():
                return False
            image = self.metadata.image
            by_leader: dict[int, list[TopicPartition]] = {}
            for tp in sorted(remaining):
                topic = image.topics.get(tp[0])
                reg = topic.partitions.get(tp[1]) if topic is not None else None
                if reg is None:
                    remaining.discard(tp)  # the topic was deleted: nothing to mark
                    continue
                broker = image.brokers.get(reg.leader)
                if broker is not None and not broker.fenced:
                    by_leader.setdefault(reg.leader, []).append(tp)
            sends = [self._send(b, tps, producer_id, producer_epoch, committed, coordinator_epoch)
                     for b, tps in by_leader.items()]
            for done in await asyncio.gather(*sends):
                remaining -= done
            if remaining:
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
        return True

    async def _send(self, broker_id: int, partitions: list[TopicPartition], producer_id: int, producer_epoch: int,
                    committed: bool, coordinator_epoch: int) -> set[TopicPartition]:
        try:
            results = await self.sender.write_txn_markers(broker_id, producer_id, producer_epoch, committed,
                                                          coordinator_epoch, partitions)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as e:
            log.info("WriteTxnMarkers to broker %d failed (%s); retrying", broker_id, e)
            return set()
        done = set()
        for tp, error in results.items():
            if error == ErrorCode.none:
                done.add(tp)
            elif error in (ErrorCode.invalid_producer_epoch, ErrorCode.transaction_coordinator_fenced):
                log.warning("marker for producer %d on %s-%d refused with %s: a newer epoch wrote there",
                            producer_id, tp[0], tp[1], error.name)
                done.add(tp)
            else:
                log.debug("marker for producer %d on %s-%d: %s; retrying", producer_id, tp[0], tp[1], error.name)
        return done
