"""Consumer-group tables: the group list, a group's members, and its per-partition offsets and lag.

Groups come from the ClusterImage (the embedded coordinators) merged with what the AdminClient
lists (groups the image does not have, e.g. on a dead coordinator or an external cluster).
Lag is computed here from the same image, so it is right for every partition whichever broker coordinates
the group: the partition leader's last stable offset − the committed offset. The LSO is the high watermark
unless a transaction is open below it; the records from the first open transaction up to the high watermark
are not yet consumable by a read_committed consumer (and may be aborted), so the lag never counts them: they
are shown beside it as "in open transactions". (A group's coordinator cannot know its members' isolation
level — Fetch does not name the group — so the view takes the read_committed reading for every group; with
no transaction open the two are the same.) Lag in time: the image's time − the timestamp of the record at
the committed offset (``behind_ms``), and the time the lag takes to clear at the current rates
(:class:`LagClock`)."""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import (
    Qt,
)

from clients.admin import GroupInfo
from engine.observe import ClusterImage, GroupImage, TopicImage
from gui.models.base import RIGHT, AnyIndex, RowTableModel

GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
Tp = tuple[str, int]



@dataclass(frozen=True)
class MemberRow:
    member_id: str
    client_id: str
    host: str
    assignment: tuple[Tp, ...]


class OffsetRow(NamedTuple):
    """A group's partition (a named tuple: 500 groups of 100 partitions make 50,000 of them per image
    built, and a tuple is made ~5× faster than a frozen dataclass)."""

    topic: str
    partition: int
    committed: int | None
    log_end: int | None  # the leader's high watermark (what a read_uncommitted consumer can reach)
    log_start: int | None
    owner: str  # client id of the member that owns it, "" if none
    stable_end: int | None = None  # the leader's last stable offset (read_committed); None: the high watermark
    behind_ms: int | None = None  # lag in time: how old the oldest unconsumed record is (0: caught up)
    clears_in_s: float | None = None  # at the current consume and produce rates; inf: the lag grows

    @property
    def consumable_end(self) -> int | None:
        """Where the lag is counted to: the LSO (open transactions' records are not consumable yet)."""
        if self.log_end is None:
            return None
        return self.log_end if self.stable_end is None else min(self.stable_end, self.log_end)

    @property
    def lag(self) -> int | None:
        end = self.consumable_end
        if self.committed is None or end is None:
            return None
        return max(0, end - self.committed)

    @property
    def open_records(self) -> int:
        """Offsets from the first open transaction's up to the high watermark: not counted in the lag."""
        end = self.consumable_end
        if self.log_end is None or end is None:
            return 0
        return max(0, self.log_end - max(end, self.committed or 0))


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    state: str
    protocol: str
    coordinator: int
    members: tuple[MemberRow, ...]
    offsets: tuple[OffsetRow, ...]
    source: str  # "image" or "admin"
    group_type: str = "classic"  # "consumer": the KIP-848 consumer protocol

    @property
    def topics(self) -> tuple[str, ...]:
        names = {o.topic for o in self.offsets} | {t for m in self.members for t, _p in m.assignment}
        return tuple(sorted(names))

    @functools.cached_property
    def ageing(self) -> bool:
        """Some partition has a lag in time: it grows with the image's time (the summary is made again)."""
        return any(o.behind_ms for o in self.offsets)

    @functools.cached_property
    def total_lag(self) -> int | None:
        lags = [lag for o in self.offsets if (lag := o.lag) is not None]
        return sum(lags) if lags else None

    def lag_by_partition(self) -> dict[str, float]:
        return {f"{o.topic}-{o.partition}": float(o.lag) for o in self.offsets if o.lag is not None}


Ends = dict[Tp, tuple[int, int, int]]


def topic_ends(t: TopicImage) -> Ends:
    """(log start, high watermark, last stable offset) of each partition's leader replica of ``t``. An LSO the
    image does not know (an external cluster's) is the high watermark."""
    out: Ends = {}
    for p in t.partitions:
        leader = next((r for r in p.replica_states if r.is_leader and r.high_watermark >= 0), None)
        if leader is not None:
            lso = leader.last_stable_offset if leader.last_stable_offset >= 0 else leader.high_watermark
            out[(t.name, p.partition)] = (max(0, leader.log_start_offset), leader.high_watermark, lso)
    return out


def leader_offsets(image: ClusterImage, topics: Collection[str] | None = None) -> Ends:
    """:func:`topic_ends` of every topic (of ``topics`` only, if given: the groups' topics, not all 3,000
    partitions of a big cluster on every image)."""
    out: Ends = {}
    for t in image.topics:
        if topics is None or t.name in topics:
            out.update(topic_ends(t))
    return out


def group_topics(groups: Iterable[GroupImage]) -> set[str]:
    """The topics groups commit offsets for or are assigned."""
    return ({o.topic for g in groups for o in g.offsets}
            | {tp[0] for g in groups for m in g.members for tp in m.assignment})


def summarize(g: GroupImage, ends: Ends, now_ms: int | None = None) -> GroupSummary:
    """``now_ms``: the image's time, for the lag in time (``behind_ms``)."""
    members = tuple(MemberRow(m.member_id, m.client_id, m.client_host, tuple(sorted(m.assignment))) for m in g.members)
    owner = {tp: m.client_id for m in members for tp in m.assignment}
    committed = {(o.topic, o.partition): o.committed_offset for o in g.offsets}
    stamps = {(o.topic, o.partition): o.committed_timestamp_ms for o in g.offsets}
    rows = []
    total: int | None = None
    for tp in sorted(set(committed) | set(owner)):
        start, end, stable = ends.get(tp, (None, None, None))
        done = committed.get(tp)
        behind = None
        if done is not None and end is not None:  # OffsetRow.lag, without making each row twice
            lag = end - done if stable is None or stable >= end else stable - done
            lag = lag if lag > 0 else 0
            total = lag if total is None else total + lag
            stamp = stamps.get(tp, -1)
            behind = 0 if lag == 0 else max(0, now_ms - stamp) if stamp >= 0 and now_ms is not None else None
        rows.append(OffsetRow(tp[0], tp[1], done, end, start, owner.get(tp, ""), stable, behind))
    summary = GroupSummary(g.group_id, g.state, g.protocol, g.coordinator, members, tuple(rows), "image", g.group_type)
    summary.__dict__["total_lag"] = total  # the cached property, from the sum made here (50,000 rows per image)
    return summary


class GroupSummaries:
    """:func:`summarize` for every group of an image, at scale: images share unchanged topics and
    groups (the engine's and an external source's alike), so a topic's leader offsets and a group's
    summary are made again only when that object, or the offsets of the partitions it covers, changed."""

    def __init__(self) -> None:
        self._ends: dict[str, tuple[object, Ends]] = {}
        self._groups: dict[str, tuple[GroupImage, tuple[Any, ...], GroupSummary, tuple[str, ...]]] = {}

    def leader_offsets(self, image: ClusterImage) -> Ends:
        out: Ends = {}
        cache: dict[str, tuple[object, Ends]] = {}
        for t in image.topics:
            hit = self._ends.get(t.name)
            if hit is None or hit[0] is not t:
                hit = (t, topic_ends(t))
            cache[t.name] = hit
            out.update(hit[1])
        self._ends = cache
        return out

    def summarize(self, image: ClusterImage) -> list[GroupSummary]:
        ends = self.leader_offsets(image)
        out = []
        cache: dict[str, tuple[GroupImage, tuple[Any, ...], GroupSummary, tuple[str, ...]]] = {}
        for g in image.groups:
            hit = self._groups.get(g.group_id)
            if hit is not None and hit[0] is g:
                covered = hit[3]
            else:
                names = {o.topic for o in g.offsets} | {tp[0] for m in g.members for tp in m.assignment}
                covered = tuple(sorted(names))
            # the topic objects under it: the same objects, the same offsets (leader_offsets' cache)
            signature = tuple(self._ends[name][0] if name in self._ends else None for name in covered)
            # a summary with a lag in time is made again on every image: it grows with the image's time
            if hit is None or hit[0] is not g or len(hit[1]) != len(signature) \
                    or any(a is not b for a, b in zip(hit[1], signature, strict=True)) \
                    or hit[2].ageing:
                hit = (g, signature, summarize(g, ends, image.time_ms), covered)
            cache[g.group_id] = hit
            out.append(hit[2])
        self._groups = cache
        return out


def summarize_admin(info: GroupInfo, committed: dict[Tp, int], ends: Ends) -> GroupSummary:
    members = tuple(MemberRow(m.member_id, m.client_id, m.host, m.assignment) for m in info.members)
    owner = {tp: m.client_id for m in members for tp in m.assignment}
    rows = []
    for tp in sorted(set(committed) | set(owner)):
        start, end, stable = ends.get(tp, (None, None, None))
        rows.append(OffsetRow(tp[0], tp[1], committed.get(tp), end, start, owner.get(tp, ""), stable))
    return GroupSummary(info.group_id, info.state, info.assignor, info.coordinator, members, tuple(rows), "admin")


def duration_text(seconds: float) -> str:
    """0.4 s, 12 s, 3 min 20 s, 2 h 05 min."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60):02d} min"


class LagClock:
    """The time a group's lag takes to clear at the current rates: per partition, the consume rate
    (committed offsets) and the produce rate (high watermark) over the last ``window_s`` of images.
    Sampled on the view-frames thread (:mod:`gui.view_frames`), estimated on the GUI thread: a lock."""

    def __init__(self, window_s: float = 10.0) -> None:
        self.window_ms = int(window_s * 1000)
        # group → samples (image time, the group's summary then: immutable, so a sample is a reference), oldest first
        self._samples: dict[str, deque[tuple[int, GroupSummary]]] = {}
        self._lock = threading.Lock()

    def observe(self, summary: GroupSummary, now_ms: int) -> None:
        """Take a sample of the group — at most one a second per group (500 groups of 100 partitions)."""
        with self._lock:
            samples = self._samples.get(summary.group_id)
            if samples and now_ms < samples[-1][0]:  # time went back (a replay): start again
                samples.clear()
            if samples and now_ms < samples[-1][0] + 1000:
                return
            if samples is None:
                samples = self._samples[summary.group_id] = deque()
            samples.append((now_ms, summary))
            while len(samples) > 2 and samples[1][0] <= now_ms - self.window_ms:
                samples.popleft()

    def estimate(self, summary: GroupSummary, now_ms: int) -> GroupSummary:
        """``summary`` with each partition's time to clear (the groups view asks for the group it shows)."""
        self.observe(summary, now_ms)
        with self._lock:
            samples = tuple(self._samples.get(summary.group_id, ()))
        first: dict[Tp, tuple[int, int, int]] = {}  # the oldest sample of each partition: (time, committed, end)
        for t, sampled in samples:
            for o in sampled.offsets:
                tp = (o.topic, o.partition)
                if tp not in first and o.committed is not None and o.log_end is not None:
                    first[tp] = (t, o.committed, o.log_end)
        rows = []
        for r in summary.offsets:
            oldest = first.get((r.topic, r.partition))
            if r.committed is None or r.log_end is None or oldest is None:
                rows.append(r)
                continue
            t0, c0, e0 = oldest
            span_s = (now_ms - t0) / 1000
            lag = r.lag or 0
            if lag == 0:
                rows.append(r._replace(clears_in_s=0.0))
            elif span_s >= 1.0:
                drain = (r.committed - c0 - (r.log_end - e0)) / span_s  # records/s the lag shrinks by
                rows.append(r._replace(clears_in_s=lag / drain if drain > 0 else math.inf))
            else:
                rows.append(r)
        return dataclasses.replace(summary, offsets=tuple(rows))


class GroupListModel(RowTableModel[GroupSummary]):
    GROUP, STATE, MEMBERS, TOPICS, LAG = range(5)
    COLUMN_COUNT = 5

    def state_text(self, state: str) -> str:
        return {"Stable": self.tr("Stable"), "Empty": self.tr("Empty"),
                "PreparingRebalance": self.tr("Rebalancing (preparing)"),
                "CompletingRebalance": self.tr("Rebalancing (completing)"),
                "Dead": self.tr("Dead")}.get(state, state)

    def set_groups(self, groups: list[GroupSummary]) -> None:
        self.set_sorted(tuple(sorted(groups, key=lambda g: g.group_id)))

    def set_sorted(self, groups: tuple[GroupSummary, ...]) -> None:
        """``groups`` by id; a group whose summary is the same object as before is not compared or repainted."""
        self._replace_rows(groups, lambda g: g.group_id, identity=True)

    def groups(self) -> list[GroupSummary]:
        return list(self._rows)

    def group(self, group_id: str) -> GroupSummary | None:
        return next((g for g in self._rows if g.group_id == group_id), None)

    def row_of(self, group_id: str) -> int:
        return next((i for i, g in enumerate(self._rows) if g.group_id == group_id), -1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Group"), self.tr("State"),
                    self.tr("Members"), self.tr("Topics"),
                    self.tr("Total lag"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        g = self._rows[index.row()]
        col = index.column()
        if role == GROUP_ROLE:
            return g.group_id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.GROUP:
                return g.group_id
            if col == self.STATE:
                return self.state_text(g.state)
            if col == self.MEMBERS:
                return str(len(g.members))
            if col == self.TOPICS:
                return ", ".join(g.topics)
            if col == self.LAG:
                lag = g.total_lag
                return "—" if lag is None else f"{lag:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.MEMBERS, self.LAG):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == self.GROUP and g.source == "admin":
            return self.tr("Listed through the AdminClient (not in the engine's image)")
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.LAG)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.LAG))


class MemberModel(RowTableModel[MemberRow]):
    MEMBER, CLIENT, HOST, PARTITIONS = range(4)
    COLUMN_COUNT = 4

    def set_members(self, members: tuple[MemberRow, ...]) -> None:
        self._replace_rows(members, lambda m: m.member_id)

    def members(self) -> tuple[MemberRow, ...]:
        return tuple(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Member"), self.tr("Client id"), self.tr("Host"),
                    self.tr("Assigned partitions"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.MEMBER:
                return m.member_id
            if col == self.CLIENT:
                return m.client_id
            if col == self.HOST:
                return m.host
            if col == self.PARTITIONS:
                if not m.assignment:
                    return self.tr("(idle: no partition)")
                return ", ".join(f"{t}-{p}" for t, p in m.assignment)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.MEMBER:
            return m.member_id
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.PARTITIONS)


class GroupOffsetsModel(RowTableModel[OffsetRow]):
    TOPIC, PARTITION, COMMITTED, LOG_END, LAG, BEHIND, CLEARS, OWNER = range(8)
    COLUMN_COUNT = 8

    def set_rows(self, rows: tuple[OffsetRow, ...]) -> None:
        self._replace_rows(rows, lambda r: (r.topic, r.partition))

    def rows(self) -> tuple[OffsetRow, ...]:
        return tuple(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Topic"), self.tr("Partition"),
                    self.tr("Committed"), self.tr("Log end"),
                    self.tr("Lag"), self.tr("Behind"), self.tr("Clears in"), self.tr("Consumer"))[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == self.LOG_END:
            return self.tr("The partition's high watermark: the end a consumer can read up to")
        if role == Qt.ItemDataRole.ToolTipRole and section == self.LAG:
            return self.tr("Records still to consume: the last stable offset − committed. Records of open "
                           "transactions are not counted (read_committed consumers cannot read them yet).")
        if role == Qt.ItemDataRole.ToolTipRole and section == self.BEHIND:
            return self.tr("Lag in time: how long ago the oldest record the group has not consumed was written")
        if role == Qt.ItemDataRole.ToolTipRole and section == self.CLEARS:
            return self.tr("When the lag is gone at the current consume and produce rates")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TOPIC:
                return r.topic
            if col == self.PARTITION:
                return str(r.partition)
            if col == self.COMMITTED:
                return "—" if r.committed is None else f"{r.committed:,}"
            if col == self.LOG_END:
                return "—" if r.log_end is None else f"{r.log_end:,}"
            if col == self.LAG:
                if r.lag is None:
                    return "—"
                if r.open_records:
                    return self.tr("{0} (+{1} in open transactions)").format(f"{r.lag:,}", f"{r.open_records:,}")
                return f"{r.lag:,}"
            if col == self.BEHIND:
                return "—" if r.behind_ms is None else duration_text(r.behind_ms / 1000)
            if col == self.CLEARS:
                if r.clears_in_s is None:
                    return "—"
                return self.tr("never (growing)") if r.clears_in_s == math.inf else duration_text(r.clears_in_s)
            if col == self.OWNER:
                return r.owner or "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.PARTITION, self.COMMITTED, self.LOG_END,
                                                                  self.LAG, self.BEHIND, self.CLEARS):
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == self.LAG and r.open_records:
            return self.tr("Last stable offset {0}: {1} records above it are in open transactions, not counted in "
                           "the lag until their transaction commits (or aborts).").format(
                f"{r.consumable_end:,}", f"{r.open_records:,}")
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.OWNER)
