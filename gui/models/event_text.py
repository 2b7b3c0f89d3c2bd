"""Engine events in words (translatable): the event log's details and the controller card's decisions.

Member ids such as ``rdkafka-6f1c…-…`` are shortened; assignments are written as
``member ← topic-0, topic-1`` and the partitions a rebalance moved are named."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject

_UUID_TAIL = re.compile(r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)

INTERNAL_PREFIX = "__"


def is_internal_topic(name: object) -> bool:
    """``__consumer_offsets`` and Kafka's other internal topics."""
    return isinstance(name, str) and name.startswith(INTERNAL_PREFIX)


def short_member(member_id: object) -> str:
    """``consumer-g-1-6f1c2a9e-…`` → ``consumer-g-1-6f1c``."""
    text = str(member_id or "")
    m = _UUID_TAIL.search(text)
    return text[: m.start() + 5] if m else (text if len(text) <= 28 else text[:27] + "…")


def _isr(v: Any) -> str:
    return "[" + ", ".join(str(x) for x in v) + "]" if isinstance(v, list | tuple) else str(v)


def _partitions(pairs: Iterable[Any]) -> list[str]:
    return [f"{t}-{p}" for t, p in sorted((str(x[0]), int(x[1])) for x in pairs)]


class EventText(QObject):
    """``describe(event)``: one line of words for an event dict (``EngineEvent.to_json()``)."""

    def reason(self, reason: str) -> str:
        return {
            "create": self.tr("new partition"),
            "leader down": self.tr("its leader went down"),
            "preferred": self.tr("preferred leader election"),
            "unclean": self.tr("unclean election: records may be lost"),
            "reassign": self.tr("reassignment"),
            "killed": self.tr("killed"),
            "stopped": self.tr("stopped"),
            "paused": self.tr("paused"),
            "session expired": self.tr("no heartbeat within broker.session.timeout.ms"),
            "session timeout": self.tr("no heartbeat within session.timeout.ms"),
            "rebalance timeout": self.tr("did not rejoin within rebalance.timeout.ms"),
            "DeleteGroups": self.tr("deleted with DeleteGroups"),
            "offsets expired": self.tr("its offsets expired"),
            "not provided": self.tr("no reason given"),
        }.get(reason, reason)

    def assignment(self, assignment: Mapping[str, Any]) -> str:
        if not assignment:
            return self.tr("no members")
        parts = []
        for member, pairs in sorted(assignment.items()):
            names = _partitions(pairs)
            parts.append(f"{short_member(member)} ← {', '.join(names) if names else self.tr('nothing')}")
        return "; ".join(parts)

    def moves(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
        owner_before = {tp: m for m, pairs in before.items() for tp in _partitions(pairs)}
        owner_after = {tp: m for m, pairs in after.items() for tp in _partitions(pairs)}
        moved = [tp for tp in sorted(owner_after) if tp in owner_before and owner_before[tp] != owner_after[tp]]
        if not moved:
            return ""
        shown = ", ".join(moved[:6]) + ("…" if len(moved) > 6 else "")
        return self.tr("{0} partition(s) moved: {1}").format(len(moved), shown)

    def describe(self, e: Mapping[str, Any]) -> str:
        kind = str(e.get("kind", ""))
        g = e.get("group_id", "")
        if kind == "LeaderElected":
            return self.reason(str(e.get("reason", "")))
        if kind == "IsrShrunk":
            gone = [b for b in e.get("old_isr", []) if b not in e.get("new_isr", [])]
            return self.tr("ISR {0} → {1}: broker {2} fell out of sync").format(
                _isr(e.get("old_isr", [])), _isr(e.get("new_isr", [])), ", ".join(map(str, gone)) or "?")
        if kind == "IsrExpanded":
            joined = [b for b in e.get("new_isr", []) if b not in e.get("old_isr", [])]
            return self.tr("ISR {0} → {1}: broker {2} caught up").format(
                _isr(e.get("old_isr", [])), _isr(e.get("new_isr", [])), ", ".join(map(str, joined)) or "?")
        if kind == "BrokerDown":
            return self.tr("the controller fenced it: {0}").format(self.reason(str(e.get("reason", ""))))
        if kind == "BrokerStarted":
            return self.tr("registered with the controller at {0}:{1}").format(e.get("host", ""), e.get("port", ""))
        if kind == "BrokerPaused":
            return self.tr("frozen: no answers, no heartbeats")
        if kind == "BrokerResumed":
            return self.tr("running again")
        if kind == "TopicCreated":
            return self.tr("{0} partition(s), replication factor {1}").format(e.get("partitions"),
                                                                              e.get("replication_factor"))
        if kind == "TopicDeleted":
            return self.tr("deleted")
        if kind == "PartitionsAdded":
            return self.tr("partitions {0} → {1}").format(e.get("old_count"), e.get("new_count"))
        if kind == "TopicConfigChanged":
            changes = dict(e.get("changes", {}))
            return ", ".join(f"{k}={v}" if v is not None else self.tr("{0} back to its default").format(k)
                             for k, v in sorted(changes.items()))
        if kind == "Truncated":
            old_end, new_end = int(e.get("old_end_offset", 0)), int(e.get("new_end_offset", 0))
            n = old_end - new_end
            if n == 1:
                return self.tr("removed offset {0} (1 record) from its log").format(new_end)
            if n > 1:
                return self.tr("removed offsets {0}–{1} ({2} records) from its log").format(
                    new_end, old_end - 1, f"{n:,}")
            return self.tr("log end {0} → {1}").format(old_end, new_end)
        if kind == "SegmentsDeleted":
            return self.tr("retention deleted {0} segment(s); the log now starts at offset {1}").format(
                e.get("count"), e.get("log_start_offset"))
        if kind == "LogRecovered":
            return self.tr("recovered after a crash: log end {0}, {1} B of torn tail cut").format(
                e.get("log_end_offset"), e.get("truncated_bytes"))
        if kind == "RebalanceStarted":
            return self.tr("group {0}: rebalance started ({1}); {2} member(s), generation {3} ends").format(
                g, e.get("reason", ""), e.get("members"), e.get("generation"))
        if kind == "RebalanceCompleted":
            after = dict(e.get("after", {}))
            if not after or e.get("state") == "Empty":
                return self.tr("group {0}: no member rejoined, the group is empty (generation {1})").format(
                    g, e.get("generation"))
            text = self.tr("group {0}: generation {1} with {2} ({3:.1f} s): {4}").format(
                g, e.get("generation"), e.get("protocol") or "?", int(e.get("duration_ms", 0)) / 1000,
                self.assignment(after))
            moved = self.moves(dict(e.get("before", {})), after)
            return f"{text} — {moved}" if moved else text
        if kind == "MemberJoined":
            return self.tr("group {0}: {1} joined ({2} from {3})").format(
                g, short_member(e.get("member_id")), e.get("client_id", ""), e.get("client_host", ""))
        if kind == "MemberLeft":
            return self.tr("group {0}: {1} left ({2})").format(g, short_member(e.get("member_id")),
                                                               self.reason(str(e.get("reason", ""))))
        if kind == "MemberExpired":
            return self.tr("group {0}: {1} removed: {2} ({3} ms)").format(
                g, short_member(e.get("member_id")), self.reason(str(e.get("reason", ""))), e.get("timeout_ms"))
        if kind == "OffsetsCommitted":
            return self.tr("group {0}: {1} committed {2} partition(s) of {3}").format(
                g, short_member(e.get("member_id")), e.get("partitions"), ", ".join(e.get("topics", [])))
        if kind == "GroupDeleted":
            return self.tr("group {0}: {1}").format(g, self.reason(str(e.get("reason", ""))))
        if kind == "EngineStopped":
            return str(e.get("cause", ""))
        if kind == "GroupsLoaded":
            return self.tr("became coordinator for __consumer_offsets-{0}: loaded {1} group(s), {2} offset(s) "
                           "in {3} ms").format(e.get("partition"), e.get("groups"), e.get("offsets"),
                                               e.get("duration_ms"))
        known = {"kind", "time_ms", "broker_id", "topic", "partition"}
        return " ".join(f"{k}={v}" for k, v in e.items() if k not in known)

    def commits(self, group: str, count: int, members: int, partitions: int, topics: Iterable[str]) -> str:
        """The coalesced row of a group's offset commits."""
        return self.tr("group {0}: {1} offset commit(s) by {2} member(s), last one {3} partition(s) of {4}").format(
            group, f"{count:,}", members, partitions, ", ".join(topics))

    def decision(self, e: Mapping[str, Any]) -> str:
        """A controller decision, in one short line (the controller card)."""
        kind = str(e.get("kind", ""))
        tp = f"{e.get('topic')}-{e.get('partition')}"
        if kind == "LeaderElected":
            new = int(e.get("new_leader", -1))
            who = self.tr("broker {0}").format(new) if new >= 0 else self.tr("no leader (offline)")
            return self.tr("{0}: leader → {1} ({2})").format(tp, who, self.reason(str(e.get("reason", ""))))
        if kind in ("IsrShrunk", "IsrExpanded"):
            return self.tr("{0}: ISR {1} → {2}").format(tp, _isr(e.get("old_isr", [])), _isr(e.get("new_isr", [])))
        if kind == "BrokerDown":
            return self.tr("fenced broker {0} ({1})").format(e.get("broker_id"), self.reason(str(e.get("reason", ""))))
        if kind == "BrokerStarted":
            return self.tr("registered broker {0}").format(e.get("broker_id"))
        if kind == "TopicCreated":
            return self.tr("created {0} ({1} partition(s))").format(e.get("topic"), e.get("partitions"))
        if kind == "TopicDeleted":
            return self.tr("deleted {0}").format(e.get("topic"))
        if kind == "PartitionsAdded":
            return self.tr("{0}: partitions {1} → {2}").format(e.get("topic"), e.get("old_count"), e.get("new_count"))
        if kind == "TopicConfigChanged":
            return self.tr("{0}: configs changed").format(e.get("topic"))
        return kind
