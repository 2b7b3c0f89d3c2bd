"""Consumer-group members of every client library the lab supports, each run as an application
would run it (its own thread or process), recording the values it received and its own log.

Every runner reads a topic whose values are decimal numbers ("0", "1", …) and exposes
``values()`` (the set received so far), ``log_lines()`` (the client's own log) and ``stop()``.
The client settings only shorten timers (session, metadata refresh, fetch wait) so a test sees
each leader move within seconds; no setting works around a broker behaviour.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import threading
import traceback
from pathlib import Path
from typing import Protocol

from aiokafka import AIOKafkaConsumer
from confluent_kafka import Consumer
from kafka import KafkaConsumer

from tests.conftest import ROOT

SESSION_MS = 6000  # Kafka's group.min.session.timeout.ms
HEARTBEAT_MS = 200
METADATA_MAX_AGE_MS = 1000

KCAT = shutil.which("kcat") or shutil.which("kafkacat")
NODE = shutil.which("node")
JS_DIR = ROOT / "tests" / "js"


class GroupConsumer(Protocol):
    name: str

    def values(self) -> set[int]: ...

    def log_lines(self) -> list[str]: ...

    def stop(self) -> None: ...


class _Received:
    """Thread-safe record of received values and log lines."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[int] = set()
        self._log: list[str] = []

    def add_value(self, raw: bytes | str | None) -> None:
        if raw is None:
            return
        text = raw.decode() if isinstance(raw, bytes) else raw
        if text.strip().isdigit():
            with self._lock:
                self._values.add(int(text))

    def add_log(self, line: str) -> None:
        with self._lock:
            self._log.append(line)

    def values(self) -> set[int]:
        with self._lock:
            return set(self._values)

    def log_lines(self) -> list[str]:
        with self._lock:
            return list(self._log)


class _ListHandler(logging.Handler):
    def __init__(self, received: _Received) -> None:
        super().__init__(logging.INFO)
        self.received = received

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.received.add_log(f"{record.levelname} {record.name}: {record.getMessage()}")
        except Exception:  # noqa: BLE001 - a log line that cannot be formatted is still a line
            self.received.add_log(f"{record.levelname} {record.name}: {record.msg!r}")


class _ThreadConsumer(_Received):
    """Base for the in-process clients: a poll loop on its own thread, logs captured."""

    name = ""
    logger_names: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._halt = threading.Event()
        self._handler = _ListHandler(self)
        for n in self.logger_names:
            lg = logging.getLogger(n)
            lg.addHandler(self._handler)
            if lg.level == logging.NOTSET or lg.level > logging.INFO:
                lg.setLevel(logging.INFO)
        self._thread = threading.Thread(target=self._guarded, name=f"consumer-{self.name}", daemon=True)

    def _guarded(self) -> None:
        try:
            self.run()
        except Exception as e:  # noqa: BLE001 - the test reads it from the log
            self.add_log(f"CRASH {e!r}\n{traceback.format_exc()}")

    def run(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self._halt.set()
        self._thread.join(30)
        for n in self.logger_names:
            logging.getLogger(n).removeHandler(self._handler)


class ConfluentConsumer(_ThreadConsumer):
    name = "confluent-kafka"
    logger_names = ("test.librdkafka",)

    def __init__(self, bootstrap: str, topic: str, group: str) -> None:
        super().__init__()
        logging.getLogger("test.librdkafka").propagate = False  # a failing run logs ~10⁵ lines
        self.consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
            "session.timeout.ms": SESSION_MS, "heartbeat.interval.ms": HEARTBEAT_MS,
            "topic.metadata.refresh.interval.ms": METADATA_MAX_AGE_MS, "fetch.wait.max.ms": 100,
            "fetch.queue.backoff.ms": 10, "logger": logging.getLogger("test.librdkafka")})
        self.consumer.subscribe([topic])
        self._thread.start()

    def run(self) -> None:
        try:
            while not self._halt.is_set():
                for m in self.consumer.consume(500, 0.1):
                    if m.error() is None:
                        self.add_value(m.value())
                    else:
                        self.add_log(f"ERROR consume: {m.error()}")
        finally:
            self.consumer.close()


class KafkaPythonConsumer(_ThreadConsumer):
    name = "kafka-python"
    logger_names = ("kafka",)

    def __init__(self, bootstrap: str, topic: str, group: str) -> None:
        super().__init__()
        self.consumer = KafkaConsumer(
            topic, bootstrap_servers=bootstrap.split(","), group_id=group, auto_offset_reset="earliest",
            session_timeout_ms=SESSION_MS, heartbeat_interval_ms=HEARTBEAT_MS,
            metadata_max_age_ms=METADATA_MAX_AGE_MS, fetch_max_wait_ms=100, retry_backoff_ms=100,
            reconnect_backoff_ms=100, reconnect_backoff_max_ms=1000)
        self._thread.start()

    def run(self) -> None:
        try:
            while not self._halt.is_set():
                # long polls: kafka-python 3.0 can lose a rebalance finishing when a short poll times out
                for batch in self.consumer.poll(timeout_ms=1000).values():
                    for r in batch:
                        self.add_value(r.value)
        finally:
            self.consumer.close()


class AioKafkaConsumer(_ThreadConsumer):
    name = "aiokafka"
    logger_names = ("aiokafka",)

    def __init__(self, bootstrap: str, topic: str, group: str) -> None:
        super().__init__()
        self.bootstrap, self.topic, self.group = bootstrap, topic, group
        self._thread.start()

    def run(self) -> None:
        asyncio.run(self._consume())

    async def _consume(self) -> None:
        consumer = AIOKafkaConsumer(
            self.topic, bootstrap_servers=self.bootstrap, group_id=self.group, auto_offset_reset="earliest",
            session_timeout_ms=SESSION_MS, heartbeat_interval_ms=HEARTBEAT_MS,
            metadata_max_age_ms=METADATA_MAX_AGE_MS, fetch_max_wait_ms=100, retry_backoff_ms=100)
        await consumer.start()
        try:
            while not self._halt.is_set():
                for batch in (await consumer.getmany(timeout_ms=200)).values():
                    for r in batch:
                        self.add_value(r.value)
        finally:
            await consumer.stop()


class _ProcessConsumer(_Received):
    """Base for the command-line clients: values on stdout, the client's log on stderr."""

    name = ""

    def __init__(self, argv: list[str], cwd: Path | None = None) -> None:
        super().__init__()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
        self._readers = [threading.Thread(target=self._read, args=(self.proc.stdout, True), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, False), daemon=True)]
        for t in self._readers:
            t.start()

    def _read(self, stream: object, is_values: bool) -> None:
        for line in stream:  # type: ignore[attr-defined]
            if is_values:
                self.add_value(line)
            else:
                self.add_log(line.rstrip("\n"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self._readers:
            t.join(5)
        if self.proc.returncode not in (0, -15, 143):
            self.add_log(f"CRASH exit status {self.proc.returncode}")


class KcatConsumer(_ProcessConsumer):
    name = "kcat -G"

    def __init__(self, bootstrap: str, topic: str, group: str) -> None:
        assert KCAT is not None
        conf = {"auto.offset.reset": "earliest", "session.timeout.ms": SESSION_MS,
                "heartbeat.interval.ms": HEARTBEAT_MS, "topic.metadata.refresh.interval.ms": METADATA_MAX_AGE_MS,
                "fetch.wait.max.ms": 100}  # Debian's kcat links librdkafka 2.0 (no fetch.queue.backoff.ms)
        argv = [KCAT, "-b", bootstrap, "-G", group, "-u", "-f", "%s\\n"]
        for k, v in conf.items():
            argv += ["-X", f"{k}={v}"]
        super().__init__([*argv, topic])


class KafkaJsConsumer(_ProcessConsumer):
    name = "kafkajs"

    def __init__(self, bootstrap: str, topic: str, group: str) -> None:
        assert NODE is not None
        super().__init__([NODE, "group_consumer.js", bootstrap, topic, group], cwd=JS_DIR)

    def log_lines(self) -> list[str]:
        out = []
        for line in super().log_lines():
            try:
                entry = json.loads(line)
            except ValueError:
                out.append(line)
                continue
            out.append(" ".join(f"{k}={v}" for k, v in entry.items()))
        return out


CONSUMERS: dict[str, type[_ThreadConsumer] | type[_ProcessConsumer]] = {
    "confluent-kafka": ConfluentConsumer, "kafka-python": KafkaPythonConsumer, "aiokafka": AioKafkaConsumer,
    "kcat": KcatConsumer, "kafkajs": KafkaJsConsumer,
}
