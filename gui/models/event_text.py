"""Engine events in words (translatable): the event log's details and the controller card's decisions.

Member ids such as ``rdkafka-6f1c…-…`` are shortened; assignments are written as
``member ← topic-0, topic-1`` and the partitions a rebalance moved are named."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject

from engine.observe import EngineEvent
from engine.observe.events import (
    BrokerDown,
    BrokerPaused,
    BrokerResumed,
    BrokerStarted,
    FaultCleared,
    FaultInjected,
    GroupDeleted,
    GroupsLoaded,
    IsrExpanded,
    IsrShrunk,
    LeaderElected,
    LogCleaned,
    LogRecovered,
    MarkAdded,
    MemberExpired,
    MemberJoined,
    MemberLeft,
    OffsetsCommitted,
    PartitionsAdded,
    ProducerFenced,
    ReassignmentChanged,
    RebalanceCompleted,
    RebalanceStarted,
    SegmentsDeleted,
    TopicConfigChanged,
    TopicCreated,
    TopicDeleted,
    TransactionBegun,
    TransactionEnded,
    TransactionsLoaded,
    Truncated,
)
from gui.models.app_events import EngineStopped

_UUID_TAIL = re.compile(r"-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)

INTERNAL_PREFIX = "__"


def is_internal_topic(name: object) -> bool:
    """``__consumer_offsets`` and Kafka's other internal topics."""
    return isinstance(name, str) and name.startswith(INTERNAL_PREFIX)


def event_topic(e: EngineEvent) -> str | None:
    """The topic an event is about, if any (many kinds carry one)."""
    topic = getattr(e, "topic", None)
    return topic if isinstance(topic, str) else None


def event_group(e: EngineEvent) -> str:
    """The consumer group an event is about ("" for none)."""
    group = getattr(e, "group_id", "")
    return group if isinstance(group, str) else ""


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
    """``describe(event)``: one line of words for an :class:`EngineEvent`."""

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

    def reassignment(self, e: ReassignmentChanged) -> str:
        if e.state == "started":
            return self.tr("reassignment started: replicas {0}, adding {1}, removing {2}").format(
                _isr(e.replicas), _isr(e.adding_replicas), _isr(e.removing_replicas))
        if e.state == "cancelled":
            return self.tr("reassignment cancelled: replicas {0} again").format(_isr(e.replicas))
        return self.tr("reassignment completed: replicas {0}").format(_isr(e.replicas))

    def describe(self, e: EngineEvent) -> str:
        match e:
            case LeaderElected():
                return self.reason(e.reason)
            case IsrShrunk():
                gone = [b for b in e.old_isr if b not in e.new_isr]
                return self.tr("ISR {0} → {1}: broker {2} fell out of sync").format(
                    _isr(e.old_isr), _isr(e.new_isr), ", ".join(map(str, gone)) or "?")
            case IsrExpanded():
                joined = [b for b in e.new_isr if b not in e.old_isr]
                return self.tr("ISR {0} → {1}: broker {2} caught up").format(
                    _isr(e.old_isr), _isr(e.new_isr), ", ".join(map(str, joined)) or "?")
            case ReassignmentChanged():
                return self.reassignment(e)
            case BrokerDown():
                return self.tr("the controller fenced it: {0}").format(self.reason(e.reason))
            case BrokerStarted():
                return self.tr("registered with the controller at {0}:{1}").format(e.host, e.port)
            case BrokerPaused():
                return self.tr("frozen: no answers, no heartbeats")
            case BrokerResumed():
                return self.tr("running again")
            case TopicCreated():
                return self.tr("{0} partition(s), replication factor {1}").format(e.partitions, e.replication_factor)
            case TopicDeleted():
                return self.tr("deleted")
            case PartitionsAdded():
                return self.tr("partitions {0} → {1}").format(e.old_count, e.new_count)
            case TopicConfigChanged():
                return ", ".join(f"{k}={v}" if v is not None else self.tr("{0} back to its default").format(k)
                                 for k, v in sorted(e.changes.items()))
            case Truncated():
                return self._truncated(e.old_end_offset, e.new_end_offset)
            case SegmentsDeleted():
                return self.tr("retention deleted {0} segment(s); the log now starts at offset {1}").format(
                    e.count, e.log_start_offset)
            case LogRecovered():
                return self.tr("recovered after a crash: log end {0}, {1} B of torn tail cut").format(
                    e.log_end_offset, e.truncated_bytes)
            case EngineStopped():
                return e.cause
            case FaultInjected():
                return self.tr("fault {0} injected: {1}").format(e.fault_id, e.description)
            case FaultCleared():
                return self.tr("fault {0} ended: {1}").format(e.fault_id, e.description)
            case GroupsLoaded():
                return self.tr("became coordinator for __consumer_offsets-{0}: loaded {1} group(s), {2} offset(s) "
                               "in {3} ms").format(e.partition, e.groups, e.offsets, e.duration_ms)
        return self._describe_transaction(e)

    def _describe_transaction(self, e: EngineEvent) -> str:
        """The transaction coordinator's events."""
        match e:
            case TransactionBegun():
                return self.tr("transaction of {0} begun (producer {1}, epoch {2}), {3} partition(s)").format(
                    e.transactional_id, e.producer_id, e.producer_epoch, e.partitions)
            case TransactionEnded():
                reasons = {"client": self.tr("by the producer"), "timeout": self.tr("after its timeout"),
                           "fenced": self.tr("because a newer producer fenced it"),
                           "failover": self.tr("by the new coordinator")}
                text = self.tr("transaction of {0} committed: markers on {1} partition(s) {2}") if e.committed else \
                    self.tr("transaction of {0} aborted: markers on {1} partition(s) {2}")
                return text.format(e.transactional_id, e.partitions, reasons.get(e.reason, e.reason))
            case ProducerFenced():
                why = self.tr("a new producer started") if e.reason == "new producer" else self.tr("its transaction timed out")
                return self.tr("{0}: producer {1} epoch {2} fenced by epoch {3} ({4})").format(
                    e.transactional_id, e.producer_id, e.old_epoch, e.new_epoch, why)
            case LogCleaned():
                return self.tr("log cleaner compacted {0} segment(s): {1} → {2} B, {3} record(s) removed, "
                               "in {4} ms").format(e.segments, f"{e.bytes_before:,}", f"{e.bytes_after:,}",
                                                   f"{e.records_removed:,}", e.duration_ms)
            case TransactionsLoaded():
                return self.tr("became transaction coordinator for __transaction_state-{0}: {1} transactional id(s), "
                               "{2} transaction(s) to complete, in {3} ms").format(
                    e.partition, e.transactions, e.pending, e.duration_ms)
            case MarkAdded():  # a lesson step or a teacher's marker: its label says it all
                return e.label
        return self._describe_group(e)

    def _truncated(self, old_end: int, new_end: int) -> str:
        n = old_end - new_end
        if n == 1:
            return self.tr("removed offset {0} (1 record) from its log").format(new_end)
        if n > 1:
            return self.tr("removed offsets {0}–{1} ({2} records) from its log").format(new_end, old_end - 1, f"{n:,}")
        return self.tr("log end {0} → {1}").format(old_end, new_end)

    def _describe_group(self, e: EngineEvent) -> str:
        """The group coordinator's events."""
        match e:
            case RebalanceStarted():
                return self.tr("group {0}: rebalance started ({1}); {2} member(s), generation {3} ends").format(
                    e.group_id, e.reason, e.members, e.generation)
            case RebalanceCompleted():
                if not e.after or e.state == "Empty":
                    return self.tr("group {0}: no member rejoined, the group is empty (generation {1})").format(
                        e.group_id, e.generation)
                text = self.tr("group {0}: generation {1} with {2} ({3:.1f} s): {4}").format(
                    e.group_id, e.generation, e.protocol or "?", e.duration_ms / 1000, self.assignment(e.after))
                moved = self.moves(e.before, e.after)
                return f"{text} — {moved}" if moved else text
            case MemberJoined():
                return self.tr("group {0}: {1} joined ({2} from {3})").format(
                    e.group_id, short_member(e.member_id), e.client_id, e.client_host)
            case MemberLeft():
                return self.tr("group {0}: {1} left ({2})").format(e.group_id, short_member(e.member_id),
                                                                   self.reason(e.reason))
            case MemberExpired():
                return self.tr("group {0}: {1} removed: {2} ({3} ms)").format(
                    e.group_id, short_member(e.member_id), self.reason(e.reason), e.timeout_ms)
            case OffsetsCommitted():
                return self.tr("group {0}: {1} committed {2} partition(s) of {3}").format(
                    e.group_id, short_member(e.member_id), e.partitions, ", ".join(e.topics))
            case GroupDeleted():
                return self.tr("group {0}: {1}").format(e.group_id, self.reason(e.reason))
        known = {"kind", "time_ms", "broker_id", "topic", "partition"}
        return " ".join(f"{k}={v}" for k, v in e.to_json().items() if k not in known)

    def commits(self, group: str, count: int, members: int, partitions: int, topics: Iterable[str]) -> str:
        """The coalesced row of a group's offset commits."""
        return self.tr("group {0}: {1} offset commit(s) by {2} member(s), last one {3} partition(s) of {4}").format(
            group, f"{count:,}", members, partitions, ", ".join(topics))

    def decision(self, e: EngineEvent) -> str:
        """A controller decision, in one short line (the controller card)."""
        match e:
            case LeaderElected():
                who = self.tr("broker {0}").format(e.new_leader) if e.new_leader >= 0 else self.tr("no leader (offline)")
                return self.tr("{0}: leader → {1} ({2})").format(f"{e.topic}-{e.partition}", who, self.reason(e.reason))
            case IsrShrunk() | IsrExpanded():
                return self.tr("{0}: ISR {1} → {2}").format(f"{e.topic}-{e.partition}", _isr(e.old_isr), _isr(e.new_isr))
            case BrokerDown():
                return self.tr("fenced broker {0} ({1})").format(e.broker_id, self.reason(e.reason))
            case BrokerStarted():
                return self.tr("registered broker {0}").format(e.broker_id)
            case TopicCreated():
                return self.tr("created {0} ({1} partition(s))").format(e.topic, e.partitions)
            case TopicDeleted():
                return self.tr("deleted {0}").format(e.topic)
            case PartitionsAdded():
                return self.tr("{0}: partitions {1} → {2}").format(e.topic, e.old_count, e.new_count)
            case TopicConfigChanged():
                return self.tr("{0}: configs changed").format(e.topic)
            case ReassignmentChanged():
                return f"{e.topic}-{e.partition}: {self.reassignment(e)}"
        return e.kind
