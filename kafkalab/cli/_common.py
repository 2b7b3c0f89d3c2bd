"""What the command-line tools share: ``--property k=v`` style options, reading ``*.config``
property files, argparse without ``sys.exit``, printing failures the way Apache Kafka's tools do
(``<message> (<KAFKA_ERROR_NAME>)``) and Ctrl-C / SIGTERM handling.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from clients.command_config import librdkafka_settings, read_properties
from clients.errors import KafkaOpError


class UsageError(Exception):
    """A command line that cannot be run (exit code 2)."""


def failure_text(exc: KafkaOpError) -> str:
    """``<message> (<KAFKA_ERROR_NAME>)``, as Kafka's tools print a failed operation."""
    return f"{exc.message} ({exc.name})" if exc.name else exc.message


def warn(text: str) -> None:
    """A client's non-fatal error, as the console tools show it (``WARN <message> (<NAME>)``)."""
    print(f"WARN {text}", file=sys.stderr, flush=True)


def flag_property(props: dict[str, str], key: str, default: bool = False) -> bool:
    """A ``true``/``false`` property (anything but ``true`` is false, as Java's parseBoolean)."""
    value = props.get(key)
    return default if value is None else value.strip().lower() == "true"


def bytes_property(props: dict[str, str], key: str, default: str) -> bytes:
    return props.get(key, default).encode("utf-8")


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
    """Read a Java ``.properties`` file as ``java.util.Properties`` does (:func:`clients.command_config.read_properties`)."""
    if not path:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Cannot read config file {path}: {exc.strerror}") from exc
    return read_properties(text)


def command_config_settings(props: dict[str, str]) -> dict[str, str]:
    """A ``--command-config`` file (Kafka's Java client properties) for librdkafka; what is left out
    is said on stderr as Kafka's tools warn about unused settings. ConfigError when it cannot be honoured."""
    settings, notes = librdkafka_settings(props)
    for note in notes:
        warn(note)
    return settings


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
