"""``kafkalab console-consumer``, like Kafka's ``kafka-console-consumer``: follows a topic (a group
subscription, a pattern, or one partition from an offset — :class:`clients.readers.ConsumerWrapper`)
and prints each record like Kafka's ``DefaultMessageFormatter`` (:mod:`kafkalab.cli.message_formatter`).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from clients.errors import ClientErrors, ConfigError, KafkaOpError
from clients.readers import OFFSET_BEGINNING, OFFSET_END, ConsumerWrapper
from clients.serdes import decoder_for
from kafkalab.cli._common import (
    PropertiesAction,
    StopRequest,
    UsageError,
    add_bootstrap_option,
    failure_text,
    load_properties_file,
    parse_args,
    parse_properties,
    usage_failure,
    warn,
)
from kafkalab.cli.message_formatter import RecordFormat

# Consumers: librdkafka's default 1 s fetch.queue.backoff.ms stalls whenever its queue fills up.
CONSUMER_DEFAULTS = {"fetch.queue.backoff.ms": "10", "enable.partition.eof": "false"}
POLL_SLICE_S = 0.5  # longest blocking call, so Ctrl-C and --timeout-ms are noticed promptly
BATCH = 500


def build_parser() -> argparse.ArgumentParser:
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
    assignment: tuple[str, int, int] | None  # (topic, partition, offset): one partition, no subscription


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
    assignment = None if offset is None else (opts.topic, opts.partition, offset)
    pattern = None if opts.include is None else f"^(?:{opts.include})$"
    return ConsumerPlan(settings=settings, topic=opts.topic, pattern=pattern, assignment=assignment)


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    parsed = parse_args(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        plan = plan_consumer(parsed)
        fmt = RecordFormat.from_properties(parse_properties(parsed.property, "--property"))
        consumer = ConsumerWrapper(parsed.bootstrap_server, plan.settings, ClientErrors(on_new=warn), on_warning=warn)
    except (UsageError, ConfigError) as exc:
        return usage_failure(parser, str(exc))

    stop = StopRequest()
    session = _ConsumeSession(consumer, fmt, parsed.max_messages, parsed.timeout_ms, stop, plan.topic or "")
    code = 0
    with stop.installed():
        try:
            if plan.assignment is not None:
                consumer.assign(*plan.assignment)
            else:
                consumer.subscribe(plan.pattern or plan.topic or "")
            code = session.run()
        except KeyboardInterrupt:
            stop.requested = True
        except KafkaOpError as exc:
            print(f"ERROR Error processing message, terminating consumer process: {failure_text(exc)}",
                  file=sys.stderr)
            code = 1
        finally:
            consumer.close()  # commits (with a group) and leaves the group
            print(f"Processed a total of {session.count} messages", file=sys.stderr, flush=True)
    return stop.exit_code if stop.requested else code


class _ConsumeSession:
    """The receive loop: honours --max-messages and --timeout-ms, stops on a closed stdout."""

    def __init__(
        self,
        consumer: ConsumerWrapper,
        fmt: RecordFormat,
        max_messages: int | None,
        timeout_ms: int | None,
        stop: StopRequest,
        topic: str = "",
    ) -> None:
        self.consumer = consumer
        self.stop = stop
        self.fmt = fmt
        self.limit = None if max_messages is None or max_messages < 0 else max_messages
        self.timeout_s = None if timeout_ms is None or timeout_ms < 0 else timeout_ms / 1000.0
        self.count = 0
        self.decoder = decoder_for(fmt.schema_registry_url) if fmt.schema_registry_url else None
        self.topic = topic
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
            records = self.consumer.receive(want, wait)
            if not records:
                continue
            if self.decoder is not None:
                records = self.decoder.records(self.topic, records)
            for record in records:
                for d in (record.key_decoded, record.value_decoded):
                    if d is not None and not d.ok:
                        warn(f"partition {record.partition} offset {record.offset}: {d.error}")
                if not self._write(self.fmt.format(record)):
                    return 0
                self.count += 1
            last_record = time.monotonic()
            if not self._flush():
                return 0
        return 0

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
