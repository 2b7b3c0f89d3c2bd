"""The broker's API table: every Kafka API Kafka Lab serves, with its supported versions."""

from __future__ import annotations

from engine.network.dispatch import ApiSpec, ApiTable
from engine.server.apis import (
    configs,
    fetch,
    groups,
    metadata,
    offsets,
    produce,
    producer_ids,
    reassignments,
    topics,
    transactions,
)
from engine.server.request_context import RequestContext

PRODUCE, FETCH, LIST_OFFSETS, METADATA = 0, 1, 2, 3
API_VERSIONS = 18


def build_api_table() -> ApiTable[RequestContext]:
    return ApiTable([
        ApiSpec(PRODUCE, 3, 11, produce.handle_produce, raw=True),
        ApiSpec(FETCH, 4, 16, fetch.handle_fetch),
        ApiSpec(LIST_OFFSETS, 1, 8, offsets.handle_list_offsets),
        ApiSpec(METADATA, 0, 12, metadata.handle_metadata),
        ApiSpec(API_VERSIONS, 0, 4, metadata.handle_api_versions),
        ApiSpec(19, 2, 7, topics.handle_create_topics),
        ApiSpec(20, 1, 6, topics.handle_delete_topics),
        ApiSpec(21, 0, 2, offsets.handle_delete_records),
        ApiSpec(23, 2, 4, offsets.handle_offset_for_leader_epoch),
        ApiSpec(32, 1, 4, configs.handle_describe_configs),
        ApiSpec(33, 0, 2, configs.handle_alter_configs),
        ApiSpec(35, 1, 4, offsets.handle_describe_log_dirs),
        ApiSpec(37, 0, 3, topics.handle_create_partitions),
        ApiSpec(43, 0, 2, producer_ids.handle_elect_leaders),
        ApiSpec(44, 0, 1, configs.handle_incremental_alter_configs),
        ApiSpec(45, 0, 1, reassignments.handle_alter_partition_reassignments),
        ApiSpec(46, 0, 0, reassignments.handle_list_partition_reassignments),
        ApiSpec(60, 0, 1, metadata.handle_describe_cluster),
        *groups.GROUP_API_SPECS,
        *transactions.TRANSACTION_API_SPECS,
    ])
