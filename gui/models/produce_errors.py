"""The brokers' error answers to Produce, from the image (``PartitionImage.produce_errors``).

A producing client with retries shows nothing while it retries — librdkafka reports a retriable
error only when the message finally times out — so the views show what the brokers really
answered, counted per Kafka error name since a baseline (the start of a send or of the load)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject

from engine.observe import ClusterImage


@dataclass(frozen=True)
class ErrorTally:
    error: str  # Kafka's name, e.g. NOT_ENOUGH_REPLICAS
    count: int
    retriable: bool
    message: str = ""  # the broker's last message with it


Tallies = dict[str, ErrorTally]


def topic_errors(image: ClusterImage | None, topic: str, partitions: Iterable[int] | None = None) -> Tallies:
    """Cumulative error answers for ``topic`` (or some of its partitions), by error name."""
    t = image.topic(topic) if image is not None else None
    if t is None:
        return {}
    wanted = None if partitions is None else set(partitions)
    out: Tallies = {}
    for p in t.partitions:
        if wanted is not None and p.partition not in wanted:
            continue
        for e in p.produce_errors:
            old = out.get(e.error)
            out[e.error] = ErrorTally(e.error, e.count + (old.count if old else 0), e.retriable,
                                      e.message or (old.message if old else ""))
    return out


def since(now: Tallies, base: Tallies) -> list[ErrorTally]:
    """What was answered after ``base`` was taken, most frequent first."""
    out = []
    for name, t in now.items():
        before = base.get(name)
        n = t.count - (before.count if before is not None else 0)
        if n > 0:
            out.append(ErrorTally(name, n, t.retriable, t.message))
    return sorted(out, key=lambda t: (-t.count, t.error))


class ErrorText(QObject):
    """Words for the tallies (translatable)."""

    def summary(self, tallies: list[ErrorTally], client_active: bool) -> str:
        """``NOT_ENOUGH_REPLICAS ×312, retrying · …``"""
        parts = []
        for t in tallies:
            if t.retriable:
                state = self.tr("retrying") if client_active else self.tr("retriable")
                parts.append(self.tr("{0} ×{1}, {2}").format(t.error, t.count, state))
            else:
                parts.append(self.tr("{0} ×{1}").format(t.error, t.count))
        return " · ".join(parts)

    def detail(self, tallies: list[ErrorTally]) -> str:
        """The broker's message for the most frequent error."""
        first = next((t for t in tallies if t.message), None)
        return self.tr("Broker: {0}").format(first.message) if first is not None else ""
