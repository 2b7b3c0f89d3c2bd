"""``KafkaStore``: the registry's state lives in a compacted Kafka topic, as in Confluent's registry.

- ``start`` creates ``_schemas`` if missing (1 partition, replication factor min(3, brokers),
  ``cleanup.policy=compact``), starts the reader thread (a consumer assigned to partition 0 from offset
  0 that applies every record to :class:`RegistryState`), then writes a ``NOOP`` record and waits until
  the reader has read it: the state is then rebuilt up to the end of the topic.
- ``put`` produces one record with ``acks=all`` and returns only once the reader has applied it
  (Confluent's "wait until the Kafka reader reaches the last offset"), so an answer never runs ahead of
  the topic.

Every call here blocks: the asynchronous registry runs them on its own worker thread.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from .errors import RegistryError, store_error, store_timeout
from .state import RegistryState, subject_key

log = logging.getLogger(__name__)

SCHEMAS_TOPIC = "_schemas"


def _dumps(obj: dict[str, Any] | None) -> bytes | None:
    return None if obj is None else json.dumps(obj, separators=(",", ":")).encode()


class KafkaStore:
    def __init__(self, bootstrap: str, state: RegistryState, topic: str = SCHEMAS_TOPIC,
                 timeout: float = 30.0, client_config: dict[str, Any] | None = None) -> None:
        self.bootstrap = bootstrap
        self.state = state
        self.topic = topic
        self.timeout = timeout
        self.client_config = dict(client_config or {})
        self._producer: Producer | None = None
        self._consumer: Consumer | None = None
        self._reader: threading.Thread | None = None
        self._stopping = threading.Event()
        self.reader_error: str | None = None

    def _config(self, **extra: Any) -> dict[str, Any]:
        return {"bootstrap.servers": self.bootstrap, **self.client_config, **extra}

    # --- lifecycle ---
    def start(self) -> None:
        self._ensure_topic()
        self._producer = Producer(self._config(**{"acks": "all", "enable.idempotence": True, "linger.ms": 0,
                                                  "client.id": "schema-registry-store"}))
        self._consumer = Consumer(self._config(**{
            "group.id": "schema-registry", "enable.auto.commit": False, "auto.offset.reset": "earliest",
            "client.id": "schema-registry-reader", "fetch.wait.max.ms": 100}))
        # learn the partition's leader first: librdkafka otherwise parks the first offset lookup of an
        # assigned partition on a 500 ms retry timer while its metadata is still in flight
        self._consumer.list_topics(self.topic, timeout=self.timeout)
        self._consumer.assign([TopicPartition(self.topic, 0, OFFSET_BEGINNING)])
        self._reader = threading.Thread(target=self._read_loop, name="schema-registry-reader", daemon=True)
        self._reader.start()
        self.put(subject_key("NOOP", None), None)  # read back: the state is caught up to the topic's end
        log.info("schema registry store ready: %s caught up to offset %d", self.topic, self.state.next_offset)

    def stop(self) -> None:
        self._stopping.set()
        if self._reader is not None:
            self._reader.join(timeout=10)
            self._reader = None
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None
        if self._producer is not None:
            self._producer.flush(5)
            self._producer = None

    def _ensure_topic(self) -> None:
        admin = AdminClient(self._config())
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                md = admin.list_topics(timeout=max(1.0, deadline - time.monotonic()))
            except KafkaException as e:
                raise store_error(f"cannot reach the Kafka cluster at {self.bootstrap}: {e}") from None
            existing = md.topics.get(self.topic)
            if existing is not None and existing.error is None:
                if len(existing.partitions) != 1:
                    raise store_error(f"the schemas topic {self.topic} has {len(existing.partitions)} partitions; "
                                      "it must have exactly 1")
                return
            rf = min(3, max(1, len(md.brokers)))
            futures = admin.create_topics([NewTopic(self.topic, num_partitions=1, replication_factor=rf,
                                                    config={"cleanup.policy": "compact"})])
            try:
                futures[self.topic].result(timeout=max(1.0, deadline - time.monotonic()))
                log.info("created %s (1 partition, replication factor %d, compacted)", self.topic, rf)
            except KafkaException as e:
                err = e.args[0] if e.args else None
                if not (isinstance(err, KafkaError) and err.code() == KafkaError.TOPIC_ALREADY_EXISTS):
                    if time.monotonic() > deadline:
                        raise store_error(f"cannot create {self.topic}: {e}") from None
                    time.sleep(0.2)  # e.g. the cluster is still electing its first leaders
                    continue

    # --- reading ---
    def _read_loop(self) -> None:
        consumer = self._consumer
        assert consumer is not None
        while not self._stopping.is_set():
            try:
                msg = consumer.poll(0.1)
            except Exception as e:  # a closed or failed consumer: report it to waiting writers
                self.reader_error = str(e)
                log.exception("schema registry reader failed")
                return
            if msg is None:
                continue
            error = msg.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    log.warning("schema registry reader: %s", error)
                continue
            offset = msg.offset() or 0
            try:
                key = json.loads(msg.key() or b"{}")
                raw = msg.value()
                value = json.loads(raw) if raw is not None else None
            except ValueError:
                log.warning("skipping a _schemas record that is not JSON at offset %d", offset)
                key, value = {}, None
            if not isinstance(key, dict) or (value is not None and not isinstance(value, dict)):
                key, value = {}, None
            self.state.apply(key, value, offset)

    # --- writing ---
    def put(self, key: dict[str, Any], value: dict[str, Any] | None) -> int:
        """Write one record with acks=all and wait until the reader has applied it; returns its offset."""
        producer = self._producer
        if producer is None:
            raise store_error("the schema store is not running")
        result: dict[str, Any] = {}

        def delivered(err: KafkaError | None, msg: Any) -> None:
            result["error"] = err
            result["offset"] = msg.offset() if err is None else -1

        try:
            producer.produce(self.topic, key=_dumps(key), value=_dumps(value), partition=0, on_delivery=delivered)
        except (KafkaException, BufferError) as e:
            raise store_error(f"write to {self.topic} failed: {e}") from None
        deadline = time.monotonic() + self.timeout
        while "error" not in result and time.monotonic() < deadline:
            producer.poll(0.05)
        if "error" not in result:
            raise store_timeout(f"write to {self.topic} was not acknowledged within {self.timeout:.0f}s")
        if result["error"] is not None:
            raise store_error(f"write to {self.topic} failed: {result['error']}")
        offset = int(result["offset"])
        self.wait_for_offset(offset, deadline)
        return offset

    def wait_for_offset(self, offset: int, deadline: float) -> None:
        with self.state.changed:
            while self.state.next_offset <= offset:
                if self.reader_error is not None:
                    raise store_error(f"the {self.topic} reader failed: {self.reader_error}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise store_timeout(f"the {self.topic} reader did not reach offset {offset} within "
                                        f"{self.timeout:.0f}s")
                self.state.changed.wait(min(remaining, 0.5))


__all__ = ["KafkaStore", "RegistryError", "SCHEMAS_TOPIC"]
