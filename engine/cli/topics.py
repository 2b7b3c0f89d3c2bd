"""``kafkalab topics``: create, list, describe, alter and delete topics, like ``kafka-topics.sh``.

Options and output follow Apache Kafka 3.x's ``TopicCommand``; everything goes through the Kafka
protocol (confluent-kafka's AdminClient), so the command works against any Kafka cluster. Failures
print ``Error while executing topic command : <message> (<KAFKA_ERROR_NAME>)`` and exit 1.
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import re
import struct
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from confluent_kafka import KafkaError, KafkaException, TopicCollection
from confluent_kafka.admin import (
    AdminClient,
    ClusterMetadata,
    ConfigResource,
    NewPartitions,
    NewTopic,
    ResourceType,
)

from engine.cli._common import (
    DEFAULT_TIMEOUT_S,
    ClientErrors,
    CommandError,
    PropertiesAction,
    UsageError,
    add_bootstrap_option,
    client_config,
    invalid_config,
    load_properties_file,
    parse_args,
    parse_properties,
    usage_failure,
)

ACTIONS = ("list", "describe", "create", "alter", "delete")
# org.apache.kafka.common.internals.Topic.INTERNAL_TOPICS (+ the share-group state topic of 4.x).
INTERNAL_TOPICS = frozenset({"__consumer_offsets", "__transaction_state", "__share_group_state"})
MAX_REPLICATION_FACTOR = 32767
COLLISION_WARNING = (
    "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') "
    "could collide. To avoid issues it is best to use either, but not both."
)
# Admin-client timeouts a --command-config file may set; they size our calls, not librdkafka's.
_TIMEOUT_PROPERTIES = ("default.api.timeout.ms", "request.timeout.ms")

# Which action each option may be combined with (TopicCommandOptions.checkArgs).
_VALID_WITH: dict[str, tuple[str, frozenset[str]]] = {
    "config": ("--config", frozenset({"create"})),
    "partitions": ("--partitions", frozenset({"create", "alter"})),
    "replication_factor": ("--replication-factor", frozenset({"create"})),
    "replica_assignment": ("--replica-assignment", frozenset({"create", "alter"})),
    "if_exists": ("--if-exists", frozenset({"alter", "delete", "describe"})),
    "if_not_exists": ("--if-not-exists", frozenset({"create"})),
    "exclude_internal": ("--exclude-internal", frozenset({"list", "describe"})),
    "under_replicated_partitions": ("--under-replicated-partitions", frozenset({"describe"})),
    "unavailable_partitions": ("--unavailable-partitions", frozenset({"describe"})),
    "under_min_isr_partitions": ("--under-min-isr-partitions", frozenset({"describe"})),
    "at_min_isr_partitions": ("--at-min-isr-partitions", frozenset({"describe"})),
    "topics_with_overrides": ("--topics-with-overrides", frozenset({"describe"})),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kafkalab topics",
        description="Create, delete, describe, or change a topic (like kafka-topics.sh).",
    )
    add_bootstrap_option(parser)
    parser.add_argument("--command-config", metavar="FILE", help="client configuration properties file")
    actions = parser.add_mutually_exclusive_group(required=True)
    actions.add_argument(
        "--list", action="store_const", dest="action", const="list", help="list all available topics"
    )
    actions.add_argument(
        "--describe", action="store_const", dest="action", const="describe", help="describe topics"
    )
    actions.add_argument(
        "--create", action="store_const", dest="action", const="create", help="create a new topic"
    )
    actions.add_argument(
        "--alter", action="store_const", dest="action", const="alter", help="add partitions to a topic"
    )
    actions.add_argument(
        "--delete", action="store_const", dest="action", const="delete", help="delete a topic"
    )
    parser.add_argument(
        "--topic", metavar="TOPIC", help="the topic; a regular expression except with --create (quote it)"
    )
    parser.add_argument("--partitions", type=int, metavar="N", help="number of partitions (create, alter)")
    parser.add_argument("--replication-factor", type=int, metavar="R", help="replication factor (create)")
    parser.add_argument(
        "--replica-assignment",
        metavar="ASSIGNMENT",
        help="broker ids per partition, e.g. 1:2,2:3 for two partitions with two replicas each",
    )
    parser.add_argument(
        "--config",
        action=PropertiesAction,
        metavar="NAME=VALUE",
        help="topic configuration override (create)",
    )
    parser.add_argument("--if-exists", action="store_true", help="only act if the topic exists")
    parser.add_argument(
        "--if-not-exists", action="store_true", help="only create if the topic does not exist"
    )
    parser.add_argument("--exclude-internal", action="store_true", help="leave out internal topics")
    parser.add_argument(
        "--under-replicated-partitions",
        action="store_true",
        help="only partitions whose ISR is smaller than the replicas",
    )
    parser.add_argument(
        "--unavailable-partitions", action="store_true", help="only partitions without a live leader"
    )
    parser.add_argument(
        "--under-min-isr-partitions",
        action="store_true",
        help="only partitions whose ISR is below min.insync.replicas",
    )
    parser.add_argument(
        "--at-min-isr-partitions",
        action="store_true",
        help="only partitions whose ISR equals min.insync.replicas",
    )
    parser.add_argument(
        "--topics-with-overrides", action="store_true", help="only topics that override configuration"
    )
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        _check_args(parsed)
        settings = load_properties_file(parsed.command_config)
        timeout_s = _timeout_from(settings)
        admin = TopicAdmin(parsed.bootstrap_server, timeout_s, settings)
    except UsageError as exc:
        return usage_failure(parser, str(exc))
    try:
        _run(admin, parsed)
    except CommandError as exc:
        print(f"Error while executing topic command : {exc}", file=sys.stderr)
        return 1
    return 0


def _check_args(opts: argparse.Namespace) -> None:
    action: str = opts.action
    if action in ("create", "alter", "delete") and not opts.topic:
        raise UsageError(f'Missing required argument "[topic]" for --{action}')
    if action == "alter" and opts.partitions is None and opts.replica_assignment is None:
        raise UsageError("--alter needs --partitions (topic configs are changed with kafka-configs)")
    if opts.replica_assignment is not None and action == "create":
        if opts.partitions is not None or opts.replication_factor is not None:
            raise UsageError(
                "Option --replica-assignment can't be used with --partitions or --replication-factor"
            )
    for dest, (flag, allowed) in _VALID_WITH.items():
        value = getattr(opts, dest)
        given = value is not None and value is not False and value != []
        if given and action not in allowed:
            raise UsageError(f'Option "[{flag}]" can\'t be used with option "[--{action}]"')


def _timeout_from(settings: dict[str, str]) -> float:
    timeout_s = DEFAULT_TIMEOUT_S
    for key in _TIMEOUT_PROPERTIES:
        if key in settings:
            raw = settings.pop(key)
            try:
                timeout_s = int(raw) / 1000.0
            except ValueError as exc:
                raise UsageError(f"Invalid {key}={raw!r}: expected milliseconds") from exc
    return timeout_s


def _run(admin: TopicAdmin, opts: argparse.Namespace) -> None:
    if opts.action == "create":
        create_topic(admin, opts)
    elif opts.action == "list":
        for name in admin.topic_names(opts.topic, opts.exclude_internal):
            print(name)
    elif opts.action == "describe":
        describe_topics(admin, opts)
    elif opts.action == "delete":
        topics = _existing_topics(admin, opts)
        if topics:
            admin.delete(topics)
    elif opts.action == "alter":
        alter_topics(admin, opts)


# --- the views printed by --describe -------------------------------------------------------------


@dataclass(frozen=True)
class PartitionView:
    partition: int
    leader: int | None  # None when there is no leader (Kafka prints "none")
    replicas: tuple[int, ...]
    isr: tuple[int, ...]


@dataclass(frozen=True)
class TopicView:
    name: str
    topic_id: str | None
    partitions: tuple[PartitionView, ...]
    # (name, value) of every config entry the broker reported, and which of them are not defaults.
    configs: tuple[tuple[str, str | None, bool], ...] = ()

    @property
    def replication_factor(self) -> int:
        return len(self.partitions[0].replicas) if self.partitions else 0

    @property
    def overrides(self) -> list[tuple[str, str | None]]:
        return [(name, value) for name, value, is_default in self.configs if not is_default]

    @property
    def min_insync_replicas(self) -> int | None:
        for name, value, _ in self.configs:
            if name == "min.insync.replicas" and value is not None and value.isdigit():
                return int(value)
        return None


def format_topic_line(topic: TopicView) -> str:
    """The summary line of ``kafka-topics --describe`` (TopicCommand.TopicDescription)."""
    configs = ",".join(f"{name}={'null' if value is None else value}" for name, value in topic.overrides)
    parts = [f"Topic: {topic.name}"]
    if topic.topic_id:
        parts.append(f"TopicId: {topic.topic_id}")
    parts += [
        f"PartitionCount: {len(topic.partitions)}",
        f"ReplicationFactor: {topic.replication_factor}",
        f"Configs: {configs}",
    ]
    return "\t".join(parts)


def format_partition_line(topic: str, partition: PartitionView) -> str:
    """A partition line of ``kafka-topics --describe`` (TopicCommand.PartitionDescription)."""
    leader = "none" if partition.leader is None else str(partition.leader)
    return (
        f"\tTopic: {topic}\tPartition: {partition.partition}\tLeader: {leader}"
        f"\tReplicas: {_ids(partition.replicas)}\tIsr: {_ids(partition.isr)}"
    )


def _ids(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in ids)


def format_topic_id(most: int, least: int) -> str | None:
    """Kafka's ``Uuid.toString()``: URL-safe base64 without padding; the zero id prints nothing."""
    if most == 0 and least == 0:
        return None
    raw = struct.pack(">qq", most, least)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


# --- the actions ---------------------------------------------------------------------------------


def create_topic(admin: TopicAdmin, opts: argparse.Namespace) -> None:
    name: str = opts.topic
    rf: int | None = opts.replication_factor
    partitions: int | None = opts.partitions
    if rf is not None and not 1 <= rf <= MAX_REPLICATION_FACTOR:
        raise CommandError(
            f"The replication factor must be between 1 and {MAX_REPLICATION_FACTOR} inclusive",
            "INVALID_REPLICATION_FACTOR",
        )
    if partitions is not None and partitions < 1:
        raise CommandError("The partitions must be greater than 0", "INVALID_PARTITIONS")
    try:
        configs = parse_properties(opts.config, "topic config")
    except UsageError as exc:
        raise CommandError(str(exc), "INVALID_CONFIG") from exc
    if "." in name or "_" in name:
        print(COLLISION_WARNING)
    if opts.replica_assignment is not None:
        assignment = parse_replica_assignment(opts.replica_assignment)
        new_topic = NewTopic(name, replica_assignment=assignment, config=configs)
    else:
        new_topic = NewTopic(
            name,
            num_partitions=-1 if partitions is None else partitions,
            replication_factor=-1 if rf is None else rf,
            config=configs,
        )
    try:
        admin.create(new_topic)
    except CommandError as exc:
        if opts.if_not_exists and exc.error_name == "TOPIC_ALREADY_EXISTS":
            return
        raise
    print(f"Created topic {name}.")


def describe_topics(admin: TopicAdmin, opts: argparse.Namespace) -> None:
    metadata = admin.metadata()
    names = _existing_topics(admin, opts, metadata)
    if not names:
        return
    live_brokers = set(metadata.brokers)
    report_partitions = [
        opts.under_replicated_partitions,
        opts.unavailable_partitions,
        opts.under_min_isr_partitions,
        opts.at_min_isr_partitions,
    ]
    describe_all_partitions = not any(report_partitions)
    for topic in admin.describe(names, with_configs=True):
        if describe_all_partitions:
            if not opts.topics_with_overrides or topic.overrides:
                print(format_topic_line(topic))
            if opts.topics_with_overrides:
                continue
        min_isr = topic.min_insync_replicas
        for p in topic.partitions:
            has_leader = p.leader is not None
            wanted = (
                describe_all_partitions
                or (opts.under_replicated_partitions and len(p.isr) < len(p.replicas))
                or (opts.unavailable_partitions and (not has_leader or p.leader not in live_brokers))
                or (
                    opts.under_min_isr_partitions
                    and (not has_leader or (min_isr is not None and len(p.isr) < min_isr))
                )
                or (opts.at_min_isr_partitions and min_isr is not None and len(p.isr) == min_isr)
            )
            if wanted:
                print(format_partition_line(topic.name, p))


def alter_topics(admin: TopicAdmin, opts: argparse.Namespace) -> None:
    metadata = admin.metadata()
    names = _existing_topics(admin, opts, metadata)
    if not names:
        return
    assignment = (
        None if opts.replica_assignment is None else parse_replica_assignment(opts.replica_assignment)
    )
    requests = []
    for name in names:
        if assignment is None:
            requests.append(NewPartitions(name, opts.partitions))
            continue
        current = len(metadata.topics[name].partitions)
        total = opts.partitions if opts.partitions is not None else len(assignment)
        requests.append(NewPartitions(name, total, replica_assignment=assignment[current:]))
    admin.add_partitions(requests)


def parse_replica_assignment(text: str) -> list[list[int]]:
    """``"1:2,2:3"`` -> ``[[1, 2], [2, 3]]`` (TopicCommand.parseReplicaAssignment)."""
    assignment: list[list[int]] = []
    for index, group in enumerate(text.split(",")):
        try:
            replicas = [int(broker) for broker in group.split(":") if broker.strip()]
        except ValueError as exc:
            raise CommandError(f"Invalid replica assignment {text!r}: broker ids must be integers") from exc
        if len(set(replicas)) != len(replicas):
            raise CommandError(f"Partition replica lists may not contain duplicate entries: {group}")
        if assignment and len(replicas) != len(assignment[0]):
            raise CommandError(
                f"Partition {index} has different replication factor: {replicas}",
                "INVALID_REPLICA_ASSIGNMENT",
            )
        assignment.append(replicas)
    return assignment


def _existing_topics(
    admin: TopicAdmin, opts: argparse.Namespace, metadata: ClusterMetadata | None = None
) -> list[str]:
    """The topics --topic matches; with an explicit --topic, none is an error unless --if-exists."""
    names = admin.topic_names(opts.topic, opts.exclude_internal, metadata)
    if opts.topic and not names and not opts.if_exists:
        raise CommandError(f"Topic '{opts.topic}' does not exist as expected", "UNKNOWN_TOPIC_OR_PARTITION")
    return names


def topic_filter(pattern: str | None, exclude_internal: bool) -> Callable[[str], bool]:
    """Kafka's ``IncludeList``: a full-match regex where ``,`` separates alternatives."""
    regex: re.Pattern[str] | None = None
    literal: str | None = None
    if pattern is not None:
        cleaned = pattern.strip().replace(",", "|").replace(" ", "").strip("\"'")
        literal = cleaned
        try:
            regex = re.compile(cleaned)
        except re.error:
            regex = None

    def allowed(name: str) -> bool:
        if exclude_internal and name in INTERNAL_TOPICS:
            return False
        if pattern is None:
            return True
        if regex is not None:
            return regex.fullmatch(name) is not None
        return name == literal

    return allowed


# --- the admin client ----------------------------------------------------------------------------


class TopicAdmin:
    """confluent-kafka's AdminClient with bounded waits and Kafka-named errors."""

    def __init__(self, bootstrap: str, timeout_s: float, settings: dict[str, str] | None = None) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        self._errors = ClientErrors()
        try:
            self._client = AdminClient(client_config(bootstrap, self._errors, overrides=settings))
        except KafkaException as exc:
            raise invalid_config(exc, "admin client") from exc

    # metadata -----------------------------------------------------------------------------------

    def metadata(self) -> ClusterMetadata:
        try:
            return self._client.list_topics(timeout=self.timeout_s)
        except KafkaException as exc:
            raise self._unreachable(exc) from exc

    def topic_names(
        self, pattern: str | None, exclude_internal: bool, metadata: ClusterMetadata | None = None
    ) -> list[str]:
        metadata = metadata or self.metadata()
        allowed = topic_filter(pattern, exclude_internal)
        return sorted(name for name in metadata.topics if allowed(name))

    def describe(self, names: list[str], with_configs: bool) -> list[TopicView]:
        try:
            futures = self._client.describe_topics(TopicCollection(names), request_timeout=self.timeout_s)
        except KafkaException as exc:
            raise CommandError.from_kafka(exc) from exc
        configs = self._configs(names) if with_configs else {}
        views = []
        for name in names:
            try:
                description = self._wait(futures[name])
            except CommandError as exc:
                if exc.error_name != "_UNSUPPORTED_FEATURE":
                    raise
                views.append(self._view_from_metadata(name, configs.get(name, ())))
                continue
            partitions = tuple(
                PartitionView(
                    partition=p.id,
                    leader=_node_id(p.leader),
                    replicas=tuple(n.id for n in p.replicas),
                    isr=tuple(n.id for n in p.isr),
                )
                for p in sorted(description.partitions, key=lambda p: p.id)
            )
            topic_id = description.topic_id
            views.append(
                TopicView(
                    name=name,
                    topic_id=None
                    if topic_id is None
                    else format_topic_id(
                        topic_id.get_most_significant_bits(), topic_id.get_least_significant_bits()
                    ),
                    partitions=partitions,
                    configs=configs.get(name, ()),
                )
            )
        return views

    def _view_from_metadata(self, name: str, configs: tuple[tuple[str, str | None, bool], ...]) -> TopicView:
        """For brokers without topic-id metadata: the same view from a plain Metadata request."""
        topic = self.metadata().topics.get(name)
        if topic is None:
            raise CommandError(f"Topic '{name}' does not exist as expected", "UNKNOWN_TOPIC_OR_PARTITION")
        partitions = tuple(
            PartitionView(p.id, p.leader if p.leader >= 0 else None, tuple(p.replicas), tuple(p.isrs))
            for p in sorted(topic.partitions.values(), key=lambda p: p.id)
        )
        return TopicView(name=name, topic_id=None, partitions=partitions, configs=configs)

    def _configs(self, names: list[str]) -> dict[str, tuple[tuple[str, str | None, bool], ...]]:
        """Every topic's config entries; a broker that cannot describe configs yields none."""
        resources = [ConfigResource(ResourceType.TOPIC, name) for name in names]
        try:
            futures = self._client.describe_configs(resources, request_timeout=self.timeout_s)
        except (KafkaException, ValueError, TypeError):
            return {}
        result: dict[str, tuple[tuple[str, str | None, bool], ...]] = {}
        for resource, future in futures.items():
            try:
                entries = future.result(timeout=self.timeout_s + 5)
            except (KafkaException, concurrent.futures.TimeoutError):
                continue
            result[resource.name] = tuple(
                (entry.name, entry.value, bool(entry.is_default)) for entry in entries.values()
            )
        return result

    # changes ------------------------------------------------------------------------------------

    def create(self, topic: NewTopic) -> None:
        try:
            futures = self._client.create_topics(
                [topic], request_timeout=self.timeout_s, operation_timeout=self.timeout_s
            )
        except KafkaException as exc:
            raise CommandError.from_kafka(exc) from exc
        except (ValueError, TypeError) as exc:
            raise CommandError(str(exc), "INVALID_REQUEST") from exc
        self._wait(futures[topic.topic])

    def delete(self, names: list[str]) -> None:
        try:
            futures = self._client.delete_topics(
                names, request_timeout=self.timeout_s, operation_timeout=self.timeout_s
            )
        except KafkaException as exc:
            raise CommandError.from_kafka(exc) from exc
        for name in names:
            self._wait(futures[name])

    def add_partitions(self, requests: list[NewPartitions]) -> None:
        try:
            futures = self._client.create_partitions(
                requests, request_timeout=self.timeout_s, operation_timeout=self.timeout_s
            )
        except KafkaException as exc:
            raise CommandError.from_kafka(exc) from exc
        except (ValueError, TypeError) as exc:
            raise CommandError(str(exc), "INVALID_REQUEST") from exc
        for request in requests:
            self._wait(futures[request.topic])

    # errors -------------------------------------------------------------------------------------

    def _wait(self, future: concurrent.futures.Future[Any]) -> Any:
        try:
            return future.result(timeout=self.timeout_s + 5)
        except KafkaException as exc:
            err = exc.args[0] if exc.args else None
            if isinstance(err, KafkaError) and err.code() in (KafkaError._TIMED_OUT, KafkaError._TRANSPORT):
                raise self._unreachable(exc) from exc
            raise CommandError.from_kafka(exc) from exc
        except concurrent.futures.TimeoutError as exc:
            raise CommandError(
                f"No answer from the cluster at {self.bootstrap} within {self.timeout_s:g} s", "_TIMED_OUT"
            ) from exc

    def _unreachable(self, exc: KafkaException) -> CommandError:
        """A timeout or transport failure, explained by the last connection error if there is one."""
        self._client.poll(0)  # delivers queued error_cb reports
        error = CommandError.from_kafka(exc)
        reason = self._errors.reason()
        message = f"{error.message} (cluster {self.bootstrap}, waited up to {self.timeout_s:g} s)"
        if reason:
            message += f"; last connection error: {reason}"
        return CommandError(message, error.error_name)


def _node_id(node: Any) -> int | None:
    if node is None:
        return None
    node_id = int(node.id)
    return None if node_id < 0 else node_id
