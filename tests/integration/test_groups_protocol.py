"""The group APIs at the wire level (kio requests over real sockets to the brokers): version
shapes, error codes and the state machine corners that clients rarely show — MEMBER_ID_REQUIRED,
NOT_COORDINATOR, static members fenced, session expiry, batched LeaveGroup/OffsetFetch, OffsetDelete,
DeleteGroups — and the records written to ``__consumer_offsets`` in Kafka's own format."""

from __future__ import annotations

import asyncio
import io
import struct
import typing
from collections.abc import Awaitable, Callable
from dataclasses import is_dataclass
from typing import Any, TypeVar

import pytest
from kio.schema.consumer_protocol_assignment.v0.data import ConsumerProtocolAssignment, TopicPartition
from kio.schema.consumer_protocol_subscription.v0.data import ConsumerProtocolSubscription
from kio.serial import entity_reader, entity_writer

from engine.coordinator import records as rec
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode
from engine.protocol.schema import build, request_class, response_class
from tests.conftest import RunningCluster, wait_for
from tests.integration.test_groups_support import create_topic

pytestmark = pytest.mark.timeout(60)
T = TypeVar("T")

OFFSET_COMMIT, OFFSET_FETCH, FIND_COORDINATOR, JOIN_GROUP, HEARTBEAT = 8, 9, 10, 11, 12
LEAVE_GROUP, SYNC_GROUP, DESCRIBE_GROUPS, LIST_GROUPS, DELETE_GROUPS, OFFSET_DELETE = 13, 14, 15, 16, 42, 47


def subscription(*topics: str) -> bytes:
    buf = io.BytesIO()
    buf.write(struct.pack(">h", 0))
    entity_writer(ConsumerProtocolSubscription)(buf, ConsumerProtocolSubscription(topics=topics, user_data=None))
    return buf.getvalue()


def assignment(topic: str, *partitions: int) -> bytes:
    buf = io.BytesIO()
    buf.write(struct.pack(">h", 0))
    entity_writer(ConsumerProtocolAssignment)(buf, ConsumerProtocolAssignment(
        assigned_partitions=(TopicPartition(topic=topic, partitions=partitions),), user_data=None))
    return buf.getvalue()


def run(running: RunningCluster, scenario: Callable[[], Awaitable[T]]) -> T:
    async def go() -> T:
        return await scenario()
    return running.engine.run(go(), timeout=30)


async def until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait on the engine loop for ``condition`` (checked on every loop turn) with a deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.005)


class Client:
    """One connection to one broker speaking kio messages (real sockets, one request at a time).

    A body is a plain dict (built for the version like the broker's responses) or a ready kio
    request entity — needed for null arrays such as OffsetFetch's ``topics: null`` ("all")."""

    def __init__(self, running: RunningCluster, broker_id: int, client_id: str = "proto-test") -> None:
        b = running.cluster.brokers[broker_id]
        self.host, self.port, self.client_id = b.host, b.port, client_id
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._correlation = 0

    async def __call__(self, api_key: int, version: int, body: Any) -> Any:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        req_cls = request_class(api_key, version)
        entity = body if is_dataclass(body) else build(req_cls, body)
        self._correlation += 1
        buf = io.BytesIO()
        client = self.client_id.encode()
        buf.write(struct.pack(">hhih", api_key, version, self._correlation, len(client)) + client)
        if req_cls.__flexible__:
            buf.write(b"\0")
        entity_writer(req_cls)(buf, entity)
        data = buf.getvalue()
        writer.write(struct.pack(">i", len(data)) + data)
        await writer.drain()
        (size,) = struct.unpack(">i", await asyncio.wait_for(reader.readexactly(4), 20))
        frame = await asyncio.wait_for(reader.readexactly(size), 20)
        assert struct.unpack_from(">i", frame)[0] == self._correlation
        resp_cls = response_class(api_key, version)
        value, _n = entity_reader(resp_cls)(frame, 4 + (1 if resp_cls.__flexible__ else 0))
        return value

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


def fetch_all(version: int, *groups: str) -> Any:
    """An OffsetFetch request for every committed offset (``topics: null``) of ``groups``."""
    cls = request_class(OFFSET_FETCH, version)
    if version >= 8:
        group_cls = typing.get_type_hints(cls)["groups"].__args__[0]
        return cls(groups=tuple(group_cls(group_id=g, topics=None) for g in groups), require_stable=False)
    return cls(group_id=groups[0], topics=None, require_stable=True) if version >= 7 else \
        cls(group_id=groups[0], topics=None)


def coordinator_of(running: RunningCluster, group: str) -> int:
    async def find() -> int:
        c = Client(running, 0)
        try:
            r = await c(FIND_COORDINATOR, 4, {"key_type": 0, "coordinator_keys": [group]})
        finally:
            await c.close()
        assert r.coordinators[0].error_code == ErrorCode.none
        return int(r.coordinators[0].node_id)
    node = run(running, find)

    def loaded() -> bool:
        return running.engine.call(lambda: running.cluster.brokers[node].group_coordinator.check_coordinator(group)) \
            is None
    wait_for(loaded, 10, f"coordinator {node} of {group} to be ready")
    return node


def neighbour_of(group: str) -> str:
    """A group id living in the same __consumer_offsets partition (so the same coordinator)."""
    target = rec.partition_for(group, 50)
    return next(f"{group}-{i}" for i in range(10_000) if rec.partition_for(f"{group}-{i}", 50) == target)


def join_body(group: str, member_id: str = "", instance: str | None = None, session_ms: int = 10000) -> dict[str, Any]:
    return {"group_id": group, "session_timeout": session_ms, "rebalance_timeout": 10000, "member_id": member_id,
            "group_instance_id": instance, "protocol_type": "consumer", "reason": None,
            "protocols": [{"name": "range", "metadata": subscription("t")},
                          {"name": "roundrobin", "metadata": subscription("t")}]}


def test_find_coordinator_creates_the_offsets_topic(cluster: RunningCluster) -> None:
    async def scenario() -> tuple[Any, Any, Any, Any]:
        c = Client(cluster, 1)
        try:
            batched = await c(FIND_COORDINATOR, 4, {"key_type": 0, "coordinator_keys": ["g1", "g2", "polygenelubricants"]})
            single = await c(FIND_COORDINATOR, 0, {"key": "g1"})
            txn = await c(FIND_COORDINATOR, 3, {"key": "my-transactional-id", "key_type": 1})
            txn4 = await c(FIND_COORDINATOR, 6, {"key_type": 1, "coordinator_keys": ["tx"]})
        finally:
            await c.close()
        return batched, single, txn, txn4
    batched, single, txn, txn4 = run(cluster, scenario)
    image = cluster.engine.call(lambda: cluster.cluster.controller.image)
    topic = image.topics[rec.OFFSETS_TOPIC]
    assert len(topic.partitions) == 50 and topic.is_internal
    assert {len(p.replicas) for p in topic.partitions.values()} == {3}
    assert topic.configs["cleanup.policy"] == "compact" and topic.configs["segment.bytes"] == "104857600"
    for coord in batched.coordinators:
        assert coord.error_code == ErrorCode.none
        leader = topic.partitions[rec.partition_for(coord.key, 50)].leader
        assert coord.node_id == leader and coord.port == image.brokers[leader].port
    assert rec.partition_for("polygenelubricants", 50) == 0
    assert single.error_code == ErrorCode.none and single.node_id == batched.coordinators[0].node_id
    # key type 1: the transaction coordinator, the leader of the id's __transaction_state partition
    txn_topic = image.topics["__transaction_state"]
    assert len(txn_topic.partitions) == 50 and txn_topic.configs["cleanup.policy"] == "compact"
    assert {len(p.replicas) for p in txn_topic.partitions.values()} == {3}
    assert txn.error_code == ErrorCode.none
    assert txn.node_id == txn_topic.partitions[rec.partition_for("my-transactional-id", 50)].leader
    assert txn4.coordinators[0].error_code == ErrorCode.none


def test_join_sync_heartbeat_leave_and_not_coordinator(cluster: RunningCluster) -> None:
    group = "proto-group"
    create_topic(cluster.bootstrap, "t")
    node = coordinator_of(cluster, group)
    other = next(b for b in cluster.cluster.brokers if b != node)

    async def scenario() -> dict[str, Any]:
        out: dict[str, Any] = {}
        a, b, elsewhere = Client(cluster, node, "client-a"), Client(cluster, node, "client-b"), Client(cluster, other)
        try:
            out["not_coordinator"] = await elsewhere(JOIN_GROUP, 5, join_body(group))
            out["not_coordinator_fetch"] = await elsewhere(OFFSET_FETCH, 8, fetch_all(8, group))
            first = await a(JOIN_GROUP, 5, join_body(group))
            out["first"] = first
            joined = await a(JOIN_GROUP, 5, join_body(group, first.member_id))
            out["joined"] = joined
            me = joined.member_id
            out["sync"] = await a(SYNC_GROUP, 5, {
                "group_id": group, "generation_id": joined.generation_id, "member_id": me, "group_instance_id": None,
                "protocol_type": "consumer", "protocol_name": joined.protocol_name,
                "assignments": [{"member_id": me, "assignment": assignment("t", 0, 1)}]})
            out["hb"] = await a(HEARTBEAT, 4, {"group_id": group, "generation_id": 1, "member_id": me})
            out["hb_old_generation"] = await a(HEARTBEAT, 4, {"group_id": group, "generation_id": 0, "member_id": me})
            out["hb_unknown"] = await a(HEARTBEAT, 4, {"group_id": group, "generation_id": 1, "member_id": "nobody"})
            out["list_stable"] = await b(LIST_GROUPS, 4, {"states_filter": ["stable"]})
            out["list_empty"] = await b(LIST_GROUPS, 5, {"states_filter": ["Empty"], "types_filter": []})
            out["describe"] = await b(DESCRIBE_GROUPS, 5, {"groups": [group, neighbour_of(group)],
                                                           "include_authorized_operations": False})
            out["describe6"] = await b(DESCRIBE_GROUPS, 6, {"groups": [neighbour_of(group)],
                                                            "include_authorized_operations": False})
            # a second member: the first learns of the rebalance from its heartbeat, both rejoin
            b_first = await b(JOIN_GROUP, 9, join_body(group))
            b_join = asyncio.ensure_future(b(JOIN_GROUP, 9, join_body(group, b_first.member_id)))
            coordinator = cluster.cluster.brokers[node].group_coordinator
            await until(lambda: coordinator.groups[group].state == "PreparingRebalance", "the rebalance to start")
            out["hb_rebalance"] = await a(HEARTBEAT, 4, {"group_id": group, "generation_id": 1, "member_id": me})
            a_join = await a(JOIN_GROUP, 5, join_body(group, me))
            out["two"] = (a_join, await b_join)
            out["leave"] = await b(LEAVE_GROUP, 5, {"group_id": group, "members": [
                {"member_id": out["two"][1].member_id, "group_instance_id": None, "reason": "bye"},
                {"member_id": "ghost", "group_instance_id": None, "reason": None}]})
            out["leave_v0"] = await a(LEAVE_GROUP, 0, {"group_id": group, "member_id": me})
            out["describe_after"] = await b(DESCRIBE_GROUPS, 5, {"groups": [group], "include_authorized_operations": False})
        finally:
            for c in (a, b, elsewhere):
                await c.close()
        return out
    out = run(cluster, scenario)
    assert out["not_coordinator"].error_code == ErrorCode.not_coordinator
    assert out["not_coordinator_fetch"].groups[0].error_code == ErrorCode.not_coordinator
    assert out["first"].error_code == ErrorCode.member_id_required and out["first"].member_id.startswith("client-a-")
    joined = out["joined"]
    assert (joined.error_code, joined.generation_id, joined.protocol_name) == (ErrorCode.none, 1, "range")
    assert joined.leader == joined.member_id == out["first"].member_id
    assert [(m.member_id, m.metadata) for m in joined.members] == [(joined.member_id, subscription("t"))]
    assert out["sync"].error_code == ErrorCode.none and out["sync"].assignment == assignment("t", 0, 1)
    assert out["sync"].protocol_type == "consumer" and out["sync"].protocol_name == "range"
    assert out["hb"].error_code == ErrorCode.none
    assert out["hb_old_generation"].error_code == ErrorCode.illegal_generation
    assert out["hb_unknown"].error_code == ErrorCode.unknown_member_id
    assert [(g.group_id, g.group_state, g.protocol_type) for g in out["list_stable"].groups] == [(group, "Stable", "consumer")]
    assert out["list_empty"].groups == ()
    described, unknown = out["describe"].groups
    assert (described.group_state, described.protocol_type, described.protocol_data) == ("Stable", "consumer", "range")
    assert described.members[0].client_id == "client-a" and described.members[0].client_host == "/127.0.0.1"
    assert described.members[0].member_assignment == assignment("t", 0, 1)
    assert (unknown.error_code, unknown.group_state) == (ErrorCode.none, "Dead")
    assert out["describe6"].groups[0].error_code == ErrorCode.group_id_not_found
    assert out["hb_rebalance"].error_code == ErrorCode.rebalance_in_progress
    a_join, b_join = out["two"]
    assert a_join.generation_id == b_join.generation_id == 2
    assert len(a_join.members) == 2 and b_join.members == ()  # only the leader gets the members
    assert [m.error_code for m in out["leave"].members] == [ErrorCode.none, ErrorCode.unknown_member_id]
    assert out["leave_v0"].error_code == ErrorCode.none
    assert out["describe_after"].groups[0].group_state == "Empty"
    kinds = [e.kind for e in cluster.cluster.bus.history if getattr(e, "group_id", None) == group]
    assert kinds.count("MemberJoined") == 2 and kinds.count("MemberLeft") == 2
    assert "RebalanceStarted" in kinds and "RebalanceCompleted" in kinds
    completed = [e for e in cluster.cluster.bus.history if isinstance(e, ev.RebalanceCompleted) and e.group_id == group]
    assert completed[0].after == {joined.member_id: (("t", 0), ("t", 1))} and completed[-1].state == "Empty"


def test_static_member_is_fenced_and_keeps_its_place(cluster: RunningCluster) -> None:
    group = "static-group"
    create_topic(cluster.bootstrap, "t")
    node = coordinator_of(cluster, group)

    async def scenario() -> dict[str, Any]:
        out: dict[str, Any] = {}
        old, new = Client(cluster, node, "static-old"), Client(cluster, node, "static-new")
        try:
            joined = await old(JOIN_GROUP, 5, join_body(group, instance="instance-1"))
            out["joined"] = joined
            await old(SYNC_GROUP, 5, {"group_id": group, "generation_id": 1, "member_id": joined.member_id,
                                      "group_instance_id": "instance-1", "protocol_type": "consumer",
                                      "protocol_name": "range",
                                      "assignments": [{"member_id": joined.member_id, "assignment": assignment("t", 0)}]})
            # the same instance restarts: a new member id, same generation, no rebalance
            out["rejoined"] = await new(JOIN_GROUP, 5, join_body(group, instance="instance-1"))
            out["old_hb"] = await old(HEARTBEAT, 4, {"group_id": group, "generation_id": 1,
                                                     "member_id": joined.member_id, "group_instance_id": "instance-1"})
            out["sync"] = await new(SYNC_GROUP, 5, {
                "group_id": group, "generation_id": out["rejoined"].generation_id,
                "member_id": out["rejoined"].member_id, "group_instance_id": "instance-1", "assignments": []})
            out["admin_leave"] = await new(LEAVE_GROUP, 4, {"group_id": group, "members": [
                {"member_id": "", "group_instance_id": "instance-1"}]})
        finally:
            await old.close()
            await new.close()
        return out
    out = run(cluster, scenario)
    assert out["joined"].error_code == ErrorCode.none and out["joined"].member_id.startswith("instance-1-")
    rejoined = out["rejoined"]
    assert rejoined.error_code == ErrorCode.none and rejoined.generation_id == 1
    assert rejoined.member_id != out["joined"].member_id
    assert out["old_hb"].error_code == ErrorCode.fenced_instance_id
    assert out["sync"].error_code == ErrorCode.none and out["sync"].assignment == assignment("t", 0)
    assert out["admin_leave"].members[0].error_code == ErrorCode.none


def test_session_timeout_expires_a_silent_member(cluster_factory: Callable[..., RunningCluster]) -> None:
    running = cluster_factory(config={"group.min.session.timeout.ms": "200"})
    group = "expiring"
    node = coordinator_of(running, group)

    async def scenario() -> Any:
        c = Client(running, node)
        try:
            too_short = await c(JOIN_GROUP, 5, join_body(group, session_ms=100))
            first = await c(JOIN_GROUP, 5, join_body(group, session_ms=500))
            joined = await c(JOIN_GROUP, 5, join_body(group, first.member_id, session_ms=500))
            await c(SYNC_GROUP, 5, {"group_id": group, "generation_id": joined.generation_id,
                                    "member_id": joined.member_id, "assignments": []})
            return too_short, joined
        finally:
            await c.close()
    too_short, joined = run(running, scenario)
    assert too_short.error_code == ErrorCode.invalid_session_timeout

    def expired() -> bool:
        return any(isinstance(e, ev.MemberExpired) and e.member_id == joined.member_id and e.reason == "session timeout"
                   for e in running.cluster.bus.history)
    wait_for(expired, 10, "the member to expire")
    state = running.engine.call(lambda: running.cluster.brokers[node].group_coordinator.groups[group].state)
    assert state == "Empty"


def test_offsets_commit_fetch_delete_and_records_on_disk(cluster: RunningCluster) -> None:
    create_topic(cluster.bootstrap, "t")
    g1, g2, active = "offsets-a", "offsets-b", "offsets-active"
    nodes = {g: coordinator_of(cluster, g) for g in (g1, g2, active)}

    def commit_body(group: str, offsets: dict[int, int], generation: int = -1, member: str = "",
                    topic: str = "t", metadata: str = "m") -> dict[str, Any]:
        return {"group_id": group, "generation_id_or_member_epoch": generation, "member_id": member,
                "group_instance_id": None, "retention_time": -1, "topics": [{"name": topic, "partitions": [
                    {"partition_index": p, "committed_offset": o, "committed_leader_epoch": 0,
                     "committed_metadata": metadata} for p, o in offsets.items()]}]}

    async def scenario() -> dict[str, Any]:
        out: dict[str, Any] = {}
        clients = {g: Client(cluster, n) for g, n in nodes.items()}
        try:
            out["commit_a"] = await clients[g1](OFFSET_COMMIT, 8, commit_body(g1, {0: 5, 1: 7}))
            out["commit_b"] = await clients[g2](OFFSET_COMMIT, 2, commit_body(g2, {0: 1}))
            out["too_large"] = await clients[g1](OFFSET_COMMIT, 8, commit_body(g1, {0: 6}, metadata="x" * 5000))
            out["unknown_topic"] = await clients[g1](OFFSET_COMMIT, 8, commit_body(g1, {0: 6}, topic="nope"))
            out["no_group_v9"] = await clients[active](OFFSET_COMMIT, 9, commit_body(active, {0: 1}, generation=3, member="m"))
            out["no_group_v7"] = await clients[active](OFFSET_COMMIT, 7, commit_body(active, {0: 1}, generation=3, member="m"))
            out["fetch_a_v1"] = await clients[g1](OFFSET_FETCH, 1, {"group_id": g1, "topics": [
                {"name": "t", "partition_indexes": [0, 1, 2]}]})
            out["fetch_all_v7"] = await clients[g2](OFFSET_FETCH, 7, fetch_all(7, g2))
            out["fetch_batched"] = {g: await clients[g](OFFSET_FETCH, 8, {"groups": [
                {"group_id": g, "topics": [{"name": "t", "partition_indexes": [0, 1]}]}], "require_stable": False})
                for g in (g1, g2, active)}
            # an active member subscribed to t: OffsetDelete refuses, DeleteGroups too
            first = await clients[active](JOIN_GROUP, 5, join_body(active))
            joined = await clients[active](JOIN_GROUP, 5, join_body(active, first.member_id))
            await clients[active](SYNC_GROUP, 5, {"group_id": active, "generation_id": 1, "member_id": joined.member_id,
                                                  "assignments": []})
            out["member_commit"] = await clients[active](OFFSET_COMMIT, 8, commit_body(active, {0: 3}, 1, joined.member_id))
            out["outsider_commit"] = await clients[active](OFFSET_COMMIT, 8, commit_body(active, {0: 4}))
            out["delete_subscribed"] = await clients[active](OFFSET_DELETE, 0, {"group_id": active, "topics": [
                {"name": "t", "partitions": [{"partition_index": 0}]}]})
            out["delete_active_group"] = await clients[active](DELETE_GROUPS, 2, {"groups_names": [active]})
            out["delete_offsets_a"] = await clients[g1](OFFSET_DELETE, 0, {"group_id": g1, "topics": [
                {"name": "t", "partitions": [{"partition_index": 1}]}]})
            out["fetch_a_after"] = await clients[g1](OFFSET_FETCH, 8, fetch_all(8, g1))
            out["delete_b"] = await clients[g2](DELETE_GROUPS, 2, {"groups_names": [g2]})
            out["delete_b_again"] = await clients[g2](DELETE_GROUPS, 2, {"groups_names": [g2]})
        finally:
            for c in clients.values():
                await c.close()
        return out
    out = run(cluster, scenario)
    assert [p.error_code for p in out["commit_a"].topics[0].partitions] == [ErrorCode.none] * 2
    assert out["commit_b"].topics[0].partitions[0].error_code == ErrorCode.none
    assert out["too_large"].topics[0].partitions[0].error_code == ErrorCode.offset_metadata_too_large
    assert out["unknown_topic"].topics[0].partitions[0].error_code == ErrorCode.unknown_topic_or_partition
    assert out["no_group_v9"].topics[0].partitions[0].error_code == ErrorCode.group_id_not_found
    assert out["no_group_v7"].topics[0].partitions[0].error_code == ErrorCode.illegal_generation
    v1 = {p.partition_index: (p.committed_offset, p.metadata) for p in out["fetch_a_v1"].topics[0].partitions}
    assert v1 == {0: (5, "m"), 1: (7, "m"), 2: (-1, "")}
    assert [(t.name, [(p.partition_index, p.committed_offset) for p in t.partitions])
            for t in out["fetch_all_v7"].topics] == [("t", [(0, 1)])]
    fetched = {g: {p.partition_index: (p.committed_offset, p.committed_leader_epoch)
                   for p in r.groups[0].topics[0].partitions} for g, r in out["fetch_batched"].items()}
    assert fetched == {g1: {0: (5, 0), 1: (7, 0)}, g2: {0: (1, -1), 1: (-1, -1)}, active: {0: (-1, -1), 1: (-1, -1)}}
    assert out["member_commit"].topics[0].partitions[0].error_code == ErrorCode.none
    assert out["outsider_commit"].topics[0].partitions[0].error_code == ErrorCode.unknown_member_id
    assert out["delete_subscribed"].topics[0].partitions[0].error_code == ErrorCode.group_subscribed_to_topic
    assert out["delete_active_group"].results[0].error_code == ErrorCode.non_empty_group
    assert out["delete_offsets_a"].error_code == ErrorCode.none
    assert [(p.partition_index, p.committed_offset) for p in out["fetch_a_after"].groups[0].topics[0].partitions] == [(0, 5)]
    assert out["delete_b"].results[0].error_code == ErrorCode.none
    assert out["delete_b_again"].results[0].error_code == ErrorCode.group_id_not_found

    # the coordinator's log holds Kafka's record formats: key v1 / value v3 commits, v2 / v3 metadata
    def records_of(group: str) -> list[tuple[Any, bytes | None]]:
        part = cluster.cluster.brokers[nodes[group]].replica_manager.partitions[
            (rec.OFFSETS_TOPIC, rec.partition_for(group, 50))]

        async def read() -> list[tuple[Any, bytes | None]]:
            from engine.coordinator.offsets_log import read_records
            return [(rec.decode_key(k), v) async for _o, k, v in read_records(part, 1 << 20)
                    if getattr(rec.decode_key(k), "group", None) == group]
        return cluster.engine.run(read())
    a_records = records_of(g1)
    commits = [(k, v) for k, v in a_records if isinstance(k, rec.OffsetCommitKey)]
    assert [(k.topic, k.partition) for k, _v in commits[:2]] == [("t", 0), ("t", 1)]
    assert commits[0][1] is not None and struct.unpack_from(">hqi", commits[0][1]) == (3, 5, 0)
    assert commits[-1] == (rec.OffsetCommitKey(g1, "t", 1), None)  # OffsetDelete wrote a tombstone
    b_records = records_of(g2)
    assert b_records[-1] == (rec.GroupMetadataKey(g2), None) and (rec.OffsetCommitKey(g2, "t", 0), None) in b_records
    active_meta = [v for k, v in records_of(active) if isinstance(k, rec.GroupMetadataKey)]
    meta = rec.decode_group_metadata_value(active_meta[-1] or b"")
    assert (meta.protocol_type, meta.generation, meta.protocol) == ("consumer", 1, "range")
    assert [m.client_host for m in meta.members] == ["/127.0.0.1"]


def test_initial_delay_and_rebalance_timeout(cluster_factory: Callable[..., RunningCluster]) -> None:
    """KIP-134's initial delay gathers the first members into one generation; a member that does
    not rejoin within the rebalance timeout is dropped from the next generation."""
    running = cluster_factory(brokers=1, config={"group.initial.rebalance.delay.ms": "300"})
    group = "delayed"
    node = coordinator_of(running, group)

    def body(member_id: str = "") -> dict[str, Any]:
        b = join_body(group, member_id)
        b["rebalance_timeout"] = 400
        return b

    async def scenario() -> tuple[Any, Any, Any, Any]:
        a, b = Client(running, node, "a"), Client(running, node, "b")
        try:
            a_id = (await a(JOIN_GROUP, 5, body())).member_id
            b_id = (await b(JOIN_GROUP, 5, body())).member_id
            a_join, b_join = await asyncio.gather(a(JOIN_GROUP, 5, body(a_id)), b(JOIN_GROUP, 5, body(b_id)))
            # b rejoins (e.g. its subscription changed); a never comes back
            b_again = await b(JOIN_GROUP, 5, {**body(b_id), "protocols": [{"name": "range",
                                                                          "metadata": subscription("t", "u")}]})
            return a_join, b_join, b_again, a_id
        finally:
            await a.close()
            await b.close()
    a_join, b_join, b_again, a_id = run(running, scenario)
    assert a_join.generation_id == b_join.generation_id == 1  # both made the first generation
    assert len(a_join.members) + len(b_join.members) == 2
    assert b_again.error_code == ErrorCode.none and b_again.generation_id == 2
    assert [m.member_id for m in b_again.members] == [b_again.member_id]  # b leads, alone
    assert any(isinstance(e, ev.MemberExpired) and e.member_id == a_id and e.reason == "rebalance timeout"
               for e in running.cluster.bus.history)
