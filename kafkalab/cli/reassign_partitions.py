"""``kafkalab reassign-partitions``: move partitions between brokers, like Kafka's
``kafka-reassign-partitions.sh`` — the same options and JSON files, similar output:

- ``--generate --topics-to-move-json-file F --broker-list "0,1,2"`` prints the current assignment of
  the topics in F (``{"topics": [{"topic": "foo"}], "version": 1}``) and a proposed one over the
  brokers listed (Kafka's rack-unaware round-robin), both as reassignment JSON;
- ``--execute --reassignment-json-file F`` prints the current assignment (to roll back with) and
  starts the reassignments of F (``{"version": 1, "partitions": [{"topic", "partition", "replicas"}]}``)
  with AlterPartitionReassignments; with ``--throttle B`` it first sets the replication throttles
  (KIP-73) as Kafka's tool does: ``leader/follower.replication.throttled.rate`` = B on every broker
  involved, ``leader.replication.throttled.replicas`` = the current replicas and
  ``follower.replication.throttled.replicas`` = the moving (new) ones on each topic;
- ``--verify --reassignment-json-file F`` tells, partition by partition, whether it completed, and
  once all have, clears those throttles (unless ``--preserve-throttles``);
- ``--cancel --reassignment-json-file F`` cancels the reassignments in progress;
- ``--list`` lists the reassignments in progress.

Metadata comes through :class:`clients.admin.ClusterAdmin`; the reassignment requests through
:mod:`clients.reassignments`. Failures print ``Error: <message> (<KAFKA_ERROR_NAME>)`` and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from clients.admin import ClusterAdmin
from clients.config import DEFAULT_TIMEOUT_S
from clients.errors import ClientErrors, ConfigError, KafkaOpError
from clients.reassignments import alter_partition_reassignments, list_partition_reassignments
from kafkalab.cli._common import (
    UsageError,
    command_config_settings,
    failure_text,
    load_properties_file,
    parse_args,
    usage_failure,
)

Tp = tuple[str, int]
LEADER_RATE = "leader.replication.throttled.rate"
FOLLOWER_RATE = "follower.replication.throttled.rate"
LEADER_REPLICAS = "leader.replication.throttled.replicas"
FOLLOWER_REPLICAS = "follower.replication.throttled.replicas"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kafkalab reassign-partitions",
                                     description="Move partitions between brokers (like kafka-reassign-partitions).")
    parser.add_argument("--bootstrap-server", "--bootstrap-servers", dest="bootstrap_server", metavar="HOST:PORT",
                        required=True, help="the Kafka server(s) to connect to, comma-separated (REQUIRED)")
    parser.add_argument("--command-config", metavar="FILE", help="client configuration properties file")
    actions = parser.add_mutually_exclusive_group(required=True)
    for name, text in (("generate", "propose an assignment of the topics in --topics-to-move-json-file"),
                       ("execute", "start the reassignment in --reassignment-json-file"),
                       ("verify", "tell whether the reassignment in --reassignment-json-file completed"),
                       ("cancel", "cancel the reassignment in --reassignment-json-file"),
                       ("list", "list the reassignments in progress")):
        actions.add_argument(f"--{name}", dest="action", action="store_const", const=name, help=text)
    parser.add_argument("--topics-to-move-json-file", metavar="FILE", help='{"topics": [{"topic": "foo"}], "version": 1}')
    parser.add_argument("--broker-list", metavar="LIST", help='the brokers to assign to, e.g. "0,1,2" (--generate)')
    parser.add_argument("--reassignment-json-file", metavar="FILE",
                        help='{"version": 1, "partitions": [{"topic": "foo", "partition": 0, "replicas": [1, 2]}]}')
    parser.add_argument("--throttle", type=int, metavar="BYTES_PER_S",
                        help="replication throttle (bytes/s) of the brokers involved while moving (--execute)")
    parser.add_argument("--preserve-throttles", action="store_true",
                        help="--verify leaves the throttles in place")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        settings = command_config_settings(load_properties_file(parsed.command_config))
        if parsed.action == "generate":
            if not parsed.topics_to_move_json_file or not parsed.broker_list:
                raise UsageError("--generate needs --topics-to-move-json-file and --broker-list")
            topics = _read_topics(parsed.topics_to_move_json_file)
            brokers = _broker_list(parsed.broker_list)
        elif parsed.action == "list":
            pass
        elif not parsed.reassignment_json_file:
            raise UsageError(f"--{parsed.action} needs --reassignment-json-file")
        else:
            wanted = _read_reassignment(parsed.reassignment_json_file)
        admin = ClusterAdmin(parsed.bootstrap_server, DEFAULT_TIMEOUT_S, settings, ClientErrors())
    except (UsageError, ConfigError) as exc:
        return usage_failure(parser, str(exc))
    if parsed.throttle is not None and parsed.throttle < 1:
        return usage_failure(parser, "--throttle must be a positive number of bytes per second")
    try:
        if parsed.action == "generate":
            generate(admin, topics, brokers)
        elif parsed.action == "execute":
            execute(admin, wanted, settings, parsed.throttle)
        elif parsed.action == "verify":
            verify(admin, wanted, settings, preserve_throttles=parsed.preserve_throttles)
        elif parsed.action == "list":
            list_ongoing(admin, settings)
        else:
            cancel(admin, wanted, settings)
    except KafkaOpError as exc:
        print(f"Error: {failure_text(exc)}", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------------------------------------- files
def _load(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise UsageError(f"{path} is not valid JSON: {exc}") from exc


def _read_topics(path: str) -> list[str]:
    data = _load(path)
    try:
        return [str(t["topic"]) for t in data["topics"]]
    except (KeyError, TypeError) as exc:
        raise UsageError(f'{path}: expected {{"topics": [{{"topic": "foo"}}], "version": 1}}') from exc


def _read_reassignment(path: str) -> dict[Tp, list[int]]:
    data = _load(path)
    try:
        out = {(str(p["topic"]), int(p["partition"])): [int(r) for r in p["replicas"]] for p in data["partitions"]}
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f'{path}: expected {{"version": 1, "partitions": [{{"topic": "foo", "partition": 0, '
                         f'"replicas": [1, 2]}}]}}') from exc
    if not out:
        raise UsageError(f"{path}: the partition list is empty")
    return out


def _broker_list(text: str) -> list[int]:
    try:
        brokers = [int(b) for b in text.split(",") if b.strip()]
    except ValueError as exc:
        raise UsageError(f"--broker-list must be broker ids separated by commas, not {text!r}") from exc
    if not brokers or len(set(brokers)) != len(brokers):
        raise UsageError(f"--broker-list must name distinct brokers, not {text!r}")
    return brokers


def assignment_json(assignment: Mapping[Tp, Sequence[int]]) -> str:
    """Kafka's reassignment JSON (with its ``log_dirs``), on one line."""
    return json.dumps({"version": 1, "partitions": [
        {"topic": t, "partition": p, "replicas": list(r), "log_dirs": ["any"] * len(r)}
        for (t, p), r in sorted(assignment.items())]}, separators=(",", ":"))


# --------------------------------------------------------------------------------------------- actions
def _current(admin: ClusterAdmin, partitions: Sequence[Tp] | None = None, topics: Sequence[str] = ()
             ) -> dict[Tp, list[int]]:
    metadata = admin.metadata()
    out: dict[Tp, list[int]] = {}
    for name in {*(t for t, _p in partitions or ()), *topics}:
        t = metadata.topics.get(name)
        if t is None or t.error is not None or not t.partitions:
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Topic '{name}' does not exist")
        for index, p in t.partitions.items():
            if partitions is None or (name, index) in partitions:
                out[(name, index)] = list(p.replicas)
    for tp in partitions or ():
        if tp not in out:
            raise KafkaOpError("UNKNOWN_TOPIC_OR_PARTITION", f"Partition {tp[0]}-{tp[1]} does not exist")
    return out


def _controller(admin: ClusterAdmin) -> tuple[str, int]:
    metadata = admin.metadata()
    broker = metadata.brokers.get(metadata.controller_id) or next(iter(metadata.brokers.values()))
    return str(broker.host), int(broker.port)


def propose(current: dict[Tp, list[int]], brokers: Sequence[int]) -> dict[Tp, list[int]]:
    """Kafka's rack-unaware assignment (``assignReplicasToBrokers``) of each topic over ``brokers``,
    keeping each topic's replication factor; start index and shift 0, so the proposal is repeatable."""
    n = len(brokers)
    proposed: dict[Tp, list[int]] = {}
    for topic in sorted({t for t, _p in current}):
        parts = sorted(p for t, p in current if t == topic)
        rf = len(current[(topic, parts[0])])
        if rf > n:
            raise KafkaOpError("INVALID_REPLICATION_FACTOR",
                               f"Replication factor: {rf} larger than available brokers: {n}.")
        shift = 0
        for p in parts:
            if p > 0 and p % n == 0:
                shift += 1
            first = p % n
            replicas = [brokers[first]]
            for j in range(rf - 1):
                replicas.append(brokers[(first + 1 + (shift + j) % (n - 1)) % n])
            proposed[(topic, p)] = replicas
    return proposed


def generate(admin: ClusterAdmin, topics: list[str], brokers: list[int]) -> None:
    current = _current(admin, topics=topics)
    known = set(admin.metadata().brokers)
    unknown = [b for b in brokers if b not in known]
    if unknown:
        raise KafkaOpError("INVALID_REPLICA_ASSIGNMENT", f"The broker list contains unknown brokers: {unknown}")
    print("Current partition replica assignment")
    print(assignment_json(current))
    print()
    print("Proposed partition reassignment configuration")
    print(assignment_json(propose(current, brokers)))


def execute(admin: ClusterAdmin, wanted: dict[Tp, list[int]], settings: dict[str, str],
            throttle: int | None = None) -> None:
    current = _current(admin, list(wanted))
    print("Current partition replica assignment")
    print()
    print(assignment_json(current))
    print()
    print("Save this to use as the --reassignment-json-file option during rollback")
    if throttle is not None:
        set_throttles(admin, current, wanted, throttle)
    host, port = _controller(admin)
    results = alter_partition_reassignments(host, port, dict(wanted), settings)
    failed = {tp: e for tp, e in results.items() if e is not None}
    started = [tp for tp in sorted(wanted) if tp not in failed]
    if started:
        print("Successfully started partition reassignment" + ("s" if len(started) > 1 else "") + " for "
              + ",".join(f"{t}-{p}" for t, p in started))
    if failed:
        lines = "\n".join(f"{t}-{p}: {e}" for (t, p), e in sorted(failed.items()))
        raise KafkaOpError(next(iter(failed.values())).name, f"Error reassigning partition(s):\n{lines}")


def verify(admin: ClusterAdmin, wanted: dict[Tp, list[int]], settings: dict[str, str],
           preserve_throttles: bool = False) -> None:
    host, port = _controller(admin)
    ongoing = list_partition_reassignments(host, port, list(wanted), settings)
    current = _current(admin, list(wanted))
    print("Status of partition reassignment:")
    for (t, p), target in sorted(wanted.items()):
        if (t, p) in ongoing:
            print(f"Reassignment of partition {t}-{p} is still in progress.")
        elif current[(t, p)] == target:
            print(f"Reassignment of partition {t}-{p} is completed.")
        else:
            print(f"There is no active reassignment of partition {t}-{p}, but replica set is "
                  f"{current[(t, p)]} rather than {target}.")
    if not ongoing and not preserve_throttles:
        clear_throttles(admin, sorted({t for t, _p in wanted}))


# ------------------------------------------------------------------------------------------- throttles
def throttled_replicas(current: Mapping[Tp, Sequence[int]], wanted: Mapping[Tp, Sequence[int]]
                       ) -> dict[str, tuple[str, str]]:
    """Each topic's (leader, follower) throttled-replica lists, as Kafka's tool computes them: the
    current replicas of each moving partition lead, its new replicas follow."""
    leaders: dict[str, list[str]] = {}
    followers: dict[str, list[str]] = {}
    for (t, p), target in sorted(wanted.items()):
        existing = list(current[(t, p)])
        if list(target) == existing:
            continue
        leaders.setdefault(t, []).extend(f"{p}:{b}" for b in existing)
        followers.setdefault(t, []).extend(f"{p}:{b}" for b in target if b not in existing)
    return {t: (",".join(leaders[t]), ",".join(followers.get(t, []))) for t in leaders}


def set_throttles(admin: ClusterAdmin, current: Mapping[Tp, Sequence[int]], wanted: Mapping[Tp, Sequence[int]],
                  rate: int) -> None:
    for topic, (lead, follow) in sorted(throttled_replicas(current, wanted).items()):
        values = {LEADER_REPLICAS: lead}
        if follow:
            values[FOLLOWER_REPLICAS] = follow
        admin.alter_topic_configs(topic, values)
    moving = [tp for tp in wanted if list(wanted[tp]) != list(current[tp])]
    brokers = sorted({b for tp in moving for b in (*current[tp], *wanted[tp])})
    for b in brokers:
        admin.alter_broker_configs(b, {LEADER_RATE: str(rate), FOLLOWER_RATE: str(rate)})
    print("Warning: You must run --verify periodically, until the reassignment completes, to ensure the "
          "throttle is removed.")
    print(f"The inter-broker throttle limit was set to {rate} B/s")


def clear_throttles(admin: ClusterAdmin, topics: Sequence[str]) -> None:
    """Kafka's ``clearAllThrottles``: the rates of every broker, the replica lists of the topics."""
    brokers = sorted(admin.metadata().brokers)
    for b in brokers:
        admin.alter_broker_configs(b, {}, (LEADER_RATE, FOLLOWER_RATE))
    print("Clearing broker-level throttles on brokers " + ",".join(map(str, brokers)))
    for t in topics:
        admin.alter_topic_configs(t, {}, (LEADER_REPLICAS, FOLLOWER_REPLICAS))
    print("Clearing topic-level throttles on topic" + ("s " if len(topics) > 1 else " ") + ",".join(topics))


def list_ongoing(admin: ClusterAdmin, settings: dict[str, str]) -> None:
    host, port = _controller(admin)
    ongoing = list_partition_reassignments(host, port, None, settings)
    if not ongoing:
        print("No partition reassignments found.")
        return
    print("Current partition reassignments:")
    for (t, p), r in sorted(ongoing.items()):
        print(f"{t}-{p}: replicas: {','.join(map(str, r.replicas))}. adding: {','.join(map(str, r.adding_replicas))}. "
              f"removing: {','.join(map(str, r.removing_replicas))}.")


def cancel(admin: ClusterAdmin, wanted: dict[Tp, list[int]], settings: dict[str, str]) -> None:
    host, port = _controller(admin)
    results = alter_partition_reassignments(host, port, dict.fromkeys(wanted), settings)
    done = [tp for tp, e in sorted(results.items()) if e is None]
    print("Successfully cancelled partition reassignments for: " + ",".join(f"{t}-{p}" for t, p in done))
    idle = [tp for tp, e in sorted(results.items()) if e is not None and e.name == "NO_REASSIGNMENT_IN_PROGRESS"]
    if idle:
        print("None of the specified partition reassignments are active." if not done else
              "No reassignment in progress for: " + ",".join(f"{t}-{p}" for t, p in idle))
