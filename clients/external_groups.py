"""Consumer groups for :class:`clients.external.ExternalCluster`: ListGroups, then DescribeGroups (in
chunks) and OffsetFetch (one call per group: confluent-kafka asks one group at a time) for every group,
all sent at once, collected later — so they go out before the poll reads the large Metadata answer."""

from __future__ import annotations

import concurrent.futures
from typing import Any

from clients import capabilities as caps
from clients.admin import ClusterAdmin
from clients.descriptions import state_name
from clients.errors import KafkaOpError
from clients.external_image import FetchedGroup, FetchedMember

GROUPS_CHUNK = 250  # groups per DescribeGroups call
# errors that say "this cluster will not answer this", as opposed to "not now"
PERMANENT_ERRORS = frozenset({"_UNSUPPORTED_FEATURE", "UNSUPPORTED_VERSION", "CLUSTER_AUTHORIZATION_FAILED",
                              "TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED", "INVALID_REQUEST",
                              "_INVALID_ARG", "UNKNOWN_SERVER_ERROR"})
Committed = dict[str, list[tuple[str, int, int, str]]]  # group → (topic, partition, offset, metadata)


class GroupRequests:
    def __init__(self, admin: ClusterAdmin, listing: concurrent.futures.Future[Any]) -> None:
        self.admin = admin
        self.listing = listing
        self.error: KafkaOpError | None = None
        self.states: dict[str, str] = {}
        self.simple: dict[str, bool] = {}
        self.describe: dict[str, concurrent.futures.Future[Any]] = {}
        self.offsets: dict[str, concurrent.futures.Future[Any]] = {}

    def send(self) -> None:
        from confluent_kafka import ConsumerGroupTopicPartitions

        try:
            listing = self.admin.result(self.listing)
        except KafkaOpError as exc:
            self.error = exc
            return
        self.states = {g.group_id: state_name(g.state) for g in listing.valid}
        self.simple = {g.group_id: bool(g.is_simple_consumer_group) for g in listing.valid}
        ids = sorted(self.states)
        client, t = self.admin.client, self.admin.timeout_s
        for i in range(0, len(ids), GROUPS_CHUNK):
            self.describe.update(client.describe_consumer_groups(ids[i:i + GROUPS_CHUNK], request_timeout=t))
        self.offsets = {g: client.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=t)[g]
                        for g in ids}

    def collect(self, failures: dict[str, str]) -> tuple[list[FetchedGroup] | None, Committed | None]:
        if self.error is not None:
            failures[caps.GROUPS] = failures[caps.GROUP_OFFSETS] = f"ListGroups: {self.error.text()}"
            return None, None
        groups: list[FetchedGroup] = []
        errors: dict[str, str] = {}
        described = 0
        for group_id in sorted(self.states):
            try:
                d = self.admin.result(self.describe[group_id])
            except KafkaOpError as exc:
                if exc.name == "GROUP_ID_NOT_FOUND":
                    continue  # deleted since ListGroups answered
                errors.setdefault(exc.name, exc.text())
                groups.append(FetchedGroup(group_id, self.states[group_id],
                                           "" if self.simple[group_id] else "consumer", "", -1, ()))
                continue
            members = tuple(FetchedMember(m.member_id, m.group_instance_id, m.client_id, m.host,
                                          tuple((tp.topic, tp.partition) for tp in m.assignment.topic_partitions))
                            for m in d.members)
            described += 1
            groups.append(FetchedGroup(group_id, state_name(d.state), "" if d.is_simple_consumer_group else "consumer",
                                       d.partition_assignor or "", d.coordinator.id if d.coordinator else -1, members))
        if errors and not described:
            failures[caps.GROUPS] = "DescribeGroups: " + "; ".join(errors.values())
        committed: Committed = {}
        errors = {}
        for group_id, future in self.offsets.items():
            try:
                result = self.admin.result(future)
            except KafkaOpError as exc:
                errors.setdefault(exc.name, exc.text())
                continue
            committed[group_id] = [(tp.topic, tp.partition, int(tp.offset), tp.metadata or "")
                                   for tp in result.topic_partitions if tp.error is None]
        if errors and not committed:
            failures[caps.GROUP_OFFSETS] = "OffsetFetch: " + "; ".join(errors.values())
            return groups, None
        return groups, committed
