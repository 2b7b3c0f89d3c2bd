"""AlterPartitionReassignments and ListPartitionReassignments (KIP-455), which confluent-kafka's
Python AdminClient does not offer: one short-lived connection to the controller (any KRaft broker
forwards these), requests encoded and responses decoded by kio, as :mod:`clients.log_dirs` does.
Plain TCP and TLS; over SASL the call is refused with ``_UNSUPPORTED_FEATURE``.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clients.errors import KafkaOpError
from clients.log_dirs import _Connection, authenticate, error_name, ssl_context, unsupported_reason

ALTER_PARTITION_REASSIGNMENTS = 45
LIST_PARTITION_REASSIGNMENTS = 46
Tp = tuple[str, int]


@dataclass(frozen=True, slots=True)
class OngoingReassignment:
    replicas: tuple[int, ...]
    adding_replicas: tuple[int, ...]
    removing_replicas: tuple[int, ...]


def _connect(host: str, port: int, config: Mapping[str, Any], timeout_s: float) -> _Connection:
    reason = unsupported_reason(config)
    if reason is not None:
        raise KafkaOpError("_UNSUPPORTED_FEATURE", reason.replace("DescribeLogDirs", "Partition reassignment"))
    try:
        conn = _Connection(host, port, str(config.get("client.id", "kafkalab")), timeout_s, ssl_context(config))
    except (OSError, ssl.SSLError) as exc:
        raise KafkaOpError("_TRANSPORT", f"{host}:{port}: {exc}") from exc
    try:
        authenticate(conn, config)  # over SASL: the same login librdkafka's connections make
    except (OSError, ConnectionError, ValueError, ssl.SSLError) as exc:
        conn.close()
        raise KafkaOpError("_TRANSPORT", f"{host}:{port}: {exc}") from exc
    except KafkaOpError:
        conn.close()
        raise
    return conn


def alter_partition_reassignments(host: str, port: int, targets: Mapping[Tp, Sequence[int] | None],
                                  config: Mapping[str, Any] | None = None, timeout_s: float = 30.0
                                  ) -> dict[Tp, KafkaOpError | None]:
    """Start (target replicas) or cancel (None) reassignments; each partition's error or None."""
    from kio.schema.alter_partition_reassignments.v0.request import (
        AlterPartitionReassignmentsRequest,
        ReassignablePartition,
        ReassignableTopic,
    )
    from kio.schema.alter_partition_reassignments.v0.response import AlterPartitionReassignmentsResponse
    from kio.schema.types import BrokerId, TopicName
    from kio.static.primitive import i32

    by_topic: dict[str, list[ReassignablePartition]] = {}
    for (topic, p), replicas in targets.items():
        by_topic.setdefault(topic, []).append(ReassignablePartition(
            partition_index=i32(p), replicas=None if replicas is None else tuple(BrokerId(i32(r)) for r in replicas)))
    request = AlterPartitionReassignmentsRequest(
        topics=tuple(ReassignableTopic(name=TopicName(t), partitions=tuple(ps)) for t, ps in by_topic.items()))
    answer = _ask(host, port, config or {}, timeout_s, ALTER_PARTITION_REASSIGNMENTS, request,
                  AlterPartitionReassignmentsResponse)
    results: dict[Tp, KafkaOpError | None] = {}
    for t in answer.responses:
        for p in t.partitions:
            code = int(p.error_code)
            results[(str(t.name), int(p.partition_index))] = \
                KafkaOpError(error_name(code), str(p.error_message or error_name(code))) if code else None
    return results


def list_partition_reassignments(host: str, port: int, partitions: Sequence[Tp] | None = None,
                                 config: Mapping[str, Any] | None = None, timeout_s: float = 30.0
                                 ) -> dict[Tp, OngoingReassignment]:
    """The reassignments in progress (of ``partitions``, or all)."""
    from kio.schema.list_partition_reassignments.v0.request import (
        ListPartitionReassignmentsRequest,
        ListPartitionReassignmentsTopics,
    )
    from kio.schema.list_partition_reassignments.v0.response import ListPartitionReassignmentsResponse
    from kio.schema.types import TopicName
    from kio.static.primitive import i32

    topics = None
    if partitions is not None:
        by_topic: dict[str, list[int]] = {}
        for topic, p in partitions:
            by_topic.setdefault(topic, []).append(p)
        topics = tuple(ListPartitionReassignmentsTopics(name=TopicName(t), partition_indexes=tuple(i32(p) for p in ps))
                       for t, ps in by_topic.items())
    answer = _ask(host, port, config or {}, timeout_s, LIST_PARTITION_REASSIGNMENTS,
                  ListPartitionReassignmentsRequest(topics=topics), ListPartitionReassignmentsResponse)
    return {(str(t.name), int(p.partition_index)): OngoingReassignment(
        tuple(int(r) for r in p.replicas), tuple(int(r) for r in p.adding_replicas),
        tuple(int(r) for r in p.removing_replicas)) for t in answer.topics for p in t.partitions}


def _ask(host: str, port: int, config: Mapping[str, Any], timeout_s: float, api_key: int, request: Any,
         response_cls: Any) -> Any:
    conn = _connect(host, port, config, timeout_s)
    try:
        answer = conn.request(api_key, 0, request, response_cls)
    except (OSError, ConnectionError, ValueError, ssl.SSLError) as exc:
        raise KafkaOpError("_TRANSPORT", f"{host}:{port}: {exc}") from exc
    finally:
        conn.close()
    top = int(answer.error_code)
    if top:
        raise KafkaOpError(error_name(top), str(answer.error_message or error_name(top)))
    return answer
