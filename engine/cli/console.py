"""``kafkalab console-producer`` / ``console-consumer``, like Kafka's console tools.

The producer reads stdin line by line (Kafka's ``LineMessageReader``: ``parse.key``,
``key.separator``, ``parse.headers``, ``null.marker``, ``ignore.error``); the consumer prints
records like Kafka's ``DefaultMessageFormatter`` (``print.timestamp``, ``print.partition``,
``print.offset``, ``print.headers``, ``print.key``, ``key.separator``, ``null.literal``).
Both speak the Kafka protocol through confluent-kafka.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from confluent_kafka import (
    OFFSET_BEGINNING,
    OFFSET_END,
    TIMESTAMP_CREATE_TIME,
    TIMESTAMP_LOG_APPEND_TIME,
    Consumer,
    KafkaError,
    KafkaException,
    Message,
    Producer,
    TopicPartition,
)

from engine.cli._common import (
    DEFAULT_TIMEOUT_S,
    ClientErrors,
    CommandError,
    PropertiesAction,
    StopRequest,
    UsageError,
    add_bootstrap_option,
    client_config,
    describe_error,
    invalid_config,
    load_properties_file,
    parse_args,
    parse_properties,
    terminate_as_interrupt,
    usage_failure,
)
from engine.cli.partitioning import JAVA_BATCH_SIZE, UNASSIGNED, JavaStickyPartitioner, record_size

EXIT_INTERRUPTED = 130
# Consumers: librdkafka's default 1 s fetch.queue.backoff.ms stalls whenever its queue fills up.
CONSUMER_DEFAULTS = {"fetch.queue.backoff.ms": "10", "enable.partition.eof": "false"}
POLL_SLICE_S = 0.5  # longest blocking call, so Ctrl-C and --timeout-ms are noticed promptly
BATCH = 500
WARM_METADATA_TIMEOUT_S = 2.0


def _flag(props: dict[str, str], key: str, default: bool = False) -> bool:
    value = props.get(key)
    return default if value is None else value.strip().lower() == "true"


def _bytes(props: dict[str, str], key: str, default: str) -> bytes:
    return props.get(key, default).encode("utf-8")


# === console-producer ============================================================================


@dataclass(frozen=True)
class LineFormat:
    """How a stdin line becomes a record (Kafka's ``LineMessageReader`` properties)."""

    parse_key: bool = False
    key_separator: bytes = b"\t"
    parse_headers: bool = False
    headers_delimiter: bytes = b"\t"
    headers_separator: bytes = b","
    headers_key_separator: bytes = b":"
    null_marker: bytes | None = None
    ignore_error: bool = False

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> LineFormat:
        marker = props.get("null.marker")
        return cls(
            parse_key=_flag(props, "parse.key"),
            key_separator=_bytes(props, "key.separator", "\t"),
            parse_headers=_flag(props, "parse.headers"),
            headers_delimiter=_bytes(props, "headers.delimiter", "\t"),
            headers_separator=_bytes(props, "headers.separator", ","),
            headers_key_separator=_bytes(props, "headers.key.separator", ":"),
            null_marker=None if marker is None else marker.encode("utf-8"),
            ignore_error=_flag(props, "ignore.error"),
        )


@dataclass(frozen=True)
class LineRecord:
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, str | bytes | None]] = field(default_factory=list)


class LineFormatError(ValueError):
    """A line the reader cannot split (Kafka: "No key separator found on line number N: '...'")."""


def parse_line(line: bytes, number: int, fmt: LineFormat) -> LineRecord:
    """Split one input line into headers, key and value like Kafka's ``LineMessageReader``."""

    def cut(enabled: bool, start: int, separator: bytes, what: str) -> bytes | None:
        if not enabled:
            return None
        index = line.find(separator, start)
        if index < 0:
            if fmt.ignore_error:
                return None
            raise LineFormatError(f"No {what} found on line number {number}: '{_text(line)}'")
        return line[start:index]

    headers = cut(fmt.parse_headers, 0, fmt.headers_delimiter, "headers delimiter")
    header_end = 0 if headers is None else len(headers) + len(fmt.headers_delimiter)
    key = cut(fmt.parse_key, header_end, fmt.key_separator, "key separator")
    key_end = 0 if key is None else len(key) + len(fmt.key_separator)
    value: bytes | None = line[header_end + key_end :]
    if key is not None and key == fmt.null_marker:
        key = None
    if value == fmt.null_marker:
        value = None
    parsed_headers: list[tuple[str, str | bytes | None]] = []
    if headers is not None and headers != fmt.null_marker:
        parsed_headers = _split_headers(headers, number, fmt)
    return LineRecord(key=key, value=value, headers=parsed_headers)


def _split_headers(headers: bytes, number: int, fmt: LineFormat) -> list[tuple[str, str | bytes | None]]:
    result: list[tuple[str, str | bytes | None]] = []
    for pair in headers.split(fmt.headers_separator):
        index = pair.find(fmt.headers_key_separator)
        if index < 0:
            if fmt.ignore_error:
                result.append((_text(pair), None))
                continue
            raise LineFormatError(
                f"No header key separator found in pair '{_text(pair)}' on line number {number}"
            )
        key = pair[:index]
        if key == fmt.null_marker:
            raise LineFormatError(
                f"Header keys should not be equal to the null marker '{_text(key)}' as they can't be null"
            )
        value = pair[index + len(fmt.headers_key_separator) :]
        result.append((_text(key), None if value == fmt.null_marker else value))
    return result


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _read_lines(stream: IO[bytes]) -> Iterable[bytes]:
    """Lines without their terminator (``\\n``, ``\\r\\n``), like Java's ``BufferedReader.readLine``."""
    while True:
        line = stream.readline()
        if not line:
            return
        if line.endswith(b"\n"):
            line = line[:-1]
            if line.endswith(b"\r"):
                line = line[:-1]
        yield line


def build_producer_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kafkalab console-producer",
        description="Read lines from standard input and produce each as a record (like kafka-console-producer).",
    )
    add_bootstrap_option(parser, "--broker-list")
    parser.add_argument("--topic", required=True, help="the topic to produce to (REQUIRED)")
    parser.add_argument(
        "--property",
        action=PropertiesAction,
        help="line reader properties: parse.key, key.separator, parse.headers, null.marker, ignore.error, ...",
    )
    parser.add_argument("--producer-property", action=PropertiesAction, help="producer configuration k=v")
    parser.add_argument(
        "--producer.config", dest="producer_config", metavar="FILE", help="producer config file"
    )
    parser.add_argument(
        "--request-required-acks",
        choices=("0", "1", "-1", "all"),
        help="acks of the produce requests (default: -1)",
    )
    parser.add_argument("--sync", action="store_true", help="send each record synchronously")
    parser.add_argument(
        "--compression-codec",
        nargs="?",
        const="gzip",
        choices=("none", "gzip", "snappy", "lz4", "zstd"),
        help="compression codec (without a value: gzip)",
    )
    parser.add_argument("--batch-size", type=int, metavar="BYTES", help="batch.size")
    parser.add_argument(
        "--timeout", type=int, metavar="MS", help="linger.ms: how long a batch may wait to fill"
    )
    parser.add_argument("--message-send-max-retries", type=int, metavar="N", help="retries")
    parser.add_argument("--retry-backoff-ms", type=int, metavar="MS", help="retry.backoff.ms")
    parser.add_argument("--request-timeout-ms", type=int, metavar="MS", help="request.timeout.ms")
    return parser


JAVA_PARTITIONER = "murmur2_random"


def _producer_settings(opts: argparse.Namespace) -> dict[str, str]:
    """Config file < --producer-property < explicit options (ConsoleProducer.producerProps)."""
    props = load_properties_file(opts.producer_config)
    props.update(parse_properties(opts.producer_property, "--producer-property"))
    props.setdefault("client.id", "console-producer")
    props.setdefault("acks", "-1")
    # the Java client's partitioner (murmur2 of the key), not librdkafka's CRC32 consistent_random
    props.setdefault("partitioner", JAVA_PARTITIONER)
    if "delivery.timeout.ms" not in props:  # Kafka's delivery.timeout.ms default, not librdkafka's 300 s
        props.setdefault("message.timeout.ms", "120000")
    explicit = {
        "acks": opts.request_required_acks,
        "compression.type": opts.compression_codec,
        "batch.size": opts.batch_size,
        "linger.ms": opts.timeout,
        "retries": opts.message_send_max_retries,
        "retry.backoff.ms": opts.retry_backoff_ms,
        "request.timeout.ms": opts.request_timeout_ms,
    }
    props.update({key: str(value) for key, value in explicit.items() if value is not None})
    if opts.sync:
        props["linger.ms"] = "0"
    return props


class _Deliveries:
    """Counts delivery reports and prints failures like Kafka's ``ErrorLoggingCallback``."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.failed = 0
        self.delivered = 0

    def __call__(self, err: KafkaError | None, msg: Message) -> None:
        if err is None:
            self.delivered += 1
            return
        self.failed += 1
        key = msg.key()
        value = msg.value()
        key_text = "null" if key is None else f"{len(key)} bytes"
        value_text = "null" if value is None else f"{len(value)} bytes"
        print(
            f"Error when sending message to topic {self.topic} with key: {key_text}, "
            f"value: {value_text} with error: {describe_error(err)}",
            file=sys.stderr,
            flush=True,
        )


def producer_main(argv: Sequence[str]) -> int:
    parser = build_producer_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        fmt = LineFormat.from_properties(parse_properties(parsed.property, "--property"))
        settings = _producer_settings(parsed)
        errors = ClientErrors(echo_prefix="")
        try:
            producer = Producer(client_config(parsed.bootstrap_server, errors, overrides=settings))
        except KafkaException as exc:
            raise invalid_config(exc, "producer") from exc
    except UsageError as exc:
        return usage_failure(parser, str(exc))
    deliveries = _Deliveries(parsed.topic)
    sticky = _java_sticky(producer, settings)
    with terminate_as_interrupt():
        try:
            code = _produce_lines(producer, parsed.topic, fmt, parsed.sync, deliveries, sticky)
            undelivered = _drain(producer, None)
        except KeyboardInterrupt:  # like Kafka's shutdown hook: close() still sends what is queued
            _drain(producer, DEFAULT_TIMEOUT_S)
            return EXIT_INTERRUPTED
    if undelivered or deliveries.failed:
        failed = deliveries.failed + undelivered
        print(f"{failed} record(s) could not be delivered to topic {parsed.topic}", file=sys.stderr)
        return 1
    return code


def _java_sticky(producer: Producer, settings: Mapping[str, str]) -> JavaStickyPartitioner | None:
    """Null keys like the Java producer (sticky for ~batch.size bytes), with its partitioner only."""
    if settings.get("partitioner") != JAVA_PARTITIONER:
        return None

    def partitions(topic: str) -> list[tuple[int, int]]:
        try:
            found = producer.list_topics(topic, timeout=DEFAULT_TIMEOUT_S).topics.get(topic)
        except KafkaException:
            return []
        if found is None or found.error is not None:
            return []
        return [(p.id, p.leader) for p in found.partitions.values()]

    try:
        batch_size = int(settings.get("batch.size", JAVA_BATCH_SIZE))
    except ValueError:
        batch_size = JAVA_BATCH_SIZE
    return JavaStickyPartitioner(partitions, batch_size)


def _produce_lines(
    producer: Producer, topic: str, fmt: LineFormat, sync: bool, deliveries: _Deliveries,
    sticky: JavaStickyPartitioner | None = None,
) -> int:
    stdin = sys.stdin.buffer
    for number, line in enumerate(_read_lines(stdin), start=1):
        try:
            record = parse_line(line, number, fmt)
        except LineFormatError as exc:
            print(f"ERROR {exc}", file=sys.stderr, flush=True)
            return 1
        partition = UNASSIGNED
        if sticky is not None:
            partition = sticky.partition(topic, record.key, record_size(record.key, record.value, record.headers))
        try:
            _send(producer, topic, record, deliveries, partition)
        except CommandError as exc:
            print(
                f"ERROR Error when sending message on line number {number}: {exc}",
                file=sys.stderr,
                flush=True,
            )
            return 1
        if sync:
            producer.flush()
    return 0


def _send(producer: Producer, topic: str, record: LineRecord, deliveries: _Deliveries,
          partition: int = UNASSIGNED) -> None:
    while True:
        try:
            producer.produce(
                topic,
                value=record.value,
                key=record.key,
                partition=partition,
                headers=record.headers or None,
                on_delivery=deliveries,
            )
            break
        except BufferError:  # local queue full: let deliveries drain it
            producer.poll(0.1)
        except KafkaException as exc:
            raise CommandError.from_kafka(exc) from exc
    producer.poll(0)


def _drain(producer: Producer, timeout_s: float | None) -> int:
    """Flush until every record is delivered or failed (message.timeout.ms bounds it)."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    remaining = len(producer)
    while remaining and (deadline is None or time.monotonic() < deadline):
        remaining = producer.flush(POLL_SLICE_S)
    return remaining


# === console-consumer ============================================================================


@dataclass(frozen=True)
class RecordFormat:
    """Kafka's ``DefaultMessageFormatter``: which fields to print and how to separate them."""

    print_timestamp: bool = False
    print_partition: bool = False
    print_offset: bool = False
    print_headers: bool = False
    print_key: bool = False
    print_value: bool = True
    key_separator: bytes = b"\t"
    line_separator: bytes = b"\n"
    headers_separator: bytes = b","
    headers_key_separator: bytes = b":"
    null_literal: bytes = b"null"

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> RecordFormat:
        return cls(
            print_timestamp=_flag(props, "print.timestamp"),
            print_partition=_flag(props, "print.partition"),
            print_offset=_flag(props, "print.offset"),
            print_headers=_flag(props, "print.headers"),
            print_key=_flag(props, "print.key"),
            print_value=_flag(props, "print.value", default=True),
            key_separator=_bytes(props, "key.separator", "\t"),
            line_separator=_bytes(props, "line.separator", "\n"),
            headers_separator=_bytes(props, "headers.separator", ","),
            headers_key_separator=_bytes(props, "headers.key.separator", ":"),
            null_literal=_bytes(props, "null.literal", "null"),
        )

    def format(self, msg: Message) -> bytes:
        columns: list[bytes] = []
        if self.print_timestamp:
            kind, ts = msg.timestamp()
            if kind == TIMESTAMP_CREATE_TIME:
                columns.append(f"CreateTime:{ts}".encode())
            elif kind == TIMESTAMP_LOG_APPEND_TIME:
                columns.append(f"LogAppendTime:{ts}".encode())
            else:
                columns.append(b"NO_TIMESTAMP")
        if self.print_partition:
            columns.append(f"Partition:{msg.partition()}".encode())
        if self.print_offset:
            columns.append(f"Offset:{msg.offset()}".encode())
        if self.print_headers:
            columns.append(self._headers(msg.headers()))
        if self.print_key:
            columns.append(self._nullable(msg.key()))
        if self.print_value:
            columns.append(self._nullable(msg.value()))
        if not columns:
            return b""
        return self.key_separator.join(columns) + self.line_separator

    def _nullable(self, data: str | bytes | None) -> bytes:
        if data is None:
            return self.null_literal
        return data.encode("utf-8") if isinstance(data, str) else data

    def _headers(
        self, headers: Mapping[str, str | bytes | None] | Sequence[tuple[str, str | bytes | None]] | None
    ) -> bytes:
        if not headers:
            return b"NO_HEADERS"
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        return self.headers_separator.join(
            key.encode("utf-8") + self.headers_key_separator + self._nullable(value) for key, value in pairs
        )


def build_consumer_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kafkalab console-consumer",
        description="Consume records and print them to standard output (like kafka-console-consumer).",
    )
    add_bootstrap_option(parser)
    parser.add_argument("--topic", help="the topic to consume from")
    parser.add_argument(
        "--include",
        "--whitelist",
        dest="include",
        metavar="REGEX",
        help="consume every topic matching a regex",
    )
    parser.add_argument("--group", help="the consumer group id (default: a random console-consumer-N)")
    parser.add_argument("--partition", type=int, help="consume only this partition (no group subscription)")
    parser.add_argument(
        "--offset", help="with --partition: 'earliest', 'latest' (default) or a non-negative offset"
    )
    parser.add_argument(
        "--from-beginning",
        action="store_true",
        help="start at the earliest offset when there is no committed one",
    )
    parser.add_argument("--max-messages", type=int, metavar="N", help="exit after N records")
    parser.add_argument("--timeout-ms", type=int, metavar="MS", help="exit when no record arrives for MS")
    parser.add_argument(
        "--property",
        action=PropertiesAction,
        help="formatter properties: print.key, print.partition, print.offset, print.timestamp, key.separator, ...",
    )
    parser.add_argument("--consumer-property", action=PropertiesAction, help="consumer configuration k=v")
    parser.add_argument(
        "--consumer.config", dest="consumer_config", metavar="FILE", help="consumer config file"
    )
    parser.add_argument(
        "--isolation-level",
        choices=("read_committed", "read_uncommitted"),
        help="read_committed hides aborted transactional records (default: read_uncommitted)",
    )
    return parser


@dataclass(frozen=True)
class ConsumerPlan:
    settings: dict[str, str]
    topic: str | None
    pattern: str | None
    assignment: TopicPartition | None


def _offset_arg(opts: argparse.Namespace) -> int:
    if opts.offset is None:
        return OFFSET_BEGINNING if opts.from_beginning else OFFSET_END
    text = opts.offset.strip().lower()
    if text == "earliest":
        return OFFSET_BEGINNING
    if text == "latest":
        return OFFSET_END
    if text.isdigit():
        return int(text)
    raise UsageError(
        f"The provided offset value '{opts.offset}' is incorrect. "
        "Valid values are 'earliest', 'latest', or a non-negative long."
    )


def plan_consumer(opts: argparse.Namespace) -> ConsumerPlan:
    """Check the options like ConsoleConsumer's ConsumerConfig and derive the consumer settings."""
    if (opts.topic is None) == (opts.include is None):
        raise UsageError("Exactly one of --include/--topic is required.")
    if opts.partition is not None and opts.topic is None:
        raise UsageError("The topic is required when partition is specified.")
    if opts.offset is not None and opts.partition is None:
        raise UsageError("The partition is required when offset is specified.")
    if opts.from_beginning and opts.offset is not None:
        raise UsageError("Options from-beginning and offset cannot be specified together.")
    offset = _offset_arg(opts) if opts.partition is not None else None

    from_file = load_properties_file(opts.consumer_config)
    from_cli = parse_properties(opts.consumer_property, "--consumer-property")
    groups = {g for g in (opts.group, from_cli.get("group.id"), from_file.get("group.id")) if g is not None}
    if len(groups) > 1:
        detected = ", ".join(f"'{g}'" for g in sorted(groups))
        raise UsageError(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', "
            f"or via '--consumer.config') do not match. Detected group ids: {detected}"
        )
    settings = dict(CONSUMER_DEFAULTS)
    settings["client.id"] = "console-consumer"
    settings["isolation.level"] = "read_uncommitted"
    settings.update(from_file)
    settings.update(from_cli)
    reset = settings.get("auto.offset.reset")
    if opts.from_beginning and reset is not None and reset != "earliest":
        raise UsageError(f"Can't simultaneously specify --from-beginning and 'auto.offset.reset={reset}'")
    settings["auto.offset.reset"] = "earliest" if opts.from_beginning else (reset or "latest")
    if groups:
        settings["group.id"] = groups.pop()
    else:
        settings["group.id"] = f"console-consumer-{random.randrange(100_000)}"
        settings.setdefault("enable.auto.commit", "false")
    if opts.isolation_level:
        settings["isolation.level"] = opts.isolation_level
    assignment = None if offset is None else TopicPartition(opts.topic, opts.partition, offset)
    pattern = None if opts.include is None else f"^(?:{opts.include})$"
    return ConsumerPlan(settings=settings, topic=opts.topic, pattern=pattern, assignment=assignment)


def consumer_main(argv: Sequence[str]) -> int:
    parser = build_consumer_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        plan = plan_consumer(parsed)
        fmt = RecordFormat.from_properties(parse_properties(parsed.property, "--property"))
        errors = ClientErrors(echo_prefix="")
        try:
            consumer = Consumer(client_config(parsed.bootstrap_server, errors, overrides=plan.settings))
        except KafkaException as exc:
            raise invalid_config(exc, "consumer") from exc
    except UsageError as exc:
        return usage_failure(parser, str(exc))

    stop = StopRequest()
    session = _ConsumeSession(consumer, fmt, parsed.max_messages, parsed.timeout_ms, stop)
    code = 0
    with stop.installed():
        try:
            if plan.assignment is not None:
                _warm_metadata(consumer, plan.assignment.topic)
                consumer.assign([plan.assignment])
            else:
                consumer.subscribe([plan.pattern or plan.topic or ""])
            code = session.run()
        except KeyboardInterrupt:
            stop.requested = True
        except CommandError as exc:
            print(f"ERROR Error processing message, terminating consumer process: {exc}", file=sys.stderr)
            code = 1
        finally:
            try:
                consumer.close()  # commits (with a group) and leaves the group
            except (KafkaException, RuntimeError):
                pass
            print(f"Processed a total of {session.count} messages", file=sys.stderr, flush=True)
    return stop.exit_code if stop.requested else code


def _warm_metadata(consumer: Consumer, topic: str) -> None:
    """Learn the partition leaders before assign(): librdkafka otherwise parks the first offset
    lookup of an assigned partition on a 500 ms retry timer while metadata is still in flight."""
    try:
        consumer.list_topics(topic, timeout=WARM_METADATA_TIMEOUT_S)
    except KafkaException:
        pass  # unreachable right now: the receive loop keeps trying like Kafka's consumer does


class _ConsumeSession:
    """The receive loop: honours --max-messages and --timeout-ms, stops on a closed stdout."""

    def __init__(
        self,
        consumer: Consumer,
        fmt: RecordFormat,
        max_messages: int | None,
        timeout_ms: int | None,
        stop: StopRequest,
    ) -> None:
        self.consumer = consumer
        self.stop = stop
        self.fmt = fmt
        self.limit = None if max_messages is None or max_messages < 0 else max_messages
        self.timeout_s = None if timeout_ms is None or timeout_ms < 0 else timeout_ms / 1000.0
        self.count = 0
        self._warned: set[str] = set()
        self.out: Any = getattr(sys.stdout, "buffer", None) or _TextSink(sys.stdout)

    def run(self) -> int:
        last_record = time.monotonic()
        while (self.limit is None or self.count < self.limit) and not self.stop.requested:
            wait = POLL_SLICE_S
            if self.timeout_s is not None:
                left = last_record + self.timeout_s - time.monotonic()
                if left <= 0:
                    break
                wait = min(wait, left)
            want = BATCH if self.limit is None else min(BATCH, self.limit - self.count)
            # poll() returns as soon as one record is there (consume() would wait for a full batch);
            # then take whatever else is already queued without waiting.
            first = self.consumer.poll(wait)
            if first is None:
                continue
            messages = [first]
            if want > 1:
                messages += self.consumer.consume(num_messages=want - 1, timeout=0)
            printed = 0
            for msg in messages:
                err = msg.error()
                if err is not None:
                    self._on_error(err)
                    continue
                if not self._write(self.fmt.format(msg)):
                    return 0
                self.count += 1
                printed += 1
            if printed:
                last_record = time.monotonic()
                if not self._flush():
                    return 0
        return 0

    def _on_error(self, err: KafkaError) -> None:
        if err.code() == KafkaError._PARTITION_EOF:
            return
        if err.fatal():
            raise CommandError.from_kafka(err)
        text = describe_error(err)
        if text not in self._warned:  # e.g. the topic does not exist (yet): Kafka keeps waiting
            self._warned.add(text)
            print(f"WARN {text}", file=sys.stderr, flush=True)

    def _write(self, data: bytes) -> bool:
        try:
            self.out.write(data)
            return True
        except BrokenPipeError:
            return self._closed_stdout()

    def _flush(self) -> bool:
        try:
            self.out.flush()
            return True
        except BrokenPipeError:
            return self._closed_stdout()

    def _closed_stdout(self) -> bool:
        print("Unable to write to standard out, closing consumer.", file=sys.stderr)
        try:  # keep the interpreter's final flush of stdout from failing again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return False


class _TextSink:
    """A bytes writer over a text stream without ``.buffer`` (e.g. a replaced sys.stdout)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, data: bytes) -> None:
        self._stream.write(data.decode("utf-8", errors="replace"))

    def flush(self) -> None:
        self._stream.flush()
