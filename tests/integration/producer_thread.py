"""A background confluent-kafka producer that records exactly which values were acknowledged."""

from __future__ import annotations

import threading
import time

from confluent_kafka import KafkaError, Producer


class AckingProducer(threading.Thread):
    """Produces "<n>" values 0, 1, 2 … (key = n % keys) until stopped; keeps acked values and errors."""

    def __init__(self, bootstrap: str, topic: str, keys: int = 3, rate_per_s: float = 2000, **conf: object) -> None:
        super().__init__(daemon=True, name=f"producer-{topic}")
        self.topic = topic
        self.keys = keys
        self.interval = 1 / rate_per_s
        self.producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True,
                                  "linger.ms": 2, "message.timeout.ms": 60000, "log_level": 2, **conf})
        self.acked: list[int] = []
        self.acked_at: list[float] = []
        self.errors: list[str] = []
        self.sent = 0
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def _done(self, err: KafkaError | None, msg) -> None:  # type: ignore[no-untyped-def]
        with self._lock:
            if err is not None:
                self.errors.append(err.name())
            else:
                self.acked.append(int(msg.value()))
                self.acked_at.append(time.monotonic())

    def run(self) -> None:
        n = 0
        next_at = time.monotonic()
        while not self._halt.is_set():
            try:
                self.producer.produce(self.topic, key=str(n % self.keys).encode(), value=str(n).encode(),
                                      on_delivery=self._done)
                n += 1
                self.sent = n
            except BufferError:
                pass
            self.producer.poll(0)
            next_at += self.interval
            delay = next_at - time.monotonic()
            if delay > 0:
                self._halt.wait(delay)
        self.producer.flush(90)

    def acked_count(self) -> int:
        with self._lock:
            return len(self.acked)

    def stop(self) -> None:
        self._halt.set()
        self.join(120)
