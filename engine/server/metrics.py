"""BrokerMetrics: cumulative counters of one broker; rates are derived by whoever samples them."""

from __future__ import annotations

from collections.abc import Callable

ErrorTally = dict[int, list[int | str]]  # error code → [count, last message]


class BrokerMetrics:
    def __init__(self, on_partition_change: Callable[[str, int], None] | None = None) -> None:
        self._on_partition_change = on_partition_change
        self.requests = 0
        self.produce_requests = 0
        self.fetch_requests = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.messages_in = 0
        # Produce answers that were errors, per partition and in total
        self.produce_errors: dict[tuple[str, int], ErrorTally] = {}
        self.produce_error_totals: ErrorTally = {}

    def produce_error(self, topic: str, partition: int, code: int, message: str | None) -> None:
        for tally in (self.produce_errors.setdefault((topic, partition), {}), self.produce_error_totals):
            entry = tally.setdefault(int(code), [0, ""])
            entry[0] = int(entry[0]) + 1
            entry[1] = message or entry[1]
        if self._on_partition_change is not None:
            self._on_partition_change(topic, partition)

    def forget_topics(self, names: set[str]) -> None:
        """Drop the per-partition error tallies of deleted topics (a topic re-created by name starts
        with none; the broker's totals keep counting)."""
        for key in [k for k in self.produce_errors if k[0] in names]:
            del self.produce_errors[key]
