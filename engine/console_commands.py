"""Commands typed into a running ``kafkalab serve`` (kill / pause / resume / restart brokers,
slow motion, status) — the broker controls of the control API, from a terminal."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable

from engine.control import (
    BrokerCommand,
    ClusterControl,
    ElectPreferredLeaders,
    KillBroker,
    PauseBroker,
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
  slow MS      replication delay per follower fetch, in ms (0 = full speed)
  elect        run a preferred-leader election
  status       brokers and partitions at a glance
  help         this text"""


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
                         + (" OFFLINE" if p.offline else " under-replicated" if p.under_replicated else ""))
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
        if cmd in ("help", "?"):
            return HELP
        return f"unknown command {cmd!r}; type 'help'"
    except (ValueError, KafkaError) as e:
        return f"error: {e}"


def attach_stdin(control: ClusterControl, loop: asyncio.AbstractEventLoop) -> None:
    """Read commands from stdin (when it is a terminal or a pipe) without blocking the loop. Raw reads,
    split into lines here: several commands written at once all run, one after the other, in order."""
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
