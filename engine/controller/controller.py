"""The cluster controller (KRaft's ``QuorumController`` in one process).

It owns the metadata: topics, partition assignments, leaders, leader epochs, ISR, configs and
broker liveness. Every change is a record appended to the :class:`MetadataLog`, then a new
immutable :class:`MetadataImage` is published to the brokers. Leader election is Kafka's:
the first live replica (in assignment order) that is in the ISR, or, with
``unclean.leader.election.enable``, any live replica (``PartitionChangeBuilder``).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.clock import Clock
from engine.config import BrokerConfig, effective_topic_configs, validate_topic_configs
from engine.controller.assignment import assign_replicas
from engine.controller.image import (
    BrokerRegistration,
    MetadataImage,
    PartitionRegistration,
    TopicImage,
    frozen,
)
from engine.controller.metadata_log import MetadataLog
from engine.controller.topics import check_collision, validate_topic_name
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError

log = logging.getLogger(__name__)

ImageListener = Callable[[MetadataImage, MetadataImage], None]


@dataclass
class _Topic:
    name: str
    topic_id: uuid.UUID
    partitions: dict[int, PartitionRegistration] = field(default_factory=dict)
    configs: dict[str, str] = field(default_factory=dict)


class Controller:
    def __init__(self, broker_config: BrokerConfig, clock: Clock, bus: ev.EventBus,
                 data_dir: Path | None = None, seed: int = 0, cluster_id: str = "kafka-lab") -> None:
        self.broker_config = broker_config
        self.clock = clock
        self.bus = bus
        self.rng = random.Random(seed)
        self.cluster_id = cluster_id
        self._topics: dict[str, _Topic] = {}
        self._brokers: dict[int, BrokerRegistration] = {}
        self._log = MetadataLog(data_dir)
        self._listeners: list[ImageListener] = []
        self._pending: deque[tuple[MetadataImage, MetadataImage]] = deque()
        self._publishing = False
        self._next_producer_id = 0
        self._last_heartbeat: dict[int, float] = {}
        self._producer_id_block_end = 0
        self._log.replay(self._apply)  # a record that cannot be read or applied stops startup (CorruptMetadataLog)
        # deterministic for a given history, but never repeating ids after a restart
        self.rng = random.Random(f"{seed}:{self._log.next_offset}")
        self.image = self._build_image()

    # ------------------------------------------------------------------ publication
    def add_listener(self, listener: ImageListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: ImageListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _commit(self, records: list[dict[str, Any]], persist: bool = True) -> MetadataImage:
        for r in records:
            self._apply(r)
        if persist and records:
            self._log.append(records)
        old, self.image = self.image, self._build_image()
        self._publish(old, self.image)
        return self.image

    def _publish(self, old: MetadataImage, new: MetadataImage) -> None:
        """Deliver images to brokers in commit order. A listener that commits again (e.g. a
        coordinator creating __consumer_offsets) gets its image after the current one is applied."""
        self._pending.append((old, new))
        if self._publishing:
            return
        self._publishing = True
        try:
            while self._pending:
                o, n = self._pending.popleft()
                for listener in list(self._listeners):
                    listener(o, n)
        finally:
            self._publishing = False

    def _build_image(self) -> MetadataImage:
        live = sorted(b.broker_id for b in self._brokers.values() if not b.fenced)
        topics = {
            t.name: TopicImage(t.name, t.topic_id, frozen(t.partitions), frozen(t.configs))
            for t in self._topics.values()
        }
        return MetadataImage(
            offset=self._log.next_offset - 1,
            cluster_id=self.cluster_id,
            controller_id=live[0] if live else (min(self._brokers) if self._brokers else 0),
            brokers=frozen(self._brokers),
            topics=frozen(topics),
        )

    def _apply(self, r: dict[str, Any]) -> None:
        kind = r["type"]
        if kind == "TopicRecord":
            self._topics[r["name"]] = _Topic(r["name"], uuid.UUID(r["topic_id"]))
        elif kind == "PartitionRecord" or kind == "PartitionChangeRecord":
            t = self._topic_by_id(r["topic_id"])
            if t is None:
                return
            old = t.partitions.get(r["partition"])
            replicas = tuple(r.get("replicas", old.replicas if old else ()))
            t.partitions[r["partition"]] = PartitionRegistration(
                replicas=replicas,
                isr=tuple(r["isr"]) if "isr" in r else (old.isr if old else replicas),
                leader=r["leader"] if "leader" in r else (old.leader if old else -1),
                leader_epoch=r["leader_epoch"] if "leader_epoch" in r else (old.leader_epoch if old else 0),
                partition_epoch=(old.partition_epoch + 1) if old else 0,
            )
        elif kind == "ConfigRecord":
            t = self._topics.get(r["name"])
            if t is not None:
                if r["value"] is None:
                    t.configs.pop(r["key"], None)
                else:
                    t.configs[r["key"]] = r["value"]
        elif kind == "RemoveTopicRecord":
            t = self._topic_by_id(r["topic_id"])
            if t is not None:
                del self._topics[t.name]
        elif kind == "ProducerIdsRecord":
            self._next_producer_id = self._producer_id_block_end = r["next_producer_id_block"]
        elif kind == "RegisterBrokerRecord":
            self._brokers[r["broker_id"]] = BrokerRegistration(r["broker_id"], r["host"], r["port"], r.get("fenced", False))
        elif kind == "BrokerFencingRecord":
            b = self._brokers.get(r["broker_id"])
            if b is not None:
                self._brokers[b.broker_id] = BrokerRegistration(b.broker_id, b.host, b.port, r["fenced"])

    def _topic_by_id(self, topic_id: str) -> _Topic | None:
        for t in self._topics.values():
            if str(t.topic_id) == topic_id:
                return t
        return None

    # ------------------------------------------------------------------ brokers
    def register_broker(self, broker_id: int, host: str, port: int) -> None:
        """A broker (re)started: registered, unfenced, and leaderless partitions it hosts get a leader."""
        self._last_heartbeat[broker_id] = self.clock.monotonic()
        self._commit([{"type": "RegisterBrokerRecord", "broker_id": broker_id, "host": host, "port": port}], persist=False)
        self._elect_offline_partitions()

    def heartbeat(self, broker_id: int) -> None:
        """BrokerHeartbeat: keeps the broker's session alive; a fenced broker that heartbeats again
        (a paused process resuming) is unfenced, as KRaft does once the broker is caught up."""
        self._last_heartbeat[broker_id] = self.clock.monotonic()
        b = self._brokers.get(broker_id)
        if b is not None and b.fenced:
            self._commit([{"type": "BrokerFencingRecord", "broker_id": broker_id, "fenced": False}], persist=False)
            self._elect_offline_partitions()

    def check_sessions(self) -> None:
        """Fence every unfenced broker whose last heartbeat is older than broker.session.timeout.ms."""
        timeout = self.broker_config.get_int("broker.session.timeout.ms") / 1000
        now = self.clock.monotonic()
        for bid, b in list(self._brokers.items()):
            if not b.fenced and now - self._last_heartbeat.get(bid, now) > timeout:
                log.warning("broker %d missed heartbeats for %.1fs: fencing it", bid, now - self._last_heartbeat[bid])
                self.fence_broker(bid, "session expired")

    def forget_broker(self, broker_id: int) -> None:
        self._last_heartbeat.pop(broker_id, None)

    def fence_broker(self, broker_id: int, reason: str) -> None:
        """A broker died or stopped heartbeating: fence it, move its leaderships, shrink ISRs."""
        b = self._brokers.get(broker_id)
        if b is None or b.fenced:
            return
        records: list[dict[str, Any]] = [{"type": "BrokerFencingRecord", "broker_id": broker_id, "fenced": True}]
        self._commit(records, persist=False)
        self.bus.publish(ev.BrokerDown(time_ms=self.clock.time_ms(), broker_id=broker_id, reason=reason))
        changes: list[dict[str, Any]] = []
        for t in self._topics.values():
            for p, reg in t.partitions.items():
                if broker_id not in reg.replicas:
                    continue
                new_isr = tuple(r for r in reg.isr if r != broker_id) or reg.isr
                # Kafka keeps the last ISR member in the ISR when it dies (the partition goes offline)
                if reg.leader == broker_id:
                    changes.append(self._election_record(t, p, reg, new_isr, "leader down"))
                elif new_isr != reg.isr:
                    changes.append({"type": "PartitionChangeRecord", "topic_id": str(t.topic_id), "partition": p,
                                    "isr": list(new_isr)})
                    self.bus.publish(ev.IsrShrunk(time_ms=self.clock.time_ms(), topic=t.name, partition=p,
                                                  old_isr=reg.isr, new_isr=new_isr))
        if changes:
            self._commit(changes)

    def _live(self) -> set[int]:
        return {b.broker_id for b in self._brokers.values() if not b.fenced}

    def _election_record(self, t: _Topic, p: int, reg: PartitionRegistration, isr: tuple[int, ...],
                         reason: str) -> dict[str, Any]:
        live = self._live()
        candidates = [r for r in reg.replicas if r in live and r in isr]
        unclean = False
        if not candidates and self._unclean_allowed(t):
            candidates = [r for r in reg.replicas if r in live]
            unclean = bool(candidates)
        new_leader = candidates[0] if candidates else -1
        new_isr: tuple[int, ...] = isr
        if unclean:
            new_isr = (new_leader,)
        epoch = reg.leader_epoch + 1
        self.bus.publish(ev.LeaderElected(time_ms=self.clock.time_ms(), topic=t.name, partition=p,
                                          old_leader=reg.leader, new_leader=new_leader, leader_epoch=epoch,
                                          reason="unclean" if unclean else reason))
        if new_isr != reg.isr and len(new_isr) < len(reg.isr):
            self.bus.publish(ev.IsrShrunk(time_ms=self.clock.time_ms(), topic=t.name, partition=p,
                                          old_isr=reg.isr, new_isr=new_isr))
        return {"type": "PartitionChangeRecord", "topic_id": str(t.topic_id), "partition": p,
                "leader": new_leader, "leader_epoch": epoch, "isr": list(new_isr)}

    def _unclean_allowed(self, t: _Topic) -> bool:
        v = t.configs.get("unclean.leader.election.enable", self.broker_config.get("unclean.leader.election.enable"))
        return v.lower() == "true"

    def _elect_offline_partitions(self) -> None:
        live = self._live()
        changes = []
        for t in self._topics.values():
            for p, reg in t.partitions.items():
                if reg.leader == -1 or reg.leader not in live:
                    if any(r in live for r in reg.replicas):
                        rec = self._election_record(t, p, reg, reg.isr, "leader down")
                        if rec["leader"] != -1 or reg.leader != -1:
                            changes.append(rec)
        if changes:
            self._commit(changes)

    # ------------------------------------------------------------------ topics
    def create_topic(self, name: str, num_partitions: int, replication_factor: int,
                     assignments: Mapping[int, Sequence[int]] | None = None,
                     configs: Mapping[str, str | None] | None = None, validate_only: bool = False) -> TopicImage:
        validate_topic_name(name)
        if name in self._topics:
            raise KafkaError(ErrorCode.topic_already_exists, f"Topic '{name}' already exists.")
        check_collision(name, self._topics)
        topic_configs = validate_topic_configs(configs or {})
        live = sorted(self._live())
        if assignments:
            if num_partitions not in (-1, len(assignments)) or replication_factor not in (-1, 0):
                pass
            replicas = {int(p): list(r) for p, r in assignments.items()}
            if sorted(replicas) != list(range(len(replicas))):
                raise KafkaError(ErrorCode.invalid_replica_assignment, "partitions must be numbered 0..N-1")
            for r in replicas.values():
                if len(set(r)) != len(r) or not r:
                    raise KafkaError(ErrorCode.invalid_replica_assignment, f"invalid replica list {r}")
                unknown = [b for b in r if b not in self._brokers]
                if unknown:
                    raise KafkaError(ErrorCode.invalid_replica_assignment, f"unknown broker(s) {unknown}")
        else:
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
            replicas = assign_replicas(live, num_partitions, replication_factor, self.rng)
        if validate_only:
            return TopicImage(name, uuid.UUID(int=0), {}, topic_configs)
        topic_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        while any(t.topic_id == topic_id for t in self._topics.values()):
            topic_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        records: list[dict[str, Any]] = [{"type": "TopicRecord", "name": name, "topic_id": str(topic_id)}]
        for p, reps in sorted(replicas.items()):
            leader = next((b for b in reps if b in live), -1)
            records.append({"type": "PartitionRecord", "topic_id": str(topic_id), "partition": p,
                            "replicas": reps, "isr": [b for b in reps if b in live] or reps, "leader": leader,
                            "leader_epoch": 0})
        for k, v in topic_configs.items():
            records.append({"type": "ConfigRecord", "name": name, "key": k, "value": v})
        image = self._commit(records)
        now = self.clock.time_ms()
        rf = len(next(iter(replicas.values())))
        self.bus.publish(ev.TopicCreated(time_ms=now, topic=name, partitions=len(replicas), replication_factor=rf))
        for p in sorted(replicas):
            self.bus.publish(ev.LeaderElected(time_ms=now, topic=name, partition=p, old_leader=-1,
                                              new_leader=image.topics[name].partitions[p].leader,
                                              leader_epoch=0, reason="create"))
        return image.topics[name]

    def delete_topic(self, name: str) -> None:
        t = self._topics.get(name)
        if t is None:
            raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{name}' does not exist.")
        if not self.broker_config.get_bool("delete.topic.enable"):
            raise KafkaError(ErrorCode.topic_deletion_disabled, "Topic deletion is disabled.")
        self._commit([{"type": "RemoveTopicRecord", "topic_id": str(t.topic_id)}])
        self.bus.publish(ev.TopicDeleted(time_ms=self.clock.time_ms(), topic=name))

    def delete_topic_by_id(self, topic_id: uuid.UUID) -> str:
        for t in self._topics.values():
            if t.topic_id == topic_id:
                self.delete_topic(t.name)
                return t.name
        raise KafkaError(ErrorCode.unknown_topic_id, f"Topic id {topic_id} does not exist.")

    def create_partitions(self, name: str, count: int, assignments: Sequence[Sequence[int]] | None = None,
                          validate_only: bool = False) -> None:
        t = self._topics.get(name)
        if t is None:
            raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{name}' does not exist.")
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
        records: list[dict[str, Any]] = []
        for p, reps in sorted(new.items()):
            leader = next((b for b in reps if b in live), -1)
            records.append({"type": "PartitionRecord", "topic_id": str(t.topic_id), "partition": p, "replicas": reps,
                            "isr": [b for b in reps if b in live] or reps, "leader": leader, "leader_epoch": 0})
        image = self._commit(records)
        now = self.clock.time_ms()
        self.bus.publish(ev.PartitionsAdded(time_ms=now, topic=name, old_count=current, new_count=count))
        for p in sorted(new):
            self.bus.publish(ev.LeaderElected(time_ms=now, topic=name, partition=p, old_leader=-1,
                                              new_leader=image.topics[name].partitions[p].leader, leader_epoch=0,
                                              reason="create"))

    def alter_topic_configs(self, name: str, changes: Mapping[str, str | None], validate_only: bool = False) -> None:
        """Set (value) or delete (None) topic config overrides."""
        t = self._topics.get(name)
        if t is None:
            raise KafkaError(ErrorCode.unknown_topic_or_partition, f"Topic '{name}' does not exist.")
        validate_topic_configs({k: v for k, v in changes.items() if v is not None})
        for k in changes:
            validate_topic_configs({k: effective_topic_configs(self.broker_config, {})[k][0]})
        if validate_only:
            return
        records = [{"type": "ConfigRecord", "name": name, "key": k, "value": v} for k, v in changes.items()]
        self._commit(records)
        self.bus.publish(ev.TopicConfigChanged(time_ms=self.clock.time_ms(), topic=name, changes=dict(changes)))

    # ------------------------------------------------------------------ partitions (leaders → controller)
    def alter_partition(self, topic: str, partition: int, leader: int, leader_epoch: int, new_isr: Sequence[int],
                        partition_epoch: int) -> PartitionRegistration:
        """AlterPartition (KIP-497): the leader asks to change the ISR."""
        t = self._topics.get(topic)
        if t is None or partition not in t.partitions:
            raise KafkaError(ErrorCode.unknown_topic_or_partition, f"{topic}-{partition} does not exist")
        reg = t.partitions[partition]
        if leader != reg.leader or leader_epoch != reg.leader_epoch:
            raise KafkaError(ErrorCode.fenced_leader_epoch, "stale leader epoch")
        if partition_epoch != reg.partition_epoch:
            raise KafkaError(ErrorCode.invalid_update_version, "stale partition epoch")
        live = self._live()
        isr = tuple(r for r in new_isr if r in reg.replicas)
        if any(r not in live for r in isr if r not in reg.isr):
            raise KafkaError(ErrorCode.ineligible_replica, "a fenced broker cannot join the ISR")
        if leader not in isr:
            raise KafkaError(ErrorCode.invalid_request, "the leader must stay in the ISR")
        self._commit([{"type": "PartitionChangeRecord", "topic_id": str(t.topic_id), "partition": partition,
                       "isr": list(isr)}])
        cls = ev.IsrExpanded if len(isr) > len(reg.isr) else ev.IsrShrunk
        self.bus.publish(cls(time_ms=self.clock.time_ms(), topic=topic, partition=partition, old_isr=reg.isr, new_isr=isr))
        return self._topics[topic].partitions[partition]

    def _elect(self, partitions: Sequence[tuple[str, int]] | None, choose: Any,
               reason: str) -> dict[tuple[str, int], ErrorCode]:
        """Run ``choose(reg, live) -> (error, new leader, new isr | None)`` over partitions and
        commit every election in one batch of records."""
        live = self._live()
        results: dict[tuple[str, int], ErrorCode] = {}
        changes = []
        targets = partitions if partitions is not None else [(t.name, p) for t in self._topics.values() for p in t.partitions]
        for topic, p in targets:
            t = self._topics.get(topic)
            if t is None or p not in t.partitions:
                results[(topic, p)] = ErrorCode.unknown_topic_or_partition
                continue
            reg = t.partitions[p]
            code, leader, isr = choose(reg, live)
            results[(topic, p)] = code
            if code != ErrorCode.none:
                continue
            epoch = reg.leader_epoch + 1
            record: dict[str, Any] = {"type": "PartitionChangeRecord", "topic_id": str(t.topic_id), "partition": p,
                                      "leader": leader, "leader_epoch": epoch}
            if isr is not None:
                record["isr"] = list(isr)
            changes.append(record)
            self.bus.publish(ev.LeaderElected(time_ms=self.clock.time_ms(), topic=topic, partition=p,
                                              old_leader=reg.leader, new_leader=leader, leader_epoch=epoch,
                                              reason=reason))
        if changes:
            self._commit(changes)
        return results

    def elect_preferred(self, partitions: Sequence[tuple[str, int]] | None = None) -> dict[tuple[str, int], ErrorCode]:
        """Preferred-leader election (ElectLeaders type 0 / auto.leader.rebalance.enable)."""

        def choose(reg: PartitionRegistration, live: set[int]) -> tuple[ErrorCode, int, None]:
            pref = reg.preferred_leader
            if reg.leader == pref:
                return ErrorCode.election_not_needed, -1, None
            if pref in live and pref in reg.isr:
                return ErrorCode.none, pref, None
            return ErrorCode.preferred_leader_not_available, -1, None

        return self._elect(partitions, choose, "preferred")

    def elect_unclean(self, partitions: Sequence[tuple[str, int]] | None = None) -> dict[tuple[str, int], ErrorCode]:
        """ElectLeaders type 1: elect a leader for offline partitions even from out-of-sync replicas."""

        def choose(reg: PartitionRegistration, live: set[int]) -> tuple[ErrorCode, int, tuple[int, ...] | None]:
            if reg.leader in live:
                return ErrorCode.election_not_needed, -1, None
            candidates = [r for r in reg.replicas if r in live]
            if not candidates:
                return ErrorCode.eligible_leaders_not_available, -1, None
            return ErrorCode.none, candidates[0], (candidates[0],)

        return self._elect(partitions, choose, "unclean")

    def auto_rebalance(self, imbalance_percentage: int) -> None:
        """Kafka's ``checkAndTriggerAutoLeaderRebalance``: for each broker whose share of partitions
        not led by their preferred leader exceeds the threshold, run a preferred election."""
        live = self._live()
        per_broker: dict[int, list[tuple[str, int]]] = {}
        totals: dict[int, int] = {}
        for t in self._topics.values():
            for p, reg in t.partitions.items():
                pref = reg.preferred_leader
                totals[pref] = totals.get(pref, 0) + 1
                if reg.leader != pref and pref in live and pref in reg.isr:
                    per_broker.setdefault(pref, []).append((t.name, p))
        targets = [tp for b, tps in per_broker.items() if len(tps) * 100 / max(totals[b], 1) > imbalance_percentage
                   for tp in tps]
        if targets:
            self.elect_preferred(targets)

    def allocate_producer_id(self) -> int:
        """Producer ids come in blocks of 1000, each block recorded in the metadata log (KIP-730)."""
        if self._next_producer_id >= self._producer_id_block_end:
            self._commit([{"type": "ProducerIdsRecord", "next_producer_id_block": self._producer_id_block_end + 1000}])
            self._next_producer_id = self._producer_id_block_end - 1000
        pid = self._next_producer_id
        self._next_producer_id += 1
        return pid

    def close(self) -> None:
        self._log.close()
