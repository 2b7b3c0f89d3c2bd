"""Topic, config, group and offset operations through confluent-kafka's AdminClient.

Blocking calls with bounded waits; every failure is a :class:`KafkaOpError` carrying Kafka's error
name and the broker's message. Thread-safe (AdminClient is), but meant for a worker thread."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gui.clients.errors import KafkaOpError

DEFAULT_TIMEOUT_S = 10.0

Tp = tuple[str, int]

# Kafka's ConsumerGroupState names (confluent's enum names differ)
_STATE_NAMES = {"UNKNOWN": "Unknown", "PREPARING_REBALANCING": "PreparingRebalance",
                "COMPLETING_REBALANCING": "CompletingRebalance", "STABLE": "Stable", "DEAD": "Dead",
                "EMPTY": "Empty"}
_SOURCE_NAMES = {0: "UNKNOWN_CONFIG", 1: "DYNAMIC_TOPIC_CONFIG", 2: "DYNAMIC_BROKER_CONFIG",
                 3: "DYNAMIC_DEFAULT_BROKER_CONFIG", 4: "STATIC_BROKER_CONFIG", 5: "DEFAULT_CONFIG",
                 8: "GROUP_CONFIG"}


@dataclass(frozen=True)
class ConfigRow:
    name: str
    value: str | None
    source: str  # Kafka's ConfigSource name, e.g. DYNAMIC_TOPIC_CONFIG (an override) or DEFAULT_CONFIG
    is_default: bool
    read_only: bool
    sensitive: bool

    @property
    def is_override(self) -> bool:
        return self.source == "DYNAMIC_TOPIC_CONFIG"


@dataclass(frozen=True)
class MemberInfo:
    member_id: str
    group_instance_id: str | None
    client_id: str
    host: str
    assignment: tuple[Tp, ...]


@dataclass(frozen=True)
class GroupInfo:
    group_id: str
    state: str
    assignor: str
    coordinator: int
    members: tuple[MemberInfo, ...]


def state_name(state: Any) -> str:
    name = getattr(state, "name", str(state))
    return _STATE_NAMES.get(name, name)


def client_config(bootstrap: str, **extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"bootstrap.servers": bootstrap, "client.id": "kafkalab-gui",
                              "socket.nagle.disable": True,
                              "log_level": 2}  # connection errors surface as Kafka errors of the calls
    config.update(extra)
    return config


class ClusterAdmin:
    def __init__(self, bootstrap: str, timeout_s: float = DEFAULT_TIMEOUT_S, admin: Any = None) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        if admin is None:
            from confluent_kafka.admin import AdminClient

            admin = AdminClient(client_config(bootstrap))
        self.client = admin

    def _wait(self, future: concurrent.futures.Future[Any]) -> Any:
        try:
            return future.result(timeout=self.timeout_s + 5)
        except concurrent.futures.TimeoutError as exc:
            raise KafkaOpError("REQUEST_TIMED_OUT", f"no answer from {self.bootstrap} within "
                                                    f"{self.timeout_s:g} s") from exc
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc

    def _one(self, futures: dict[Any, concurrent.futures.Future[Any]]) -> Any:
        (future,) = futures.values()
        return self._wait(future)

    # -- topics --------------------------------------------------------------------------------------
    def create_topic(self, name: str, partitions: int, replication_factor: int,
                     configs: dict[str, str] | None = None, validate_only: bool = False) -> None:
        from confluent_kafka.admin import NewTopic

        try:
            topic = NewTopic(name, num_partitions=int(partitions), replication_factor=int(replication_factor),
                             config=dict(configs or {}))
        except Exception as exc:  # e.g. partitions < 1 refused by the client itself
            raise KafkaOpError.wrap(exc) from exc
        self._one(self.client.create_topics([topic], request_timeout=self.timeout_s, validate_only=validate_only))

    def delete_topic(self, name: str) -> None:
        self._one(self.client.delete_topics([name], request_timeout=self.timeout_s))

    def add_partitions(self, name: str, new_total: int) -> None:
        from confluent_kafka.admin import NewPartitions

        self._one(self.client.create_partitions([NewPartitions(name, int(new_total))],
                                                request_timeout=self.timeout_s))

    def topic_partitions(self, topic: str) -> list[int]:
        try:
            metadata = self.client.list_topics(topic, timeout=self.timeout_s)
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc
        t = metadata.topics.get(topic)
        if t is None or t.error is not None or not t.partitions:
            if t is not None and t.error is not None:
                raise KafkaOpError.from_kafka_error(t.error)
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{topic}' does not exist")
        return sorted(t.partitions)

    # -- configs -------------------------------------------------------------------------------------
    def describe_topic_configs(self, topic: str) -> list[ConfigRow]:
        from confluent_kafka.admin import ConfigResource, ResourceType

        entries = self._one(self.client.describe_configs([ConfigResource(ResourceType.TOPIC, topic)],
                                                         request_timeout=self.timeout_s))
        rows = []
        for name, e in sorted(entries.items()):
            source = int(getattr(e.source, "value", e.source))
            rows.append(ConfigRow(name, e.value, _SOURCE_NAMES.get(source, str(source)), bool(e.is_default),
                                  bool(e.is_read_only), bool(e.is_sensitive)))
        return rows

    def alter_topic_configs(self, topic: str, set_values: dict[str, str], delete: Iterable[str] = ()) -> None:
        """IncrementalAlterConfigs: SET the given values, DELETE (back to the default) the others."""
        from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType

        ops = [ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in sorted(set_values.items())]
        ops += [ConfigEntry(k, None, incremental_operation=AlterConfigOpType.DELETE) for k in sorted(delete)]
        if not ops:
            return
        resource = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=ops)
        self._one(self.client.incremental_alter_configs([resource], request_timeout=self.timeout_s))

    # -- groups --------------------------------------------------------------------------------------
    def list_groups(self) -> list[tuple[str, str]]:
        result = self._wait(self.client.list_consumer_groups(request_timeout=self.timeout_s))
        return sorted((g.group_id, state_name(g.state)) for g in result.valid)

    def describe_group(self, group_id: str) -> GroupInfo:
        futures = self.client.describe_consumer_groups([group_id], request_timeout=self.timeout_s)
        try:
            d = self._one(futures)
        except KafkaOpError as exc:
            if exc.name == "GROUP_ID_NOT_FOUND":
                return GroupInfo(group_id, "Dead", "", -1, ())
            raise
        members = tuple(MemberInfo(m.member_id, m.group_instance_id, m.client_id, m.host,
                                   tuple(sorted((tp.topic, tp.partition) for tp in m.assignment.topic_partitions)))
                        for m in d.members)
        coordinator = d.coordinator.id if d.coordinator is not None else -1
        return GroupInfo(group_id, state_name(d.state), d.partition_assignor or "", coordinator, members)

    def committed(self, group_id: str) -> dict[Tp, int]:
        from confluent_kafka import ConsumerGroupTopicPartitions

        result = self._one(self.client.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group_id)],
                                                                   request_timeout=self.timeout_s))
        return {(tp.topic, tp.partition): int(tp.offset) for tp in result.topic_partitions
                if tp.offset >= 0 and tp.error is None}

    def alter_group_offsets(self, group_id: str, offsets: dict[Tp, int]) -> None:
        from confluent_kafka import ConsumerGroupTopicPartitions, TopicPartition

        tps = [TopicPartition(t, p, int(o)) for (t, p), o in sorted(offsets.items())]
        result = self._one(self.client.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(group_id, tps)],
                                                                    request_timeout=self.timeout_s))
        for tp in result.topic_partitions:
            if tp.error is not None:
                raise KafkaOpError.from_kafka_error(tp.error)

    def delete_group(self, group_id: str) -> None:
        self._one(self.client.delete_consumer_groups([group_id], request_timeout=self.timeout_s))

    # -- offsets -------------------------------------------------------------------------------------
    def list_offsets(self, partitions: Sequence[Tp], spec: str | int) -> dict[Tp, int]:
        """ListOffsets: ``spec`` is "earliest", "latest" or a timestamp in ms (the first offset whose
        timestamp is at or after it; -1 when there is none)."""
        from confluent_kafka import TopicPartition
        from confluent_kafka.admin import OffsetSpec

        if not partitions:
            return {}
        if spec == "earliest":
            offset_spec = OffsetSpec.earliest()
        elif spec == "latest":
            offset_spec = OffsetSpec.latest()
        else:
            offset_spec = OffsetSpec.for_timestamp(int(spec))
        futures = self.client.list_offsets({TopicPartition(t, p): offset_spec for t, p in partitions},
                                           request_timeout=self.timeout_s)
        return {(tp.topic, tp.partition): int(self._wait(f).offset) for tp, f in futures.items()}
