"""The course notes' first picture — a source application writing into Kafka and a target application
reading from it — as two real clients a class can watch: a **folder source** (every file dropped into a
folder becomes one record: key = the file's name, value = its content; watchdog sees it) and a **folder
sink** (every record of a topic becomes a file ``<topic>-<partition>-<offset>.txt``). Each runs in its
own thread; :attr:`count` says how many records it moved. Qt-free."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from clients.config import app_config

log = logging.getLogger(__name__)

SETTLE_S = 0.05  # a file is read once it stopped growing for this long


class FolderSource:
    """Files dropped into ``folder`` become records of ``topic`` (each file once, in name order)."""

    def __init__(self, bootstrap: str, folder: Path, topic: str, client_id: str = "kafkalab-folder-source") -> None:
        self.bootstrap = bootstrap
        self.folder = Path(folder)
        self.topic = topic
        self.client_id = client_id
        self.count = 0
        self.error = ""
        self.seen: set[str] = set()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: Any = None

    def start(self) -> FolderSource:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.folder.mkdir(parents=True, exist_ok=True)
        wake = self._wake

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                wake.set()

        self._observer = Observer()
        self._observer.schedule(Handler(), str(self.folder), recursive=False)
        self._observer.start()
        self._thread = threading.Thread(target=self._run, name="kafkalab-folder-source", daemon=True)
        self._thread.start()
        self._wake.set()  # files already there
        return self

    def _run(self) -> None:
        from confluent_kafka import Producer

        producer = Producer(app_config(self.bootstrap, **{"client.id": self.client_id, "acks": "all",
                                                          "linger.ms": 5}))

        def delivered(err: Any, msg: Any) -> None:
            if err is None:
                self.count += 1
            else:
                self.error = str(err)

        while not self._stop.is_set():
            self._wake.wait(0.5)
            self._wake.clear()
            for path in sorted(self.folder.iterdir()):
                if not path.is_file() or path.name in self.seen or path.name.startswith("."):
                    continue
                try:
                    size = path.stat().st_size
                    time.sleep(SETTLE_S)  # a file being written is read once it stopped growing
                    if path.stat().st_size != size:
                        self._wake.set()
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                self.seen.add(path.name)
                producer.produce(self.topic, key=path.name.encode(), value=data, on_delivery=delivered)
            producer.poll(0)
            producer.flush(5)
        producer.flush(5)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        if self._thread is not None:
            self._thread.join(10)


class FolderSink:
    """Records of ``topic`` (read in group ``group``) written out as files into ``folder``."""

    def __init__(self, bootstrap: str, folder: Path, topic: str, group: str = "folder-sink",
                 client_id: str = "kafkalab-folder-sink") -> None:
        self.bootstrap = bootstrap
        self.folder = Path(folder)
        self.topic = topic
        self.group = group
        self.client_id = client_id
        self.count = 0
        self.error = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def files(self) -> list[str]:
        return sorted(p.name for p in self.folder.glob("*.txt")) if self.folder.is_dir() else []

    def start(self) -> FolderSink:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._run, name="kafkalab-folder-sink", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        from confluent_kafka import Consumer

        consumer = Consumer(app_config(self.bootstrap, **{
            "group.id": self.group, "client.id": self.client_id, "auto.offset.reset": "earliest",
            "enable.auto.commit": True, "auto.commit.interval.ms": 500, "fetch.queue.backoff.ms": 10,
            "session.timeout.ms": 6000, "heartbeat.interval.ms": 500}))
        try:
            consumer.subscribe([self.topic])
            while not self._stop.is_set():
                for msg in consumer.consume(100, 0.2):
                    err = msg.error()
                    if err is not None:
                        if err.code() >= 0:
                            self.error = str(err)
                        continue
                    name = f"{msg.topic()}-{msg.partition()}-{msg.offset()}.txt"
                    (self.folder / name).write_bytes(msg.value() or b"")
                    self.count += 1
        except Exception as e:  # shown by the lesson or the menu's status
            self.error = str(e)
            log.warning("folder sink failed: %s", e)
        finally:
            consumer.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
