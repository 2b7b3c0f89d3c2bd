"""Which request versions are "flexible" (KIP-482: compact strings and arrays, tagged fields, request
header v2 and response header v1), from each API's ``flexibleVersions`` in Apache Kafka's message
schemas (``clients/src/main/resources/common/message/*Request.json``). A static table, so that parsing
a request header never needs kio's message module for its version (importing one costs milliseconds).
``tests/engine/test_flexible.py`` checks it against kio's classes for every version kio has."""

from __future__ import annotations

NEVER = 1 << 15  # SaslHandshake and OffsetDelete have no flexible version

# api key → first flexible version
FIRST_FLEXIBLE_VERSION: dict[int, int] = {
    0: 9,  # Produce
    1: 12,  # Fetch
    2: 6,  # ListOffsets
    3: 9,  # Metadata
    8: 8,  # OffsetCommit
    9: 6,  # OffsetFetch
    10: 3,  # FindCoordinator
    11: 6,  # JoinGroup
    12: 4,  # Heartbeat
    13: 4,  # LeaveGroup
    14: 4,  # SyncGroup
    15: 5,  # DescribeGroups
    16: 3,  # ListGroups
    17: NEVER,  # SaslHandshake
    18: 3,  # ApiVersions
    19: 5,  # CreateTopics
    20: 4,  # DeleteTopics
    21: 2,  # DeleteRecords
    22: 2,  # InitProducerId
    23: 4,  # OffsetForLeaderEpoch
    24: 3,  # AddPartitionsToTxn
    25: 3,  # AddOffsetsToTxn
    26: 3,  # EndTxn
    27: 1,  # WriteTxnMarkers
    28: 3,  # TxnOffsetCommit
    29: 2,  # DescribeAcls
    30: 2,  # CreateAcls
    31: 2,  # DeleteAcls
    32: 4,  # DescribeConfigs
    33: 2,  # AlterConfigs
    34: 2,  # AlterReplicaLogDirs
    35: 2,  # DescribeLogDirs
    36: 2,  # SaslAuthenticate
    37: 2,  # CreatePartitions
    38: 2,  # CreateDelegationToken
    39: 2,  # RenewDelegationToken
    40: 2,  # ExpireDelegationToken
    41: 2,  # DescribeDelegationToken
    42: 2,  # DeleteGroups
    43: 2,  # ElectLeaders
    44: 1,  # IncrementalAlterConfigs
    47: NEVER,  # OffsetDelete
    48: 1,  # DescribeClientQuotas
    49: 1,  # AlterClientQuotas
    53: 1,  # BeginQuorumEpoch
    54: 1,  # EndQuorumEpoch
}


def is_flexible_request(api_key: int, version: int) -> bool:
    """True when the request (and its response) of this version is flexible. APIs not in the table
    (45, 46, 50–52 and 55 on: AlterPartitionReassignments, ListPartitionReassignments, the KRaft
    and newer APIs) are flexible from their first version."""
    return version >= FIRST_FLEXIBLE_VERSION.get(api_key, 0)
