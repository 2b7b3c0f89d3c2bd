"""Consumer-group APIs (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete) — filled in by the
consumer-groups work; the broker's API table includes every spec listed here."""

from __future__ import annotations

from engine.network.dispatch import ApiSpec

GROUP_API_SPECS: list[ApiSpec] = []
