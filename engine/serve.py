"""``kafkalab serve`` (also ``python -m engine serve``): run the embedded cluster headless (Ctrl-C stops it
cleanly). The only command the engine has; the client tools (topics, console producer and consumer,
consumer groups) are in ``kafkalab.cli`` over ``clients``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.cluster import ClusterConfig, KafkaCluster
from engine.console_commands import attach_stdin
from engine.control import ClusterControl
from engine.log.files import StorageError
from engine.network.security import PLAINTEXT, Listener, parse_listener
from engine.parent_watch import ParentWatch, quiet_if_orphaned
from engine.protocol.errors import KafkaError

log = logging.getLogger("kafkalab")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab serve", description=(
        "Run a Kafka-compatible cluster: a controller and N brokers in one process. "
        "Broker i has node id i and listens on 127.0.0.1:(port+i)."))
    p.add_argument("--brokers", type=int, default=3, help="number of brokers (default 3)")
    p.add_argument("--port", type=int, default=9092,
                   help="port of broker 0; broker i uses port+i (0: OS-chosen ports; default 9092)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind and advertise (default 127.0.0.1)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, help="keep logs and metadata here (survives restarts)")
    where.add_argument("--temp", action="store_true", help="use a throw-away directory (the default without --data-dir)")
    p.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                   help="broker config override, e.g. --config log.retention.ms=60000 (repeatable)")
    p.add_argument("--control-port", type=int, default=None,
                   help="also open the GUI control channel on 127.0.0.1:PORT (0: OS-chosen); the token is "
                        "read from the KAFKALAB_CONTROL_TOKEN environment variable")
    p.add_argument("--schema-registry-port", type=int, default=None, metavar="PORT",
                   help="also serve a Confluent-compatible Schema Registry on 127.0.0.1:PORT (0: OS-chosen; "
                        "8081 is Confluent's), storing schemas in the cluster's _schemas topic")
    p.add_argument("--schema-registry-fallback", action="store_true",
                   help="if that port is taken when the registry starts, serve on one the OS chooses (the app)")
    p.add_argument("--protocol-log", type=Path, metavar="FILE",
                   help="write every request/response exchange as a JSON line to FILE (the protocol X-ray: "
                        "ts, broker, peer, client_id, client_software, api, version, correlation_id, latency_ms, errors)")
    p.add_argument("--protocol-floor", choices=("3.9", "4.0"), default="3.9",
                   help="the oldest request versions served: Kafka 3.9's (default: Produce v0+, Fetch v0+, "
                        "message formats v0/v1 converted) or Kafka 4.0's (KIP-896: Produce v3+, Fetch v4+, ...)")
    p.add_argument("--record", type=Path, metavar="FILE",
                   help="record the session (every event and the image's changes) to FILE, a .kafkalab-session "
                        "that 'kafkalab replay' and the app open")
    sec = p.add_argument_group("security", "secured listeners besides PLAINTEXT (which brokers replicate over)")
    sec.add_argument("--listener", action="append", default=[], metavar="NAME://HOST:PORT",
                     help="also listen with SASL_SSL, SASL_PLAINTEXT or SSL, e.g. SASL_SSL://:9192; broker i on "
                          "PORT+i (0: OS-chosen); repeatable")
    sec.add_argument("--sasl-user", action="append", default=[], metavar="NAME:PASSWORD",
                     help="a user for SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (kept salted, 4096 iterations); "
                          "repeatable")
    sec.add_argument("--tls-cert", type=Path, metavar="FILE",
                     help="the brokers' certificate chain (PEM); without it a lab CA in the data dir signs one for "
                          "localhost/127.0.0.1 and its path is printed (KAFKALAB SECURITY ca=...)")
    sec.add_argument("--tls-key", type=Path, metavar="FILE", help="the key of --tls-cert (PEM)")
    p.add_argument("--parent-pid", type=int, default=None, metavar="PID",
                   help="shut down cleanly when process PID (the app that started this engine) ends: on Linux by "
                        "PR_SET_PDEATHSIG, everywhere when the parent pid changes or stdin (a pipe) closes")
    p.add_argument("--seed", type=int, default=0, help="seed for replica placement and ids")
    p.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    return p


def parse_overrides(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise SystemExit(f"kafkalab serve: --config expects KEY=VALUE, got {part!r}")
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def parse_security(args: argparse.Namespace) -> tuple[list[Listener], dict[str, str]]:
    try:
        listeners = [parse_listener(text, args.host) for text in args.listener]
    except ValueError as e:
        raise SystemExit(f"kafkalab serve: {e}") from None
    if any(listener.name == PLAINTEXT for listener in listeners):
        raise SystemExit("kafkalab serve: the PLAINTEXT listener is --port")
    users: dict[str, str] = {}
    for item in args.sasl_user:
        name, sep, password = item.partition(":")
        if not sep or not name or not password:
            raise SystemExit(f"kafkalab serve: --sasl-user expects NAME:PASSWORD, got {item!r}")
        users[name] = password
    if (args.tls_cert is None) != (args.tls_key is None):
        raise SystemExit("kafkalab serve: --tls-cert and --tls-key go together")
    if any(listener.sasl for listener in listeners) and not users:
        log.warning("a SASL listener without --sasl-user: nobody can authenticate")
    return listeners, users


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.brokers < 1:
        print("kafkalab serve: --brokers must be at least 1", file=sys.stderr)
        return 2
    listeners, users = parse_security(args)
    try:
        config = ClusterConfig(num_brokers=args.brokers, host=args.host, port=args.port,
                               data_dir=args.data_dir, overrides=parse_overrides(args.config), seed=args.seed,
                               protocol_floor=args.protocol_floor, listeners=listeners, sasl_users=users,
                               tls_cert=args.tls_cert, tls_key=args.tls_key)
        return asyncio.run(_serve(config, args.control_port, args.schema_registry_port, args.protocol_log,
                                  args.record, args.parent_pid, args.schema_registry_fallback))
    except KafkaError as e:
        print(f"kafkalab serve: {e}", file=sys.stderr)
        return 2
    except StorageError as e:
        print(f"kafkalab serve: cannot start: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"kafkalab serve: cannot start: {e}", file=sys.stderr)
        return 1


async def _serve(config: ClusterConfig, control_port: int | None = None, registry_port: int | None = None,
                 protocol_log: Path | None = None, record: Path | None = None, parent_pid: int | None = None,
                 registry_fallback: bool = False) -> int:
    cluster = KafkaCluster(config)
    recording = None
    if protocol_log is not None:
        cluster.xray.open_log(str(protocol_log))  # before start: the first request is in it too
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        quiet_if_orphaned(parent_pid)  # SIGTERM from PR_SET_PDEATHSIG: nobody reads our output any more
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    watch = None
    if parent_pid is not None:  # the app's engine ends with the app, cleanly (engine.parent_watch)
        watch = ParentWatch(parent_pid, lambda _reason: stop.set())
        watch.start(loop)
    try:
        await cluster.start()
    except OSError:
        await cluster.stop()
        raise
    if record is not None:
        from engine.recording_service import ClusterRecording

        try:
            recording = ClusterRecording(cluster, record)
        except OSError:
            await cluster.stop()
            raise
        await recording.start()
        print(f"recording the session to {record}", flush=True)
    for b in cluster.brokers.values():
        print(f"broker {b.broker_id} listening on {b.host}:{b.port}"
              + "".join(f", {name} {b.host}:{port}" for name, port in b.endpoints), flush=True)
    print(f"data dir: {cluster.data_dir}{' (temporary)' if config.data_dir is None else ''}", flush=True)
    if control_port is not None:
        from engine.control.channel import serve_control

        token = os.environ.get("KAFKALAB_CONTROL_TOKEN", "")
        if not token:
            print("kafkalab serve: --control-port needs KAFKALAB_CONTROL_TOKEN", file=sys.stderr)
            await cluster.stop()
            return 2
        bound = await serve_control(cluster, control_port, token)
        print(f"KAFKALAB CONTROL port={bound}", flush=True)
    print(f"KAFKALAB READY bootstrap={cluster.bootstrap}", flush=True)
    _security_lines(cluster)
    if sys.stdin is not None and sys.stdin.isatty():
        print("type 'help' for broker commands (kill, pause, restart, slow …)", flush=True)
    attach_stdin(ClusterControl(cluster), loop, on_eof=_stdin_closed(watch))
    # the registry after the brokers: its imports (aiohttp, fastavro, protobuf …) and its catch-up on _schemas
    # never delay the brokers or the READY line; its own line follows (the image says "starting" meanwhile)
    registry = registry_started = None
    if registry_port is not None:
        from engine.registry_service import EmbeddedRegistry

        registry = EmbeddedRegistry(cluster, registry_port, config.host, fallback=registry_fallback)
        registry.begin()
        registry_started = asyncio.ensure_future(registry.start())
        registry_started.add_done_callback(lambda f: _registry_line(cluster, f))
    await stop.wait()
    if watch is not None:
        watch.stop()
    quiet_if_orphaned(parent_pid)
    print("shutting down", flush=True)
    if recording is not None:
        await recording.stop()
    if registry is not None and registry_started is not None:
        if not registry_started.done():
            await asyncio.wait([registry_started])
        await registry.stop()
    await cluster.stop()
    return 0


SECURITY_PREFIX = "KAFKALAB SECURITY "


def _security_lines(cluster: KafkaCluster) -> None:
    """``KAFKALAB SECURITY listener=SASL_SSL bootstrap=…`` per secured listener, and ``ca=…`` when the lab
    CA signed the brokers' certificate (what clients must trust)."""
    for name in dict.fromkeys(name for b in cluster.brokers.values() for name, _port in b.endpoints):
        servers = ",".join(f"{b.host}:{port}" for b in cluster.brokers.values()
                           for n, port in b.endpoints if n == name)
        print(f"{SECURITY_PREFIX}listener={name} bootstrap={servers}", flush=True)
    if cluster.security is not None and cluster.security.ca_file is not None:
        print(f"{SECURITY_PREFIX}ca={cluster.security.ca_file}", flush=True)
def _stdin_closed(watch: ParentWatch | None) -> Callable[[], None] | None:
    """With ``--parent-pid`` and stdin a pipe from the app: its EOF means the app is gone."""
    if watch is None:
        return None
    try:
        piped = stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode)
    except (AttributeError, ValueError, OSError):
        return None
    return (lambda: watch.gone("stdin from the app closed")) if piped else None


REGISTRY_PREFIX = "KAFKALAB REGISTRY "


def _registry_line(cluster: KafkaCluster, started: asyncio.Future[str]) -> None:
    """``KAFKALAB REGISTRY url=…`` once it serves, or ``KAFKALAB REGISTRY failed=…`` (the cluster serves on)."""
    url = "" if started.cancelled() or started.exception() is not None else started.result()
    if url:
        print(f"schema registry listening on {url}", flush=True)
        print(f"{REGISTRY_PREFIX}url={url}", flush=True)
        return
    image = cluster.schema_registry
    why = image.error if image is not None and image.error else "?"
    print(f"schema registry failed to start: {why}", flush=True)
    print(f"{REGISTRY_PREFIX}failed={why.replace(' ', '_')}", flush=True)
