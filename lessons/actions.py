"""The step vocabulary: what a lesson can do to the lab. Each action checks its arguments when the file
is loaded (:meth:`ActionSpec.check_args`) and runs on the lesson's worker thread with a
:class:`Context` — cluster changes as ``engine.control`` commands, clients through :mod:`clients`.

A string argument beginning with ``=`` is a claim-language expression, evaluated when the action runs
(``broker = "=partition('acks', 0).leader"``). ``as`` names a result that claims read
(``result('p')``, ``ledger('p')``, ``sink('out')``)."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clients.batch import BATCH_PARTITIONERS, produce_batch, read_topic
from clients.errors import KafkaOpError
from clients.fleet import ConsumerFleet
from clients.folders import FolderSink, FolderSource
from engine.control.commands import (
    AddPartitions,
    AlterTopicConfigs,
    Command,
    CreateTopic,
    DeleteTopic,
    ElectPreferredLeaders,
    KillBroker,
    PauseBroker,
    RestartBroker,
    ResumeBroker,
    RunRetention,
    SetReplicationDelay,
    StartBroker,
)
from lessons.claims import ClaimError, check, evaluate, parse
from lessons.facts import Facts
from lessons.lab import CommandFailed, Lab

ROOT = Path(__file__).resolve().parent.parent


class ActionFailed(RuntimeError):
    """An action that could not do its job (the lesson stops there)."""


@dataclass
class Context:
    """What actions share while a lesson runs."""

    lab: Lab
    mark: int = 0  # events since this position are the lesson's
    speed: float = 1.0  # > 1: waits and slow motion scaled down (headless tests)
    results: dict[str, Any] = field(default_factory=dict)
    fleets: dict[str, ConsumerFleet] = field(default_factory=dict)
    sources: dict[str, FolderSource] = field(default_factory=dict)
    sinks: dict[str, FolderSink] = field(default_factory=dict)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kafkalab-lesson-")))
    cancelled: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)  # background producers
    started: set[str] = field(default_factory=set)  # background producers that began
    log: Callable[[str], None] = lambda _line: None

    def facts(self) -> Facts:
        state = self.lab.state
        return Facts(state.image, state.events_since(self.mark), self.results)

    def value(self, v: Any) -> Any:
        """An argument's value: ``"=expr"`` evaluated on the lab as it is now."""
        if isinstance(v, str) and v.startswith("="):
            return evaluate(parse(v[1:]), self.facts().scope())
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v

    def execute(self, command: Command[Any]) -> Any:
        return self.lab.execute(command)

    def wait_claim(self, source: str, within_s: float) -> tuple[bool, str]:
        """Wait (on new images, never a fixed sleep) until the claim holds; (held, what was found)."""
        node = parse(source)

        def holds(_image: Any) -> bool:
            try:
                return bool(evaluate(node, self.facts().scope()))
            except ClaimError:
                return False

        if self.lab.state.wait_until(holds, within_s, self.cancelled.is_set) is not None:
            return True, check(source, self.facts().scope())[1]
        return False, check(source, self.facts().scope())[1]

    def wait_started(self, name: str, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while name not in self.started and time.monotonic() < deadline:
            time.sleep(0.005)
        return name in self.started

    def stop_clients(self) -> None:
        for thread in self.threads:
            thread.join(30)
        self.threads.clear()
        self.started.clear()
        for fleet in self.fleets.values():
            fleet.stop_all(join=True, timeout=10)
        for source in self.sources.values():
            source.stop()
        for sink in self.sinks.values():
            sink.stop()
        self.fleets.clear()
        self.sources.clear()
        self.sinks.clear()


Runner = Callable[[Context, dict[str, Any]], None]


@dataclass(frozen=True)
class ActionSpec:
    run: Runner
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    doc: str = ""

    def check_args(self, args: dict[str, Any]) -> str:
        missing = [a for a in self.required if a not in args]
        unknown = [a for a in args if a not in self.required and a not in self.optional]
        if missing:
            return f"missing {', '.join(missing)}"
        if unknown:
            return f"unknown argument(s) {', '.join(unknown)} (takes {', '.join(self.required + self.optional)})"
        for k, v in args.items():
            if isinstance(v, str) and v.startswith("="):
                try:
                    parse(v[1:])
                except ClaimError as e:
                    return f"{k}: {e}"
        if "partitioner" in args and args["partitioner"] not in BATCH_PARTITIONERS:
            return f"partitioner must be one of {BATCH_PARTITIONERS}"
        return ""


# -------------------------------------------------------------------------------------- cluster

def _create_topic(ctx: Context, a: dict[str, Any]) -> None:
    """Create a topic and wait until every partition has a leader. With ``as``, Kafka's refusal
    (``INVALID_REPLICATION_FACTOR`` …) is kept as ``result(as).error`` instead of stopping the lesson."""
    topic = str(a["topic"])
    try:
        ctx.execute(CreateTopic(name=topic, partitions=int(a.get("partitions", 1)),
                                replication_factor=int(a.get("rf", 1)),
                                configs={str(k): str(v) for k, v in a.get("configs", {}).items()}))
    except CommandFailed as e:
        if "as" not in a:
            raise
        ctx.results[str(a["as"])] = {"ok": False, "error": e.code or str(e), "message": str(e)}
        ctx.log(f"create {topic}: {e.code or e}")
        return
    if "as" in a:
        ctx.results[str(a["as"])] = {"ok": True, "error": "", "message": ""}
    count = int(a.get("partitions", 1))
    held, found = ctx.wait_claim(f"topic({topic!r}).partitions == {count} and topic({topic!r}).offline == 0", 15)
    if not held:
        raise ActionFailed(f"topic {topic} did not come online: {found}")


def _add_partitions(ctx: Context, a: dict[str, Any]) -> None:
    try:
        ctx.execute(AddPartitions(name=str(a["topic"]), count=int(a["count"])))
        outcome = {"ok": True, "error": ""}
    except CommandFailed as e:
        if "as" not in a:
            raise
        outcome = {"ok": False, "error": e.code or str(e)}
    if "as" in a:
        ctx.results[str(a["as"])] = outcome
    if outcome["ok"]:
        ctx.wait_claim(f"topic({a['topic']!r}).partitions == {int(a['count'])}", 15)


def _broker_command(make: Callable[[int], Command[Any]], wait: str = "") -> Runner:
    def run(ctx: Context, a: dict[str, Any]) -> None:
        broker = int(a["broker"])
        ctx.execute(make(broker))
        if wait:
            held, found = ctx.wait_claim(wait.format(broker=broker), 30)
            if not held:
                raise ActionFailed(f"broker {broker}: {found}")
    return run


def _slow_motion(ctx: Context, a: dict[str, Any]) -> None:
    ms = int(a["ms"])
    if ctx.speed > 1 and ms > 0:
        ms = max(1000, int(ms / ctx.speed))  # long enough for the lesson's point, shorter for tests
    ctx.execute(SetReplicationDelay(ms=ms))


def _wait(ctx: Context, a: dict[str, Any]) -> None:
    """A pause for the class to watch (not a wait for state: that is ``wait_for``)."""
    ctx.cancelled.wait(float(a["seconds"]) / ctx.speed)


def _wait_for(ctx: Context, a: dict[str, Any]) -> None:
    held, found = ctx.wait_claim(str(a["claim"]), float(a.get("within", 30)))
    if not held:
        raise ActionFailed(f"still not true after {a.get('within', 30)} s: {a['claim']} ({found})")


# -------------------------------------------------------------------------------------- clients

def _records(a: dict[str, Any]) -> list[tuple[bytes | None, bytes | None]]:
    values = a.get("values")
    keys = a.get("keys")
    count = int(a.get("count", len(values) if values else len(keys) if keys else 1))
    template = str(a.get("value", "record-{i}"))
    key = a.get("key")
    out: list[tuple[bytes | None, bytes | None]] = []
    for i in range(count):
        k = keys[i % len(keys)] if keys else key
        v = values[i % len(values)] if values else template.format(i=i, key=k)
        out.append((None if k is None else str(k).encode(), str(v).encode()))
    return out


def _produce(ctx: Context, a: dict[str, Any]) -> None:
    """Produce a batch and keep every record's fate as ``result(as)``. ``background = true``: the
    producer runs on while the next actions do (a broker killed or started under it); the result
    appears once every record was delivered or given up (claims wait for it)."""
    if a.get("background"):
        name = str(a.get("as", "produce"))
        ctx.results.pop(name, None)
        thread = threading.Thread(target=_produce_now, args=(ctx, a), name=f"lesson-produce-{name}", daemon=True)
        ctx.threads.append(thread)
        thread.start()
        started = ctx.wait_started(name)
        if not started:
            ctx.log(f"producer {name} started")
        return
    _produce_now(ctx, a)


def _produce_now(ctx: Context, a: dict[str, Any]) -> None:
    ctx.started.add(str(a.get("as", "produce")))
    began = time.monotonic()
    sent = produce_batch(ctx.lab.bootstrap, str(a["topic"]), _records(a), acks=str(a.get("acks", "all")),
                         partitioner=str(a.get("partitioner", "murmur2_random")), partition=int(a.get("partition", -1)),
                         idempotence=bool(a.get("idempotence", False)),
                         retries=int(a["retries"]) if "retries" in a else None,
                         timeout_s=float(a.get("timeout_s", 10)), client_id=str(a.get("as", "kafkalab-lesson")),
                         rate=float(a.get("rate", 0)))
    seconds = time.monotonic() - began
    errors = [s.error for s in sent if s.error]
    by_key: dict[str, list[int]] = {}
    for s in sent:
        if s.key is not None and not s.error:
            by_key.setdefault(s.key.decode(errors="replace"), [])
            if s.partition not in by_key[s.key.decode(errors="replace")]:
                by_key[s.key.decode(errors="replace")].append(s.partition)
    result = {
        "topic": a["topic"], "count": len(sent), "ok": not errors, "delivered": len(sent) - len(errors),
        "failed": len(errors), "error": errors[0] if errors else "", "errors": sorted(set(errors)),
        "partitions": [s.partition for s in sent], "offsets": [s.offset for s in sent],
        "partition": sent[0].partition if sent else -1, "offset": sent[0].offset if sent else -1,
        "keys": [s.key.decode() if s.key is not None else None for s in sent],
        "values": [s.value.decode(errors="replace") if s.value is not None else None for s in sent],
        "acks": str(a.get("acks", "all")), "sent": sent, "seconds": round(seconds, 3),
        "by_key": {k: sorted(v) for k, v in by_key.items()},
    }
    ctx.results[str(a.get("as", "produce"))] = result
    ctx.log(f"produced {result['delivered']}/{len(sent)} to {a['topic']}" + (f" ({result['error']})" if errors else ""))


def _consume(ctx: Context, a: dict[str, Any]) -> None:
    try:
        got = read_topic(ctx.lab.bootstrap, str(a["topic"]), group=str(a.get("group", "")),
                         max_records=int(a["max"]) if "max" in a else None, timeout_s=float(a.get("timeout_s", 10)),
                         commit=bool(a.get("commit", True)), client_id=str(a.get("as", "kafkalab-lesson")))
    except KafkaOpError as e:
        raise ActionFailed(f"consume {a['topic']}: {e}") from e
    ctx.results[str(a.get("as", "consume"))] = {
        "count": len(got), "values": [r.value.decode(errors="replace") if r.value is not None else None for r in got],
        "keys": [r.key.decode(errors="replace") if r.key is not None else None for r in got],
        "partitions": [r.partition for r in got], "offsets": [r.offset for r in got],
    }
    ctx.log(f"consumed {len(got)} from {a['topic']}")


def _audit(ctx: Context, a: dict[str, Any]) -> None:
    """The acks ledger of a ``produce`` result, by reading the topic back: acknowledged, stored (the
    same value at the same offset), lost (acknowledged, and gone), not acknowledged."""
    name = str(a["producer"])
    result = ctx.results.get(name)
    if result is None:
        raise ActionFailed(f"no produce result named {name!r}")
    # a new leader learns the high watermark from its followers' next fetch: read once it has
    topic = str(result["topic"])
    _wait_committed(ctx, topic, float(a.get("timeout_s", 10)))
    stored_now = {(r.partition, r.offset): r.value for r in
                  read_topic(ctx.lab.bootstrap, str(result["topic"]), timeout_s=float(a.get("timeout_s", 10)))}
    acked = [s for s in result["sent"] if not s.error]
    values_now = set(stored_now.values())
    # acks=0 reports no offset: such a record counts as stored when its value is in the log
    stored = [s for s in acked if (stored_now.get((s.partition, s.offset)) == s.value if s.offset >= 0
                                   else s.value in values_now)]
    ctx.results[f"ledger:{name}"] = {
        "producer": name, "acks": result["acks"], "sent": result["count"], "acked": len(acked),
        "stored": len(stored), "lost": len(acked) - len(stored), "failed": result["failed"],
        "in_log": len(stored_now)}


def _wait_committed(ctx: Context, topic: str, timeout: float) -> None:
    """Until every online partition of ``topic`` has its high watermark at its leader's log end (what
    a consumer can read is then all the leader has)."""
    def settled(image: Any) -> bool:
        t = image.topic(topic)
        if t is None:
            return False
        for p in t.partitions:
            leader = next((r for r in p.replica_states if r.is_leader and r.log_end_offset >= 0), None)
            if p.leader >= 0 and (leader is None or leader.high_watermark < leader.log_end_offset):
                return False
        return True

    ctx.lab.state.wait_until(settled, timeout, ctx.cancelled.is_set)


def _consumers_start(ctx: Context, a: dict[str, Any]) -> None:
    group = str(a["group"])
    fleet = ctx.fleets.setdefault(group, ConsumerFleet())
    fleet.start(ctx.lab.bootstrap, group, str(a["topic"]), int(a.get("count", 1)), int(a.get("rate", 0)))


def _consumers_stop(ctx: Context, a: dict[str, Any]) -> None:
    fleet = ctx.fleets.get(str(a["group"]))
    if fleet is None:
        return
    if "count" in a:
        for _ in range(int(a["count"])):
            fleet.stop_one(str(a["group"]))
    else:
        fleet.stop_all(join=True)


def _cli(ctx: Context, a: dict[str, Any]) -> None:
    """A ``kafkalab`` tool, really run (``{bootstrap}`` is the lab's address), its output kept."""
    line = str(a["command"]).replace("{bootstrap}", ctx.lab.bootstrap)
    argv = shlex.split(line)
    if argv[:1] == ["kafkalab"]:
        argv = argv[1:]
    proc = subprocess.run([sys.executable, "-m", "kafkalab", *argv], input=str(a.get("stdin", "")),
                          capture_output=True, text=True, timeout=float(a.get("timeout_s", 60)), cwd=ROOT)
    ctx.results[str(a.get("as", "cli"))] = {"exit": proc.returncode, "out": proc.stdout, "err": proc.stderr,
                                            "lines": proc.stdout.splitlines(), "command": line}
    ctx.log(f"$ {line}\n{proc.stdout}{proc.stderr}")


def _folder_source(ctx: Context, a: dict[str, Any]) -> None:
    name = str(a["as"])
    folder = ctx.workdir / f"{name}"
    ctx.sources[name] = FolderSource(ctx.lab.bootstrap, folder, str(a["topic"])).start()
    src = ctx.sources[name]
    ctx.results[f"source:{name}"] = {"folder": str(folder), "records": lambda: src.count}


def _drop_files(ctx: Context, a: dict[str, Any]) -> None:
    source = ctx.sources.get(str(a["source"]))
    if source is None:
        raise ActionFailed(f"no folder source {a['source']!r}")
    for file_name, text in dict(a["files"]).items():
        tmp = source.folder / f".{file_name}.part"
        tmp.write_text(str(text), encoding="utf-8")
        tmp.rename(source.folder / str(file_name))  # appears whole, as a file copied in


def _folder_sink(ctx: Context, a: dict[str, Any]) -> None:
    name = str(a["as"])
    folder = ctx.workdir / name
    sink = ctx.sinks[name] = FolderSink(ctx.lab.bootstrap, folder, str(a["topic"]), group=str(a.get("group", name))).start()
    ctx.results[f"sink:{name}"] = {"folder": str(folder), "files": lambda: len(sink.files()),
                                   "names": sink.files, "records": lambda: sink.count}


def _note(ctx: Context, a: dict[str, Any]) -> None:
    """Remember a value as ``result(as)`` (``value = "=partition('t', 0).leader"``: the leader before a
    kill, for claims about what changed)."""
    ctx.results[str(a["as"])] = a["value"]
    ctx.log(f"{a['as']} = {a['value']!r}")


def _stop_clients(ctx: Context, a: dict[str, Any]) -> None:
    ctx.stop_clients()


def _simple(make: Callable[[dict[str, Any]], Command[Any]]) -> Runner:
    return lambda ctx, a: ctx.execute(make(a))


RUNNING = "broker({broker}).state == 'running'"
ACTIONS: dict[str, ActionSpec] = {
    "create_topic": ActionSpec(_create_topic, ("topic",), ("partitions", "rf", "configs", "as")),
    "delete_topic": ActionSpec(_simple(lambda a: DeleteTopic(name=str(a["topic"]))), ("topic",)),
    "add_partitions": ActionSpec(_add_partitions, ("topic", "count"), ("as",)),
    "alter_configs": ActionSpec(_simple(lambda a: AlterTopicConfigs(
        name=str(a["topic"]), changes={str(k): None if v == "" else str(v) for k, v in a["set"].items()})),
        ("topic", "set")),
    "slow_motion": ActionSpec(_slow_motion, ("ms",)),
    "kill": ActionSpec(_broker_command(lambda b: KillBroker(broker_id=b), "broker({broker}).state == 'dead'"), ("broker",)),
    "crash": ActionSpec(_broker_command(lambda b: KillBroker(broker_id=b, lose_unflushed=False),
                                        "broker({broker}).state == 'dead'"), ("broker",)),
    "pause": ActionSpec(_broker_command(lambda b: PauseBroker(broker_id=b)), ("broker",)),
    "resume": ActionSpec(_broker_command(lambda b: ResumeBroker(broker_id=b), RUNNING), ("broker",)),
    "restart": ActionSpec(_broker_command(lambda b: RestartBroker(broker_id=b), RUNNING), ("broker",)),
    "start": ActionSpec(_broker_command(lambda b: StartBroker(broker_id=b), RUNNING), ("broker",)),
    "elect_preferred": ActionSpec(_simple(lambda a: ElectPreferredLeaders())),
    "run_retention": ActionSpec(_simple(lambda a: RunRetention())),
    "wait": ActionSpec(_wait, ("seconds",)),
    "wait_for": ActionSpec(_wait_for, ("claim",), ("within",)),
    "produce": ActionSpec(_produce, ("topic",), (
        "as", "background", "count", "key", "keys", "value", "values", "acks", "partitioner", "partition", "idempotence", "retries",
        "timeout_s", "rate")),
    "consume": ActionSpec(_consume, ("topic",), ("as", "group", "max", "timeout_s", "commit")),
    "audit": ActionSpec(_audit, ("producer",), ("timeout_s",)),
    "consumers_start": ActionSpec(_consumers_start, ("group", "topic"), ("count", "rate")),
    "consumers_stop": ActionSpec(_consumers_stop, ("group",), ("count",)),
    "cli": ActionSpec(_cli, ("command",), ("as", "stdin", "timeout_s")),
    "folder_source": ActionSpec(_folder_source, ("as", "topic")),
    "drop_files": ActionSpec(_drop_files, ("source", "files")),
    "folder_sink": ActionSpec(_folder_sink, ("as", "topic"), ("group",)),
    "stop_clients": ActionSpec(_stop_clients),
    "note": ActionSpec(_note, ("as", "value")),
}


def run_action(ctx: Context, name: str, args: dict[str, Any]) -> None:
    spec = ACTIONS[name]
    values = {k: (v if k in ("claim",) else ctx.value(v)) for k, v in args.items()}
    try:
        spec.run(ctx, values)
    except CommandFailed as e:
        raise ActionFailed(f"{name}: {e.code + ': ' if e.code else ''}{e}") from e
