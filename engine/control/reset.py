"""ResetLab: the lab back at its starting state in well under a second, without restarting the engine.

Kafka has no such operation; this is the lab's own, built from Kafka's: resume the paused brokers and
turn slow motion off, DeleteTopics for every topic whose name does not begin with ``_`` (Kafka's
convention for infrastructure topics: ``__consumer_offsets``, ``_schemas``), then at the same time
start the dead or stopped brokers (log recovery, registration with the controller, catching up with
its metadata — the same path as a restart) and DeleteGroups for every group without members on the
running ones (Kafka refuses a group with members: those are reported and kept), then a
preferred-leader election, and the answer only once every
broker's metadata cache has the controller's latest image (so a topic re-created by name right after
the reset is the new topic everywhere). A :class:`~engine.observe.events.LabReset` event marks it."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from engine.control.commands import ResetLab, ResetReport
from engine.observe import events as ev
from engine.protocol.errors import ErrorCode
from engine.server.state import BrokerState

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster
    from engine.server.broker import Broker

log = logging.getLogger(__name__)

CATCH_UP_TIMEOUT_S = 10.0


def is_lab_topic(name: str) -> bool:
    """Topics a reset deletes: everything but names beginning with ``_`` (internal topics)."""
    return not name.startswith("_")


async def reset_lab(cluster: KafkaCluster, command: ResetLab) -> ResetReport:
    started = time.monotonic()
    resumed, restarted = [], []
    for b in cluster.brokers.values():
        if b.state == BrokerState.PAUSED:
            b.resume()
            resumed.append(b.broker_id)
    cluster.set_replication_delay(0)

    # the lab's topics go first: a broker started below then has no replicas of them to set up
    controller = cluster.controller
    keep = set(command.keep_topics)
    doomed = sorted(n for n in controller.image.topics if is_lab_topic(n) and n not in keep)
    for name in doomed:
        controller.delete_topic(name)
    for b in cluster.brokers.values():
        b.metrics.forget_topics(set(doomed))

    # dead brokers start while the running ones delete their groups (both wait on I/O and replication)
    down = [b for b in cluster.brokers.values() if b.state in (BrokerState.DEAD, BrokerState.STOPPED)]
    running = [b for b in cluster.brokers.values() if b.state == BrokerState.RUNNING]
    restarted = [b.broker_id for b in down]
    outcomes = await asyncio.gather(*(cluster.start_broker(b.broker_id) for b in down),
                                    *(_delete_groups(b) for b in running))
    deleted: list[str] = []
    in_use: list[str] = []
    for results in outcomes[len(down):]:
        for group_id, code in sorted((results or {}).items()):
            if code == ErrorCode.none:
                deleted.append(group_id)
            elif code == ErrorCode.non_empty_group:
                in_use.append(group_id)
    deleted.sort()
    in_use.sort()
    if restarted:
        controller.elect_preferred(None)
    version = controller.image.version
    await asyncio.gather(*(b.metadata.wait_for_version(version, CATCH_UP_TIMEOUT_S)
                           for b in cluster.brokers.values() if b.state == BrokerState.RUNNING and b.metadata))
    duration_ms = int((time.monotonic() - started) * 1000)
    report = ResetReport(tuple(doomed), tuple(deleted), tuple(in_use), tuple(restarted), tuple(resumed), duration_ms)
    cluster.bus.publish(ev.LabReset(time_ms=cluster.clock.time_ms(), topics_deleted=len(doomed),
                                    groups_deleted=len(deleted), brokers_started=len(restarted),
                                    duration_ms=duration_ms))
    log.info("lab reset in %d ms: %s", duration_ms, report)
    return report


async def _delete_groups(broker: Broker) -> dict[str, ErrorCode]:
    """DeleteGroups for every group this broker coordinates (Kafka refuses those with members)."""
    coordinator = broker.group_coordinator
    if coordinator is None or not coordinator.groups:
        return {}
    return dict(await coordinator.delete_groups(sorted(coordinator.groups)))
