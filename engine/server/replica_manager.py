"""ReplicaManager: the partitions a broker hosts, driven by the controller's metadata images
(become leader / become follower / delete), plus the produce and fetch paths."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from engine.clock import Clock
from engine.config import BrokerConfig, log_config_for
from engine.controller.image import MetadataImage
from engine.log.manager import STRAY_SUFFIX, LogManager
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode, KafkaError
from engine.server.partition import Partition

log = logging.getLogger(__name__)

RoleListener = Callable[[Partition, str], None]


@dataclass(slots=True)
class ReadInfo:
    data: bytes
    high_watermark: int
    log_start_offset: int
    log_end_offset: int


class ReplicaManager:
    def __init__(self, broker_id: int, config: BrokerConfig, log_manager: LogManager, clock: Clock,
                 bus: ev.EventBus) -> None:
        self.broker_id = broker_id
        self.config = config
        self.log_manager = log_manager
        self.clock = clock
        self.bus = bus
        self.partitions: dict[tuple[str, int], Partition] = {}
        self.role_listeners: list[RoleListener] = []
        self.image: MetadataImage | None = None

    # ------------------------------------------------------------------ metadata
    def apply_image(self, image: MetadataImage) -> None:
        self.image = image
        wanted: set[tuple[str, int]] = set()
        for topic in image.topics.values():
            log_config = log_config_for(self.config, topic.configs)
            for index, reg in topic.partitions.items():
                if self.broker_id not in reg.replicas:
                    continue
                key = (topic.name, index)
                wanted.add(key)
                part = self.partitions.get(key)
                if part is not None and part.topic_id != topic.topic_id:
                    self._remove(key)  # the topic was deleted and re-created with the same name
                    part = None
                if part is None:
                    unified = self.log_manager.get_or_create(topic.name, index, topic.topic_id, log_config)
                    if unified.topic_id != topic.topic_id:
                        self.log_manager.rename_aside(topic.name, index)
                        unified = self.log_manager.get_or_create(topic.name, index, topic.topic_id, log_config)
                    part = Partition(topic.name, index, topic.topic_id, self.broker_id, unified, self.clock)
                    self.partitions[key] = part
                else:
                    part.log.config = log_config
                role = part.apply_registration(reg)
                if role:
                    for listener in list(self.role_listeners):
                        listener(part, role)
        for key in [k for k in self.partitions if k not in wanted]:
            self._remove(key)

    def remove_stray_logs(self, image: MetadataImage) -> None:
        """Move aside the logs on disk that the controller's metadata does not assign to this
        broker (a topic deleted while the broker was down, an old incarnation of a re-created
        topic — or metadata that was lost). Never deleted: renamed to ``<dir>.<id>-stray`` as
        Kafka does with stray replicas, so nothing is lost if the metadata was what went wrong."""
        moved: list[str] = []
        for (topic, index), topic_id in sorted(self.log_manager.on_disk().items()):
            t = image.topics.get(topic)
            reg = t.partitions.get(index) if t else None
            if t is None or reg is None or self.broker_id not in reg.replicas or (topic_id and topic_id != t.topic_id):
                try:
                    self.log_manager.rename_aside(topic, index)
                except OSError as e:
                    log.error("broker %d: cannot move the stray log %s-%d aside: %s", self.broker_id, topic, index, e)
                    continue
                moved.append(f"{topic}-{index}")
        if moved:
            log.warning("broker %d: %d partition log(s) on disk are not assigned to this broker by the controller's "
                        "metadata; renamed aside to <dir>.<id>%s, not deleted: %s", self.broker_id, len(moved),
                        STRAY_SUFFIX, ", ".join(moved[:8]) + (" …" if len(moved) > 8 else ""))

    def _remove(self, key: tuple[str, int]) -> None:
        part = self.partitions.pop(key)
        part.leader_id = -1
        part.notify()
        for listener in list(self.role_listeners):
            listener(part, "removed")
        self.log_manager.delete(*key)

    # ------------------------------------------------------------------ lookups
    def leader_partition(self, topic: str, index: int) -> Partition:
        part = self.partitions.get((topic, index))
        if part is None:
            if self.image is not None and (topic not in self.image.topics or index not in self.image.topics[topic].partitions):
                raise KafkaError(ErrorCode.unknown_topic_or_partition, f"{topic}-{index} does not exist")
            raise KafkaError(ErrorCode.not_leader_or_follower, f"broker {self.broker_id} hosts no replica of {topic}-{index}")
        if not part.is_leader:
            raise KafkaError(ErrorCode.not_leader_or_follower,
                             f"broker {self.broker_id} is not the leader of {topic}-{index} (leader: {part.leader_id})")
        return part

    def check_leader_epoch(self, part: Partition, current_leader_epoch: int) -> None:
        if current_leader_epoch < 0:
            return
        if current_leader_epoch < part.leader_epoch:
            raise KafkaError(ErrorCode.fenced_leader_epoch, "the request's leader epoch is older than the current one")
        if current_leader_epoch > part.leader_epoch:
            raise KafkaError(ErrorCode.unknown_leader_epoch, "the request's leader epoch is newer than this broker knows")

    # ------------------------------------------------------------------ waiting
    async def wait_for_any(self, parts: list[Partition], timeout_s: float) -> None:
        if timeout_s <= 0 or not parts:
            return
        futures = [p.change_future() for p in parts]
        try:
            await asyncio.wait(futures, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for f in futures:
                if not f.done():
                    f.cancel()

    def shutdown(self) -> None:
        for part in self.partitions.values():
            part.leader_id = -1
            part.notify()
        self.partitions.clear()
