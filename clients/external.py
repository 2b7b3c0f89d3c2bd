"""``ExternalCluster``: the live ``ClusterImage`` of any Kafka cluster, through the Kafka protocol only.

The embedded engine publishes its :class:`~engine.observe.image.ClusterImage`; for a cluster Kafka Lab
does not run, this source builds the same image (:class:`clients.image.ClusterImage`, the same JSON)
from what confluent-kafka's AdminClient asks — DescribeCluster, Metadata (leader, replicas, ISR),
DescribeTopics (topic ids, internal flags), ListOffsets earliest and latest per partition (the leader's log start and
high watermark, and the leader epoch), DescribeConfigs (topic overrides), ListGroups, DescribeGroups,
OffsetFetch per group (committed offsets; lag against the high watermark) — and DescribeLogDirs per
broker (:mod:`clients.log_dirs`: replica sizes and log dirs). It declares what it cannot show
(:mod:`clients.capabilities`), narrowed after every poll by what this cluster refused.

Cheap at scale: one poll sends every request at once (the futures of each phase are awaited
together), ListOffsets goes in chunks of :data:`OFFSETS_CHUNK` partitions (librdkafka groups each
chunk by leader into one request per broker), partitions without a leader are not asked, and
DescribeLogDirs runs on one thread per broker. What changes rarely — topic ids and internal flags
(DescribeTopics), topic overrides (DescribeConfigs) and log start offsets (ListOffsets earliest) —
is asked on every :data:`SLOW_EVERY`-th poll, for new topics and partitions at once, and after
``refresh()``; leaders, replicas, ISRs (Metadata), high watermarks, groups, committed offsets and
replica sizes on every poll. ``poll()`` blocks (call it from a worker thread or a command-line
tool); ``start(on_image)`` polls every ``interval_s`` on a thread of its own.
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
from clients.config import DEFAULT_INTERVAL_S, DEFAULT_TIMEOUT_S, client_config
from clients.descriptions import INTERNAL_TOPICS
from clients.errors import ClientErrors, KafkaOpError
from clients.external_groups import PERMANENT_ERRORS, GroupRequests
from clients.external_image import Assembler, Fetched, FetchedPartition, FetchedTopic, Tp
from clients.image import ClusterImage
from clients.log_dirs import BrokerLogDirs, describe_log_dirs, unsupported_reason

log = logging.getLogger(__name__)

OFFSETS_CHUNK = 2_000  # partitions per ListOffsets call
SLOW_EVERY = 5  # topic ids, configs and log start offsets are asked on every 5th poll
DYNAMIC_TOPIC_CONFIG = 1  # DescribeConfigs' config source of a topic override
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
                 offsets_chunk: int = OFFSETS_CHUNK, slow_every: int = SLOW_EVERY) -> None:
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
        # parts that change rarely, asked on every slow_every-th poll (and for new topics / partitions)
        self.slow_every = max(1, int(slow_every))
        self._polls = 0
        self._full = False
        self._ids: dict[str, tuple[str, bool]] = {}  # topic → (id, internal)
        self._ids_failure: str | None = None
        self._earliest: dict[Tp, int] = {}
        self._configs: dict[str, dict[str, str]] = {}
        self._configs_failure: str | None = None

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
        """Poll every ``interval_s`` (start to start) on a daemon thread. A poll that takes more than half
        the interval is followed by a pause as long as itself, so polling never takes more than half
        the time (nor its CPU share) however large the cluster; ``on_image(image, capabilities)`` and
        ``on_error(KafkaOpError)`` are called on that thread."""
        if self._thread is not None:
            raise RuntimeError("already polling")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_image, on_error), daemon=True,
                                        name="external-cluster-poll")
        self._thread.start()

    def refresh(self, full: bool = True) -> None:
        """Poll as soon as the current poll (if any) ends — after an action of the user, say; ``full``
        asks the slow parts (topic ids, configs, log start offsets) again too."""
        self._full = self._full or full
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
            self._wake.wait(max(self.interval_s - took, took))
            self._wake.clear()

    # ------------------------------------------------------------------ fetching
    def fetch(self) -> Fetched:
        """Every answer of one poll, as plain values (slow-changing parts from the cache on most polls)."""
        t = self.timeout_s
        client = self.client
        slow = self._full or self._polls % self.slow_every == 0
        self._full = False
        self._polls += 1
        cluster_future = client.describe_cluster(request_timeout=t)
        groups = GroupRequests(self.admin, client.list_consumer_groups(request_timeout=t))
        groups.send()  # DescribeGroups and OffsetFetch go out before the large Metadata answer is read
        metadata = self.admin.metadata()  # the one call that must answer
        failures: dict[str, str] = {}
        cluster_id, controller_id, brokers = self._cluster(cluster_future, metadata, failures)
        names = sorted(metadata.topics)
        answerable = [(name, p.id) for name in names for p in metadata.topics[name].partitions.values()
                      if p.leader >= 0]
        ids_futures = self._describe_topics(names if slow else [n for n in names if n not in self._ids])
        latest_futures = self._list_offsets(answerable, "latest")
        earliest_futures = self._list_offsets(
            answerable if slow else [tp for tp in answerable if tp not in self._earliest], "earliest")
        configs_futures = self._describe_configs(names if slow else [n for n in names if n not in self._configs])
        log_dirs_futures = self._describe_log_dirs(brokers, failures)
        fetched_groups, committed = groups.collect(failures)

        latest, latest_errors = self._offsets(latest_futures)
        if latest_errors and not latest:
            failures[caps.LEADER_OFFSETS] = "ListOffsets: " + "; ".join(latest_errors.values())
        earliest, _errors = self._offsets(earliest_futures)
        existing = set(answerable) | {(n, p) for n in names for p in metadata.topics[n].partitions}
        self._earliest = {tp: v for tp, v in self._earliest.items() if tp in existing}
        self._earliest.update((tp, offset) for tp, (offset, _epoch) in earliest.items())
        self._collect_ids(names, ids_futures, slow)
        if self._ids_failure:
            failures[caps.TOPIC_IDS] = self._ids_failure
        self._collect_configs(names, configs_futures, slow)
        if self._configs_failure:
            failures[caps.TOPIC_CONFIGS] = self._configs_failure
        topics = [_topic(name, metadata.topics[name], *self._ids.get(name, ("", name in INTERNAL_TOPICS)))
                  for name in names]
        log_dirs = self._log_dirs(log_dirs_futures, failures)
        return Fetched(time_ms=int(time.time() * 1000), cluster_id=cluster_id, controller_id=controller_id,
                       brokers=brokers, topics=topics, earliest=dict(self._earliest), latest=latest,
                       configs=None if self._configs_failure else dict(self._configs), groups=fetched_groups,
                       committed=committed, log_dirs=log_dirs, failures=failures)

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
            if exc.name not in PERMANENT_ERRORS:
                raise
            return (metadata.cluster_id or "", int(metadata.controller_id),
                    {b.id: (b.host, int(b.port)) for b in metadata.brokers.values()})

    # ------------------------------------------------------------------ topic ids and configs (slow parts)
    def _describe_topics(self, names: Sequence[str]) -> Mapping[str, concurrent.futures.Future[Any]]:
        from confluent_kafka import TopicCollection

        return self.client.describe_topics(TopicCollection(list(names)), request_timeout=self.timeout_s) if names else {}

    def _collect_ids(self, names: Sequence[str], futures: Mapping[str, concurrent.futures.Future[Any]],
                     slow: bool) -> None:
        """Topic ids and internal flags (DescribeTopics); the partitions themselves come from Metadata."""
        known = set(names)
        self._ids = {n: v for n, v in self._ids.items() if n in known}
        failure: str | None = None
        for name, future in futures.items():
            try:
                d = self._wait(future)
            except KafkaOpError as exc:
                if exc.name == "UNKNOWN_TOPIC_OR_PARTITION":
                    continue  # deleted since Metadata answered
                if exc.name not in PERMANENT_ERRORS:
                    raise
                failure = failure or f"DescribeTopics: {exc.text()}"
                self._ids[name] = ("", name in INTERNAL_TOPICS)
                continue
            self._ids[name] = (_uuid_text(d.topic_id), bool(d.is_internal))
        if failure is None and self._ids and not any(topic_id for topic_id, _ in self._ids.values()):
            failure = "the cluster gives no topic ids (Kafka before 2.8)"
        if slow or failure:
            self._ids_failure = failure

    def _describe_configs(self, names: Sequence[str]) -> Mapping[Any, concurrent.futures.Future[Any]]:
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import ConfigResource, ResourceType

        if not names:
            return {}
        try:
            return dict(self.client.describe_configs([ConfigResource(ResourceType.TOPIC, n) for n in names],
                                                     request_timeout=self.timeout_s))
        except (KafkaException, ValueError, TypeError) as exc:
            self._configs_failure = f"DescribeConfigs: {KafkaOpError.wrap(exc).text()}"
            return {}

    def _collect_configs(self, names: Sequence[str], futures: Mapping[Any, concurrent.futures.Future[Any]],
                         slow: bool) -> None:
        """Topic overrides (DescribeConfigs entries whose source is DYNAMIC_TOPIC_CONFIG)."""
        known = set(names)
        self._configs = {n: v for n, v in self._configs.items() if n in known}
        got = 0
        errors: dict[str, str] = {}
        for resource, future in futures.items():
            try:
                entries = self._wait(future)
            except KafkaOpError as exc:
                errors.setdefault(exc.name, exc.text())
                continue
            got += 1
            self._configs[resource.name] = {e.name: e.value for e in entries.values()
                                            if _source(e) == DYNAMIC_TOPIC_CONFIG and e.value is not None}
        if errors and not got:
            self._configs_failure = "DescribeConfigs: " + "; ".join(errors.values())
        elif slow and futures:
            self._configs_failure = None

    # ------------------------------------------------------------------ offsets
    def _list_offsets(self, tps: Sequence[Tp], spec: str) -> list[dict[Any, concurrent.futures.Future[Any]]]:
        from confluent_kafka import TopicPartition
        from confluent_kafka.admin import OffsetSpec

        offset_spec = OffsetSpec.earliest() if spec == "earliest" else OffsetSpec.latest()
        out = []
        for chunk in _chunks(tps, self.offsets_chunk):
            out.append(self.client.list_offsets({TopicPartition(t, p): offset_spec for t, p in chunk},
                                                request_timeout=self.timeout_s))
        return out

    def _offsets(self, calls: list[dict[Any, concurrent.futures.Future[Any]]]
                 ) -> tuple[dict[Tp, tuple[int, int]], dict[str, str]]:
        """(offset, leader epoch) per partition, and the errors by name; a partition that failed is
        left out (its offsets stay -1)."""
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
                epoch = r.leader_epoch if r.leader_epoch is not None else -1
                out[(tp.topic, tp.partition)] = (int(r.offset), int(epoch))
        return out, errors

    # ------------------------------------------------------------------ log dirs
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


def _topic(name: str, topic: Any, topic_id: str, internal: bool) -> FetchedTopic:
    """A topic's partitions as Metadata answered them (leader -1 without one)."""
    parts = tuple(FetchedPartition(p.id, p.leader, tuple(p.replicas), tuple(p.isrs))
                  for p in sorted(topic.partitions.values(), key=lambda p: p.id))
    return FetchedTopic(name, topic_id, internal, parts)
