"""``kafkalab console-producer``, like Kafka's ``kafka-console-producer``: reads stdin line by line
(:mod:`kafkalab.cli.line_reader`) and produces each line as a record, partitioned as Kafka's console
producer does (keys by murmur2, records without a key sticky for ``batch.size`` bytes —
:class:`clients.producers.RecordProducer`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clients.config import DEFAULT_TIMEOUT_S
from clients.errors import ClientErrors, ConfigError, KafkaOpError
from clients.partitioners import MURMUR2
from clients.producers import RecordProducer
from kafkalab.cli._common import (
    PropertiesAction,
    UsageError,
    add_bootstrap_option,
    failure_text,
    load_properties_file,
    parse_args,
    parse_properties,
    terminate_as_interrupt,
    usage_failure,
    warn,
)
from kafkalab.cli.line_reader import LineFormat, LineFormatError, parse_line, read_lines

EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
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


def _producer_settings(opts: argparse.Namespace) -> dict[str, str]:
    """Config file < --producer-property < explicit options (ConsoleProducer.producerProps)."""
    props = load_properties_file(opts.producer_config)
    props.update(parse_properties(opts.producer_property, "--producer-property"))
    props.setdefault("client.id", "console-producer")
    props.setdefault("acks", "-1")
    # the Java client's partitioner (murmur2 of the key), not librdkafka's CRC32 consistent_random
    props.setdefault("partitioner", MURMUR2)
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


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    topic: str = parsed.topic
    try:
        fmt = LineFormat.from_properties(parse_properties(parsed.property, "--property"))
        settings = _producer_settings(parsed)
        producer = RecordProducer(parsed.bootstrap_server, settings, ClientErrors(on_new=warn),
                                  on_failure=lambda error, key, value: _print_failure(topic, error, key, value))
    except (UsageError, ConfigError) as exc:
        return usage_failure(parser, str(exc))
    with terminate_as_interrupt():
        try:
            code = _produce_lines(producer, topic, fmt, parsed.sync)
            undelivered = producer.drain(None)
        except KeyboardInterrupt:  # like Kafka's shutdown hook: close() still sends what is queued
            producer.drain(DEFAULT_TIMEOUT_S)
            return EXIT_INTERRUPTED
    if undelivered or producer.failed:
        failed = producer.failed + undelivered
        print(f"{failed} record(s) could not be delivered to topic {topic}", file=sys.stderr)
        return 1
    return code


def _print_failure(topic: str, error: str, key: bytes | None, value: bytes | None) -> None:
    """A failed delivery, like Kafka's ``ErrorLoggingCallback``."""
    key_text = "null" if key is None else f"{len(key)} bytes"
    value_text = "null" if value is None else f"{len(value)} bytes"
    print(f"Error when sending message to topic {topic} with key: {key_text}, value: {value_text} with error: "
          f"{error}", file=sys.stderr, flush=True)


def _produce_lines(producer: RecordProducer, topic: str, fmt: LineFormat, sync: bool) -> int:
    for number, line in enumerate(read_lines(sys.stdin.buffer), start=1):
        try:
            record = parse_line(line, number, fmt)
        except LineFormatError as exc:
            print(f"ERROR {exc}", file=sys.stderr, flush=True)
            return 1
        try:
            producer.send(topic, record.key, record.value, record.headers)
        except KafkaOpError as exc:
            print(f"ERROR Error when sending message on line number {number}: {failure_text(exc)}",
                  file=sys.stderr, flush=True)
            return 1
        if sync:
            producer.flush()
    return 0
