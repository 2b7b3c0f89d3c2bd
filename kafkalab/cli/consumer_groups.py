"""``kafkalab consumer-groups``: list, describe, delete consumer groups and reset their offsets,
like ``kafka-consumer-groups.sh``.

Options, columns and messages follow Apache Kafka's ``ConsumerGroupCommand``. Everything goes
through the Kafka protocol (:class:`clients.admin.ClusterAdmin`), so the command works against the
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
import sys
from collections.abc import Sequence

from clients.admin import ClusterAdmin
from clients.config import DEFAULT_TIMEOUT_S, parse_datetime, parse_duration
from clients.descriptions import MemberInfo
from clients.errors import ClientErrors, ConfigError, KafkaOpError
from clients.offsets import GroupNotInactiveError, ResetRow, ResetSpec, execute_reset, plan_reset
from kafkalab.cli._common import (
    UsageError,
    add_bootstrap_option,
    command_config_settings,
    failure_text,
    load_properties_file,
    parse_args,
    usage_failure,
)

RESET_SCOPES = ("to_earliest", "to_latest", "to_current", "to_offset", "shift_by", "to_datetime", "by_duration")
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
        settings = command_config_settings(load_properties_file(parsed.command_config))
        tool = ClusterAdmin(parsed.bootstrap_server, parsed.timeout / 1000.0, settings, ClientErrors())
    except (UsageError, ConfigError) as exc:
        return usage_failure(parser, str(exc))
    try:
        return _run(tool, parsed)
    except KafkaOpError as exc:
        print(f"\nError: Executing consumer group command failed due to {failure_text(exc)}", file=sys.stderr)
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
        try:
            if opts.to_datetime is not None:
                parse_datetime(opts.to_datetime)
            if opts.by_duration is not None:
                parse_duration(opts.by_duration)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    elif opts.topic and action != "delete":
        raise UsageError(f"Option [topic] can't be used with option [{action}]")
    if (opts.dry_run or opts.execute) and action != "reset-offsets":
        raise UsageError("Option [dry-run]/[execute] can only be used with [reset-offsets]")
    if (opts.members or opts.verbose) and action != "describe":
        raise UsageError("Option [members] can only be used with [describe]")


# --- the actions -------------------------------------------------------------------------------


def _run(tool: ClusterAdmin, opts: argparse.Namespace) -> int:
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


def format_members(group: str, members: Sequence[MemberInfo], verbose: bool) -> list[str]:
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


def describe(tool: ClusterAdmin, group_id: str, opts: argparse.Namespace) -> int:
    view = tool.describe_group(group_id)
    if view.state == "Dead":
        print(f"\nError: Consumer group '{group_id}' does not exist.")
        return 1
    if opts.state is not None:
        coordinator = f"{view.coordinator_address}  ({view.coordinator})" if view.coordinator_address else ""
        width = max(15, len(group_id))
        coord_width = max(25, len(coordinator))
        print(f"\n{'GROUP':<{width}} {'COORDINATOR (ID)':<{coord_width}} {'ASSIGNMENT-STRATEGY':<20} {'STATE':<20} "
              "#MEMBERS")
        print(f"{group_id:<{width}} {coordinator:<{coord_width}} {view.assignor:<20} {view.state:<20} "
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
    owner: dict[tuple[str, int], MemberInfo] = {tp: m for m in view.members for tp in m.assignment}
    partitions = sorted(set(committed) | set(owner))
    ends = tool.list_offsets(partitions, "latest", tolerant=True)
    rows = []
    for tp in sorted(partitions, key=lambda tp: (tp not in owner, tp)):
        m = owner.get(tp)
        rows.append((tp[0], tp[1], committed.get(tp), ends.get(tp), m.member_id if m else "-", m.host if m else "-",
                     m.client_id if m else "-"))
    if rows:
        print()
        print("\n".join(format_offsets(group_id, rows)))
    return 0


def delete(tool: ClusterAdmin, groups: list[str]) -> int:
    results = tool.delete_groups(groups)
    failed = {g: e for g, e in results.items() if e is not None}
    ok = [g for g, e in results.items() if e is None]
    if not failed:
        print(f"Deletion of requested consumer groups ({', '.join(repr(g) for g in ok)}) was successful.")
        return 0
    print("\nError: Deletion of some consumer groups failed:")
    for g, e in failed.items():
        print(f"* Group '{g}' could not be deleted due to: {failure_text(e)}")
    if ok:
        print(f"\nThese consumer groups were deleted successfully: {', '.join(repr(g) for g in ok)}")
    return 1


def reset_spec(opts: argparse.Namespace) -> ResetSpec:
    """The reset the options ask for; ``--topic T:P,P`` with partitions that are not numbers fails."""
    topics: list[tuple[str, tuple[int, ...]]] = []
    for spec in [] if opts.all_topics else opts.topic:
        topic, _sep, parts = spec.partition(":")
        try:
            topics.append((topic, tuple(int(p) for p in parts.split(",") if p.strip())))
        except ValueError as exc:
            raise KafkaOpError("", f"Invalid partitions in --topic {spec}: expected TOPIC:P,P") from exc
    scope = tuple(topics)
    if opts.to_earliest:
        return ResetSpec("to-earliest", topics=scope)
    if opts.to_latest:
        return ResetSpec("to-latest", topics=scope)
    if opts.to_current:
        return ResetSpec("to-current", topics=scope)
    if opts.to_offset is not None:
        return ResetSpec("to-offset", offset=opts.to_offset, topics=scope)
    if opts.shift_by is not None:
        return ResetSpec("shift-by", shift=opts.shift_by, topics=scope)
    if opts.to_datetime is not None:
        return ResetSpec("to-datetime", timestamp_ms=parse_datetime(opts.to_datetime), topics=scope)
    return ResetSpec("by-duration", duration_ms=parse_duration(opts.by_duration), topics=scope)


def clamp_warning(row: ResetRow) -> str | None:
    """What Kafka's tool says when a requested offset is outside [earliest, latest]."""
    if row.requested is None or row.requested == row.new:
        return None
    where = "higher than latest" if row.requested > row.new else "lower than earliest"
    return (f"New offset ({row.requested}) is {where} offset for topic partition {row.topic}-{row.partition}. "
            f"Value will be set to {row.new}")


def format_reset(group: str, offsets: dict[tuple[str, int], int]) -> list[str]:
    fmt = "{:<30} {:<30} {:<10} {:<15}"
    return [fmt.format("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET").rstrip()] + [
        fmt.format(group, t, p, o).rstrip() for (t, p), o in sorted(offsets.items())]


def reset_offsets(tool: ClusterAdmin, group_id: str, opts: argparse.Namespace) -> int:
    try:
        rows = plan_reset(tool, group_id, reset_spec(opts))
        for row in rows:
            warning = clamp_warning(row)
            if warning:
                print(warning, file=sys.stderr)
        if not opts.dry_run and not opts.execute:
            print(NO_ACTION_WARNING)
        if opts.execute:
            execute_reset(tool, group_id, rows)
    except GroupNotInactiveError as exc:
        print(f"\nError: {exc.message}")
        return 1
    if rows:
        print()
        print("\n".join(format_reset(group_id, {(r.topic, r.partition): r.new for r in rows})))
    return 0
