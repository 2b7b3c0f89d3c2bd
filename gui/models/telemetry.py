"""Rates from successive images' cumulative counters, and the cluster's health summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.observe import ClusterImage


@dataclass(frozen=True)
class Rates:
    """Byte rates (per second) between two images."""

    time_s: float  # engine wall clock of the newer image
    broker_in: dict[int, float] = field(default_factory=dict)
    broker_out: dict[int, float] = field(default_factory=dict)
    topic_in: dict[str, float] = field(default_factory=dict)  # produced bytes (on the leaders)
    topic_out: dict[str, float] = field(default_factory=dict)  # fetched bytes


@dataclass(frozen=True)
class Counters:
    """An image's cumulative byte counters: what rates are made of (``engine.observe.series`` keeps the
    same figures of every recorded image, so the time machine rebuilds the chart from a recording)."""

    time_ms: int
    brokers: dict[int, tuple[int, int]]  # broker id → (bytes in, bytes out)
    topics: dict[str, tuple[int, int]]  # topic → (produced bytes, fetched bytes), summed over partitions


def counters_of(image: ClusterImage) -> Counters:
    topics: dict[str, tuple[int, int]] = {}
    for t in image.topics:
        topics[t.name] = (sum(p.bytes_in for p in t.partitions), sum(p.bytes_out for p in t.partitions))
    return Counters(image.time_ms, {b.broker_id: (b.bytes_in, b.bytes_out) for b in image.brokers}, topics)


def rates_between(prev: Counters, cur: Counters) -> Rates:
    """Rates from ``prev`` to ``cur``; a counter that went backwards (restart) counts as 0."""
    dt = (cur.time_ms - prev.time_ms) / 1000.0
    rates = Rates(time_s=cur.time_ms / 1000.0)
    for bid, (bin_, bout) in cur.brokers.items():
        ob = prev.brokers.get(bid)
        rates.broker_in[bid] = max(0, bin_ - ob[0]) / dt if ob else 0.0
        rates.broker_out[bid] = max(0, bout - ob[1]) / dt if ob else 0.0
    for name, (bin_, bout) in cur.topics.items():
        old = prev.topics.get(name)
        rates.topic_in[name] = max(0, bin_ - old[0]) / dt if old else 0.0
        rates.topic_out[name] = max(0, bout - old[1]) / dt if old else 0.0
    return rates


class RateTracker:
    """Turns cumulative counters into rates, image after image."""

    def __init__(self) -> None:
        self._prev: Counters | None = None
        self.latest: Rates | None = None

    def reset(self) -> None:
        self._prev = None
        self.latest = None

    def update(self, image: ClusterImage) -> Rates | None:
        return self.update_counters(counters_of(image))

    def update_counters(self, cur: Counters) -> Rates | None:
        prev = self._prev
        if prev is not None and cur.time_ms <= prev.time_ms:
            return self.latest
        self._prev = cur
        if prev is None:
            return None
        self.latest = rates_between(prev, cur)
        return self.latest


@dataclass(frozen=True)
class Health:
    brokers_up: int
    brokers_total: int
    offline_partitions: int
    under_replicated: int

    @property
    def ok(self) -> bool:
        return self.brokers_up == self.brokers_total and not self.offline_partitions and not self.under_replicated


def health_of(image: ClusterImage) -> Health:
    offline = under = 0
    for t in image.topics:  # one plain loop: this runs for every image, 10,000 partitions included
        for p in t.partitions:
            if p.leader == -1:
                offline += 1
            elif len(p.isr) < len(p.replicas):
                under += 1
    return Health(
        brokers_up=sum(1 for b in image.brokers if b.state == "running"),
        brokers_total=len(image.brokers),
        offline_partitions=offline,
        under_replicated=under,
    )


def human_rate(bytes_per_s: float) -> str:
    value = float(bytes_per_s)
    for unit in ("B/s", "KB/s", "MB/s", "GB/s"):
        if value < 1000 or unit == "GB/s":
            return f"{value:.0f} {unit}" if unit == "B/s" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB/s"


def human_bytes(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
