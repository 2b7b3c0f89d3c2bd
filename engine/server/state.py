"""A broker's lifecycle state (the values are what engine.observe publishes)."""

from __future__ import annotations

import enum


class BrokerState(enum.StrEnum):
    STOPPED = "stopped"  # cleanly stopped, or never started
    STARTING = "starting"
    RUNNING = "running"
    PAUSED = "paused"  # a hung process: nothing is read, answered or sent
    DEAD = "dead"  # crashed (killed)

    @property
    def is_up(self) -> bool:
        """The process exists (running or paused): its replicas are on line."""
        return self in (BrokerState.RUNNING, BrokerState.PAUSED)
