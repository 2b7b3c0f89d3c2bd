"""The broker's API table: every Kafka API Kafka Lab serves, with its supported versions."""

from __future__ import annotations

from engine.network.dispatch import ApiSpec, ApiTable
from engine.server.apis import (
    configs,
    consumer_groups,
    fetch,
    groups,
    metadata,
    offsets,
    produce,
    producer_ids,
    reassignments,
    sasl,
    topics,
    transactions,
)
from engine.server.request_context import RequestContext

PRODUCE, FETCH, LIST_OFFSETS, METADATA = 0, 1, 2, 3
API_VERSIONS = 18


PROTOCOL_FLOORS = ("3.9", "4.0")
# KIP-896: the first version Kafka 4.0 serves, of each API whose old versions it removed (those of
# Kafka 3.9 and earlier clients: message formats v0/v1, ZooKeeper-era offsets)
KAFKA_4_FLOORS = {PRODUCE: 3, FETCH: 4, LIST_OFFSETS: 1, 8: 2, 9: 1, 19: 2, 20: 1, 23: 2, 32: 1, 35: 1}
# ...but Kafka 4 still lists Produce from v0 in ApiVersions (librdkafka's KAFKA-18659) and closes
# the connection on a request of a removed version
KAFKA_4_ADVERTISED = {PRODUCE: 0}


def build_api_table(protocol_floor: str = "3.9") -> ApiTable[RequestContext]:
    """Every API with the versions Kafka 3.9 serves (``protocol_floor="3.9"``) or Kafka 4.0 does ("4.0")."""
    if protocol_floor not in PROTOCOL_FLOORS:
        raise ValueError(f"unknown protocol floor {protocol_floor!r} (known: {', '.join(PROTOCOL_FLOORS)})")
    table = ApiTable([
        ApiSpec(PRODUCE, 0, 11, produce.handle_produce, raw=True),
        ApiSpec(FETCH, 0, 16, fetch.handle_fetch),
        ApiSpec(LIST_OFFSETS, 0, 8, offsets.handle_list_offsets),
        ApiSpec(METADATA, 0, 12, metadata.handle_metadata),
        ApiSpec(API_VERSIONS, 0, 4, metadata.handle_api_versions),
        ApiSpec(19, 0, 7, topics.handle_create_topics),
        ApiSpec(20, 0, 6, topics.handle_delete_topics),
        ApiSpec(21, 0, 2, offsets.handle_delete_records),
        ApiSpec(23, 0, 4, offsets.handle_offset_for_leader_epoch),
        ApiSpec(32, 0, 4, configs.handle_describe_configs),
        ApiSpec(33, 0, 2, configs.handle_alter_configs),
        ApiSpec(35, 0, 4, offsets.handle_describe_log_dirs),
        ApiSpec(37, 0, 3, topics.handle_create_partitions),
        ApiSpec(43, 0, 2, producer_ids.handle_elect_leaders),
        ApiSpec(44, 0, 1, configs.handle_incremental_alter_configs),
        ApiSpec(45, 0, 1, reassignments.handle_alter_partition_reassignments),
        ApiSpec(46, 0, 0, reassignments.handle_list_partition_reassignments),
        ApiSpec(60, 0, 1, metadata.handle_describe_cluster),
        ApiSpec(consumer_groups.CONSUMER_GROUP_HEARTBEAT, 0, 1, consumer_groups.handle_consumer_group_heartbeat),
        ApiSpec(consumer_groups.CONSUMER_GROUP_DESCRIBE, 0, 1, consumer_groups.handle_consumer_group_describe),
        *groups.GROUP_API_SPECS,
        *sasl.SASL_API_SPECS,
        *transactions.TRANSACTION_API_SPECS,
    ])
    if protocol_floor == "4.0":
        table.raise_floors(KAFKA_4_FLOORS, KAFKA_4_ADVERTISED)
    return table
