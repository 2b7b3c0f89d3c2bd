"""Helpers of the attach tests: what of a ClusterImage the Kafka protocol can answer, side by side.

:func:`protocol_view` keeps exactly the fields an external source can know (the rest is declared
missing by its capabilities); :func:`unknowns_ok` checks that an external image holds the engine's
"unknown" values (-1, "", None) in the fields it cannot know, never made-up numbers.
"""

from __future__ import annotations

from typing import Any

from clients.capabilities import Capabilities


def protocol_view(image: dict[str, Any], sizes: bool = True) -> dict[str, Any]:
    """The fields of a ClusterImage's JSON that DescribeCluster, Metadata/DescribeTopics, ListOffsets,
    DescribeConfigs, DescribeGroups, OffsetFetch and DescribeLogDirs answer."""
    brokers = [{k: b[k] for k in ("broker_id", "host", "port", "state", "is_controller", "leader_count",
                                  "replica_count")} for b in image["brokers"]]
    topics = []
    for t in image["topics"]:
        parts = []
        for p in t["partitions"]:
            replicas = []
            for r in p["replica_states"]:
                row = {k: r[k] for k in ("broker_id", "online", "in_sync", "is_leader")}
                if r["is_leader"] and r["online"]:
                    row.update(log_start_offset=r["log_start_offset"], high_watermark=r["high_watermark"])
                if sizes and r["online"]:
                    row["size_bytes"] = r["size_bytes"]
                replicas.append(row)
            parts.append({k: p[k] for k in ("topic", "partition", "leader", "leader_epoch")}
                         | {"replicas": list(p["replicas"]), "isr": list(p["isr"]), "replica_states": replicas})
        topics.append({k: t[k] for k in ("name", "topic_id", "internal", "configs")} | {"partitions": parts})
    groups = []
    for g in image["groups"]:
        groups.append({k: g[k] for k in ("group_id", "state", "protocol_type", "protocol", "coordinator")}
                      | {"members": [dict(m, assignment=[list(tp) for tp in m["assignment"]]) for m in g["members"]],
                         # (the timestamp of the record at the committed offset is the engine's own fact)
                         "offsets": [{k: v for k, v in o.items() if k != "committed_timestamp_ms"} for o in g["offsets"]]})
    return {"cluster_id": image["cluster_id"], "controller_id": image["controller_id"], "brokers": brokers,
            "topics": topics, "groups": groups}


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ (for a readable assertion message)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'external' if k in a else 'engine'}"
            found = first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items: {a!r:.300} vs {b!r:.300}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: external {a!r} != engine {b!r}"


def unknowns_ok(image: dict[str, Any], capabilities: Capabilities) -> list[str]:
    """Fields an external source cannot know must hold "unknown", not numbers that look like data."""
    bad = []
    if image["controller"] is not None or image["metadata_offset"] != -1:
        bad.append("controller internals")
    for b in image["brokers"]:
        if (b["requests"], b["bytes_in"], b["bytes_out"], b["messages_in"], b["produce_errors"]) != (0, 0, 0, 0, []):
            bad.append(f"broker {b['broker_id']} traffic")
    for t in image["topics"]:
        for p in t["partitions"]:
            if (p["messages_in"], p["bytes_in"], p["bytes_out"], p["produce_errors"]) != (0, 0, 0, []):
                bad.append(f"{t['name']}-{p['partition']} traffic")
            for r in p["replica_states"]:
                if r["segments"] or r["log_end_offset"] != -1:
                    bad.append(f"{t['name']}-{p['partition']} replica {r['broker_id']} LEO/segments")
                if not r["is_leader"] and (r["log_start_offset"], r["high_watermark"], r["lag"]) != (-1, -1, -1):
                    bad.append(f"{t['name']}-{p['partition']} follower {r['broker_id']} offsets")
                if not capabilities.available("replica_sizes") and r["size_bytes"] != -1:
                    bad.append(f"{t['name']}-{p['partition']} replica {r['broker_id']} size")
    for g in image["groups"]:
        if (g["generation"], g["leader"]) != (-1, ""):
            bad.append(f"group {g['group_id']} generation/leader")
    return bad


def security_lines(sp: Any) -> dict[str, str]:
    """The ``KAFKALAB SECURITY`` lines a ``kafkalab serve --listener …`` prints after READY:
    ``{listener name: bootstrap, "ca": the lab CA's path}`` (the CA line comes last)."""
    out: dict[str, str] = {}
    while "ca" not in out:
        line = sp.proc.stdout.readline()
        assert line, "kafkalab serve closed its stdout before its KAFKALAB SECURITY ca= line"
        sp.lines.append(line)
        if line.startswith("KAFKALAB SECURITY "):
            fields = dict(word.split("=", 1) for word in line.split()[2:])
            if "ca" in fields:
                out["ca"] = fields["ca"]
            else:
                out[fields["listener"]] = fields["bootstrap"]
    return out
