"""Commands typed into a running ``kafkalab serve`` (kill / pause / resume / restart brokers,
slow motion, status) — the broker controls of the control API, from a terminal."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable

from engine.control import (
    AddBroker,
    BrokerCommand,
    ClearFaults,
    ClusterControl,
    ElectPreferredLeaders,
    InjectFault,
    KillBroker,
    ListFaults,
    PauseBroker,
    ReassignPartition,
    RemoveBroker,
    RestartBroker,
    ResumeBroker,
    SetReplicationDelay,
    StartBroker,
    StopBroker,
)
from engine.observe.snapshot import take_snapshot
from engine.protocol.errors import KafkaError

log = logging.getLogger(__name__)

HELP = """commands:
  kill N       crash broker N's machine (sockets closed, in-flight requests dropped,
               log data not yet fsynced lost)
  crash N      crash broker N's process only (like kill -9: the OS keeps what was written)
  pause N      hang broker N (it stops answering and heartbeating)
  resume N     let a paused broker N continue
  restart N    start broker N again (recovery from its log dir) or bounce it
  add-broker   a new broker joins (next id and port); it hosts nothing until a reassignment
  remove-broker N
               stop broker N and unregister it (refused while it hosts replicas)
  reassign TOPIC P B1,B2,…
               move partition P of TOPIC to those brokers ('reassign TOPIC P cancel' cancels)
  slow MS      replication delay per follower fetch, in ms (0 = full speed)
  elect        run a preferred-leader election
  status       brokers and partitions at a glance
  fault error API ERROR_NAME [topic=T] [partition=P] [broker=B] [count=N]
               answer the next N requests of API (all, without count) with that Kafka error
  fault delay broker=B ms=M      every response of broker B waits M ms more
  fault isolate B [clients]      cut broker B from its peers (replication, controller) while
                                 clients still reach it; with 'clients' the opposite
  fault slow-follower B ms=M     broker B's replica fetchers wait M ms before each fetch
  fault drop B                   close every client connection of broker B
  fault disk-full B              broker B's appends fail with KAFKA_STORAGE_ERROR
  faults       the active faults
  fault clear [ID]               end one fault, or all of them
  help         this text"""


def parse_fault(args: list[str]) -> InjectFault:
    """The words after ``fault`` as an :class:`InjectFault` (``ValueError`` with the usage otherwise)."""
    if not args:
        raise ValueError("usage: fault error|delay|isolate|slow-follower|drop|disk-full … (see 'help')")
    kind, rest = args[0].lower(), args[1:]
    positional = [w for w in rest if "=" not in w]
    named: dict[str, str] = {}
    for w in rest:
        if "=" in w:
            k, v = w.split("=", 1)
            named[k.lower()] = v

    def number(key: str, default: int | None = None) -> int:
        value = named.get(key)
        if value is None:
            if default is None:
                raise ValueError(f"fault {kind}: {key}=N is missing")
            return default
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"fault {kind}: {key} must be a number, not {value!r}") from None

    def broker() -> int:
        if "broker" in named:
            return number("broker")
        if positional and positional[0].isdigit():
            return int(positional[0])
        raise ValueError(f"usage: fault {kind} BROKER_ID")

    if kind == "error":
        if len(positional) != 2:
            raise ValueError("usage: fault error API ERROR_NAME [topic=T] [partition=P] [broker=B] [count=N]")
        part = named.get("partition")
        return InjectFault(fault="error", api=positional[0], error=positional[1], topic=named.get("topic"),
                           partition=number("partition") if part is not None else None,
                           broker_id=number("broker", -1), count=number("count", -1))
    if kind == "delay":
        return InjectFault(fault="delay", broker_id=broker(), ms=number("ms"))
    if kind == "slow-follower":
        return InjectFault(fault="slow-follower", broker_id=broker(), ms=number("ms"))
    if kind == "isolate":
        clients = len(positional) > 1 and positional[1].lower() == "clients"
        return InjectFault(fault="isolate-clients" if clients else "isolate", broker_id=broker())
    if kind in ("drop", "disk-full"):
        return InjectFault(fault=kind, broker_id=broker())
    raise ValueError(f"unknown fault {kind!r}; type 'help'")


def status_text(control: ClusterControl) -> str:
    image = take_snapshot(control.cluster)
    lines = []
    for b in image.brokers:
        badge = " (controller)" if b.is_controller else ""
        lines.append(f"broker {b.broker_id} {b.host}:{b.port} {b.state}{badge}: "
                     f"{b.leader_count} leaders, {b.replica_count} replicas")
    for t in image.topics:
        for p in t.partitions:
            lines.append(f"  {t.name}-{p.partition}: leader {p.leader} epoch {p.leader_epoch} "
                         f"replicas {list(p.replicas)} isr {list(p.isr)}"
                         + (" OFFLINE" if p.offline else " under-replicated" if p.under_replicated else "")
                         + (f" reassigning: adding {list(p.adding_replicas)} removing {list(p.removing_replicas)}"
                            if p.adding_replicas or p.removing_replicas else ""))
    registry = image.schema_registry
    if registry is not None:
        lines.append(f"schema registry: {registry.state}" + (f" on {registry.url}" if registry.url else "")
                     + (f" ({registry.error})" if registry.error else ""))
    if image.replication_delay_ms:
        lines.append(f"slow motion: {image.replication_delay_ms} ms per follower fetch")
    return "\n".join(lines)


async def run_command(control: ClusterControl, line: str) -> str:
    words = line.split()
    if not words:
        return ""
    cmd, args = words[0].lower(), words[1:]
    broker_cmds: dict[str, Callable[[int], BrokerCommand]] = {
        "kill": lambda b: KillBroker(broker_id=b), "crash": lambda b: KillBroker(broker_id=b, lose_unflushed=False),
        "pause": lambda b: PauseBroker(broker_id=b), "resume": lambda b: ResumeBroker(broker_id=b),
        "restart": lambda b: RestartBroker(broker_id=b), "start": lambda b: StartBroker(broker_id=b),
        "stop": lambda b: StopBroker(broker_id=b),
    }
    try:
        if cmd in broker_cmds:
            if len(args) != 1 or not args[0].isdigit():
                return f"usage: {cmd} BROKER_ID"
            state = await control.execute(broker_cmds[cmd](int(args[0])))
            return f"broker {args[0]}: {state}"
        if cmd == "add-broker":
            bid = await control.execute(AddBroker())
            b = control.cluster.brokers[bid]
            return f"broker {bid} added at {b.host}:{b.port}"
        if cmd == "remove-broker":
            if len(args) != 1 or not args[0].isdigit():
                return "usage: remove-broker BROKER_ID"
            await control.execute(RemoveBroker(broker_id=int(args[0])))
            return f"broker {args[0]} removed"
        if cmd == "reassign":
            if len(args) != 3 or not args[1].isdigit():
                return "usage: reassign TOPIC PARTITION BROKER,BROKER,… | cancel"
            cancel = args[2].lower() == "cancel"
            replicas = () if cancel else tuple(int(b) for b in args[2].split(",") if b)
            await control.execute(ReassignPartition(topic=args[0], partition=int(args[1]), replicas=replicas))
            return f"reassignment of {args[0]}-{args[1]} " + ("cancelled" if cancel else f"to {list(replicas)} started")
        if cmd == "slow":
            if len(args) != 1 or not args[0].isdigit():
                return "usage: slow MILLISECONDS"
            ms = await control.execute(SetReplicationDelay(ms=int(args[0])))
            return f"replication delay: {ms} ms"
        if cmd == "elect":
            moved = await control.execute(ElectPreferredLeaders())
            return f"preferred leaders elected for {len(moved)} partition(s)"
        if cmd == "status":
            return status_text(control)
        if cmd == "faults":
            active = await control.execute(ListFaults())
            return "\n".join(f"{f.fault_id}: {f.description}" for f in active) or "no active faults"
        if cmd == "fault" and args and args[0].lower() == "clear":
            ended = await control.execute(ClearFaults(fault_id=args[1] if len(args) > 1 else None))
            return "cleared " + (", ".join(f.fault_id for f in ended) or "nothing")
        if cmd == "fault":
            info = await control.execute(parse_fault(args))
            return f"fault {info.fault_id}: {info.description}"
        if cmd in ("help", "?"):
            return HELP
        return f"unknown command {cmd!r}; type 'help'"
    except (ValueError, KafkaError) as e:
        return f"error: {e}"


def attach_stdin(control: ClusterControl, loop: asyncio.AbstractEventLoop,
                 on_eof: Callable[[], None] | None = None) -> None:
    """Read commands from stdin (when it is a terminal or a pipe) without blocking the loop. Raw reads,
    split into lines here: several commands written at once all run, one after the other, in order.
    ``on_eof`` runs when stdin ends (``serve --parent-pid``: the app that holds its other end is gone)."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        return
    pending: bytearray = bytearray()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def on_readable() -> None:
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(fd)
            if pending.strip():
                lines.put_nowait(pending.decode(errors="replace"))
            lines.put_nowait(None)
            if on_eof is not None:
                on_eof()
            return
        pending.extend(data)
        while (end := pending.find(b"\n")) >= 0:
            lines.put_nowait(pending[:end].decode(errors="replace"))
            del pending[: end + 1]

    async def run_in_order() -> None:
        while (line := await lines.get()) is not None:
            out = await run_command(control, line)
            if out:
                print(out, flush=True)

    loop.create_task(run_in_order())
    try:
        loop.add_reader(fd, on_readable)
    except (ValueError, OSError, NotImplementedError):
        log.debug("stdin cannot be watched; no interactive commands")
