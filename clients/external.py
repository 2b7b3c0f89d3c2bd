"""``ExternalCluster``: the live ``ClusterImage`` of any Kafka cluster, through the Kafka protocol only.

The embedded engine publishes its :class:`~engine.observe.image.ClusterImage`; for a cluster Kafka Lab
does not run, this source builds the same image (:class:`clients.image.ClusterImage`, the same JSON)
from what confluent-kafka's AdminClient asks — DescribeCluster, Metadata / DescribeTopics (leader,
replicas, ISR, topic ids), ListOffsets earliest and latest per partition (the leader's log start and
high watermark, and the leader epoch), DescribeConfigs (topic overrides), ListGroups, DescribeGroups,
OffsetFetch per group (committed offsets; lag against the high watermark) — and DescribeLogDirs per
broker (:mod:`clients.log_dirs`: replica sizes and log dirs). It declares what it cannot show
(:mod:`clients.capabilities`), narrowed after every poll by what this cluster refused.

Cheap at scale: one poll sends every request at once (the futures of each phase are awaited
together), ListOffsets goes in chunks of :data:`OFFSETS_CHUNK` partitions (librdkafka groups each
chunk by leader into one request per broker), partitions without a leader are not asked, and
DescribeLogDirs runs on one thread per broker. ``poll()`` blocks (call it from a worker thread or a
command-line tool); ``start(on_image)`` polls every ``interval_s`` on a thread of its own.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from clients import capabilities as caps
from clients.admin import ClusterAdmin
from clients.capabilities import Capabilities
from clients.config import DEFAULT_TIMEOUT_S, client_config
from clients.descriptions import INTERNAL_TOPICS, state_name
from clients.errors import ClientErrors, KafkaOpError
from clients.external_image import (
    Assembler,
    Fetched,
    FetchedGroup,
    FetchedMember,
    FetchedPartition,
    FetchedTopic,
    Tp,
)
from clients.image import ClusterImage
from clients.log_dirs import BrokerLogDirs, describe_log_dirs, unsupported_reason

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 2.0
OFFSETS_CHUNK = 2_000  # partitions per ListOffsets call
GROUPS_CHUNK = 250  # groups per DescribeGroups call
DYNAMIC_TOPIC_CONFIG = 1  # DescribeConfigs' config source of a topic override
# errors that say "this cluster will not answer this", as opposed to "not now"
_PERMANENT = frozenset({"_UNSUPPORTED_FEATURE", "UNSUPPORTED_VERSION", "CLUSTER_AUTHORIZATION_FAILED",
                        "TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED", "INVALID_REQUEST",
                        "_INVALID_ARG", "UNKNOWN_SERVER_ERROR"})

ImageCallback = Callable[[ClusterImage, Capabilities], None]
ErrorCallback = Callable[[KafkaOpError], None]


class ExternalCluster:
    """A cluster Kafka Lab does not run, seen through the Kafka protocol.

    ``settings`` are librdkafka properties (a connection profile's, or a ``--command-config`` file's
    after :func:`clients.command_config.librdkafka_settings`); ``read_only`` and ``name`` come from the
    profile and only change the declared ``writes`` capability.
    """

    def __init__(self, bootstrap: str, settings: Mapping[str, Any] | None = None, *,
                 interval_s: float = DEFAULT_INTERVAL_S, timeout_s: float = DEFAULT_TIMEOUT_S,
                 read_only: bool = False, name: str = "", errors: ClientErrors | None = None,
                 offsets_chunk: int = OFFSETS_CHUNK) -> None:
        self.bootstrap = bootstrap
        self.interval_s = float(interval_s)
        self.timeout_s = float(timeout_s)
        self.offsets_chunk = max(1, int(offsets_chunk))
        self.config = client_config(bootstrap, settings)
        self.admin = ClusterAdmin(bootstrap, timeout_s, settings, errors)  # ConfigError on a bad config
        self.client = self.admin.client
        self._base = caps.external(read_only, name)
        self._capabilities = self._base
        self._assembler = Assembler()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="log-dirs")
        self._lock = threading.Lock()  # one poll at a time
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.last_poll_s = 0.0

    # ------------------------------------------------------------------ public
    @property
    def capabilities(self) -> Capabilities:
        """What this source shows and does, as of the last poll."""
        return self._capabilities

    def poll(self) -> ClusterImage:
        """One full image now. Raises :class:`KafkaOpError` when the cluster does not answer
        Metadata; parts it refuses are declared missing in :attr:`capabilities` instead."""
        with self._lock:
            started = time.monotonic()
            fetched = self.fetch()
            image = self._assembler.build(fetched)
            capabilities = self._base
            for name, why in fetched.failures.items():
                capabilities = capabilities.with_(name, False, why)
            self._capabilities = capabilities
            self.last_poll_s = time.monotonic() - started
            return image

    def start(self, on_image: ImageCallback, on_error: ErrorCallback | None = None) -> None:
        """Poll every ``interval_s`` (start to start; a poll that takes longer is followed by a pause of
        half its duration, so a slow cluster is not asked back to back) on a daemon thread."""
        if self._thread is not None:
            raise RuntimeError("already polling")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_image, on_error), daemon=True,
                                        name="external-cluster-poll")
        self._thread.start()

    def refresh(self) -> None:
        """Poll as soon as the current poll (if any) ends: after an action of the user, say."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(self.timeout_s * 3 + 5)
            self._thread = None

    def close(self) -> None:
        self.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ExternalCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, on_image: ImageCallback, on_error: ErrorCallback | None) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                image = self.poll()
            except KafkaOpError as exc:
                if on_error is not None:
                    on_error(exc)
            except Exception as exc:  # a bug must not kill the poller silently
                log.exception("polling %s failed", self.bootstrap)
                if on_error is not None:
                    on_error(KafkaOpError.wrap(exc))
            else:
                on_image(image, self._capabilities)
            took = time.monotonic() - started
            self._wake.wait(max(self.interval_s - took, took / 2))
            self._wake.clear()

    # ------------------------------------------------------------------ fetching
    def fetch(self) -> Fetched:
        """Every answer of one poll, as plain values."""
        from confluent_kafka import TopicCollection

        t = self.timeout_s
        client = self.client
        cluster_future = client.describe_cluster(request_timeout=t)
        groups_future = client.list_consumer_groups(request_timeout=t)
        metadata = self.admin.metadata()  # the one call that must answer
        failures: dict[str, str] = {}
        cluster_id, controller_id, brokers = self._cluster(cluster_future, metadata, failures)
        names = sorted(metadata.topics)
        topics_futures = client.describe_topics(TopicCollection(names), request_timeout=t) if names else {}
        answerable = [(name, p.id) for name in names for p in metadata.topics[name].partitions.values()
                      if p.leader >= 0]
        earliest_futures = self._list_offsets(answerable, "earliest")
        latest_futures = self._list_offsets(answerable, "latest")
        configs_futures = self._describe_configs(names, failures)
        log_dirs_futures = self._describe_log_dirs(brokers, failures)
        groups, committed = self._groups(groups_future, failures)

        topics = self._topics(names, topics_futures, metadata, failures)
        earliest = {tp: offset for tp, (offset, _epoch) in self._offsets(earliest_futures, failures).items()}
        latest = self._offsets(latest_futures, failures)
        configs = self._configs(configs_futures, failures)
        log_dirs = self._log_dirs(log_dirs_futures, failures)
        return Fetched(time_ms=int(time.time() * 1000), cluster_id=cluster_id, controller_id=controller_id,
                       brokers=brokers, topics=topics, earliest=earliest, latest=latest, configs=configs,
                       groups=groups, committed=committed, log_dirs=log_dirs, failures=failures)

    def _wait(self, future: concurrent.futures.Future[Any]) -> Any:
        return self.admin.result(future)

    def _cluster(self, future: concurrent.futures.Future[Any], metadata: Any,
                 failures: dict[str, str]) -> tuple[str, int, dict[int, tuple[str, int]]]:
        """DescribeCluster (KIP-700); a cluster without it is described by the Metadata answer."""
        try:
            d = self._wait(future)
            controller = d.controller.id if d.controller is not None else -1
            return d.cluster_id or "", controller, {n.id: (n.host, int(n.port)) for n in d.nodes}
        except KafkaOpError as exc:
            if exc.name not in _PERMANENT:
                raise
            return (metadata.cluster_id or "", int(metadata.controller_id),
                    {b.id: (b.host, int(b.port)) for b in metadata.brokers.values()})

    def _topics(self, names: Sequence[str], futures: Mapping[str, concurrent.futures.Future[Any]], metadata: Any,
                failures: dict[str, str]) -> list[FetchedTopic]:
        out = []
        no_ids: str | None = None
        for name in names:
            try:
                d = self._wait(futures[name])
            except KafkaOpError as exc:
                if exc.name == "UNKNOWN_TOPIC_OR_PARTITION":
                    continue  # deleted since Metadata answered
                if exc.name not in _PERMANENT:
                    raise
                no_ids = no_ids or f"DescribeTopics: {exc.text()}"
                out.append(_topic_from_metadata(name, metadata.topics[name]))
                continue
            parts = tuple(FetchedPartition(p.id, p.leader.id if p.leader is not None else -1,
                                           tuple(n.id for n in p.replicas), tuple(n.id for n in p.isr))
                          for p in d.partitions)
            out.append(FetchedTopic(name, _uuid_text(d.topic_id), bool(d.is_internal), parts))
        if no_ids is None and out and not any(t.topic_id for t in out):
            no_ids = "the cluster gives no topic ids (Kafka before 2.8)"
        if no_ids is not None:
            failures[caps.TOPIC_IDS] = no_ids
        return out

    def _list_offsets(self, tps: Sequence[Tp], spec: str) -> list[dict[Any, concurrent.futures.Future[Any]]]:
        from confluent_kafka import TopicPartition
        from confluent_kafka.admin import OffsetSpec

        offset_spec = OffsetSpec.earliest() if spec == "earliest" else OffsetSpec.latest()
        out = []
        for chunk in _chunks(tps, self.offsets_chunk):
            out.append(self.client.list_offsets({TopicPartition(t, p): offset_spec for t, p in chunk},
                                                request_timeout=self.timeout_s))
        return out

    def _offsets(self, calls: list[dict[Any, concurrent.futures.Future[Any]]],
                 failures: dict[str, str]) -> dict[Tp, tuple[int, int]]:
        """(offset, leader epoch) per partition; a partition that failed is left out (its offsets stay -1)."""
        from confluent_kafka import KafkaException

        out: dict[Tp, tuple[int, int]] = {}
        errors: dict[str, str] = {}
        deadline = time.monotonic() + self.timeout_s + 5
        for futures in calls:
            for tp, future in futures.items():
                try:
                    r = future.result(timeout=max(0.1, deadline - time.monotonic()))
                except (KafkaException, concurrent.futures.TimeoutError) as exc:
                    error = KafkaOpError.wrap(exc)
                    errors.setdefault(error.name, error.text())
                    continue
                out[(tp.topic, tp.partition)] = (int(r.offset), int(r.leader_epoch if r.leader_epoch is not None else -1))
        if errors and not out:
            failures[caps.LEADER_OFFSETS] = "ListOffsets: " + "; ".join(errors.values())
        return out

    def _describe_configs(self, names: Sequence[str], failures: dict[str, str]) -> dict[Any, Any]:
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import ConfigResource, ResourceType

        if not names:
            return {}
        try:
            return dict(self.client.describe_configs([ConfigResource(ResourceType.TOPIC, n) for n in names],
                                                     request_timeout=self.timeout_s))
        except (KafkaException, ValueError, TypeError) as exc:
            failures[caps.TOPIC_CONFIGS] = f"DescribeConfigs: {KafkaOpError.wrap(exc).text()}"
            return {}

    def _configs(self, futures: Mapping[Any, concurrent.futures.Future[Any]],
                 failures: dict[str, str]) -> dict[str, dict[str, str]] | None:
        if caps.TOPIC_CONFIGS in failures:
            return None
        out: dict[str, dict[str, str]] = {}
        errors: dict[str, str] = {}
        for resource, future in futures.items():
            try:
                entries = self._wait(future)
            except KafkaOpError as exc:
                errors.setdefault(exc.name, exc.text())
                continue
            out[resource.name] = {e.name: e.value for e in entries.values()
                                  if _source(e) == DYNAMIC_TOPIC_CONFIG and e.value is not None}
        if errors and not out:
            failures[caps.TOPIC_CONFIGS] = "DescribeConfigs: " + "; ".join(errors.values())
            return None
        return out

    def _describe_log_dirs(self, brokers: Mapping[int, tuple[str, int]],
                           failures: dict[str, str]) -> dict[int, concurrent.futures.Future[BrokerLogDirs]]:
        reason = unsupported_reason(self.config)
        if reason is not None:
            failures[caps.REPLICA_SIZES] = reason
            return {}
        timeout = self.timeout_s
        return {bid: self._pool.submit(describe_log_dirs, bid, host, port, self.config, timeout)
                for bid, (host, port) in brokers.items()}

    def _log_dirs(self, futures: Mapping[int, concurrent.futures.Future[BrokerLogDirs]],
                  failures: dict[str, str]) -> dict[int, BrokerLogDirs]:
        out: dict[int, BrokerLogDirs] = {}
        errors: dict[str, str] = {}
        for bid, future in futures.items():
            try:
                out[bid] = future.result(timeout=self.timeout_s * 2 + 5)
            except KafkaOpError as exc:
                errors.setdefault(exc.name, f"broker {bid}: {exc.text()}")
            except concurrent.futures.TimeoutError:
                errors.setdefault("_TIMED_OUT", f"broker {bid}: no DescribeLogDirs answer")
        if errors and not out:
            failures[caps.REPLICA_SIZES] = "DescribeLogDirs: " + "; ".join(errors.values())
        return out

    # ------------------------------------------------------------------ groups
    def _groups(self, list_future: concurrent.futures.Future[Any], failures: dict[str, str]
                ) -> tuple[list[FetchedGroup] | None, dict[str, list[tuple[str, int, int, str]]] | None]:
        """ListGroups, then DescribeGroups and OffsetFetch for every group, all at once."""
        from confluent_kafka import ConsumerGroupTopicPartitions

        try:
            listing = self._wait(list_future)
        except KafkaOpError as exc:
            why = f"ListGroups: {exc.text()}"
            failures[caps.GROUPS] = failures[caps.GROUP_OFFSETS] = why
            return None, None
        states = {g.group_id: state_name(g.state) for g in listing.valid}
        simple = {g.group_id: bool(g.is_simple_consumer_group) for g in listing.valid}
        ids = sorted(states)
        t = self.timeout_s
        describe: dict[str, concurrent.futures.Future[Any]] = {}
        for chunk in _chunks(ids, GROUPS_CHUNK):
            describe.update(self.client.describe_consumer_groups(list(chunk), request_timeout=t))
        offsets = {g: self.client.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=t)[g]
                   for g in ids}
        groups: list[FetchedGroup] = []
        errors: dict[str, str] = {}
        described = 0
        for group_id in ids:
            try:
                d = self._wait(describe[group_id])
            except KafkaOpError as exc:
                if exc.name == "GROUP_ID_NOT_FOUND":
                    continue  # deleted since ListGroups answered
                errors.setdefault(exc.name, exc.text())
                groups.append(FetchedGroup(group_id, states[group_id], "" if simple[group_id] else "consumer", "",
                                           -1, ()))
                continue
            members = tuple(FetchedMember(m.member_id, m.group_instance_id, m.client_id, m.host,
                                          tuple((tp.topic, tp.partition) for tp in m.assignment.topic_partitions))
                            for m in d.members)
            described += 1
            groups.append(FetchedGroup(group_id, state_name(d.state), "" if d.is_simple_consumer_group else "consumer",
                                       d.partition_assignor or "", d.coordinator.id if d.coordinator else -1, members))
        if errors and not described:
            failures[caps.GROUPS] = "DescribeGroups: " + "; ".join(errors.values())
        committed: dict[str, list[tuple[str, int, int, str]]] = {}
        errors = {}
        for group_id, future in offsets.items():
            try:
                result = self._wait(future)
            except KafkaOpError as exc:
                errors.setdefault(exc.name, exc.text())
                continue
            committed[group_id] = [(tp.topic, tp.partition, int(tp.offset), tp.metadata or "")
                                   for tp in result.topic_partitions if tp.error is None]
        if errors and not committed:
            failures[caps.GROUP_OFFSETS] = "OffsetFetch: " + "; ".join(errors.values())
            return groups, None
        return groups, committed


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _uuid_text(topic_id: Any) -> str:
    """A topic id as the engine writes it (``uuid.UUID`` text); "" for none or the zero id."""
    if topic_id is None:
        return ""
    most = topic_id.get_most_significant_bits() & (2**64 - 1)
    least = topic_id.get_least_significant_bits() & (2**64 - 1)
    return "" if most == least == 0 else str(uuid.UUID(int=(most << 64) | least))


def _source(entry: Any) -> int:
    return int(getattr(entry.source, "value", entry.source))


def _topic_from_metadata(name: str, topic: Any) -> FetchedTopic:
    parts = tuple(FetchedPartition(p.id, p.leader, tuple(p.replicas), tuple(p.isrs))
                  for p in sorted(topic.partitions.values(), key=lambda p: p.id))
    return FetchedTopic(name, "", name in INTERNAL_TOPICS, parts)
