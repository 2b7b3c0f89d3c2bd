"""The fault palette and the X-ray's commands against the embedded cluster (called by
:class:`~engine.control.cluster_control.ClusterControl`, on the engine loop)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from engine.control.commands import FAULT_KINDS, InjectFault
from engine.observe.xray import ClientConnection, ExchangeRow, FaultInfo
from engine.protocol.schema import request_name
from engine.server.client_profile import ClientProfile
from engine.server.faults import Fault, api_key_of, error_code_of
from engine.server.tap import REPLICA_CLIENT_PREFIX

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster

log = logging.getLogger(__name__)


def inject(cluster: KafkaCluster, cmd: InjectFault) -> FaultInfo:
    kind = cmd.fault
    if kind not in FAULT_KINDS:
        raise ValueError(f"unknown fault {kind!r}; faults are {', '.join(FAULT_KINDS)}")
    broker = cmd.broker_id
    if broker != -1 and broker not in cluster.brokers:
        raise ValueError(f"no broker {broker}; brokers are {sorted(cluster.brokers)}")
    if broker == -1 and kind not in ("error",):
        raise ValueError(f"fault {kind} needs a broker")
    if kind == "drop":
        n = drop_clients(cluster, broker)
        info = cluster.faults.note_one_shot("drop", broker, f"drop {broker} ({n} client connections closed)")
        log.info("fault %s: %s", info.fault_id, info.description)
        return info
    fault = Fault("", kind, broker=broker, ms=cmd.ms)
    if kind == "error":
        fault.api_key = api_key_of(cmd.api)
        fault.error = error_code_of(cmd.error)
        fault.topic, fault.partition = cmd.topic, cmd.partition
        if cmd.count == 0 or cmd.count < -1:
            raise ValueError("count must be at least 1 (or -1: until cleared)")
        fault.remaining = cmd.count
    info = cluster.faults.add(fault)
    if kind == "isolate-clients":
        drop_clients(cluster, broker)
    log.info("fault %s: %s", info.fault_id, info.description)
    return info


def drop_clients(cluster: KafkaCluster, broker_id: int) -> int:
    """Close every client connection of a broker (its peers' replica fetchers stay)."""
    closed = 0
    for server in cluster.brokers[broker_id].servers:  # every listener's
        for conn in list(server.connections):
            if not conn.client_id.startswith(REPLICA_CLIENT_PREFIX):
                conn.abort()
                closed += 1
    return closed


def rows_after(cluster: KafkaCluster, after_seq: int, limit: int) -> tuple[ExchangeRow, ...]:
    rows = cluster.xray.rows
    if not rows or rows[-1].seq <= after_seq:
        return ()
    out: list[ExchangeRow] = []
    for row in reversed(rows):
        if row.seq <= after_seq or len(out) >= limit:
            break
        out.append(row)
    out.reverse()
    return tuple(out)


def decode(cluster: KafkaCluster, seq: int) -> dict[str, Any]:
    try:
        return cluster.xray.decode(seq)
    except KeyError:
        raise ValueError(f"the frames of exchange {seq} are no longer kept") from None


def group_members(cluster: KafkaCluster) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(client id, host) → [(group id, member id)] of every coordinator's members (classic and KIP-848)."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for b in cluster.brokers.values():
        gc = getattr(b, "group_coordinator", None)
        for group in list(getattr(gc, "groups", {}).values()):
            consumer = getattr(group, "consumer", None)
            members = consumer.members if consumer is not None else group.members
            for m in list(members.values()):
                key = (m.client_id, m.client_host.lstrip("/"))
                found.setdefault(key, []).append((group.group_id, m.member_id))
    return found


def connections(cluster: KafkaCluster) -> tuple[ClientConnection, ...]:
    """Every client connection; one that never spoke to its group coordinator (a consumer's fetch
    connections) gets the group of the coordinator's one member with its client id and host."""
    out = []
    members = group_members(cluster)
    for b in cluster.brokers.values():
        for conn in [c for server in b.servers for c in server.connections]:
            if conn.closed:
                continue
            pr = conn.profile if isinstance(conn.profile, ClientProfile) else ClientProfile()
            group_id, member_id = pr.group_id, pr.member_id
            if not group_id:
                same = members.get((conn.client_id, conn.peer[0]), ())
                if len(same) == 1:
                    group_id, member_id = same[0]
            apis = sorted(conn.api_counts.items(), key=lambda kv: -kv[1])
            out.append(ClientConnection(
                broker=b.broker_id, peer=f"{conn.peer[0]}:{conn.peer[1]}", client_id=conn.client_id,
                client_software=conn.client_software, since=conn.since, requests=conn.requests,
                bytes_in=conn.bytes_in, bytes_out=conn.bytes_out, apis=tuple(request_name(k) for k, _n in apis),
                produces=tuple(pr.produces), fetches=tuple(pr.fetches), group_id=group_id, member_id=member_id,
                acks=pr.acks, idempotent=pr.idempotent, transactional_id=pr.transactional_id,
                listener=conn.listener, principal=conn.principal))
    out.sort(key=lambda c: (c.broker, c.since))
    return tuple(out)
