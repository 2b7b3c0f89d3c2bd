"""Broker and topic configuration with Apache Kafka's names, types and defaults.

Topic-level configs (``retention.ms`` …) take their default from the broker-level synonym
(``log.retention.ms`` …) as in Kafka's ``LogConfig``; a topic override wins over the broker value.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from engine.protocol.errors import ErrorCode, KafkaError

ConfigType = Literal["int", "long", "string", "boolean", "double", "list", "class", "password"]
LONG_MAX = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ConfigDef:
    name: str
    type: ConfigType
    default: str | None
    doc: str
    broker_synonym: str | None = None  # topic configs: the broker config supplying the default
    choices: tuple[str, ...] = ()
    minimum: int | None = None


def _d(name: str, type_: ConfigType, default: str | None, doc: str, synonym: str | None = None,
       choices: tuple[str, ...] = (), minimum: int | None = None) -> ConfigDef:
    return ConfigDef(name, type_, default, doc, synonym, choices, minimum)


TOPIC_CONFIGS: dict[str, ConfigDef] = {c.name: c for c in [
    _d("cleanup.policy", "list", "delete", "delete and/or compact old segments", "log.cleanup.policy",
       ("delete", "compact", "delete,compact", "compact,delete")),
    _d("compression.type", "string", "producer", "final compression of the topic's data", "compression.type",
       ("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd")),
    _d("delete.retention.ms", "long", "86400000", "how long delete tombstones are kept", "log.cleaner.delete.retention.ms", minimum=0),
    _d("file.delete.delay.ms", "long", "60000", "delay before a deleted segment file is removed", "log.segment.delete.delay.ms", minimum=0),
    _d("flush.messages", "long", str(LONG_MAX), "fsync the log after this many messages", "log.flush.interval.messages", minimum=1),
    _d("flush.ms", "long", str(LONG_MAX), "fsync the log after this many milliseconds", "log.flush.interval.ms", minimum=0),
    _d("index.interval.bytes", "int", "4096", "bytes between offset index entries", "log.index.interval.bytes", minimum=0),
    _d("max.message.bytes", "int", "1048588", "largest record batch size allowed", "message.max.bytes", minimum=0),
    _d("message.timestamp.type", "string", "CreateTime", "CreateTime or LogAppendTime", "log.message.timestamp.type",
       ("CreateTime", "LogAppendTime")),
    _d("message.timestamp.before.max.ms", "long", str(LONG_MAX),
       "how far a CreateTime timestamp may lie in the past (KIP-937)", "log.message.timestamp.before.max.ms", minimum=0),
    _d("message.timestamp.after.max.ms", "long", "3600000",
       "how far a CreateTime timestamp may lie in the future (KIP-937; 1 hour as in Kafka 4.0)",
       "log.message.timestamp.after.max.ms", minimum=0),
    _d("min.cleanable.dirty.ratio", "double", "0.5", "compaction trigger ratio", "log.cleaner.min.cleanable.ratio"),
    _d("min.compaction.lag.ms", "long", "0", "minimum age before compaction", "log.cleaner.min.compaction.lag.ms", minimum=0),
    _d("max.compaction.lag.ms", "long", "9223372036854775807", "maximum time a record stays uncompacted",
       "log.cleaner.max.compaction.lag.ms", minimum=1),
    _d("min.insync.replicas", "int", "1", "minimum ISR size for acks=all produce", "min.insync.replicas", minimum=1),
    _d("preallocate", "boolean", "false", "preallocate segment files", "log.preallocate"),
    _d("leader.replication.throttled.replicas", "list", "",
       "replicas throttled on the leader side (partition:broker pairs, or *) — KIP-73"),
    _d("follower.replication.throttled.replicas", "list", "",
       "replicas throttled on the follower side (partition:broker pairs, or *) — KIP-73"),
    _d("retention.bytes", "long", "-1", "maximum partition size before old segments are deleted", "log.retention.bytes"),
    _d("retention.ms", "long", "604800000", "maximum age of a segment before deletion", "log.retention.ms", minimum=-1),
    _d("segment.bytes", "int", "1073741824", "segment file size before a new one is rolled", "log.segment.bytes", minimum=14),
    _d("segment.index.bytes", "int", "10485760", "maximum size of an offset index", "log.index.size.max.bytes", minimum=4),
    _d("segment.jitter.ms", "long", "0", "random jitter subtracted from segment.ms", "log.roll.jitter.ms", minimum=0),
    _d("segment.ms", "long", "604800000", "time before a new segment is rolled", "log.roll.ms", minimum=1),
    _d("unclean.leader.election.enable", "boolean", "false", "allow out-of-sync replicas to become leader", "unclean.leader.election.enable"),
    _d("message.downconversion.enable", "boolean", "true", "allow down-conversion for old consumers", "log.message.downconversion.enable"),
]}

BROKER_CONFIGS: dict[str, ConfigDef] = {c.name: c for c in [
    _d("auto.create.topics.enable", "boolean", "true", "create topics on metadata/produce requests for unknown topics"),
    _d("num.partitions", "int", "1", "default partition count of auto-created topics", minimum=1),
    _d("default.replication.factor", "int", "1", "default replication factor of auto-created topics", minimum=1),
    _d("offsets.topic.num.partitions", "int", "50", "partitions of __consumer_offsets", minimum=1),
    _d("offsets.topic.replication.factor", "int", "3", "replication factor of __consumer_offsets (capped at the broker count)", minimum=1),
    _d("log.cleanup.policy", "list", "delete", "default cleanup.policy"),
    _d("compression.type", "string", "producer", "default compression.type"),
    _d("log.cleaner.delete.retention.ms", "long", "86400000", "default delete.retention.ms"),
    _d("log.segment.delete.delay.ms", "long", "60000", "default file.delete.delay.ms"),
    _d("log.flush.interval.messages", "long", str(LONG_MAX), "default flush.messages"),
    _d("log.flush.interval.ms", "long", str(LONG_MAX), "default flush.ms"),
    _d("log.index.interval.bytes", "int", "4096", "default index.interval.bytes"),
    _d("message.max.bytes", "int", "1048588", "default max.message.bytes"),
    _d("log.message.timestamp.type", "string", "CreateTime", "default message.timestamp.type"),
    _d("log.message.timestamp.before.max.ms", "long", str(LONG_MAX), "default message.timestamp.before.max.ms"),
    _d("log.message.timestamp.after.max.ms", "long", "3600000", "default message.timestamp.after.max.ms"),
    _d("log.cleaner.min.cleanable.ratio", "double", "0.5", "default min.cleanable.dirty.ratio"),
    _d("log.cleaner.min.compaction.lag.ms", "long", "0", "default min.compaction.lag.ms"),
    _d("log.cleaner.max.compaction.lag.ms", "long", "9223372036854775807", "default max.compaction.lag.ms", minimum=1),
    _d("log.cleaner.enable", "boolean", "true", "run the log cleaner (compaction of cleanup.policy=compact topics)"),
    _d("log.cleaner.backoff.ms", "long", "15000", "how long the cleaner sleeps when no log needs cleaning", minimum=0),
    _d("min.insync.replicas", "int", "1", "default min.insync.replicas"),
    _d("log.preallocate", "boolean", "false", "default preallocate"),
    _d("log.retention.bytes", "long", "-1", "default retention.bytes"),
    _d("log.retention.ms", "long", "604800000", "default retention.ms (7 days)"),
    _d("log.segment.bytes", "int", "1073741824", "default segment.bytes"),
    _d("log.index.size.max.bytes", "int", "10485760", "default segment.index.bytes"),
    _d("log.roll.jitter.ms", "long", "0", "default segment.jitter.ms"),
    _d("log.roll.ms", "long", "604800000", "default segment.ms"),
    _d("unclean.leader.election.enable", "boolean", "false", "default unclean.leader.election.enable"),
    _d("log.message.downconversion.enable", "boolean", "true", "default message.downconversion.enable"),
    _d("log.retention.check.interval.ms", "long", "300000", "how often retention is checked", minimum=1),
    _d("socket.request.max.bytes", "int", "104857600", "largest request the broker accepts", minimum=1),
    _d("queued.max.request.bytes", "long", "104857600",
       "memory for requests read but not yet handled, over all of a broker's connections; when it is used up "
       "the broker stops reading from its sockets until requests finish (-1: unbounded, Kafka's default; "
       "the lab bounds it to socket.request.max.bytes)", minimum=-1),
    _d("lab.max.partitions.per.topic", "int", "1000",
       "Kafka Lab only: most partitions one topic may have (CreateTopics / CreatePartitions answer "
       "INVALID_PARTITIONS above it); Kafka has no such limit, but every partition costs the lab's one "
       "process open files and memory", minimum=1),
    _d("lab.max.partitions.per.request", "int", "10000",
       "Kafka Lab only: most partitions one CreateTopics or CreatePartitions request may create "
       "(POLICY_VIOLATION above it), Kafka's fixed MAX_PARTITIONS_PER_BATCH made a config", minimum=1),
    _d("replica.lag.time.max.ms", "long", "30000", "a follower not caught up for this long leaves the ISR", minimum=0),
    _d("group.consumer.heartbeat.interval.ms", "int", "5000",
       "heartbeat interval of consumer-protocol group members (KIP-848)", minimum=1),
    _d("group.consumer.session.timeout.ms", "int", "45000",
       "a consumer-protocol group member whose heartbeats stop this long leaves the group (KIP-848)", minimum=1),
    _d("group.initial.rebalance.delay.ms", "int", "0", "delay of the first rebalance of an empty group (0 in the lab)", minimum=0),
    _d("auto.leader.rebalance.enable", "boolean", "true", "move leadership back to preferred replicas"),
    _d("delete.topic.enable", "boolean", "true", "allow topic deletion"),
    _d("replica.high.watermark.checkpoint.interval.ms", "long", "5000",
       "how often high watermarks are written to replication-offset-checkpoint (when they changed)", minimum=1),
    _d("log.flush.offset.checkpoint.interval.ms", "int", "60000",
       "how often recovery points are written to recovery-point-offset-checkpoint (when they changed)", minimum=1),
    _d("log.flush.start.offset.checkpoint.interval.ms", "int", "60000",
       "how often log start offsets are written to log-start-offset-checkpoint (when they changed)", minimum=1),
    _d("lab.os.writeback.ms", "long", "5000",
       "Kafka Lab only: written log data not fsynced for this long is treated as written back by the OS "
       "(Linux vm.dirty_expire_centisecs, 30 s by default); a killed broker loses only newer data. -1: never"),
    _d("broker.heartbeat.interval.ms", "int", "2000", "how often a broker heartbeats to the controller", minimum=1),
    _d("broker.session.timeout.ms", "int", "9000", "a broker silent this long is fenced by the controller", minimum=1),
    _d("replica.fetch.wait.max.ms", "int", "500", "follower fetch long-poll time", minimum=0),
    _d("replica.fetch.max.bytes", "int", "1048576", "follower fetch bytes per partition", minimum=0),
    _d("replica.fetch.response.max.bytes", "int", "10485760", "follower fetch bytes per response", minimum=0),
    _d("replica.fetch.backoff.ms", "int", "1000", "follower back-off after a fetch error", minimum=0),
    _d("replica.socket.timeout.ms", "int", "30000", "follower fetch socket timeout", minimum=1),
    _d("max.incremental.fetch.session.cache.slots", "int", "1000",
       "fetch sessions (KIP-227) a broker keeps; a full cache evicts as Kafka does (0: every fetch is sessionless)",
       minimum=0),
    _d("leader.imbalance.check.interval.seconds", "long", "300", "how often the preferred-leader rebalance runs", minimum=1),
    _d("leader.imbalance.per.broker.percentage", "int", "10", "imbalance that triggers a preferred-leader election", minimum=0),
    _d("group.min.session.timeout.ms", "int", "6000", "smallest session.timeout.ms a group member may ask for", minimum=0),
    _d("group.max.session.timeout.ms", "int", "1800000", "largest session.timeout.ms a group member may ask for", minimum=0),
    _d("group.max.size", "int", "2147483647", "most members a consumer group may have", minimum=1),
    _d("offsets.retention.minutes", "int", "10080", "committed offsets of an empty group are kept this long", minimum=1),
    _d("offsets.retention.check.interval.ms", "long", "600000", "how often expired offsets are removed", minimum=1),
    _d("offsets.commit.timeout.ms", "int", "5000", "an offset commit waits this long for all replicas", minimum=1),
    _d("offset.metadata.max.bytes", "int", "4096", "largest metadata string of an offset commit", minimum=0),
    _d("offsets.topic.segment.bytes", "int", "104857600", "segment.bytes of __consumer_offsets", minimum=1),
    _d("offsets.load.buffer.size", "int", "5242880", "read size when a coordinator loads __consumer_offsets", minimum=1),
    _d("transaction.state.log.num.partitions", "int", "50", "partitions of __transaction_state", minimum=1),
    _d("transaction.state.log.replication.factor", "int", "3",
       "replication factor of __transaction_state (capped at the broker count)", minimum=1),
    _d("transaction.state.log.min.isr", "int", "2", "min.insync.replicas of __transaction_state (capped at its RF)",
       minimum=1),
    _d("transaction.state.log.segment.bytes", "int", "104857600", "segment.bytes of __transaction_state", minimum=1),
    _d("transaction.state.log.load.buffer.size", "int", "5242880",
       "read size when a coordinator loads __transaction_state", minimum=1),
    _d("transaction.max.timeout.ms", "int", "900000", "largest transaction.timeout.ms a producer may ask for",
       minimum=1),
    _d("transaction.abort.timed.out.transaction.cleanup.interval.ms", "int", "10000",
       "how often the transaction coordinator aborts transactions that passed their timeout", minimum=1),
    _d("transaction.remove.expired.transaction.cleanup.interval.ms", "int", "3600000",
       "how often transactional ids unused for transactional.id.expiration.ms are removed", minimum=1),
    _d("leader.replication.throttled.rate", "long", str(LONG_MAX),
       "bytes/s a leader serves to throttled replicas (dynamic, per broker; KIP-73)", minimum=1),
    _d("follower.replication.throttled.rate", "long", str(LONG_MAX),
       "bytes/s a follower fetches for throttled replicas (dynamic, per broker; KIP-73)", minimum=1),
    _d("transactional.id.expiration.ms", "int", "604800000", "an idle transactional id is forgotten after this",
       minimum=1),
]}


def _check_value(defn: ConfigDef, value: str) -> None:
    try:
        if defn.type in ("int", "long"):
            n = int(value)
            if defn.minimum is not None and n < defn.minimum:
                raise ValueError(f"value must be at least {defn.minimum}")
        elif defn.type == "double":
            float(value)
        elif defn.type == "boolean":
            if value.lower() not in ("true", "false"):
                raise ValueError("value must be true or false")
    except ValueError as e:
        raise KafkaError(ErrorCode.invalid_config, f"Invalid value {value} for configuration {defn.name}: {e}") from None
    if defn.name.endswith(".replication.throttled.replicas"):
        try:
            parse_throttled_replicas(value)
        except ValueError as e:
            raise KafkaError(ErrorCode.invalid_config,
                             f"Invalid value {value} for configuration {defn.name}: {e}") from None
    if defn.choices and value not in defn.choices:
        raise KafkaError(ErrorCode.invalid_config,
                         f"Invalid value {value} for configuration {defn.name}: must be one of {', '.join(defn.choices)}")


@functools.lru_cache(maxsize=256)
def parse_throttled_replicas(value: str) -> frozenset[tuple[int, int]] | None:
    """A ``*.replication.throttled.replicas`` value: its (partition, broker) pairs, or None for ``*``
    (every replica); raises ValueError on a malformed list."""
    text = value.strip()
    if text == "*":
        return None
    pairs: set[tuple[int, int]] = set()
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        partition, sep, broker = item.partition(":")
        if not sep or not partition.strip().isdigit() or not broker.strip().isdigit():
            raise ValueError("must be * or a list of partition:broker pairs, e.g. 0:1,1:2")
        pairs.add((int(partition), int(broker)))
    return frozenset(pairs)


def validate_topic_configs(configs: Mapping[str, str | None]) -> dict[str, str]:
    """Check names and values of topic config overrides; raises INVALID_CONFIG."""
    out: dict[str, str] = {}
    for name, value in configs.items():
        defn = TOPIC_CONFIGS.get(name)
        if defn is None:
            raise KafkaError(ErrorCode.invalid_config, f"Unknown topic config name: {name}")
        if value is None:
            raise KafkaError(ErrorCode.invalid_config, f"Null value not supported for topic config {name}")
        _check_value(defn, value)
        out[name] = value
    return out


def validate_broker_configs(configs: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in configs.items():
        defn = BROKER_CONFIGS.get(name)
        if defn is None:
            raise KafkaError(ErrorCode.invalid_config, f"Unknown broker config name: {name}")
        _check_value(defn, value)
        out[name] = value
    return out


class BrokerConfig:
    """Effective broker configuration: Kafka defaults overlaid with ``--config`` overrides."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self.overrides = validate_broker_configs(dict(overrides or {}))

    def get(self, name: str) -> str:
        if name in self.overrides:
            return self.overrides[name]
        default = BROKER_CONFIGS[name].default
        assert default is not None
        return default

    def get_int(self, name: str) -> int:
        return int(self.get(name))

    def get_bool(self, name: str) -> bool:
        return self.get(name).lower() == "true"


@dataclass(frozen=True, slots=True)
class LogConfig:
    """The effective configuration of one topic's logs (typed view used by the log layer)."""

    segment_bytes: int
    segment_ms: int
    retention_ms: int
    retention_bytes: int
    flush_messages: int
    flush_ms: int
    index_interval_bytes: int
    max_message_bytes: int
    message_timestamp_type: str
    min_insync_replicas: int
    cleanup_policy: str
    file_delete_delay_ms: int
    unclean_leader_election: bool
    message_timestamp_before_max_ms: int = 2**63 - 1
    message_timestamp_after_max_ms: int = 3_600_000
    min_cleanable_dirty_ratio: float = 0.5
    min_compaction_lag_ms: int = 0
    max_compaction_lag_ms: int = 2**63 - 1
    delete_retention_ms: int = 86_400_000

    @staticmethod
    def from_values(values: Mapping[str, str]) -> LogConfig:
        return LogConfig(
            segment_bytes=int(values["segment.bytes"]),
            segment_ms=int(values["segment.ms"]),
            retention_ms=int(values["retention.ms"]),
            retention_bytes=int(values["retention.bytes"]),
            flush_messages=int(values["flush.messages"]),
            flush_ms=int(values["flush.ms"]),
            index_interval_bytes=int(values["index.interval.bytes"]),
            max_message_bytes=int(values["max.message.bytes"]),
            message_timestamp_type=values["message.timestamp.type"],
            min_insync_replicas=int(values["min.insync.replicas"]),
            cleanup_policy=values["cleanup.policy"],
            file_delete_delay_ms=int(values["file.delete.delay.ms"]),
            unclean_leader_election=values["unclean.leader.election.enable"].lower() == "true",
            message_timestamp_before_max_ms=int(values["message.timestamp.before.max.ms"]),
            message_timestamp_after_max_ms=int(values["message.timestamp.after.max.ms"]),
            min_cleanable_dirty_ratio=float(values["min.cleanable.dirty.ratio"]),
            min_compaction_lag_ms=int(values["min.compaction.lag.ms"]),
            max_compaction_lag_ms=int(values["max.compaction.lag.ms"]),
            delete_retention_ms=int(values["delete.retention.ms"]),
        )


def effective_topic_configs(broker: BrokerConfig, overrides: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """name → (value, source) where source is TOPIC_CONFIG, STATIC_BROKER_CONFIG or DEFAULT_CONFIG."""
    out: dict[str, tuple[str, str]] = {}
    for name, defn in TOPIC_CONFIGS.items():
        if name in overrides:
            out[name] = (overrides[name], "TOPIC_CONFIG")
        elif defn.broker_synonym and defn.broker_synonym in broker.overrides:
            out[name] = (broker.overrides[defn.broker_synonym], "STATIC_BROKER_CONFIG")
        else:
            default = defn.default
            if defn.broker_synonym and defn.broker_synonym in BROKER_CONFIGS:
                default = BROKER_CONFIGS[defn.broker_synonym].default
            out[name] = (default or "", "DEFAULT_CONFIG")
    return out


def log_config_for(broker: BrokerConfig, overrides: Mapping[str, str]) -> LogConfig:
    return LogConfig.from_values({k: v for k, (v, _s) in effective_topic_configs(broker, overrides).items()})
