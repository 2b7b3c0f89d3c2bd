"""Leaders back on their preferred brokers after a lab starts on its old data.

The brokers of a restarted lab register one after the other and come back out of sync (their ISRs had
shrunk as the others stopped), so the first one up was elected leader of nearly every partition: the
app showed "Leaders 54" on one broker card and 0 on the others after every start. Kafka leaves that to
the preferred-leader rebalance every ``leader.imbalance.check.interval.seconds`` (300 s). For a minute
after start the lab's controller runs the same preferred election as soon as each preferred replica is
back in its ISR, until every partition is led by its preferred replica — and stops for good at the
first fencing (a broker killed, stopped or paused in a lesson keeps the failover Kafka would show)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from engine.metadata.image import TopicImage

WINDOW_S = 60.0
EVERY_S = 0.5


class StartupBalance:
    def __init__(self) -> None:
        self.active = True
        self._until: float | None = None
        self._last = 0.0

    def cancel(self) -> None:
        self.active = False

    def due(self, now: float) -> bool:
        """Whether to check now (every EVERY_S, within WINDOW_S of the first call)."""
        if not self.active:
            return False
        if self._until is None:
            self._until = now + WINDOW_S
        if now > self._until:
            self.active = False
            return False
        if now - self._last < EVERY_S:
            return False
        self._last = now
        return True


def settled(topics: Iterable[TopicImage], live: Collection[int]) -> bool:
    """Every partition whose preferred replica is alive is led by it."""
    return all(reg.leader == reg.preferred_leader for t in topics for reg in t.partitions.values()
               if reg.preferred_leader in live)
