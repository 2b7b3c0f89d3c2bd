"""``kafkalab topics``: create, list, describe, alter and delete topics, like ``kafka-topics.sh``.

Options and output follow Apache Kafka 3.x's ``TopicCommand``; everything goes through the Kafka
protocol (:class:`clients.admin.ClusterAdmin`), so the command works against any Kafka cluster. Failures
print ``Error while executing topic command : <message> (<KAFKA_ERROR_NAME>)`` and exit 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from clients.admin import ClusterAdmin
from clients.config import DEFAULT_TIMEOUT_S
from clients.descriptions import PartitionView, TopicView
from clients.errors import ClientErrors, ConfigError, KafkaOpError
from kafkalab.cli._common import (
    PropertiesAction,
    UsageError,
    add_bootstrap_option,
    command_config_settings,
    failure_text,
    load_properties_file,
    parse_args,
    parse_properties,
    usage_failure,
)

if TYPE_CHECKING:
    from clients.admin import ClusterMetadata

ACTIONS = ("list", "describe", "create", "alter", "delete")
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
        settings = command_config_settings(settings)
        admin = ClusterAdmin(parsed.bootstrap_server, timeout_s, settings, ClientErrors())
    except (UsageError, ConfigError) as exc:
        return usage_failure(parser, str(exc))
    try:
        _run(admin, parsed)
    except KafkaOpError as exc:
        print(f"Error while executing topic command : {failure_text(exc)}", file=sys.stderr)
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


def _run(admin: ClusterAdmin, opts: argparse.Namespace) -> None:
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
            admin.delete_topics(topics)
    elif opts.action == "alter":
        alter_topics(admin, opts)


# --- the views printed by --describe -------------------------------------------------------------


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


# --- the actions ---------------------------------------------------------------------------------


def create_topic(admin: ClusterAdmin, opts: argparse.Namespace) -> None:
    name: str = opts.topic
    rf: int | None = opts.replication_factor
    partitions: int | None = opts.partitions
    if rf is not None and not 1 <= rf <= MAX_REPLICATION_FACTOR:
        raise KafkaOpError(
            "INVALID_REPLICATION_FACTOR",
            f"The replication factor must be between 1 and {MAX_REPLICATION_FACTOR} inclusive",
        )
    if partitions is not None and partitions < 1:
        raise KafkaOpError("INVALID_PARTITIONS", "The partitions must be greater than 0")
    try:
        configs = parse_properties(opts.config, "topic config")
    except UsageError as exc:
        raise KafkaOpError("INVALID_CONFIG", str(exc)) from exc
    if "." in name or "_" in name:
        print(COLLISION_WARNING)
    assignment = None if opts.replica_assignment is None else parse_replica_assignment(opts.replica_assignment)
    try:
        admin.create_topic(name, partitions, rf, configs, replica_assignment=assignment)
    except KafkaOpError as exc:
        if opts.if_not_exists and exc.name == "TOPIC_ALREADY_EXISTS":
            return
        raise
    print(f"Created topic {name}.")


def describe_topics(admin: ClusterAdmin, opts: argparse.Namespace) -> None:
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
    for topic in admin.describe_topics(names, with_configs=True):
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


def alter_topics(admin: ClusterAdmin, opts: argparse.Namespace) -> None:
    metadata = admin.metadata()
    names = _existing_topics(admin, opts, metadata)
    if not names:
        return
    assignment = (
        None if opts.replica_assignment is None else parse_replica_assignment(opts.replica_assignment)
    )
    if assignment is None:
        admin.create_partitions(dict.fromkeys(names, opts.partitions))
        return
    totals: dict[str, int] = {}
    new_replicas: dict[str, list[list[int]]] = {}
    for name in names:
        current = len(metadata.topics[name].partitions)
        totals[name] = opts.partitions if opts.partitions is not None else len(assignment)
        new_replicas[name] = assignment[current:]
    admin.create_partitions(totals, new_replicas)


def parse_replica_assignment(text: str) -> list[list[int]]:
    """``"1:2,2:3"`` -> ``[[1, 2], [2, 3]]`` (TopicCommand.parseReplicaAssignment)."""
    assignment: list[list[int]] = []
    for index, group in enumerate(text.split(",")):
        try:
            replicas = [int(broker) for broker in group.split(":") if broker.strip()]
        except ValueError as exc:
            raise KafkaOpError("", f"Invalid replica assignment {text!r}: broker ids must be integers") from exc
        if len(set(replicas)) != len(replicas):
            raise KafkaOpError("", f"Partition replica lists may not contain duplicate entries: {group}")
        if assignment and len(replicas) != len(assignment[0]):
            raise KafkaOpError(
                "INVALID_REPLICA_ASSIGNMENT", f"Partition {index} has different replication factor: {replicas}"
            )
        assignment.append(replicas)
    return assignment


def _existing_topics(
    admin: ClusterAdmin, opts: argparse.Namespace, metadata: ClusterMetadata | None = None
) -> list[str]:
    """The topics --topic matches; with an explicit --topic, none is an error unless --if-exists."""
    names = admin.topic_names(opts.topic, opts.exclude_internal, metadata)
    if opts.topic and not names and not opts.if_exists:
        raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{opts.topic}' does not exist as expected")
    return names
