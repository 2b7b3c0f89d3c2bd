"""``kafkalab consumer-groups``: list, describe, delete consumer groups and reset their offsets,
like ``kafka-consumer-groups.sh``.

Options, columns and messages follow Apache Kafka's ``ConsumerGroupCommand``. Everything goes
through the Kafka protocol (confluent-kafka's AdminClient), so the command works against the
embedded cluster and against any real Kafka cluster. Differences: failures (unknown group, a
refused reset, a failed deletion) exit with code 1 instead of 0, so scripts can tell.

    kafkalab consumer-groups --bootstrap-server B --list [--state [STATES]]
    kafkalab consumer-groups --bootstrap-server B --describe --group G [--members [--verbose] | --state]
    kafkalab consumer-groups --bootstrap-server B --delete --group G
    kafkalab consumer-groups --bootstrap-server B --reset-offsets --group G --topic T[:P,P] | --all-topics
        (--to-earliest | --to-latest | --to-current | --to-offset N | --shift-by N
         | --to-datetime YYYY-MM-DDTHH:mm:SS.sss | --by-duration PnDTnHnMnS) [--dry-run | --execute]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from confluent_kafka import (
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    KafkaError,
    KafkaException,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, OffsetSpec

from engine.cli._common import (
    DEFAULT_TIMEOUT_S,
    ClientErrors,
    CommandError,
    UsageError,
    add_bootstrap_option,
    client_config,
    invalid_config,
    load_properties_file,
    parse_args,
    usage_failure,
)

STATE_NAMES = {
    ConsumerGroupState.UNKNOWN: "Unknown", ConsumerGroupState.PREPARING_REBALANCING: "PreparingRebalance",
    ConsumerGroupState.COMPLETING_REBALANCING: "CompletingRebalance", ConsumerGroupState.STABLE: "Stable",
    ConsumerGroupState.DEAD: "Dead", ConsumerGroupState.EMPTY: "Empty",
}
RESET_SCOPES = ("to_earliest", "to_latest", "to_current", "to_offset", "shift_by", "to_datetime", "by_duration")
_DURATION = re.compile(r"^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d+)?)S)?)?$",
                       re.IGNORECASE)
NO_ACTION_WARNING = (
    "WARN: No action will be performed as the --execute option is missing. In a future major release, the default "
    "behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. "
    "You should add the --dry-run option explicitly if you are scripting this command and want to keep the current "
    "default behavior without prompting.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kafkalab consumer-groups",
                                     description="List, describe and delete consumer groups and reset their offsets "
                                                 "(like kafka-consumer-groups.sh).")
    add_bootstrap_option(parser)
    parser.add_argument("--command-config", metavar="FILE", help="client configuration properties file")
    parser.add_argument("--timeout", type=int, metavar="MS", default=int(DEFAULT_TIMEOUT_S * 1000),
                        help="how long to wait for the cluster (ms)")
    actions = parser.add_mutually_exclusive_group(required=True)
    for name, text in (("list", "list all consumer groups"), ("describe", "describe consumer group(s)"),
                       ("delete", "delete consumer group(s)"), ("reset-offsets", "reset the offsets of a group")):
        actions.add_argument(f"--{name}", action="store_const", dest="action", const=name, help=text)
    parser.add_argument("--group", action="append", default=[], metavar="GROUP", help="the consumer group")
    parser.add_argument("--all-groups", action="store_true", help="every consumer group (describe, delete, reset)")
    parser.add_argument("--members", action="store_true", help="describe the members of the group")
    parser.add_argument("--offsets", action="store_true", help="describe the group's offsets and lag (default)")
    parser.add_argument("--state", nargs="?", const="", default=None, metavar="STATES",
                        help="with --describe: the group's state; with --list: filter by comma-separated states")
    parser.add_argument("--verbose", action="store_true", help="with --members: list each member's partitions")
    parser.add_argument("--topic", action="append", default=[], metavar="TOPIC[:P,P]",
                        help="topic (and partitions) whose offsets are reset")
    parser.add_argument("--all-topics", action="store_true", help="reset every topic the group has offsets for")
    scopes = parser.add_mutually_exclusive_group()
    scopes.add_argument("--to-earliest", action="store_true", help="reset to the earliest offset")
    scopes.add_argument("--to-latest", action="store_true", help="reset to the latest offset")
    scopes.add_argument("--to-current", action="store_true", help="reset to the current committed offset")
    scopes.add_argument("--to-offset", type=int, metavar="N", help="reset to offset N")
    scopes.add_argument("--shift-by", type=int, metavar="N", help="move the committed offset by N (may be negative)")
    scopes.add_argument("--to-datetime", metavar="YYYY-MM-DDTHH:mm:SS.sss", help="reset to the first offset at or "
                        "after this time (local time unless it has a zone, e.g. Z or +01:00)")
    scopes.add_argument("--by-duration", metavar="PnDTnHnMnS", help="reset to the first offset at or after now "
                        "minus this duration")
    run = parser.add_mutually_exclusive_group()
    run.add_argument("--dry-run", action="store_true", help="only show the new offsets")
    run.add_argument("--execute", action="store_true", help="commit the new offsets")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        _check_args(parsed)
        settings = load_properties_file(parsed.command_config)
        tool = GroupAdmin(parsed.bootstrap_server, parsed.timeout / 1000.0, settings)
    except UsageError as exc:
        return usage_failure(parser, str(exc))
    try:
        return _run(tool, parsed)
    except CommandError as exc:
        print(f"\nError: Executing consumer group command failed due to {exc}", file=sys.stderr)
        return 1


def _check_args(opts: argparse.Namespace) -> None:
    action = opts.action
    if action in ("describe", "delete", "reset-offsets") and not opts.group and not opts.all_groups:
        raise UsageError(f"Option [{action}] takes one of these options: [all-groups], [group]")
    if action == "reset-offsets":
        if not any(getattr(opts, s) not in (None, False) for s in RESET_SCOPES):
            raise UsageError("Option [reset-offsets] takes one of these options: [to-datetime], [by-duration], "
                             "[to-earliest], [to-latest], [shift-by], [to-current], [to-offset]")
        if not opts.topic and not opts.all_topics:
            raise UsageError("Option [reset-offsets] takes one of these options: [all-topics], [topic]")
        if opts.to_datetime is not None:
            parse_datetime(opts.to_datetime)
        if opts.by_duration is not None:
            parse_duration(opts.by_duration)
    elif opts.topic and action != "delete":
        raise UsageError(f"Option [topic] can't be used with option [{action}]")
    if (opts.dry_run or opts.execute) and action != "reset-offsets":
        raise UsageError("Option [dry-run]/[execute] can only be used with [reset-offsets]")
    if (opts.members or opts.verbose) and action != "describe":
        raise UsageError("Option [members] can only be used with [describe]")


def parse_datetime(text: str) -> int:
    """Kafka's ``--to-datetime`` (``YYYY-MM-DDTHH:mm:SS.sss``, optional zone) → epoch ms."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"Error parsing timestamp '{text}': expected the format YYYY-MM-DDTHH:mm:SS.sss") from exc
    if value.tzinfo is None:
        value = value.astimezone()  # local time, as Kafka's Utils.getDateTime
    return int(value.timestamp() * 1000)


def parse_duration(text: str) -> int:
    """An ISO-8601 duration as ``java.time.Duration.parse`` reads it (``PnDTnHnMn.nS``) → ms."""
    m = _DURATION.match(text.strip())
    if not m or text.strip().upper() in ("P", "PT") or text.strip().upper().endswith("T"):
        raise UsageError(f"Error parsing duration '{text}': expected the format PnDTnHnMnS (e.g. PT15M, P1DT2H)")
    sign, days, hours, minutes, seconds = m.groups()
    ms = ((int(days or 0) * 24 + int(hours or 0)) * 60 + int(minutes or 0)) * 60_000
    ms += round(float((seconds or "0").replace(",", ".")) * 1000)
    return -ms if sign == "-" else ms


# --- the cluster side --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberView:
    member_id: str
    group_instance_id: str | None
    client_id: str
    host: str
    assignment: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class GroupView:
    group_id: str
    state: str  # Stable, Empty, PreparingRebalance, CompletingRebalance, Dead
    assignor: str
    coordinator: str  # "host:port  (id)"
    members: tuple[MemberView, ...]


class GroupAdmin:
    """confluent-kafka's AdminClient with bounded waits and Kafka-named errors."""

    def __init__(self, bootstrap: str, timeout_s: float, settings: dict[str, str] | None = None) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        self._errors = ClientErrors()
        try:
            self.client = AdminClient(client_config(bootstrap, self._errors, overrides=settings))
        except KafkaException as exc:
            raise invalid_config(exc, "admin client") from exc

    def wait(self, future: concurrent.futures.Future[Any]) -> Any:
        try:
            return future.result(timeout=self.timeout_s + 5)
        except KafkaException as exc:
            error = CommandError.from_kafka(exc)
            err = exc.args[0] if exc.args else None
            if isinstance(err, KafkaError) and err.code() in (KafkaError._TIMED_OUT, KafkaError._TRANSPORT):
                self.client.poll(0)
                reason = self._errors.reason()
                if reason:
                    error = CommandError(f"{error.message}; last connection error: {reason}", error.error_name)
            raise error from exc
        except concurrent.futures.TimeoutError as exc:
            raise CommandError(f"No answer from the cluster at {self.bootstrap} within {self.timeout_s:g} s",
                               "_TIMED_OUT") from exc

    def list_groups(self) -> list[tuple[str, str]]:
        result = self.wait(self.client.list_consumer_groups(request_timeout=self.timeout_s))
        return sorted((g.group_id, STATE_NAMES.get(g.state, str(g.state))) for g in result.valid)

    def describe(self, group_id: str) -> GroupView:
        future = self.client.describe_consumer_groups([group_id], request_timeout=self.timeout_s)[group_id]
        try:
            d = self.wait(future)
        except CommandError as exc:
            if exc.error_name == "GROUP_ID_NOT_FOUND":
                return GroupView(group_id, "Dead", "", "", ())
            raise
        members = tuple(MemberView(m.member_id, m.group_instance_id, m.client_id, m.host,
                                   tuple(sorted((tp.topic, tp.partition) for tp in m.assignment.topic_partitions)))
                        for m in d.members)
        node = d.coordinator
        coordinator = f"{node.host}:{node.port}  ({node.id})" if node is not None else ""
        return GroupView(group_id, STATE_NAMES.get(d.state, str(d.state)), d.partition_assignor or "", coordinator,
                         members)

    def committed(self, group_id: str) -> dict[tuple[str, int], int]:
        request = [ConsumerGroupTopicPartitions(group_id)]
        result = self.wait(self.client.list_consumer_group_offsets(request, request_timeout=self.timeout_s)[group_id])
        return {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions
                if tp.offset >= 0 and tp.error is None}

    def offsets(self, partitions: Sequence[tuple[str, int]], spec: OffsetSpec,
                tolerant: bool = False) -> dict[tuple[str, int], int]:
        """ListOffsets; with ``tolerant`` a partition that cannot be read (deleted topic, no
        leader) is left out instead of failing the command (``--describe`` shows "-")."""
        if not partitions:
            return {}
        futures = self.client.list_offsets({TopicPartition(t, p): spec for t, p in partitions},
                                           request_timeout=self.timeout_s)
        out: dict[tuple[str, int], int] = {}
        for tp, f in futures.items():
            try:
                out[(tp.topic, tp.partition)] = int(self.wait(f).offset)
            except CommandError:
                if not tolerant:
                    raise
        return out

    def topic_partitions(self, topic: str) -> list[int]:
        metadata = self.client.list_topics(topic, timeout=self.timeout_s)
        t = metadata.topics.get(topic)
        if t is None or t.error is not None or not t.partitions:
            raise CommandError(f"Topic '{topic}' does not exist", "UNKNOWN_TOPIC_OR_PARTITION")
        return sorted(t.partitions)

    def delete(self, group_ids: list[str]) -> dict[str, CommandError | None]:
        futures = self.client.delete_consumer_groups(group_ids, request_timeout=self.timeout_s)
        out: dict[str, CommandError | None] = {}
        for g, f in futures.items():
            try:
                self.wait(f)
                out[g] = None
            except CommandError as exc:
                out[g] = exc
        return out

    def alter(self, group_id: str, offsets: dict[tuple[str, int], int]) -> None:
        request = [ConsumerGroupTopicPartitions(group_id, [TopicPartition(t, p, o) for (t, p), o in sorted(offsets.items())])]
        result = self.wait(self.client.alter_consumer_group_offsets(request, request_timeout=self.timeout_s)[group_id])
        for tp in result.topic_partitions:
            if tp.error is not None:
                raise CommandError.from_kafka(tp.error, f"committing {tp.topic}-{tp.partition}")


# --- the actions -------------------------------------------------------------------------------


def _run(tool: GroupAdmin, opts: argparse.Namespace) -> int:
    if opts.action == "list":
        listed = tool.list_groups()
        if opts.state is None:
            for g, _s in listed:
                print(g)
            return 0
        wanted = {s.strip().lower() for s in opts.state.split(",") if s.strip()}
        rows = [(g, st) for g, st in listed if not wanted or st.lower() in wanted]
        width = max([15, *(len(g) for g, _st in rows)])
        print(f"\n{'GROUP':<{width}} STATE")
        for g, st in rows:
            print(f"{g:<{width}} {st}")
        return 0
    groups: list[str] = [g for g, _s in tool.list_groups()] if opts.all_groups else list(dict.fromkeys(opts.group))
    if opts.action == "describe":
        return max([describe(tool, g, opts) for g in groups], default=0)
    if opts.action == "delete":
        return delete(tool, groups)
    return max([reset_offsets(tool, g, opts) for g in groups], default=0)


def _pad(rows: list[list[str]], header: list[str], fixed: dict[int, int]) -> list[str]:
    """Kafka's column layout: fixed widths for numeric columns, the widest value (min 15) for text
    columns, the last column unpadded."""
    widths = []
    for i in range(len(header) - 1):
        widths.append(fixed.get(i) or max([15, len(header[i]), *(len(r[i]) for r in rows)]))
    lines = []
    for r in [header, *rows]:
        lines.append(" ".join(f"{v:<{w}}" for v, w in zip(r, widths, strict=False)) + " " + r[-1])
    return lines


def format_offsets(group: str, rows: list[tuple[str, int, int | None, int | None, str, str, str]]) -> list[str]:
    """``--describe`` (offsets): GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID."""
    header = ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
              "CLIENT-ID"]
    table = []
    for topic, partition, current, end, consumer, host, client in rows:
        lag = end - current if current is not None and end is not None else None
        table.append([group, topic, str(partition), "-" if current is None else str(current),
                      "-" if end is None else str(end), "-" if lag is None else str(lag), consumer, host, client])
    return _pad(table, header, {2: 10, 3: 15, 4: 15, 5: 15})


def format_members(group: str, members: Sequence[MemberView], verbose: bool) -> list[str]:
    with_instance = any(m.group_instance_id for m in members)
    header = ["GROUP", "CONSUMER-ID", *(["GROUP-INSTANCE-ID"] if with_instance else []), "HOST", "CLIENT-ID",
              "#PARTITIONS", *(["ASSIGNMENT"] if verbose else [])]
    table = []
    for m in members:
        by_topic: dict[str, list[int]] = {}
        for t, p in m.assignment:
            by_topic.setdefault(t, []).append(p)
        assignment = ", ".join(f"{t}({','.join(map(str, ps))})" for t, ps in sorted(by_topic.items())) or "-"
        table.append([group, m.member_id, *([m.group_instance_id or "-"] if with_instance else []), m.host,
                      m.client_id, str(len(m.assignment)), *([assignment] if verbose else [])])
    count_col = header.index("#PARTITIONS")
    return _pad(table, header, {count_col: 15} if verbose else {})


def describe(tool: GroupAdmin, group_id: str, opts: argparse.Namespace) -> int:
    view = tool.describe(group_id)
    if view.state == "Dead":
        print(f"\nError: Consumer group '{group_id}' does not exist.")
        return 1
    if opts.state is not None:
        width = max(15, len(group_id))
        coord_width = max(25, len(view.coordinator))
        print(f"\n{'GROUP':<{width}} {'COORDINATOR (ID)':<{coord_width}} {'ASSIGNMENT-STRATEGY':<20} {'STATE':<20} "
              "#MEMBERS")
        print(f"{group_id:<{width}} {view.coordinator:<{coord_width}} {view.assignor:<20} {view.state:<20} "
              f"{len(view.members)}")
        return 0
    if view.state == "Empty":
        print(f"\nConsumer group '{group_id}' has no active members.", file=sys.stderr)
    elif view.state in ("PreparingRebalance", "CompletingRebalance"):
        print(f"\nWarning: Consumer group '{group_id}' is rebalancing.", file=sys.stderr)
    if opts.members:
        if view.members:
            print()
            print("\n".join(format_members(group_id, view.members, opts.verbose)))
        return 0
    committed = tool.committed(group_id)
    owner: dict[tuple[str, int], MemberView] = {tp: m for m in view.members for tp in m.assignment}
    partitions = sorted(set(committed) | set(owner))
    ends = tool.offsets(partitions, OffsetSpec.latest(), tolerant=True)
    rows = []
    for tp in sorted(partitions, key=lambda tp: (tp not in owner, tp)):
        m = owner.get(tp)
        rows.append((tp[0], tp[1], committed.get(tp), ends.get(tp), m.member_id if m else "-", m.host if m else "-",
                     m.client_id if m else "-"))
    if rows:
        print()
        print("\n".join(format_offsets(group_id, rows)))
    return 0


def delete(tool: GroupAdmin, groups: list[str]) -> int:
    results = tool.delete(groups)
    failed = {g: e for g, e in results.items() if e is not None}
    ok = [g for g, e in results.items() if e is None]
    if not failed:
        print(f"Deletion of requested consumer groups ({', '.join(repr(g) for g in ok)}) was successful.")
        return 0
    print("\nError: Deletion of some consumer groups failed:")
    for g, e in failed.items():
        print(f"* Group '{g}' could not be deleted due to: {e}")
    if ok:
        print(f"\nThese consumer groups were deleted successfully: {', '.join(repr(g) for g in ok)}")
    return 1


def _partitions_to_reset(tool: GroupAdmin, group_id: str, opts: argparse.Namespace,
                         committed: dict[tuple[str, int], int]) -> list[tuple[str, int]]:
    if opts.all_topics:
        return sorted(committed)
    out: list[tuple[str, int]] = []
    for spec in opts.topic:
        topic, _sep, parts = spec.partition(":")
        if parts:
            try:
                out.extend((topic, int(p)) for p in parts.split(",") if p.strip())
            except ValueError as exc:
                raise CommandError(f"Invalid partitions in --topic {spec}: expected TOPIC:P,P") from exc
        else:
            out.extend((topic, p) for p in tool.topic_partitions(topic))
    return sorted(set(out))


def new_offsets(tool: GroupAdmin, opts: argparse.Namespace, partitions: list[tuple[str, int]],
                committed: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """The offsets each reset scope asks for (Kafka's ``prepareOffsetsToReset``)."""
    if opts.to_earliest:
        return tool.offsets(partitions, OffsetSpec.earliest())
    if opts.to_latest:
        return tool.offsets(partitions, OffsetSpec.latest())
    if opts.to_datetime is not None or opts.by_duration is not None:
        if opts.to_datetime is not None:
            ts = parse_datetime(opts.to_datetime)
        else:
            now = datetime.datetime.now(datetime.UTC)
            ts = int(now.timestamp() * 1000) - parse_duration(opts.by_duration)
        found = tool.offsets(partitions, OffsetSpec.for_timestamp(ts))
        latest = tool.offsets([tp for tp in partitions if found.get(tp, -1) < 0], OffsetSpec.latest())
        return {tp: found[tp] if found.get(tp, -1) >= 0 else latest[tp] for tp in partitions}
    requested: dict[tuple[str, int], int] = {}
    for tp in partitions:
        if opts.to_offset is not None:
            requested[tp] = opts.to_offset
            continue
        if opts.to_current and tp not in committed:
            requested[tp] = tool.offsets([tp], OffsetSpec.latest())[tp]  # as Kafka: no committed offset → latest
            continue
        if tp not in committed:
            raise CommandError(f"Cannot shift offset for partition {tp[0]}-{tp[1]} since there is no current "
                               "committed offset" if opts.shift_by is not None else
                               f"Partition {tp[0]}-{tp[1]} has no committed offset to reset to")
        requested[tp] = committed[tp] + (opts.shift_by or 0)
    earliest = tool.offsets(partitions, OffsetSpec.earliest())
    latest = tool.offsets(partitions, OffsetSpec.latest())
    out = {}
    for tp, offset in requested.items():
        if offset > latest[tp]:
            print(f"New offset ({offset}) is higher than latest offset for topic partition {tp[0]}-{tp[1]}. "
                  f"Value will be set to {latest[tp]}", file=sys.stderr)
            offset = latest[tp]
        elif offset < earliest[tp]:
            print(f"New offset ({offset}) is lower than earliest offset for topic partition {tp[0]}-{tp[1]}. "
                  f"Value will be set to {earliest[tp]}", file=sys.stderr)
            offset = earliest[tp]
        out[tp] = offset
    return out


def format_reset(group: str, offsets: dict[tuple[str, int], int]) -> list[str]:
    fmt = "{:<30} {:<30} {:<10} {:<15}"
    return [fmt.format("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET").rstrip()] + [
        fmt.format(group, t, p, o).rstrip() for (t, p), o in sorted(offsets.items())]


def reset_offsets(tool: GroupAdmin, group_id: str, opts: argparse.Namespace) -> int:
    view = tool.describe(group_id)
    if view.state not in ("Empty", "Dead"):
        print(f"\nError: Assignments can only be reset if the group '{group_id}' is inactive, but the current state "
              f"is {view.state}.")
        return 1
    committed = tool.committed(group_id)
    partitions = _partitions_to_reset(tool, group_id, opts, committed)
    offsets = new_offsets(tool, opts, partitions, committed)
    if not opts.dry_run and not opts.execute:
        print(NO_ACTION_WARNING)
    if opts.execute:
        tool.alter(group_id, offsets)
    if offsets:
        print()
        print("\n".join(format_reset(group_id, offsets)))
    return 0
