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


def _topic_totals(image: ClusterImage) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for t in image.topics:
        out[t.name] = (sum(p.bytes_in for p in t.partitions), sum(p.bytes_out for p in t.partitions))
    return out


class RateTracker:
    """Turns cumulative counters into rates; a counter that went backwards (restart) counts as 0."""

    def __init__(self) -> None:
        self._prev: ClusterImage | None = None
        self._prev_topics: dict[str, tuple[int, int]] = {}
        self.latest: Rates | None = None

    def reset(self) -> None:
        self._prev = None
        self._prev_topics = {}
        self.latest = None

    def update(self, image: ClusterImage) -> Rates | None:
        topics = _topic_totals(image)
        prev, prev_topics = self._prev, self._prev_topics
        if prev is not None and image.time_ms <= prev.time_ms:
            return self.latest
        self._prev, self._prev_topics = image, topics
        if prev is None:
            return None
        dt = (image.time_ms - prev.time_ms) / 1000.0
        rates = Rates(time_s=image.time_ms / 1000.0)
        old_brokers = {b.broker_id: b for b in prev.brokers}
        for b in image.brokers:
            ob = old_brokers.get(b.broker_id)
            rates.broker_in[b.broker_id] = max(0, b.bytes_in - ob.bytes_in) / dt if ob else 0.0
            rates.broker_out[b.broker_id] = max(0, b.bytes_out - ob.bytes_out) / dt if ob else 0.0
        for name, (bin_, bout) in topics.items():
            old = prev_topics.get(name)
            rates.topic_in[name] = max(0, bin_ - old[0]) / dt if old else 0.0
            rates.topic_out[name] = max(0, bout - old[1]) / dt if old else 0.0
        self.latest = rates
        return rates


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
