"""Helpers shared by the Kafka-tool-compatible sub-commands (topics, console-producer/-consumer).

The sub-commands speak the Kafka protocol through confluent-kafka, so they work against the
embedded cluster and against any real Kafka cluster alike. This module holds what they share:
``--property k=v`` style options, reading ``*.config`` property files, naming Kafka errors the
way Apache Kafka does (``UNKNOWN_TOPIC_OR_PARTITION``, not librdkafka's ``UNKNOWN_TOPIC_OR_PART``)
and turning librdkafka's error callbacks into a readable "why".
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from confluent_kafka import KafkaError, KafkaException

# How long one admin call may take before the tool gives up (a dead bootstrap must not hang).
DEFAULT_TIMEOUT_S = 10.0

# librdkafka short names whose Apache Kafka name differs, for when kio is not importable.
_LIBRDKAFKA_TO_KAFKA_NAMES = {
    "INVALID_MSG": "CORRUPT_MESSAGE",
    "UNKNOWN_TOPIC_OR_PART": "UNKNOWN_TOPIC_OR_PARTITION",
    "INVALID_MSG_SIZE": "INVALID_FETCH_SIZE",
    "NOT_LEADER_FOR_PARTITION": "NOT_LEADER_OR_FOLLOWER",
    "MSG_SIZE_TOO_LARGE": "MESSAGE_TOO_LARGE",
    "TOPIC_EXCEPTION": "INVALID_TOPIC_EXCEPTION",
}


# librdkafka appends "(after 3ms in state CONNECT)" to connection errors; ignored when de-duplicating.
_TIMING = re.compile(r" \(after \d+ms in state \w+(, \d+ identical error\(s\) suppressed)?\)")


class UsageError(Exception):
    """A command line that cannot be run (exit code 2)."""


class CommandError(Exception):
    """A failed Kafka operation, carrying the Kafka error code name (exit code 1)."""

    def __init__(self, message: str, error_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.error_name = error_name

    def __str__(self) -> str:
        if self.error_name:
            return f"{self.message} ({self.error_name})"
        return self.message

    @classmethod
    def from_kafka(cls, exc: KafkaException | KafkaError, context: str | None = None) -> CommandError:
        err = exc.args[0] if isinstance(exc, KafkaException) and exc.args else exc
        if isinstance(err, KafkaError):
            message = err.str()
            name: str | None = kafka_error_name(err)
        else:
            message, name = str(err), None
        if context:
            message = f"{context}: {message}"
        return cls(message, name)


def kafka_error_name(err: KafkaError) -> str:
    """Apache Kafka's name of a broker error code (librdkafka's ``_NAME`` for local errors)."""
    code = err.code()
    if code >= -1:
        try:
            # kio's ErrorCode enum is generated from Kafka's own error table.
            from kio.schema.errors import ErrorCode

            return ErrorCode(code).name.upper()
        except (ImportError, ValueError):
            pass
    name = err.name()
    return _LIBRDKAFKA_TO_KAFKA_NAMES.get(name, name)


def describe_error(err: KafkaError) -> str:
    """``<message> (<KAFKA_ERROR_NAME>)``."""
    return f"{err.str()} ({kafka_error_name(err)})"


class PropertiesAction(argparse.Action):
    """``--property a=1 b=2`` and ``--property a=1 --property b=2`` both collect ``[a=1, b=2]``."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("nargs", "+")
        kwargs.setdefault("default", [])
        kwargs.setdefault("metavar", "KEY=VALUE")
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        items = list(getattr(namespace, self.dest, None) or [])
        if isinstance(values, str):
            items.append(values)
        elif values is not None:
            items.extend(str(v) for v in values)
        setattr(namespace, self.dest, items)


def parse_properties(items: Sequence[str], option: str) -> dict[str, str]:
    """Turn ``["k=v", ...]`` into a dict; a missing ``=`` is a usage error naming the option."""
    props: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f'Invalid {option} "{item}": expected the format key=value')
        props[key.strip()] = value
    return props


def load_properties_file(path: str | None) -> dict[str, str]:
    """Read a Java ``.properties`` file (``k=v`` or ``k: v`` lines, ``#``/``!`` comments)."""
    if not path:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Cannot read config file {path}: {exc.strerror}") from exc
    props: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        cut = min((i for i in (line.find("="), line.find(":")) if i >= 0), default=-1)
        if cut < 0:
            props[line] = ""
        else:
            props[line[:cut].strip()] = line[cut + 1 :].strip()
    return props


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace | int:
    """argparse without ``sys.exit``: returns the namespace, or the exit code (0 help, 2 usage)."""
    try:
        return parser.parse_args(list(argv))
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)


def usage_failure(parser: argparse.ArgumentParser, message: str) -> int:
    """Print a usage error like argparse does and return exit code 2."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return 2


def add_bootstrap_option(parser: argparse.ArgumentParser, *extra_aliases: str) -> None:
    parser.add_argument(
        "--bootstrap-server",
        "--bootstrap-servers",
        *extra_aliases,
        dest="bootstrap_server",
        metavar="HOST:PORT",
        required=True,
        help="the Kafka server(s) to connect to, comma-separated (REQUIRED)",
    )


class ClientErrors:
    """Collects librdkafka's ``error_cb`` reports (connection refused, all brokers down, ...)."""

    def __init__(self, echo_prefix: str | None = None) -> None:
        self.errors: list[KafkaError] = []
        self._echo_prefix = echo_prefix
        self._echoed: set[str] = set()

    def __call__(self, err: KafkaError) -> None:
        self.errors.append(err)
        del self.errors[:-20]
        if self._echo_prefix is not None:
            text = describe_error(err)
            key = _TIMING.sub("", text)
            if key not in self._echoed:
                self._echoed.add(key)
                print(f"{self._echo_prefix}WARN {text}", file=sys.stderr, flush=True)

    def fatal(self) -> KafkaError | None:
        return next((e for e in reversed(self.errors) if e.fatal()), None)

    def reason(self) -> str | None:
        """The most telling recent error: a connection failure beats "all brokers down"."""
        for err in reversed(self.errors):
            if err.code() != KafkaError._ALL_BROKERS_DOWN:
                return err.str()
        return self.errors[-1].str() if self.errors else None


def client_config(
    bootstrap: str,
    errors: ClientErrors,
    defaults: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """librdkafka configuration: our defaults, then the user's properties, then error reporting.

    librdkafka's own log lines are silenced unless the user asks for ``debug``/``log_level``;
    connection problems still reach the user through ``errors`` and the error messages.
    """
    config: dict[str, Any] = {"bootstrap.servers": bootstrap, "log_level": 0}
    config.update(defaults or {})
    config.update(overrides or {})
    if "debug" in (overrides or {}) and "log_level" not in (overrides or {}):
        config["log_level"] = 7
    config["bootstrap.servers"] = bootstrap
    config["error_cb"] = errors
    return config


def invalid_config(exc: KafkaException, what: str) -> UsageError:
    err = exc.args[0] if exc.args else exc
    text = err.str() if isinstance(err, KafkaError) else str(err)
    return UsageError(f"Invalid {what} configuration: {text}")


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while a console tool runs, so it closes its client cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class StopRequest:
    """Ctrl-C / SIGTERM as a flag the receive loop checks between records (like Kafka's
    ``consumer.wakeup()`` from its shutdown hook), so a record is never half-handled.

    Outside the main thread signals cannot be caught; Ctrl-C then stays a KeyboardInterrupt.
    """

    def __init__(self) -> None:
        self.requested = False
        self.signum = int(signal.SIGINT)

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + signal number (130 for Ctrl-C, 143 for SIGTERM)."""
        return 128 + self.signum

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        self.signum = signum

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopRequest]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
