"""``kafkalab snapshot``: the ClusterImage of any Kafka cluster, as JSON or as a readable summary.

The same code path as the app attached to an external cluster (:class:`clients.external.ExternalCluster`):
``--json`` prints the image exactly as the live ``ClusterImage`` JSON (one line), the default a summary
— brokers with the controller, topics with partitions, RF, under-replicated and offline counts and
records, the partitions that are not fully in sync, consumer groups with state, members and lag,
and what this cluster does not show. ``--capabilities`` prints the declared capabilities instead.

Connection settings come from a saved profile (``--profile NAME``: its secrets from the OS keyring,
else asked for on a terminal) and/or a Kafka client properties file (``--command-config FILE``,
translated for librdkafka by :mod:`clients.command_config`; the file wins). Failures print
``Error while taking the snapshot : <message> (<KAFKA_ERROR_NAME>)`` and exit 1; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from typing import Any

from clients import capabilities as caps
from clients.capabilities import Capabilities
from clients.config import DEFAULT_TIMEOUT_S
from clients.errors import ClientErrors, ConfigError, KafkaOpError
from clients.external import ExternalCluster
from clients.image import ClusterImage
from clients.profiles import SASL_PASSWORD, ProfileError, ProfileStore
from kafkalab.cli._common import (
    UsageError,
    command_config_settings,
    failure_text,
    load_properties_file,
    parse_args,
    usage_failure,
    warn,
)

_TIMEOUT_PROPERTIES = ("default.api.timeout.ms", "request.timeout.ms")
# capabilities that are actions of the embedded lab, not data an external cluster withholds
_ACTIONS = (caps.KILL_BROKER, caps.PAUSE_BROKER, caps.RESTART_BROKER, caps.SLOW_MOTION, caps.WRITES)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kafkalab snapshot",
                                     description="Print the image of a Kafka cluster as Kafka Lab sees it.")
    parser.add_argument("--bootstrap-server", "--bootstrap-servers", dest="bootstrap_server", metavar="HOST:PORT",
                        help="the Kafka server(s) to connect to, comma-separated (REQUIRED unless --profile)")
    parser.add_argument("--command-config", metavar="FILE", help="client configuration properties file")
    parser.add_argument("--profile", metavar="NAME", help="a saved connection profile")
    parser.add_argument("--json", action="store_true", help="print the ClusterImage JSON")
    parser.add_argument("--capabilities", action="store_true",
                        help="print what this cluster shows and does not (as JSON with --json)")
    parser.add_argument("--timeout", type=int, metavar="MS", default=int(DEFAULT_TIMEOUT_S * 1000),
                        help="how long to wait for the cluster (ms)")
    return parser


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        bootstrap, settings, timeout_s, read_only, name = connection(parsed)
        source = ExternalCluster(bootstrap, settings, timeout_s=timeout_s, read_only=read_only, name=name,
                                 errors=ClientErrors())
    except (UsageError, ConfigError, ProfileError) as exc:
        return usage_failure(parser, str(exc))
    try:
        image = source.poll()
    except KafkaOpError as exc:
        print(f"Error while taking the snapshot : {failure_text(exc)}", file=sys.stderr)
        return 1
    finally:
        source.close()
    if parsed.capabilities:
        if parsed.json:
            print(json.dumps(source.capabilities.to_json()))
        else:
            print(format_capabilities(source.capabilities), end="")
    elif parsed.json:
        print(json.dumps(image.to_json(), separators=(",", ":")))
    else:
        print(format_summary(image, source.capabilities, bootstrap), end="")
    return 0


def connection(opts: argparse.Namespace) -> tuple[str, dict[str, Any], float, bool, str]:
    """(bootstrap, librdkafka settings, timeout s, read only, profile name) from the options."""
    settings: dict[str, Any] = {}
    bootstrap = opts.bootstrap_server
    read_only, name = False, ""
    if opts.profile:
        store = ProfileStore()
        profile = store.get(opts.profile)
        secrets = store.secrets(profile)
        props = load_properties_file(opts.command_config) if opts.command_config else {}
        if SASL_PASSWORD in profile.secrets_needed() and SASL_PASSWORD not in secrets and \
                "sasl.password" not in props and "sasl.jaas.config" not in props:
            secrets[SASL_PASSWORD] = _ask_password(profile.name, store)
        settings.update(profile.librdkafka_settings(secrets))
        bootstrap = bootstrap or profile.bootstrap_servers
        read_only, name = profile.read_only, profile.name
    if not bootstrap:
        raise UsageError("Missing required argument \"[bootstrap-server]\" (or --profile)")
    props = load_properties_file(opts.command_config)
    timeout_s = opts.timeout / 1000.0
    for key in _TIMEOUT_PROPERTIES:
        if key in props:
            raw = props.pop(key)
            try:
                timeout_s = int(raw) / 1000.0
            except ValueError as exc:
                raise UsageError(f"Invalid {key}={raw!r}: expected milliseconds") from exc
    settings.update(command_config_settings(props))
    return bootstrap, settings, timeout_s, read_only, name


def _ask_password(profile: str, store: ProfileStore) -> str:
    storage = store.secret_storage()
    if not sys.stdin.isatty():
        raise UsageError(f"profile {profile!r} needs its SASL password and none is stored ({storage.description}); "
                         f"run on a terminal to be asked, or give sasl.password in a --command-config file")
    if not storage.persistent:
        warn(storage.description)
    return getpass.getpass(f"SASL password for profile {profile!r}: ")


# --- printing ------------------------------------------------------------------------------------


def format_summary(image: ClusterImage, capabilities: Capabilities, bootstrap: str) -> str:
    lines = []
    dead = [b for b in image.brokers if b.state != "running"]
    lines.append(f"Cluster {image.cluster_id or '(no id)'} at {bootstrap}: {len(image.brokers)} brokers"
                 f"{f' ({len(dead)} not running)' if dead else ''}, controller {image.controller_id}")
    for b in image.brokers:
        where = f"{b.host}:{b.port}" if b.port >= 0 else "(address unknown)"
        extra = "  controller" if b.is_controller else ""
        lines.append(f"  broker {b.broker_id}  {where}  {b.state}{extra}  leaders {b.leader_count}  "
                     f"replicas {b.replica_count}" + (f"  log dir {b.log_dir}" if b.log_dir else ""))
    user = [t for t in image.topics if not t.internal]
    partitions = sum(len(t.partitions) for t in image.topics)
    under = sum(p.under_replicated for t in image.topics for p in t.partitions)
    offline = sum(p.offline for t in image.topics for p in t.partitions)
    lines.append(f"Topics: {len(user)} (+{len(image.topics) - len(user)} internal), {partitions} partitions, "
                 f"{under} under-replicated, {offline} offline")
    for t in image.topics:
        records = _records(t) if capabilities.available(caps.LEADER_OFFSETS) else None
        configs = ",".join(f"{k}={v}" for k, v in t.configs.items())
        lines.append(f"  {t.name}{' (internal)' if t.internal else ''}  partitions {len(t.partitions)}  "
                     f"RF {t.replication_factor}  under-replicated {sum(p.under_replicated for p in t.partitions)}  "
                     f"offline {sum(p.offline for p in t.partitions)}"
                     + (f"  records {records}" if records is not None else "")
                     + (f"  configs {configs}" if configs else ""))
    trouble = [(t, p) for t in image.topics for p in t.partitions if p.under_replicated or p.offline]
    if trouble:
        lines.append("Partitions not fully in sync:")
        for t, p in trouble:
            leader = "none" if p.offline else str(p.leader)
            lines.append(f"  {t.name}-{p.partition}  leader {leader}  replicas {_ids(p.replicas)}  isr {_ids(p.isr)}")
    if capabilities.available(caps.GROUPS):
        lines.append(f"Consumer groups: {len(image.groups)}")
        for g in image.groups:
            protocol = f" ({g.protocol})" if g.protocol else ""
            lag = f"  lag {g.total_lag}" if capabilities.available(caps.GROUP_OFFSETS) else ""
            lines.append(f"  {g.group_id}  {g.state}  members {len(g.members)}{protocol}{lag}")
    missing = {n: why for n, why in capabilities.missing().items() if n not in _ACTIONS}
    if missing:
        lines.append("Not available from this cluster:")
        lines.extend(f"  {n}: {why}" for n, why in missing.items())
    return "\n".join(lines) + "\n"


def format_capabilities(capabilities: Capabilities) -> str:
    width = max(len(n) for n in capabilities)
    return "".join(f"{n:<{width}}  {'yes' if capabilities[n].available else 'no '}  {capabilities[n].how}\n"
                   for n in capabilities)


def _records(topic: Any) -> int:
    """Σ (high watermark − log start) of the leaders, as the app's topic list counts."""
    total = 0
    for p in topic.partitions:
        for r in p.replica_states:
            if r.is_leader and r.high_watermark >= 0:
                total += max(0, r.high_watermark - max(0, r.log_start_offset))
    return total


def _ids(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids)
