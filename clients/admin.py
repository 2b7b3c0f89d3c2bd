"""Topics, configs, partitions, consumer groups and offsets through confluent-kafka's AdminClient.

:class:`ClusterAdmin` is the one AdminClient wrapper of Kafka Lab: ``kafkalab topics`` and
``kafkalab consumer-groups`` print what it returns, the app's data views show it. Blocking calls
with bounded waits (``timeout_s``); every failure is a :class:`~clients.errors.KafkaOpError` with
Kafka's error name and the broker's message, and a cluster that does not answer is explained by
the last connection error librdkafka reported. Thread-safe (AdminClient is), meant for a worker
thread or a command-line tool.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from clients.config import DEFAULT_TIMEOUT_S, client_config
from clients.descriptions import (
    ConfigRow,
    GroupInfo,
    MemberInfo,
    PartitionView,
    TopicView,
    Tp,
    config_source_name,
    format_topic_id,
    state_name,
    topic_filter,
)
from clients.errors import TIMING, ClientErrors, ConfigError, KafkaOpError, is_unreachable

# confluent-kafka is imported where it is used: the app imports this module at start-up and needs
# the library only once a worker thread makes the first call.
if TYPE_CHECKING:
    from confluent_kafka import KafkaException
    from confluent_kafka.admin import ClusterMetadata

AUTH_CHECK_S = 0.5  # how often a Metadata wait looks whether the credentials were refused

# a topic's config entries as (name, value, is_default), what ``kafka-topics --describe`` needs
ConfigTriples = tuple[tuple[str, str | None, bool], ...]

__all__ = ["ClusterAdmin", "ConfigRow", "GroupInfo", "MemberInfo", "PartitionView", "TopicView", "Tp"]


class ClusterAdmin:
    """confluent-kafka's AdminClient with bounded waits and Kafka-named errors.

    ``settings`` are librdkafka properties on top of :func:`clients.config.client_config`'s (the
    app passes :data:`clients.config.APP_SETTINGS`, the command line the user's
    ``--command-config``); a configuration librdkafka refuses raises
    :class:`~clients.errors.ConfigError`. ``errors`` collects librdkafka's connection errors to
    explain a cluster that does not answer; they queue inside librdkafka until the next failed
    call, so only short-lived clients (the command line) pass one. ``admin`` replaces the
    AdminClient (tests).
    """

    def __init__(self, bootstrap: str, timeout_s: float = DEFAULT_TIMEOUT_S,
                 settings: Mapping[str, Any] | None = None, errors: ClientErrors | None = None,
                 admin: Any = None) -> None:
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import AdminClient

        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        self.errors = errors
        if admin is None:
            try:
                admin = AdminClient(client_config(bootstrap, settings, self.errors))
            except KafkaException as exc:
                raise ConfigError.from_kafka(exc, "admin client") from exc
        self.client = admin

    # -- metadata ------------------------------------------------------------------------------------
    def metadata(self) -> ClusterMetadata:
        """The cluster's Metadata answer. While no broker answers, every half second it looks whether
        one refused the credentials (then it stops waiting: SASL_AUTHENTICATION_FAILED)."""
        from confluent_kafka import KafkaException

        deadline = time.monotonic() + self.timeout_s
        while True:
            remaining = deadline - time.monotonic()
            try:
                return self.client.list_topics(timeout=max(min(remaining, AUTH_CHECK_S), 0.001))
            except KafkaException as exc:
                if deadline - time.monotonic() <= 0 or not is_unreachable(exc) or self._refused():
                    raise self._unreachable(exc) from exc

    def _refused(self) -> bool:
        if self.errors is None:
            return False
        self.client.poll(0)  # delivers queued error_cb reports
        return self.errors.authentication_failure() is not None

    def _authentication_failed(self) -> KafkaOpError:
        auth = self.errors.authentication_failure() if self.errors is not None else None
        text = TIMING.sub("", auth.str()) if auth is not None else "SASL authentication failed"
        return KafkaOpError("SASL_AUTHENTICATION_FAILED", f"{text} (cluster {self.bootstrap})")

    def topic_names(self, pattern: str | None = None, exclude_internal: bool = False,
                    metadata: ClusterMetadata | None = None) -> list[str]:
        """The topics whose names match ``pattern`` (Kafka's include list: a full-match regex,
        ``,`` separating alternatives), sorted."""
        metadata = metadata or self.metadata()
        allowed = topic_filter(pattern, exclude_internal)
        return sorted(name for name in metadata.topics if allowed(name))

    def topic_partitions(self, topic: str) -> list[int]:
        from confluent_kafka import KafkaException

        try:
            metadata = self.client.list_topics(topic, timeout=self.timeout_s)
        except KafkaException as exc:
            raise self._unreachable(exc) from exc
        t = metadata.topics.get(topic)
        if t is not None and t.error is not None:
            error = KafkaOpError.from_kafka_error(t.error)
            if error.name != "UNKNOWN_TOPIC_OR_PARTITION":
                raise error
        if t is None or t.error is not None or not t.partitions:
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{topic}' does not exist")
        return sorted(t.partitions)

    # -- topics --------------------------------------------------------------------------------------
    def describe_topics(self, names: list[str], with_configs: bool = True) -> list[TopicView]:
        """DescribeTopics (with topic ids), and each topic's config entries; a broker without
        topic-id metadata is answered from a plain Metadata request."""
        from confluent_kafka import KafkaException, TopicCollection

        try:
            futures = self.client.describe_topics(TopicCollection(names), request_timeout=self.timeout_s)
        except KafkaException as exc:
            raise KafkaOpError.from_kafka_error(exc) from exc
        configs = self._config_triples(names) if with_configs else {}
        views = []
        for name in names:
            try:
                description = self._wait(futures[name])
            except KafkaOpError as exc:
                if exc.name != "_UNSUPPORTED_FEATURE":
                    raise
                views.append(self._view_from_metadata(name, configs.get(name, ())))
                continue
            partitions = tuple(
                PartitionView(p.id, _node_id(p.leader), tuple(n.id for n in p.replicas), tuple(n.id for n in p.isr))
                for p in sorted(description.partitions, key=lambda p: p.id))
            topic_id = description.topic_id
            views.append(TopicView(
                name=name,
                topic_id=None if topic_id is None else format_topic_id(
                    topic_id.get_most_significant_bits(), topic_id.get_least_significant_bits()),
                partitions=partitions,
                configs=configs.get(name, ())))
        return views

    def _view_from_metadata(self, name: str, configs: ConfigTriples) -> TopicView:
        topic = self.metadata().topics.get(name)
        if topic is None:
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{name}' does not exist as expected")
        partitions = tuple(
            PartitionView(p.id, p.leader if p.leader >= 0 else None, tuple(p.replicas), tuple(p.isrs))
            for p in sorted(topic.partitions.values(), key=lambda p: p.id))
        return TopicView(name=name, topic_id=None, partitions=partitions, configs=configs)

    def create_topic(self, name: str, partitions: int | None = None, replication_factor: int | None = None,
                     configs: Mapping[str, str] | None = None, replica_assignment: list[list[int]] | None = None,
                     validate_only: bool = False) -> None:
        """CreateTopics; ``None`` partitions / replication factor leave them to the broker's defaults
        (``num.partitions``, ``default.replication.factor``)."""
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import NewTopic

        try:
            if replica_assignment is not None:
                topic = NewTopic(name, replica_assignment=replica_assignment, config=dict(configs or {}))
            else:
                topic = NewTopic(name, num_partitions=-1 if partitions is None else int(partitions),
                                 replication_factor=-1 if replication_factor is None else int(replication_factor),
                                 config=dict(configs or {}))
            futures = self.client.create_topics([topic], request_timeout=self.timeout_s,
                                                operation_timeout=self.timeout_s, validate_only=validate_only)
        except KafkaException as exc:
            raise KafkaOpError.from_kafka_error(exc) from exc
        except (ValueError, TypeError) as exc:  # refused by the client itself, e.g. partitions < 1
            raise KafkaOpError("INVALID_REQUEST", str(exc)) from exc
        self._wait(futures[name])

    def delete_topics(self, names: list[str]) -> None:
        from confluent_kafka import KafkaException

        try:
            futures = self.client.delete_topics(names, request_timeout=self.timeout_s,
                                                operation_timeout=self.timeout_s)
        except KafkaException as exc:
            raise KafkaOpError.from_kafka_error(exc) from exc
        for name in names:
            self._wait(futures[name])

    def delete_topic(self, name: str) -> None:
        self.delete_topics([name])

    def create_partitions(self, new_totals: Mapping[str, int],
                          assignments: Mapping[str, list[list[int]]] | None = None) -> None:
        """CreatePartitions: grow each topic to its new total (``assignments``: the new partitions'
        replicas per topic, else the controller places them)."""
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import NewPartitions

        try:
            requests = [NewPartitions(name, int(total), **_replicas((assignments or {}).get(name)))
                        for name, total in new_totals.items()]
            futures = self.client.create_partitions(requests, request_timeout=self.timeout_s,
                                                    operation_timeout=self.timeout_s)
        except KafkaException as exc:
            raise KafkaOpError.from_kafka_error(exc) from exc
        except (ValueError, TypeError) as exc:
            raise KafkaOpError("INVALID_REQUEST", str(exc)) from exc
        for name in new_totals:
            self._wait(futures[name])

    def add_partitions(self, name: str, new_total: int) -> None:
        self.create_partitions({name: new_total})

    # -- configs -------------------------------------------------------------------------------------
    def describe_topic_configs(self, topic: str) -> list[ConfigRow]:
        from confluent_kafka.admin import ConfigResource, ResourceType

        resource = ConfigResource(ResourceType.TOPIC, topic)
        entries = self._one(self.client.describe_configs([resource], request_timeout=self.timeout_s))
        return [_config_row(entry) for _name, entry in sorted(entries.items())]

    def _config_triples(self, names: list[str]) -> dict[str, ConfigTriples]:
        """Every topic's config entries; a broker that cannot describe configs yields none."""
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import ConfigResource, ResourceType

        resources = [ConfigResource(ResourceType.TOPIC, name) for name in names]
        try:
            futures = self.client.describe_configs(resources, request_timeout=self.timeout_s)
        except (KafkaException, ValueError, TypeError):
            return {}
        result: dict[str, ConfigTriples] = {}
        for resource, future in futures.items():
            try:
                entries = future.result(timeout=self.timeout_s + 5)
            except (KafkaException, concurrent.futures.TimeoutError):
                continue
            result[resource.name] = tuple((e.name, e.value, bool(e.is_default)) for e in entries.values())
        return result

    def alter_topic_configs(self, topic: str, set_values: Mapping[str, str], delete: Iterable[str] = ()) -> None:
        """IncrementalAlterConfigs: SET the given values, DELETE (back to the default) the others."""
        from confluent_kafka.admin import ResourceType

        self._alter_configs(ResourceType.TOPIC, topic, set_values, delete)

    def describe_broker_configs(self, broker_id: int) -> list[ConfigRow]:
        from confluent_kafka.admin import ConfigResource, ResourceType

        resource = ConfigResource(ResourceType.BROKER, str(broker_id))
        entries = self._one(self.client.describe_configs([resource], request_timeout=self.timeout_s))
        return [_config_row(entry) for _name, entry in sorted(entries.items())]

    def alter_broker_configs(self, broker_id: int, set_values: Mapping[str, str], delete: Iterable[str] = ()) -> None:
        """IncrementalAlterConfigs of one broker's dynamic configs (the client sends it to that broker)."""
        from confluent_kafka.admin import ResourceType

        self._alter_configs(ResourceType.BROKER, str(broker_id), set_values, delete)

    def _alter_configs(self, resource_type: Any, name: str, set_values: Mapping[str, str],
                       delete: Iterable[str]) -> None:
        from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource

        ops = [ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in sorted(set_values.items())]
        ops += [ConfigEntry(k, None, incremental_operation=AlterConfigOpType.DELETE) for k in sorted(delete)]
        if not ops:
            return
        resource = ConfigResource(resource_type, name, incremental_configs=ops)
        self._one(self.client.incremental_alter_configs([resource], request_timeout=self.timeout_s))

    # -- groups --------------------------------------------------------------------------------------
    def list_groups(self) -> list[tuple[str, str]]:
        """(group id, state) of every consumer group, sorted."""
        result = self._wait(self.client.list_consumer_groups(request_timeout=self.timeout_s))
        return sorted((g.group_id, state_name(g.state)) for g in result.valid)

    def describe_group(self, group_id: str) -> GroupInfo:
        """DescribeGroups; a group the coordinator does not know is ``Dead`` (as Kafka's tool says)."""
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
        node = d.coordinator
        return GroupInfo(group_id, state_name(d.state), d.partition_assignor or "",
                         node.id if node is not None else -1, members,
                         f"{node.host}:{node.port}" if node is not None else "")

    def committed(self, group_id: str) -> dict[Tp, int]:
        """OffsetFetch: the group's committed offsets (partitions without one are left out)."""
        from confluent_kafka import ConsumerGroupTopicPartitions

        request = [ConsumerGroupTopicPartitions(group_id)]
        result = self._one(self.client.list_consumer_group_offsets(request, request_timeout=self.timeout_s))
        return {(tp.topic, tp.partition): int(tp.offset) for tp in result.topic_partitions
                if tp.offset >= 0 and tp.error is None}

    def alter_group_offsets(self, group_id: str, offsets: Mapping[Tp, int]) -> None:
        """OffsetCommit through AlterConsumerGroupOffsets (the group must have no active members)."""
        from confluent_kafka import ConsumerGroupTopicPartitions, TopicPartition

        tps = [TopicPartition(t, p, int(o)) for (t, p), o in sorted(offsets.items())]
        result = self._one(self.client.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(group_id, tps)],
                                                                    request_timeout=self.timeout_s))
        for tp in result.topic_partitions:
            if tp.error is not None:
                raise KafkaOpError.from_kafka_error(tp.error, f"committing {tp.topic}-{tp.partition}")

    def delete_groups(self, group_ids: list[str]) -> dict[str, KafkaOpError | None]:
        """DeleteGroups: each group's error, None for the deleted ones."""
        futures = self.client.delete_consumer_groups(group_ids, request_timeout=self.timeout_s)
        out: dict[str, KafkaOpError | None] = {}
        for group_id, future in futures.items():
            try:
                self._wait(future)
                out[group_id] = None
            except KafkaOpError as exc:
                out[group_id] = exc
        return out

    def delete_group(self, group_id: str) -> None:
        error = self.delete_groups([group_id])[group_id]
        if error is not None:
            raise error

    # -- offsets -------------------------------------------------------------------------------------
    def list_offsets(self, partitions: Sequence[Tp], spec: str | int, tolerant: bool = False) -> dict[Tp, int]:
        """ListOffsets: ``spec`` is "earliest", "latest" or a timestamp in ms (the first offset whose
        timestamp is at or after it; -1 when there is none). With ``tolerant`` a partition that
        cannot be read (deleted topic, no leader) is left out instead of failing the call."""
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
        out: dict[Tp, int] = {}
        for tp, future in futures.items():
            try:
                out[(tp.topic, tp.partition)] = int(self._wait(future).offset)
            except KafkaOpError:
                if not tolerant:
                    raise
        return out

    # -- waiting and errors ---------------------------------------------------------------------------
    def result(self, future: concurrent.futures.Future[Any]) -> Any:
        """The result of an AdminClient future, or its failure as a :class:`KafkaOpError` (bounded wait)."""
        return self._wait(future)

    def _wait(self, future: concurrent.futures.Future[Any]) -> Any:
        from confluent_kafka import KafkaException

        deadline = time.monotonic() + self.timeout_s + 5
        while not future.done() and time.monotonic() < deadline:  # (a refused login ends the wait at once)
            concurrent.futures.wait([future], timeout=min(AUTH_CHECK_S, max(deadline - time.monotonic(), 0.0)))
            if not future.done() and self._refused():
                raise self._authentication_failed()
        try:
            return future.result(timeout=0)
        except KafkaException as exc:
            if is_unreachable(exc):
                raise self._unreachable(exc) from exc
            raise KafkaOpError.from_kafka_error(exc) from exc
        except concurrent.futures.TimeoutError as exc:
            raise KafkaOpError("_TIMED_OUT", f"No answer from the cluster at {self.bootstrap} "
                                             f"within {self.timeout_s:g} s") from exc
        except Exception as exc:
            raise KafkaOpError.wrap(exc) from exc

    def _one(self, futures: dict[Any, concurrent.futures.Future[Any]]) -> Any:
        (future,) = futures.values()
        return self._wait(future)

    def _unreachable(self, exc: KafkaException) -> KafkaOpError:
        """A timeout or transport failure, explained by the last connection error if there is one."""
        reason = None
        if self.errors is not None:
            self.client.poll(0)  # delivers queued error_cb reports
            reason = self.errors.reason()
            if self.errors.authentication_failure() is not None:  # the cluster answered: "wrong credentials"
                return self._authentication_failed()
        error = KafkaOpError.from_kafka_error(exc)
        message = f"{error.message} (cluster {self.bootstrap}, waited up to {self.timeout_s:g} s)"
        if reason:
            message += f"; last connection error: {reason}"
        return KafkaOpError(error.name, message)


def _replicas(assignment: list[list[int]] | None) -> dict[str, Any]:
    """NewPartitions' ``replica_assignment``, left out when the controller places the replicas."""
    return {} if assignment is None else {"replica_assignment": assignment}


def _node_id(node: Any) -> int | None:
    if node is None:
        return None
    node_id = int(node.id)
    return None if node_id < 0 else node_id


def _config_row(entry: Any) -> ConfigRow:
    return ConfigRow(entry.name, entry.value, config_source_name(entry.source), bool(entry.is_default),
                     bool(entry.is_read_only), bool(entry.is_sensitive))
