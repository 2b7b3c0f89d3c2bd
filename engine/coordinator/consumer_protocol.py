"""Reading the embedded consumer protocol (protocol type ``consumer``) the group members relay.

The coordinator never needs these bytes to run a group — it only relays them — but it reads them
to show assignments and subscriptions (``engine.observe``) and to know which topics a group is
subscribed to (``OffsetDelete``'s ``GROUP_SUBSCRIBED_TO_TOPIC``). Like Kafka's
``ConsumerProtocol``, a version newer than the newest known schema is read with the newest one
(every version extends the previous one). Schemas come from kio.
"""

from __future__ import annotations

import struct
from typing import Any

from kio.schema.consumer_protocol_assignment.v0.data import ConsumerProtocolAssignment as AssignmentV0
from kio.schema.consumer_protocol_assignment.v1.data import ConsumerProtocolAssignment as AssignmentV1
from kio.schema.consumer_protocol_assignment.v2.data import ConsumerProtocolAssignment as AssignmentV2
from kio.schema.consumer_protocol_assignment.v3.data import ConsumerProtocolAssignment as AssignmentV3
from kio.schema.consumer_protocol_subscription.v0.data import ConsumerProtocolSubscription as SubscriptionV0
from kio.schema.consumer_protocol_subscription.v1.data import ConsumerProtocolSubscription as SubscriptionV1
from kio.schema.consumer_protocol_subscription.v2.data import ConsumerProtocolSubscription as SubscriptionV2
from kio.schema.consumer_protocol_subscription.v3.data import ConsumerProtocolSubscription as SubscriptionV3
from kio.serial import entity_reader

PROTOCOL_TYPE = "consumer"

_ASSIGNMENTS: tuple[type, ...] = (AssignmentV0, AssignmentV1, AssignmentV2, AssignmentV3)
_SUBSCRIPTIONS: tuple[type, ...] = (SubscriptionV0, SubscriptionV1, SubscriptionV2, SubscriptionV3)


def _read(classes: tuple[type, ...], data: bytes) -> Any | None:
    if len(data) < 2:
        return None
    (version,) = struct.unpack_from(">h", data, 0)
    if version < 0:
        return None
    cls = classes[min(version, len(classes) - 1)]
    try:
        value, _size = entity_reader(cls)(bytes(data), 2)
    except Exception:  # malformed bytes from a client: not ours to fail on
        return None
    return value


def decode_assignment(data: bytes) -> tuple[tuple[str, int], ...] | None:
    """(topic, partition) pairs of a ``ConsumerProtocolAssignment``; None if it cannot be read.
    An empty byte string (what the coordinator hands out before the leader's assignment) is ()."""
    if not data:
        return ()
    value = _read(_ASSIGNMENTS, data)
    if value is None:
        return None
    return tuple(sorted((tp.topic, int(p)) for tp in value.assigned_partitions for p in tp.partitions))


def decode_subscription(data: bytes) -> tuple[str, ...] | None:
    """The topics of a ``ConsumerProtocolSubscription``; None if it cannot be read."""
    value = _read(_SUBSCRIPTIONS, data)
    if value is None:
        return None
    return tuple(str(t) for t in value.topics)
