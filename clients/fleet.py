"""A fleet of real consumers for the consumer-groups view: N confluent-kafka Consumers that
``subscribe()`` to a topic in one group, each in its own thread, each stoppable.

They poll, count records, and commit automatically (``enable.auto.commit``), so the group's
committed offsets and lag move as in a real application. An optional per-consumer rate limit makes
them slow on purpose (lag grows). No Qt: the view polls :meth:`ConsumerFleet.members`."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from clients.config import app_config

log = logging.getLogger(__name__)

POLL_S = 0.1


@dataclass
class FleetMember:
    index: int
    group: str
    topic: str
    client_id: str
    max_rate: int  # records/s, 0 = unlimited
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    consumed: int = 0
    assigned: tuple[int, ...] = ()
    error: str = ""
    started: bool = False
    closed: bool = False

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


class ConsumerFleet:
    def __init__(self, consumer_factory: Callable[[dict[str, Any]], Any] | None = None) -> None:
        self._factory = consumer_factory
        self._lock = threading.Lock()
        self._members: list[FleetMember] = []
        self._ids = itertools.count(1)
        self.settings: dict[str, str] = {}  # the cluster's connection properties (not its client.id)

    def members(self) -> list[FleetMember]:
        """Running consumers, plus finished ones that failed (so their error can be shown)."""
        with self._lock:
            self._members = [m for m in self._members if m.running or not m.closed or m.error]
            return list(self._members)

    def running_count(self, group: str | None = None) -> int:
        return sum(1 for m in self.members() if m.running and not m.stop.is_set()
                   and (group is None or m.group == group))

    def start(self, bootstrap: str, group: str, topic: str, count: int, max_rate: int = 0,
              settings: Mapping[str, str] | None = None) -> list[FleetMember]:
        """``settings``: the cluster's connection properties (an external cluster's security settings)."""
        self.settings = {k: v for k, v in (settings or {}).items() if k != "client.id"}
        started = []
        with self._lock:  # forget earlier failures
            self._members = [m for m in self._members if m.running or not m.closed]
        for _ in range(max(0, int(count))):
            i = next(self._ids)
            m = FleetMember(i, group, topic, f"kafkalab-consumer-{i}", int(max_rate))
            m.thread = threading.Thread(target=self._run, args=(bootstrap, m), name=f"kafkalab-consumer-{i}",
                                        daemon=True)
            with self._lock:
                self._members.append(m)
            m.thread.start()
            started.append(m)
        return started

    def stop_one(self, group: str | None = None) -> bool:
        """Stop the newest running consumer (of ``group``); its partitions move to the others."""
        for m in reversed(self.members()):
            if m.running and not m.stop.is_set() and (group is None or m.group == group):
                m.stop.set()
                return True
        return False

    def stop_all(self, join: bool = False, timeout: float = 10.0) -> None:
        members = self.members()
        for m in members:
            m.stop.set()
        if join:
            deadline = time.monotonic() + timeout
            for m in members:
                if m.thread is not None:
                    m.thread.join(max(0.0, deadline - time.monotonic()))

    def _consumer(self, bootstrap: str, m: FleetMember) -> Any:
        config = app_config(bootstrap, **{
            "group.id": m.group, "client.id": m.client_id, "auto.offset.reset": "earliest",
            "enable.auto.commit": True, "auto.commit.interval.ms": 500, "fetch.queue.backoff.ms": 10,
            "session.timeout.ms": 10_000, "heartbeat.interval.ms": 1000,
            "queued.max.messages.kbytes": 4096, **self.settings})
        if self._factory is not None:
            return self._factory(config)
        from confluent_kafka import Consumer  # loaded with the first consumer, not with the app

        return Consumer(config)

    def _run(self, bootstrap: str, m: FleetMember) -> None:
        try:
            consumer = self._consumer(bootstrap, m)
        except Exception as exc:
            m.error = str(exc)
            m.closed = True
            return

        def on_assign(c: Any, partitions: list[Any]) -> None:
            m.assigned = tuple(sorted(p.partition for p in partitions))

        def on_revoke(c: Any, partitions: list[Any]) -> None:
            m.assigned = ()

        try:
            consumer.subscribe([m.topic], on_assign=on_assign, on_revoke=on_revoke)
            m.started = True
            budget = 0.0
            last = time.monotonic()
            while not m.stop.is_set():
                if m.max_rate > 0:
                    now = time.monotonic()
                    budget = min(budget + (now - last) * m.max_rate, float(max(1, m.max_rate)))
                    last = now
                    if budget < 1:
                        m.stop.wait(min(POLL_S, (1 - budget) / m.max_rate))
                        continue
                    want = int(budget)
                else:
                    want = 1000
                msgs = consumer.consume(num_messages=want, timeout=POLL_S)
                n = sum(1 for msg in msgs if msg.error() is None)
                m.consumed += n
                if m.max_rate > 0:
                    budget -= n
                for msg in msgs:
                    err = msg.error()
                    if err is not None and err.code() >= 0:  # negative codes are client events (EOF…)
                        m.error = str(err)
        except Exception as exc:
            m.error = str(exc)
            log.warning("consumer %s failed: %s", m.client_id, exc)
        finally:
            try:
                consumer.close()  # commits, leaves the group: the others get its partitions
            except Exception:
                pass
            m.assigned = ()
            m.closed = True
