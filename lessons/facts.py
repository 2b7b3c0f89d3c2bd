"""What claims can ask about: the engine's latest :class:`ClusterImage`, the events since the lesson
(re)started, and the results of the lesson's own clients — as plain values, never engine objects.

Every fact is a dict of fields; a topic, partition, broker or group that does not exist is ``null``
(so ``topic('t') == null`` says it is gone) except for ``exists``-style questions."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from clients.partitioners import crc32_partition, murmur2_partition
from engine.observe import ClusterImage, EngineEvent
from lessons.claims import ClaimError, Fn


def _partition_facts(image: ClusterImage, topic: str, index: int) -> dict[str, Any] | None:
    t = image.topic(topic)
    if t is None or not 0 <= index < len(t.partitions):
        return None
    p = t.partitions[index]
    leader = next((r for r in p.replica_states if r.is_leader and r.log_end_offset >= 0), None)
    return {
        "topic": topic, "partition": index, "leader": p.leader, "epoch": p.leader_epoch,
        "replicas": list(p.replicas), "isr": list(p.isr), "isr_size": len(p.isr),
        "followers": [r for r in p.replicas if r != p.leader],
        "isr_followers": [r for r in p.isr if r != p.leader],
        "preferred": p.preferred_leader, "offline": p.offline, "under_replicated": p.under_replicated,
        "leo": leader.log_end_offset if leader else None, "hw": leader.high_watermark if leader else None,
        "log_start": leader.log_start_offset if leader else None,
        "records": (leader.high_watermark - leader.log_start_offset) if leader else None,
        "segments": _segment_files(image, p.leader, topic, index) if leader else None,
        "consumer_fetched": leader.consumer_fetch_offset if leader else None,
        "errors": {e.error: e.count for e in p.produce_errors},
    }


def _segment_files(image: ClusterImage, broker_id: int, topic: str, index: int) -> int | None:
    """The leader's segment files (``<base offset>.log`` in ``<log dir>/<topic>-<partition>``), counted
    on disk as the partition-log view lists them (the image does not carry them)."""
    broker = image.broker(broker_id)
    if broker is None or not broker.log_dir:
        return None
    try:
        return sum(1 for e in os.scandir(os.path.join(broker.log_dir, f"{topic}-{index}")) if e.name.endswith(".log"))
    except OSError:
        return None


def _replica_facts(image: ClusterImage, topic: str, index: int, broker: int) -> dict[str, Any] | None:
    t = image.topic(topic)
    if t is None or not 0 <= index < len(t.partitions):
        return None
    r = next((r for r in t.partitions[index].replica_states if r.broker_id == broker), None)
    if r is None:
        return None
    return {"broker": broker, "online": r.online, "in_sync": r.in_sync, "leader": r.is_leader,
            "leo": r.log_end_offset, "hw": r.high_watermark, "log_start": r.log_start_offset, "lag": r.lag}


def _topic_facts(image: ClusterImage, name: str) -> dict[str, Any] | None:
    t = image.topic(name)
    if t is None:
        return None
    parts = [_partition_facts(image, name, i) for i in range(len(t.partitions))]
    known = [p for p in parts if p is not None and p["records"] is not None]
    return {"name": name, "partitions": len(t.partitions), "rf": t.replication_factor, "configs": dict(t.configs),
            "records": sum(p["records"] for p in known), "under_replicated": sum(1 for p in parts if p and p["under_replicated"]),
            "offline": sum(1 for p in parts if p and p["offline"]), "internal": t.internal,
            "leaders": [p["leader"] for p in parts if p]}


def _group_facts(image: ClusterImage, group_id: str) -> dict[str, Any] | None:
    g = image.group(group_id)
    if g is None:
        return None
    counts = sorted((len(m.assignment) for m in g.members), reverse=True)
    committed = {f"{o.topic}-{o.partition}": o.committed_offset for o in g.offsets}

    def committed_at(topic: str, partition: int) -> int | None:
        return committed.get(f"{topic}-{partition}")

    return {"id": group_id, "state": g.state, "members": len(g.members), "assigned": counts,
            "idle_members": sum(1 for c in counts if c == 0), "busy_members": sum(1 for c in counts if c > 0),
            "lag": g.total_lag, "generation": g.generation, "protocol": g.protocol,
            "committed": Fn(committed_at), "committed_total": sum(o.committed_offset for o in g.offsets),
            "coordinator": g.coordinator}


def _broker_facts(image: ClusterImage, broker_id: int) -> dict[str, Any] | None:
    b = image.broker(broker_id)
    if b is None:
        return None
    return {"id": broker_id, "state": b.state, "running": b.state == "running", "leaders": b.leader_count,
            "replicas": b.replica_count}


def _event_facts(e: EngineEvent) -> dict[str, Any]:
    data = e.to_json()
    data["kind"] = e.kind
    return data


class Facts:
    """The claim language's names over one moment of the lab."""

    def __init__(self, image: ClusterImage | None, events: Sequence[EngineEvent] = (),
                 results: Mapping[str, Any] | None = None) -> None:
        self.image = image
        self.events = list(events)
        self.results = dict(results or {})

    def _image(self) -> ClusterImage:
        if self.image is None:
            raise ClaimError("the cluster has not sent an image yet")
        return self.image

    def _result(self, name: str) -> Any:
        if name not in self.results:
            raise ClaimError(f"no result named {name!r} yet (results: {', '.join(sorted(self.results)) or 'none'})")
        return self.results[name]

    def _events(self, kind: str | None = None, **match: Any) -> list[dict[str, Any]]:
        out = []
        for e in self.events:
            if kind is not None and e.kind != kind:
                continue
            d = _event_facts(e)
            if all(d.get(k) == v or (isinstance(d.get(k), list) and list(d[k]) == v) for k, v in match.items()):
                out.append(d)
        return out

    def _controller(self) -> dict[str, Any]:
        c = self._image().controller
        if c is None:
            return {"decisions": 0, "metadata_offset": -1, "alive": [], "fenced": []}
        return {"decisions": c.decision_count, "metadata_offset": c.metadata_offset,
                "alive": sorted(s.broker_id for s in c.sessions if s.registered and not s.fenced),
                "fenced": sorted(s.broker_id for s in c.sessions if s.fenced),
                "on_broker": False, "pid": c.pid}

    def _brokers(self) -> dict[str, Any]:
        image = self._image()
        return {"running": sum(1 for b in image.brokers if b.state == "running"),
                "count": len(image.brokers), "ids": [b.broker_id for b in image.brokers],
                "dead": [b.broker_id for b in image.brokers if b.state in ("dead", "stopped")]}

    def scope(self) -> dict[str, Any]:
        image = self.image
        return {
            "topic": Fn(lambda name: _topic_facts(self._image(), name)),
            "partition": Fn(lambda topic, index: _partition_facts(self._image(), topic, index)),
            "replica": Fn(lambda topic, index, broker: _replica_facts(self._image(), topic, index, broker)),
            "broker": Fn(lambda broker_id: _broker_facts(self._image(), broker_id)),
            "brokers": Fn(self._brokers),
            "group": Fn(lambda group_id: _group_facts(self._image(), group_id)),
            "groups": Fn(lambda: [g.group_id for g in self._image().groups]),
            "topics": Fn(lambda: [t.name for t in self._image().topics if not t.name.startswith("_")]),
            "controller": Fn(self._controller),
            "events": Fn(self._events),
            "result": Fn(self._result),
            "ledger": Fn(lambda name: self._result(f"ledger:{name}")),
            "sink": Fn(lambda name: self._result(f"sink:{name}")),
            "slow_motion": image.replication_delay_ms if image is not None else 0,
            "murmur2": Fn(lambda key, n: murmur2_partition(str(key).encode(), int(n))),
            "crc32": Fn(lambda key, n: crc32_partition(str(key).encode(), int(n))),
            "len": Fn(lambda x: 0 if x is None else len(x)),
            "count": Fn(lambda x: 0 if x is None else len(x)),
            "sum": Fn(lambda x: sum(x or [])),
            "min": Fn(lambda x: min(x) if x else None),
            "max": Fn(lambda x: max(x) if x else None),
            "distinct": Fn(lambda x: sorted(set(x or []), key=repr)),
            "sorted": Fn(lambda x: sorted(x or [])),
            "first": Fn(lambda x: x[0] if x else None),
            "last": Fn(lambda x: x[-1] if x else None),
        }
