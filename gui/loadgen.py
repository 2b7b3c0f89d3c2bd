"""The built-in load generator: a real confluent-kafka Producer in a worker thread.

No Qt here: the view polls :meth:`LoadGenerator.stats` on a timer. Starting and stopping never
block the caller (the producer is created, paced and flushed in the worker thread).

Every delivery report is counted per partition (acknowledged records, the offset of the first one)
and the counts are kept with their wall-clock time, so the view can set what the client was told
against what the log holds at the instant of an image (:meth:`LoadGenerator.acked_at`): with
acks=1 a leader that dies before its followers copied the records takes acknowledged records with it."""

from __future__ import annotations

import bisect
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from clients.errors import KafkaOpError

log = logging.getLogger(__name__)

KEY_MODES = ("null", "sequential", "random", "hot")
ACKS = ("0", "1", "all")
TICK_S = 0.01
ACK_HISTORY = 2000  # (time, acknowledged per partition) samples kept: ≥ 20 s at one per tick
HOT_KEYS = (b"hot-key-1", b"hot-key-2", b"hot-key-3")


@dataclass(frozen=True)
class LoadSpec:
    topic: str = "lab-load"
    rate: int = 1000  # records per second
    key_mode: str = "null"
    acks: str = "all"
    value_size: int = 100
    seed: int = 0


@dataclass
class LoadStats:
    running: bool = False
    sent: int = 0
    acked: int = 0
    errors: int = 0
    last_error: str = ""
    rate: float = 0.0  # acknowledged records per second, recent
    history: list[tuple[float, int]] = field(default_factory=list)
    acked_by_partition: dict[int, int] = field(default_factory=dict)
    first_offsets: dict[int, int] = field(default_factory=dict)  # offset of the first acknowledged record
    errors_by_name: dict[str, int] = field(default_factory=dict)  # failed deliveries by Kafka error name
    started_ms: int = 0  # wall clock of Start


@dataclass
class _Failures:
    count: int = 0
    last: str = ""
    by_name: dict[str, int] = field(default_factory=dict)


class _Acks:
    """Delivery reports per partition (written by the worker thread inside ``poll``)."""

    def __init__(self) -> None:
        self.by_partition: dict[int, int] = {}
        self.first_offsets: dict[int, int] = {}
        self.total = 0


class KeyChooser:
    def __init__(self, mode: str, seed: int = 0) -> None:
        if mode not in KEY_MODES:
            raise ValueError(f"unknown key mode {mode!r}")
        self.mode = mode
        self.rng = random.Random(seed)
        self.n = 0

    def next(self) -> bytes | None:
        self.n += 1
        if self.mode == "null":
            return None
        if self.mode == "sequential":
            return str(self.n).encode()
        if self.mode == "random":
            return f"{self.rng.getrandbits(32):08x}".encode()
        if self.rng.random() < 0.9:  # "hot": 90% of records share three keys
            return self.rng.choice(HOT_KEYS)
        return f"{self.rng.getrandbits(32):08x}".encode()


class DeliverySink(Protocol):
    """Hears of every delivery report of one run (on the generator's thread): the acks ledger."""

    def acknowledged(self, partition: int, offset: int, time_ms: int, key: bytes | None = None) -> None: ...

    def failed(self, count: int = 1) -> None: ...


class LoadGenerator:
    def __init__(self, producer_factory: Any = None) -> None:
        self._factory = producer_factory
        # called at each Start with the run's spec: a sink for its delivery reports, or None
        self.on_run: Callable[[LoadSpec], DeliverySink | None] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._stats = LoadStats()
        self._acks_history: deque[tuple[int, dict[int, int]]] = deque(maxlen=ACK_HISTORY)
        self.spec: LoadSpec | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stats(self) -> LoadStats:
        with self._lock:
            s = self._stats
            return LoadStats(self.running, s.sent, s.acked, s.errors, s.last_error, s.rate, [],
                             dict(s.acked_by_partition), dict(s.first_offsets), dict(s.errors_by_name), s.started_ms)

    def acked_at(self, time_ms: int) -> dict[int, int]:
        """Acknowledged records per partition as the client knew them at wall-clock ``time_ms`` (the
        newest sample not after it: never an acknowledgement that came later)."""
        with self._lock:
            history = list(self._acks_history)
        if not history:
            return {}
        i = bisect.bisect_right([t for t, _ in history], time_ms)
        return dict(history[i - 1][1]) if i > 0 else {}

    def start(self, bootstrap: str, spec: LoadSpec) -> None:
        if spec.acks not in ACKS:
            raise ValueError(f"acks must be one of {ACKS}")
        self.stop(join=False)
        self.spec = spec
        self._stop = threading.Event()
        with self._lock:
            self._stats = LoadStats(running=True, started_ms=int(time.time() * 1000))
            self._acks_history.clear()
        sink = self.on_run(spec) if self.on_run is not None else None
        self._thread = threading.Thread(target=self._run, args=(bootstrap, spec, self._stop, sink),
                                        name="kafkalab-loadgen", daemon=True)
        self._thread.start()

    def stop(self, join: bool = False, timeout: float = 10.0) -> None:
        self._stop.set()
        t = self._thread
        if join and t is not None:
            t.join(timeout)

    def _producer(self, bootstrap: str, spec: LoadSpec) -> Any:
        config = {"bootstrap.servers": bootstrap, "acks": spec.acks, "linger.ms": 5, "batch.size": 1_000_000,
                  "client.id": "kafkalab-loadgen", "message.timeout.ms": 30_000,
                  "queue.buffering.max.messages": 500_000, "socket.nagle.disable": True}
        if self._factory is not None:
            return self._factory(config)
        from confluent_kafka import Producer

        return Producer(config)

    def _run(self, bootstrap: str, spec: LoadSpec, stop: threading.Event, sink: DeliverySink | None = None) -> None:
        try:
            producer = self._producer(bootstrap, spec)
        except Exception as e:
            with self._lock:
                self._stats.errors += 1
                self._stats.last_error = str(e)
            return
        keys = KeyChooser(spec.key_mode, spec.seed)
        value = (b"kafkalab-" * (spec.value_size // 9 + 1))[: spec.value_size]
        failures = _Failures()
        acks = _Acks()

        def failed(err: Any, msg: Any) -> None:  # every delivery report (runs inside poll, on this thread)
            if err is not None:
                failures.count += 1
                failures.last = str(err)
                name = KafkaOpError.from_kafka_error(err).name
                failures.by_name[name] = failures.by_name.get(name, 0) + 1
                if sink is not None:
                    sink.failed()
                return
            p = msg.partition()
            if sink is not None:
                offset = msg.offset()
                sink.acknowledged(p, offset if offset is not None else -1, int(time.time() * 1000), msg.key())
            acks.total += 1
            acks.by_partition[p] = acks.by_partition.get(p, 0) + 1
            if p not in acks.first_offsets:
                offset = msg.offset()  # None/-1 with acks=0: the broker does not answer
                if offset is not None and offset >= 0:
                    acks.first_offsets[p] = offset

        produce = producer.produce
        topic = spec.topic
        next_tick = time.monotonic()
        budget = 0.0
        window: deque[tuple[float, int]] = deque()
        sent = 0
        local_errors = 0
        acked = 0
        last_acked = -1
        while not stop.is_set():
            budget += spec.rate * TICK_S
            n = int(budget)
            budget -= n
            produced = 0
            try:
                if spec.key_mode == "null":
                    for _ in range(n):
                        produce(topic, value, on_delivery=failed)
                        produced += 1
                else:
                    for _ in range(n):
                        produce(topic, value, keys.next(), on_delivery=failed)
                        produced += 1
            except BufferError:  # the client's queue is full: let it drain
                producer.poll(0.005)
            except Exception as e:  # e.g. unknown topic, a bad config
                local_errors += 1
                failures.last = str(e)
            sent += produced
            producer.poll(0)
            now = time.monotonic()
            errors = failures.count + local_errors
            acked = acks.total
            window.append((now, acked))
            while now - window[0][0] > 2.0:
                window.popleft()
            rate = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) if len(window) > 1 else 0.0
            with self._lock:
                self._stats.sent = sent
                self._stats.acked = acked
                self._stats.errors = errors
                self._stats.last_error = failures.last
                self._stats.rate = rate
                self._record_acks(acks, failures, acked != last_acked)
            last_acked = acked
            next_tick += TICK_S
            delay = next_tick - time.monotonic()
            if delay > 0:
                stop.wait(delay)
            elif delay < -1.0:  # fell far behind (slow cluster): do not try to catch up
                next_tick = time.monotonic()
        producer.flush(5)
        with self._lock:
            self._stats.acked = acks.total
            self._stats.errors = failures.count + local_errors
            self._stats.last_error = failures.last
            self._stats.rate = 0.0
            self._record_acks(acks, failures, True)

    def _record_acks(self, acks: _Acks, failures: _Failures, changed: bool) -> None:
        """Publish the per-partition counts (with the lock held)."""
        if changed:
            self._stats.acked_by_partition = dict(acks.by_partition)
            self._stats.first_offsets = dict(acks.first_offsets)
            self._acks_history.append((int(time.time() * 1000), self._stats.acked_by_partition))
        if failures.by_name != self._stats.errors_by_name:
            self._stats.errors_by_name = dict(failures.by_name)
