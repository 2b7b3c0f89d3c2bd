"""RequestContext: what an API handler gets — the request header, the client, and the broker's
parts it may use (never the Broker itself), as Kafka's ``KafkaApis`` is given its managers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.config import BrokerConfig
from engine.coordinator.group_coordinator import GroupCoordinator
from engine.coordinator.transaction_coordinator import TransactionCoordinator
from engine.metadata.cache import MetadataCache
from engine.metadata.channel import ControllerChannel
from engine.metadata.image import MetadataImage
from engine.protocol.frames import RequestHeader
from engine.server.metrics import BrokerMetrics
from engine.server.producer_id_manager import ProducerIdManager
from engine.server.replica_manager import ReplicaManager


@dataclass(slots=True)
class BrokerServices:
    """The parts of one broker (one set per start) that request handlers use."""

    broker_id: int
    config: BrokerConfig
    log_dir: Path
    metadata: MetadataCache
    replica_manager: ReplicaManager
    groups: GroupCoordinator
    controller: ControllerChannel
    producer_ids: ProducerIdManager
    metrics: BrokerMetrics
    api_versions: list[dict[str, int]]
    transactions: TransactionCoordinator


@dataclass(slots=True)
class RequestContext:
    header: RequestHeader
    client_host: str
    client_port: int
    connection_id: str
    services: BrokerServices
    listener: str = "PLAINTEXT"  # the listener the request came in on: metadata answers with its endpoints

    @property
    def api_version(self) -> int:
        return self.header.api_version

    @property
    def client_id(self) -> str:
        return self.header.client_id or ""

    # the parts, by their Kafka names
    @property
    def broker_id(self) -> int:
        return self.services.broker_id

    @property
    def config(self) -> BrokerConfig:
        return self.services.config

    @property
    def image(self) -> MetadataImage:
        """The metadata this broker serves now (its MetadataCache's image)."""
        return self.services.metadata.image

    @property
    def replica_manager(self) -> ReplicaManager:
        return self.services.replica_manager

    @property
    def groups(self) -> GroupCoordinator:
        return self.services.groups

    @property
    def controller(self) -> ControllerChannel:
        return self.services.controller

    @property
    def metrics(self) -> BrokerMetrics:
        return self.services.metrics
