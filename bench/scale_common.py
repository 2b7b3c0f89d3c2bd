"""bench/scale.py's shared parts: the sizes (brokers, RF, record bytes), progress lines, the open-file
limit, the topic layout and its creation through the AdminClient, Metadata polls until every ISR is
full, and a minimal client of the engine's control channel."""

from __future__ import annotations

import contextlib
import json
import re
import resource
import socket
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402  (bench/ is not a package)
    BenchError,
    BrokerProcess,
    short_error,
)

from engine.control.commands import Command  # noqa: E402

BROKERS = 3
RF = 3
RECORD_BYTES = 100
FDS_PER_REPLICA = 3  # what the engine holds open today: .log, .index, .timeindex
CONTROL_RE = "KAFKALAB CONTROL port="
GUI_RESULT = "SCALE GUI RESULT "


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- file descriptors


def raise_nofile(partitions: int) -> None:
    """Soft RLIMIT_NOFILE → hard (children inherit it); warn when the hard limit is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard and hard != resource.RLIM_INFINITY:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            log(f"scale: raised the soft RLIMIT_NOFILE from {soft} to {hard} for the engine")
    need = partitions * RF * FDS_PER_REPLICA + 200
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit != resource.RLIM_INFINITY and need > limit:
        log(f"scale: WARNING the engine keeps {FDS_PER_REPLICA} files open per replica: {partitions} partitions x "
            f"RF {RF} need ~{need} descriptors, RLIMIT_NOFILE is {limit}: expect 'Too many open files'")


def engine_error_line(bp: BrokerProcess) -> str:
    """The last exception line (``SomethingError: …``) or ERROR record the engine logged, if any."""
    lines = [ln.strip() for ln in bp.output_tail(400).splitlines()
             if re.match(r"\s*\w+(Error|Exception): ", ln) or " ERROR " in ln]
    return lines[-1] if lines else ""


def creation_failure(e: BaseException, created: int, engine_log: str, alive: bool = True) -> str:
    """A short reason: the engine's own error when it logged one (e.g. EMFILE), else the client's."""
    if not alive:
        return f"the engine died after {created} partitions: {short_error(e, 100)}"
    if "Errno 24" in engine_log:
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return f"engine: Too many open files after {created} partitions (RLIMIT_NOFILE {limit})"
    return f"after {created} partitions: {short_error(e, 120)}{'; engine: ' + engine_log[:120] if engine_log else ''}"


# --------------------------------------------------------------------------- topics


def topic_layout(partitions: int, per_topic: int) -> list[tuple[str, int]]:
    """(name, partition count) of the topics holding ``partitions`` partitions in all."""
    run = uuid.uuid4().hex[:6]
    out = []
    left, i = partitions, 0
    while left > 0:
        n = min(per_topic, left)
        out.append((f"scale-{run}-{i:04d}", n))
        left -= n
        i += 1
    return out


def create_topics(bootstrap: str, layout: list[tuple[str, int]], per_request: int, timeout: float = 300,
                  progress: list[int] | None = None) -> None:
    """Create the topics, ``per_request`` per CreateTopics request; ``progress[0]`` counts the
    partitions created so far."""
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 300_000})
    deadline = time.monotonic() + timeout
    done = 0
    for i in range(0, len(layout), per_request):
        chunk = layout[i : i + per_request]
        futures = admin.create_topics([NewTopic(name, n, RF) for name, n in chunk], operation_timeout=120,
                                      request_timeout=max(10.0, deadline - time.monotonic()))
        for name, fut in futures.items():
            try:
                fut.result(max(1.0, deadline - time.monotonic()))
            except Exception as e:
                raise BenchError(f"create topic {name}: {e}") from e
        done += sum(n for _name, n in chunk)
        if progress is not None:
            progress[:] = [done]
        if (i // per_request) % 10 == 9:
            log(f"  … {done} partitions created")


Placement = dict[tuple[str, int], tuple[int, list[int], list[int]]]


def metadata(bootstrap: str, topics: set[str], timeout: float = 30) -> Placement:
    """(topic, partition) → (leader, replicas, isr) for ``topics``, from one Metadata request."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})
    md = admin.list_topics(timeout=timeout)
    out = {}
    for name, t in md.topics.items():
        if name in topics and t.error is None:
            for p in t.partitions.values():
                out[(name, p.id)] = (p.leader, list(p.replicas), list(p.isrs))
    return out


def wait_all_in_sync(bootstrap: str, layout: list[tuple[str, int]], timeout: float, interval: float = 0.5) -> float:
    """Poll Metadata until every partition has a leader and RF in-sync replicas; returns the time."""
    names = {name for name, _n in layout}
    total = sum(n for _name, n in layout)
    t0 = time.monotonic()
    while True:
        try:
            md = metadata(bootstrap, names, timeout=max(1.0, min(30.0, timeout - (time.monotonic() - t0))))
        except Exception as e:  # a busy engine may not answer within the Metadata timeout: ask again
            if time.monotonic() - t0 > timeout:
                raise BenchError(f"no Metadata answer within {timeout:.0f}s: {short_error(e)}") from e
            continue
        if len(md) == total and all(leader >= 0 and len(isr) == RF for leader, _r, isr in md.values()):
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            short = sum(1 for _l, _r, isr in md.values() if len(isr) < RF)
            raise BenchError(f"{total - len(md)} partitions missing, {short} under-replicated after {timeout:.0f}s")
        time.sleep(interval)


# --------------------------------------------------------------------------- control channel


class ControlChannel:
    """A minimal client of ``engine.control.channel``: commands, events, image sizes (the hello's whole
    image, then deltas)."""

    def __init__(self, port: int, token: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall((json.dumps({"token": token}) + "\n").encode())
        self.file = self.sock.makefile("rb")
        self.images = 0
        self.image_bytes = 0
        self.events: list[dict[str, Any]] = []
        self._replies: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._next = 0
        self.closed = False
        self._thread = threading.Thread(target=self._read, name="control-channel", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for line in self.file:
                if line.startswith((b'{"type":"delta"', b'{"type":"hello"')):
                    self.images += 1
                    self.image_bytes += len(line)
                    continue
                msg = json.loads(line)
                with self._cond:
                    if msg.get("type") == "reply":
                        self._replies[msg.get("id")] = msg
                        self._cond.notify_all()
                    elif msg.get("type") == "event":
                        self.events.append(msg["event"])
        except (OSError, ValueError):
            pass
        finally:
            self.closed = True
            with self._cond:
                self._cond.notify_all()

    def command(self, command: Command[Any], timeout: float = 120) -> Any:
        cmd = command.kind
        with self._cond:
            self._next += 1
            req_id = self._next
        self.sock.sendall((json.dumps({"id": req_id, "command": command.to_json()}) + "\n").encode())
        deadline = time.monotonic() + timeout
        with self._cond:
            while req_id not in self._replies:
                if self.closed:
                    raise BenchError(f"control channel closed during {cmd}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BenchError(f"no reply to {cmd} within {timeout:.0f}s")
                self._cond.wait(left)
            reply = self._replies.pop(req_id)
        if not reply.get("ok"):
            raise BenchError(f"{cmd} failed: {reply.get('error')}")
        return command.result_from_json(reply.get("result"))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()
        self._thread.join(5)


def control_port(bp: BrokerProcess) -> int:
    for line in bp.output_tail(400).splitlines():
        line = line.strip()
        if line.startswith(CONTROL_RE):
            return int(line[len(CONTROL_RE):])
    raise BenchError("the engine printed no KAFKALAB CONTROL line")


