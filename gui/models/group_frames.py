"""The consumer-group list of one image, built off the GUI thread (see :mod:`gui.view_frames`): each group's
summary (committed offsets against the leaders' ends, reused while nothing under it moved), its lag sample
for "clears in", its total lag, and the list's order — at 500 groups of 100 partitions that took ~1.5 s of
GUI-thread time for the first image and tens of milliseconds for each next one."""

from __future__ import annotations

from dataclasses import dataclass

from engine.observe import ClusterImage
from gui.models.group_models import GroupSummaries, GroupSummary, LagClock
from gui.models.prepared import Prepared


@dataclass(frozen=True, eq=False)
class GroupsFrame:
    image: ClusterImage
    summaries: tuple[GroupSummary, ...]  # in the image's order
    ordered: tuple[GroupSummary, ...]  # by group id: the group list's rows


class GroupFrames:
    def __init__(self, lag_clock: LagClock) -> None:
        self.prepared = Prepared()
        self.lag_clock = lag_clock
        self._summaries = GroupSummaries()  # reuses what did not change between images

    def build(self, image: ClusterImage) -> GroupsFrame:
        with self.prepared.lock:
            summaries = tuple(self._summaries.summarize(image))
            for g in summaries:
                self.lag_clock.observe(g, image.time_ms)  # rates for "clears in", estimated for the group shown
                _ = g.total_lag  # a cached property: computed here, read by the list and the lag history
            return GroupsFrame(image, summaries, tuple(sorted(summaries, key=lambda g: g.group_id)))

    def prepare(self, image: ClusterImage) -> None:
        self.prepared.put(image, self.build(image))

    def take(self, image: ClusterImage) -> GroupsFrame:
        frame: GroupsFrame = self.prepared.take(image, lambda: self.build(image))
        return frame
