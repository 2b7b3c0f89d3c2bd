"""BrokerMetrics: cumulative counters of one broker; rates are derived by whoever samples them."""

from __future__ import annotations

from typing import Any


class BrokerMetrics:
    def __init__(self) -> None:
        self.requests = 0
        self.produce_requests = 0
        self.fetch_requests = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.messages_in = 0
        # Produce answers that were errors: (topic, partition, error code) → [count, last message]
        self.produce_errors: dict[tuple[str, int, int], list[Any]] = {}

    def produce_error(self, topic: str, partition: int, code: int, message: str | None) -> None:
        entry = self.produce_errors.setdefault((topic, partition, int(code)), [0, ""])
        entry[0] += 1
        entry[1] = message or entry[1]
