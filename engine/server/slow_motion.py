"""Slow motion for a class: replication waits so followers visibly lag (one setting per cluster)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class SlowMotion:
    delay_ms: int = 0  # every follower fetch waits this long first; 0 = full speed

    @property
    def on(self) -> bool:
        return self.delay_ms > 0
