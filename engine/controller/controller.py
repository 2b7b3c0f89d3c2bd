"""The cluster controller (KRaft's ``QuorumController`` in one process).

It owns the metadata: topics, partition assignments, leaders, leader epochs, ISR, configs and
broker liveness. Every decision is a batch of typed records (:mod:`engine.metadata.records`):
replayed into a :class:`MetadataDelta`, appended to the :class:`MetadataLog` (broker sessions stay
in memory), applied to get the next immutable :class:`MetadataImage`, and handed to the
:class:`MetadataPublisher`, which delivers the delta to the brokers from the event loop. Leader
election is Kafka's (:mod:`engine.controller.elections`). Brokers reach the controller only
through :class:`engine.controller.channel.LocalControllerChannel`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from engine.clock import Clock
from engine.config import BrokerConfig, effective_topic_configs, validate_topic_configs
from engine.controller import reassignment
from engine.controller.assignment import assign_replicas
from engine.controller.elections import choose_preferred, choose_unclean, elect_leader, imbalanced_partitions
from engine.controller.metadata_log import MetadataLog
from engine.controller.startup_balance import StartupBalance, settled
from engine.controller.topics import check_collision, validate_topic_name
from engine.metadata.channel import IsrChange
from engine.metadata.delta import MetadataDelta
from engine.metadata.image import MetadataImage, PartitionRegistration, TopicImage
from engine.metadata.publisher import MetadataPublisher
from engine.metadata.records import (
    BrokerFencingRecord,
    ConfigRecord,
    MetadataRecord,
    PartitionChangeRecord,
    PartitionRecord,
    ProducerIdsRecord,
    RegisterBrokerRecord,
    RemoveTopicRecord,
    TopicRecord,
    UnregisterBrokerRecord,
    record_from_json,
)
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]
PRODUCER_ID_BLOCK_SIZE = 1000  # Kafka's ProducerIdManager block size
Chooser = Callable[[PartitionRegistration, set[int]], tuple[ErrorCode, int, tuple[int, ...] | None]]


class Controller:
    def __init__(self, broker_config: BrokerConfig, clock: Clock, bus: ev.EventBus,
                 data_dir: Path | None = None, seed: int = 0, cluster_id: str = "kafka-lab") -> None:
        self.broker_config = broker_config
        self.clock = clock
        self.bus = bus
        self.publisher = MetadataPublisher()
        self._log = MetadataLog(data_dir)
        self._last_heartbeat: dict[int, float] = {}
        self.startup_balance = StartupBalance()  # leaders back on their preferred brokers after a restart
        replay = MetadataDelta(MetadataImage.empty(cluster_id))
        # a record that cannot be read or applied stops startup (CorruptMetadataLog)
        self._log.replay(lambda d: replay.replay(record_from_json(d)))
        self.image = replay.apply(self._log.next_offset - 1)
        self._producer_id_block_end = replay.next_producer_id_block or 0
        # deterministic for a given history, but never repeating ids after a restart
        self.rng = random.Random(f"{seed}:{self._log.next_offset}")

    @property
    def cluster_id(self) -> str:
        return self.image.cluster_id

    @property
    def metadata_log_path(self) -> Path | None:
        return self._log.path

    def sessions(self) -> dict[int, float]:
        """Broker id → monotonic time of its last heartbeat (the controller's session table)."""
        return dict(self._last_heartbeat)

    # ------------------------------------------------------------------ commit
    def _commit(self, records: Sequence[MetadataRecord], persist: bool = True) -> MetadataImage:
        """Replay ``records`` into a delta, make them durable (unless they are session state), apply
        and publish. Returns the new image."""
        delta = MetadataDelta(self.image)
        for r in records:
            delta.replay(r)
        offset = self._log.append([r.to_json() for r in records]) if persist and records else self.image.offset
        self.image = delta.apply(offset)
        self.publisher.publish(delta, self.image)
        return self.image

    def _live(self) -> set[int]:
        return {b.broker_id for b in self.image.brokers.values() if not b.fenced}

    def _topic_by_name(self, name: str) -> TopicImage:
        t = self.image.topics.get(name)
        if t is None:
            raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{name}' does not exist.")
        return t

    # ------------------------------------------------------------------ brokers
    def register_broker(self, broker_id: int, host: str, port: int, listeners: tuple[tuple[str, int], ...] = ()) -> int:
        """A broker (re)started: registered, unfenced, and leaderless partitions it hosts get a
        leader. Returns the image version the broker must catch up to."""
        self._last_heartbeat[broker_id] = self.clock.monotonic()
        self._commit([RegisterBrokerRecord(broker_id, host, port, listeners=listeners)], persist=False)
        self._elect_offline_partitions()
        return self.image.version

    def heartbeat(self, broker_id: int) -> None:
        """BrokerHeartbeat: keeps the broker's session alive; a fenced broker that heartbeats again
        (a paused process resuming) is unfenced, as KRaft does once the broker is caught up."""
        self._last_heartbeat[broker_id] = self.clock.monotonic()
        b = self.image.brokers.get(broker_id)
        if b is not None and b.fenced:
            self._commit([BrokerFencingRecord(broker_id, False)], persist=False)
            self._elect_offline_partitions()

    def check_sessions(self) -> None:
        """Fence every unfenced broker whose last heartbeat is older than broker.session.timeout.ms."""
        timeout = self.broker_config.get_int("broker.session.timeout.ms") / 1000
        now = self.clock.monotonic()
        for bid, b in list(self.image.brokers.items()):
            if not b.fenced and now - self._last_heartbeat.get(bid, now) > timeout:
                log.warning("broker %d missed heartbeats for %.1fs: fencing it", bid, now - self._last_heartbeat[bid])
                self.fence_broker(bid, "session expired")

    def forget_broker(self, broker_id: int) -> None:
        self._last_heartbeat.pop(broker_id, None)

    def hosted_replicas(self, broker_id: int) -> list[TopicPartition]:
        """The partitions with a replica (current, adding or removing) on ``broker_id``."""
        return sorted((t.name, p) for t in self.image.topics.values() for p, reg in t.partitions.items()
                      if broker_id in reg.replicas)

    def unregister_broker(self, broker_id: int) -> None:
        """UnregisterBroker: a stopped broker leaves the cluster. Refused while it hosts replicas."""
        hosted = self.hosted_replicas(broker_id)
        if hosted:
            raise KafkaError(ErrorCode.invalid_request, f"broker {broker_id} still hosts replicas of "
                             + ", ".join(f"{t}-{p}" for t, p in hosted))
        self._last_heartbeat.pop(broker_id, None)
        if broker_id in self.image.brokers:
            self._commit([UnregisterBrokerRecord(broker_id)], persist=False)

    def fence_broker(self, broker_id: int, reason: str) -> None:
        """A broker died or stopped heartbeating: fence it, move its leaderships, shrink ISRs."""
        b = self.image.brokers.get(broker_id)
        if b is None or b.fenced:
            return
        self.startup_balance.cancel()  # a failover the class should see stays as Kafka leaves it
        self._commit([BrokerFencingRecord(broker_id, True)], persist=False)
        now = self.clock.time_ms()
        self.bus.publish(ev.BrokerDown(time_ms=now, broker_id=broker_id, reason=reason))
        live = self._live()
        changes: list[MetadataRecord] = []
        for t in self.image.topics.values():
            for p, reg in t.partitions.items():
                if broker_id not in reg.replicas:
                    continue
                # Kafka keeps the last ISR member in the ISR when it dies (the partition goes offline)
                new_isr = tuple(r for r in reg.isr if r != broker_id) or reg.isr
                if reg.leader == broker_id:
                    changes.append(self._elect(t, p, reg, new_isr, live, "leader down"))
                elif new_isr != reg.isr:
                    changes.append(PartitionChangeRecord(t.topic_id, p, isr=new_isr))
                    self.bus.publish(ev.IsrShrunk(time_ms=now, topic=t.name, partition=p, old_isr=reg.isr,
                                                  new_isr=new_isr))
        if changes:
            self._commit(changes)

    def _elect(self, t: TopicImage, p: int, reg: PartitionRegistration, isr: tuple[int, ...], live: set[int],
               reason: str) -> PartitionChangeRecord:
        election = elect_leader(t, p, reg, isr, live, self._unclean_allowed(t))
        now = self.clock.time_ms()
        self.bus.publish(ev.LeaderElected(time_ms=now, topic=t.name, partition=p, old_leader=reg.leader,
                                          new_leader=election.new_leader, leader_epoch=reg.leader_epoch + 1,
                                          reason="unclean" if election.unclean else reason))
        new_isr = election.record.isr or ()
        if new_isr != reg.isr and len(new_isr) < len(reg.isr):
            self.bus.publish(ev.IsrShrunk(time_ms=now, topic=t.name, partition=p, old_isr=reg.isr, new_isr=new_isr))
        return election.record

    def _unclean_allowed(self, t: TopicImage) -> bool:
        v = t.configs.get("unclean.leader.election.enable", self.broker_config.get("unclean.leader.election.enable"))
        return v.lower() == "true"

    def _elect_offline_partitions(self) -> None:
        live = self._live()
        changes: list[MetadataRecord] = []
        for t in self.image.topics.values():
            for p, reg in t.partitions.items():
                if (reg.leader == -1 or reg.leader not in live) and any(r in live for r in reg.replicas):
                    election = elect_leader(t, p, reg, reg.isr, live, self._unclean_allowed(t))
                    if election.new_leader != -1 or reg.leader != -1:
                        changes.append(self._elect(t, p, reg, reg.isr, live, "leader down"))
        if changes:
            self._commit(changes)

    # ------------------------------------------------------------------ topics
    def create_topic(self, name: str, num_partitions: int, replication_factor: int,
                     assignments: Mapping[int, Sequence[int]] | None = None,
                     configs: Mapping[str, str | None] | None = None, validate_only: bool = False) -> TopicImage:
        validate_topic_name(name)
        if name in self.image.topics:
            raise KafkaError(ErrorCode.topic_already_exists, f"Topic '{name}' already exists.")
        check_collision(name, self.image.topics)
        topic_configs = validate_topic_configs(configs or {})
        live = sorted(self._live())
        replicas = self._replicas_for(num_partitions, replication_factor, assignments, live)
        if validate_only:
            return TopicImage(name, uuid.UUID(int=0), {}, topic_configs)
        topic_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        while topic_id in self.image.topic_names:
            topic_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        records: list[MetadataRecord] = [TopicRecord(name, topic_id)]
        for p, reps in sorted(replicas.items()):
            records.append(self._new_partition(topic_id, p, reps, live))
        records.extend(ConfigRecord(name, k, v) for k, v in topic_configs.items())
        image = self._commit(records)
        now = self.clock.time_ms()
        rf = len(next(iter(replicas.values())))
        self.bus.publish(ev.TopicCreated(time_ms=now, topic=name, partitions=len(replicas), replication_factor=rf))
        self._announce_new_leaders(image.topics[name], sorted(replicas))
        return image.topics[name]

    def _replicas_for(self, num_partitions: int, replication_factor: int,
                      assignments: Mapping[int, Sequence[int]] | None, live: list[int]) -> dict[int, list[int]]:
        if assignments:
            replicas = {int(p): list(r) for p, r in assignments.items()}
            if sorted(replicas) != list(range(len(replicas))):
                raise KafkaError(ErrorCode.invalid_replica_assignment, "partitions must be numbered 0..N-1")
            for r in replicas.values():
                if len(set(r)) != len(r) or not r:
                    raise KafkaError(ErrorCode.invalid_replica_assignment, f"invalid replica list {r}")
                unknown = [b for b in r if b not in self.image.brokers]
                if unknown:
                    raise KafkaError(ErrorCode.invalid_replica_assignment, f"unknown broker(s) {unknown}")
            return replicas
        if num_partitions == -1:
            num_partitions = self.broker_config.get_int("num.partitions")
        if replication_factor == -1:
            replication_factor = self.broker_config.get_int("default.replication.factor")
        if num_partitions <= 0:
            raise KafkaError(ErrorCode.invalid_partitions, "Number of partitions must be larger than 0.")
        if replication_factor <= 0:
            raise KafkaError(ErrorCode.invalid_replication_factor, "Replication factor must be larger than 0.")
        if replication_factor > len(live):
            raise KafkaError(ErrorCode.invalid_replication_factor,
                             f"Replication factor: {replication_factor} larger than available brokers: {len(live)}.")
        return assign_replicas(live, num_partitions, replication_factor, self.rng)

    @staticmethod
    def _new_partition(topic_id: uuid.UUID, index: int, replicas: Sequence[int], live: Sequence[int]) -> PartitionRecord:
        leader = next((b for b in replicas if b in live), -1)
        isr = tuple(b for b in replicas if b in live) or tuple(replicas)
        return PartitionRecord(topic_id, index, tuple(replicas), isr, leader, 0)

    def _announce_new_leaders(self, t: TopicImage, indexes: Sequence[int]) -> None:
        now = self.clock.time_ms()
        for p in indexes:
            self.bus.publish(ev.LeaderElected(time_ms=now, topic=t.name, partition=p, old_leader=-1,
                                              new_leader=t.partitions[p].leader, leader_epoch=0, reason="create"))

    def delete_topic(self, name: str) -> None:
        t = self._topic_by_name(name)
        if not self.broker_config.get_bool("delete.topic.enable"):
            raise KafkaError(ErrorCode.topic_deletion_disabled, "Topic deletion is disabled.")
        self._commit([RemoveTopicRecord(t.topic_id)])
        self.bus.publish(ev.TopicDeleted(time_ms=self.clock.time_ms(), topic=name))

    def delete_topic_by_id(self, topic_id: uuid.UUID) -> str:
        t = self.image.topic_by_id(topic_id)
        if t is None:
            raise KafkaError(ErrorCode.unknown_topic_id, f"Topic id {topic_id} does not exist.")
        self.delete_topic(t.name)
        return t.name

    def create_partitions(self, name: str, count: int, assignments: Sequence[Sequence[int]] | None = None,
                          validate_only: bool = False) -> None:
        t = self._topic_by_name(name)
        current = len(t.partitions)
        if count < current:
            raise KafkaError(ErrorCode.invalid_partitions,
                             f"Topic currently has {current} partitions, which is higher than the requested {count}.")
        if count == current:
            raise KafkaError(ErrorCode.invalid_partitions, f"Topic already has {current} partitions.")
        rf = len(t.partitions[0].replicas)
        live = sorted(self._live())
        if assignments:
            if len(assignments) != count - current:
                raise KafkaError(ErrorCode.invalid_replica_assignment,
                                 f"Increasing the number of partitions by {count - current} but {len(assignments)} assignments provided.")
            new = {current + i: list(a) for i, a in enumerate(assignments)}
        else:
            if rf > len(live):
                raise KafkaError(ErrorCode.invalid_replication_factor,
                                 f"Replication factor: {rf} larger than available brokers: {len(live)}.")
            first = t.partitions[0].replicas[0]
            start = live.index(first) if first in live else 0
            new = assign_replicas(live, count - current, rf, self.rng, start_partition=current, fixed_start_index=start)
        if validate_only:
            return
        image = self._commit([self._new_partition(t.topic_id, p, reps, live) for p, reps in sorted(new.items())])
        self.bus.publish(ev.PartitionsAdded(time_ms=self.clock.time_ms(), topic=name, old_count=current, new_count=count))
        self._announce_new_leaders(image.topics[name], sorted(new))

    def alter_topic_configs(self, name: str, changes: Mapping[str, str | None], validate_only: bool = False) -> None:
        """Set (value) or delete (None) topic config overrides."""
        self._topic_by_name(name)
        validate_topic_configs({k: v for k, v in changes.items() if v is not None})
        for k in changes:
            validate_topic_configs({k: effective_topic_configs(self.broker_config, {})[k][0]})
        if validate_only:
            return
        self._commit([ConfigRecord(name, k, v) for k, v in changes.items()])
        self.bus.publish(ev.TopicConfigChanged(time_ms=self.clock.time_ms(), topic=name, changes=dict(changes)))

    # ------------------------------------------------------------------ partitions (leaders → controller)
    def alter_partition(self, topic: str, partition: int, leader: int, leader_epoch: int, new_isr: Sequence[int],
                        partition_epoch: int) -> PartitionRegistration:
        """AlterPartition (KIP-497) for one partition: the leader asks to change the ISR."""
        result = self.alter_partitions(leader, [IsrChange(topic, partition, leader_epoch, tuple(new_isr),
                                                          partition_epoch)])[(topic, partition)]
        if isinstance(result, KafkaError):
            raise result
        return result

    def alter_partitions(self, leader: int, changes: Sequence[IsrChange]
                         ) -> dict[TopicPartition, PartitionRegistration | KafkaError]:
        """AlterPartition for many partitions of one leader (Kafka batches them per broker): every
        valid change is committed in one batch of records; each partition gets its registration or
        its error."""
        live = self._live()
        results: dict[TopicPartition, PartitionRegistration | KafkaError] = {}
        records: list[MetadataRecord] = []
        accepted: list[tuple[IsrChange, PartitionRegistration, tuple[int, ...]]] = []
        for c in changes:
            key = (c.topic, c.partition)
            try:
                t = self.image.topics.get(c.topic)
                if t is None or c.partition not in t.partitions:
                    raise KafkaError(ErrorCode.unknown_topic_or_partition, f"{c.topic}-{c.partition} does not exist")
                reg = t.partitions[c.partition]
                if leader != reg.leader or c.leader_epoch != reg.leader_epoch:
                    raise KafkaError(ErrorCode.fenced_leader_epoch, "stale leader epoch")
                if c.partition_epoch != reg.partition_epoch:
                    raise KafkaError(ErrorCode.invalid_update_version, "stale partition epoch")
                isr = tuple(r for r in c.new_isr if r in reg.replicas)
                if any(r not in live for r in isr if r not in reg.isr):
                    raise KafkaError(ErrorCode.ineligible_replica, "a fenced broker cannot join the ISR")
                if leader not in isr:
                    raise KafkaError(ErrorCode.invalid_request, "the leader must stay in the ISR")
            except KafkaError as e:
                results[key] = e
                continue
            done = reassignment.complete(replace(reg, isr=isr), live) if reg.reassigning else None
            if done is None:
                records.append(PartitionChangeRecord(t.topic_id, c.partition, isr=isr))
            else:  # every adding replica is in the ISR now: the partition moves to its target
                records.append(reassignment.complete_record(t.topic_id, c.partition, done, reg))
            accepted.append((c, reg, isr))
        if not records:
            return results
        image = self._commit(records)
        now = self.clock.time_ms()
        for c, reg, isr in accepted:
            cls = ev.IsrExpanded if len(isr) > len(reg.isr) else ev.IsrShrunk
            self.bus.publish(cls(time_ms=now, topic=c.topic, partition=c.partition, old_isr=reg.isr, new_isr=isr))
            results[(c.topic, c.partition)] = new = image.topics[c.topic].partitions[c.partition]
            if reg.reassigning and not new.reassigning:
                reassignment.announce(self.bus, now, c.topic, c.partition, reg, new, ())
        return results

    # ------------------------------------------------------------------ reassignments (KIP-455)
    def alter_partition_reassignments(self, targets: Mapping[TopicPartition, Sequence[int] | None]
                                      ) -> dict[TopicPartition, KafkaError | None]:
        """AlterPartitionReassignments: start (target replicas) or cancel (None) the reassignment of
        each partition; the valid ones are committed in one batch. Returns each partition's error."""
        live = self._live()
        results: dict[TopicPartition, KafkaError | None] = {}
        records: list[MetadataRecord] = []
        for (topic, p), target in targets.items():
            try:
                t = self.image.topics.get(topic)
                if t is None or p not in t.partitions:
                    raise KafkaError(ErrorCode.unknown_topic_or_partition, f"{topic}-{p} does not exist")
                reg = t.partitions[p]
                if target is None:
                    record = reassignment.cancel(t.topic_id, p, reg, live)
                else:
                    record = reassignment.start(t.topic_id, p, reg,
                                                reassignment.validate_target(target, self.image.brokers), live)
            except KafkaError as e:
                results[(topic, p)] = e
                continue
            records.append(record)
            results[(topic, p)] = None
        if records:
            before = self.image
            self._commit(records)
            for (topic, p), error in results.items():
                old, new = before.partition(topic, p), self.image.partition(topic, p)
                if error is None and old is not None and new is not None:
                    reassignment.announce(self.bus, self.clock.time_ms(), topic, p, old, new, targets[(topic, p)])
        return results

    def list_partition_reassignments(self, partitions: Sequence[TopicPartition] | None = None
                                     ) -> dict[TopicPartition, PartitionRegistration]:
        """ListPartitionReassignments: the partitions with a reassignment in progress (of ``partitions``, or all)."""
        wanted = partitions if partitions is not None else \
            [(t.name, p) for t in self.image.topics.values() for p in t.partitions]
        found = ((tp, self.image.partition(*tp)) for tp in wanted)
        return {tp: reg for tp, reg in found if reg is not None and reg.reassigning}

    def _run_elections(self, partitions: Sequence[TopicPartition] | None, choose: Chooser,
                       reason: str) -> dict[TopicPartition, ErrorCode]:
        """Run ``choose(reg, live) -> (error, new leader, new isr | None)`` over partitions and
        commit every election in one batch of records."""
        live = self._live()
        results: dict[TopicPartition, ErrorCode] = {}
        changes: list[MetadataRecord] = []
        targets = partitions if partitions is not None else \
            [(t.name, p) for t in self.image.topics.values() for p in t.partitions]
        now = self.clock.time_ms()
        for topic, p in targets:
            t = self.image.topics.get(topic)
            if t is None or p not in t.partitions:
                results[(topic, p)] = ErrorCode.unknown_topic_or_partition
                continue
            reg = t.partitions[p]
            code, leader, isr = choose(reg, live)
            results[(topic, p)] = code
            if code != ErrorCode.none:
                continue
            changes.append(PartitionChangeRecord(t.topic_id, p, leader=leader, leader_epoch=reg.leader_epoch + 1,
                                                 isr=isr))
            self.bus.publish(ev.LeaderElected(time_ms=now, topic=topic, partition=p, old_leader=reg.leader,
                                              new_leader=leader, leader_epoch=reg.leader_epoch + 1, reason=reason))
        if changes:
            self._commit(changes)
        return results

    def elect_preferred(self, partitions: Sequence[TopicPartition] | None = None) -> dict[TopicPartition, ErrorCode]:
        """Preferred-leader election (ElectLeaders type 0 / auto.leader.rebalance.enable)."""
        return self._run_elections(partitions, choose_preferred, "preferred")

    def elect_unclean(self, partitions: Sequence[TopicPartition] | None = None) -> dict[TopicPartition, ErrorCode]:
        """ElectLeaders type 1: elect a leader for offline partitions even from out-of-sync replicas."""
        return self._run_elections(partitions, choose_unclean, "unclean")

    def auto_rebalance(self, imbalance_percentage: int) -> None:
        targets = imbalanced_partitions(list(self.image.topics.values()), self._live(), imbalance_percentage)
        if targets:
            self.elect_preferred(targets)

    def allocate_producer_ids(self, broker_id: int) -> tuple[int, int]:
        """A block of producer ids for one broker, recorded in the metadata log (KIP-730):
        returns ``(first id, block size)``."""
        first = self._producer_id_block_end
        self._producer_id_block_end = first + PRODUCER_ID_BLOCK_SIZE
        self._commit([ProducerIdsRecord(self._producer_id_block_end)])
        log.debug("producer ids %d..%d for broker %d", first, self._producer_id_block_end - 1, broker_id)
        return first, PRODUCER_ID_BLOCK_SIZE

    async def run_timers(self) -> None:
        """The controller's timers: broker session expiry, and the preferred-leader rebalance
        (``auto.leader.rebalance.enable``, every ``leader.imbalance.check.interval.seconds``)."""
        rebalance_every = self.broker_config.get_int("leader.imbalance.check.interval.seconds")
        auto_rebalance = self.broker_config.get_bool("auto.leader.rebalance.enable")
        last_rebalance = self.clock.monotonic()
        while True:
            await asyncio.sleep(0.25)
            try:
                self.check_sessions()
                now = self.clock.monotonic()
                if auto_rebalance and self.startup_balance.due(now):
                    if settled(self.image.topics.values(), self._live()):
                        self.startup_balance.cancel()
                    else:
                        self.auto_rebalance(0)
                if auto_rebalance and now - last_rebalance >= rebalance_every:
                    last_rebalance = now
                    self.auto_rebalance(self.broker_config.get_int("leader.imbalance.per.broker.percentage"))
            except Exception:
                log.exception("controller timer failed")

    def close(self) -> None:
        self._log.close()
