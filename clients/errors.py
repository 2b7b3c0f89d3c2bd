"""Kafka errors with Apache Kafka's names.

librdkafka names a few broker errors its own way (``UNKNOWN_TOPIC_OR_PART``); Kafka Lab shows
Kafka's (``UNKNOWN_TOPIC_OR_PARTITION``), the names of ``org.apache.kafka.common.protocol.Errors``.
:class:`KafkaOpError` is every failed client operation; :class:`ClientErrors` collects librdkafka's
``error_cb`` reports (connection refused, all brokers down, …) so a failure can say why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when needed: the app loads confluent-kafka on its first client call
    from confluent_kafka import KafkaError, KafkaException

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
TIMING = re.compile(r" \(after \d+ms in state \w+(, \d+ identical error\(s\) suppressed)?\)")
_KEEP_ERRORS = 20


def kafka_error_name(err: Any) -> str:
    """Apache Kafka's name of a broker error code (librdkafka's ``_NAME`` for local errors)."""
    code = err.code() if hasattr(err, "code") else None
    if isinstance(code, int) and code >= -1:
        try:
            # kio's ErrorCode enum is generated from Kafka's own error table.
            from kio.schema.errors import ErrorCode

            return ErrorCode(code).name.upper()
        except (ImportError, ValueError):
            pass
    name = err.name() if hasattr(err, "name") else str(err)
    return _LIBRDKAFKA_TO_KAFKA_NAMES.get(name, name)


def describe_error(err: KafkaError) -> str:
    """``<message> (<KAFKA_ERROR_NAME>)``, as Kafka's tools print a failure."""
    return f"{err.str()} ({kafka_error_name(err)})"


class KafkaOpError(Exception):
    """A failed Kafka operation: ``name`` is Kafka's error name (e.g. INVALID_REPLICATION_FACTOR,
    empty when there is none) and ``message`` what the broker or the client said."""

    def __init__(self, name: str, message: str = "") -> None:
        super().__init__(f"{name}: {message}" if message and name else message or name)
        self.name = name
        self.message = message

    def text(self) -> str:
        """``NAME: message`` (librdkafka's ``Broker:`` prefix left out), as the app shows it."""
        message = self.message.removeprefix("Broker: ")
        if not self.name:
            return message
        return f"{self.name}: {message}" if message and message != self.name else self.name

    @staticmethod
    def from_kafka_error(err: KafkaError | KafkaException | Any, context: str | None = None) -> KafkaOpError:
        """From a librdkafka error (or the KafkaException carrying one); ``context`` prefixes the message."""
        from confluent_kafka import KafkaException

        if isinstance(err, KafkaException) and err.args:
            err = err.args[0]
        if hasattr(err, "str") and hasattr(err, "code"):
            message, name = err.str(), kafka_error_name(err)
        else:
            message, name = str(err), ""
        return KafkaOpError(name, f"{context}: {message}" if context else message)

    @staticmethod
    def wrap(exc: BaseException) -> KafkaOpError:
        if isinstance(exc, KafkaOpError):
            return exc
        args = getattr(exc, "args", ())
        if args and hasattr(args[0], "code") and hasattr(args[0], "str"):
            return KafkaOpError.from_kafka_error(args[0])
        if isinstance(exc, TimeoutError):
            return KafkaOpError("REQUEST_TIMED_OUT", str(exc) or "no answer from the cluster")
        return KafkaOpError(type(exc).__name__, str(exc))


def error_text(exc: BaseException) -> str:
    """Any exception of a client call as ``NAME: message``."""
    return KafkaOpError.wrap(exc).text()


def is_unreachable(exc: KafkaException) -> bool:
    """A local timeout or transport failure: the cluster did not answer."""
    from confluent_kafka import KafkaError

    err = exc.args[0] if exc.args else None
    return isinstance(err, KafkaError) and err.code() in (KafkaError._TIMED_OUT, KafkaError._TRANSPORT)


class ConfigError(ValueError):
    """A client configuration librdkafka refuses (an unknown property, a bad value)."""

    @staticmethod
    def from_kafka(exc: KafkaException, what: str) -> ConfigError:
        from confluent_kafka import KafkaError

        err = exc.args[0] if exc.args else exc
        text = err.str() if isinstance(err, KafkaError) else str(err)
        return ConfigError(f"Invalid {what} configuration: {text}")


class ClientErrors:
    """Collects librdkafka's ``error_cb`` reports (connection refused, all brokers down, ...).

    ``on_new`` receives each report the first time it is seen (as ``message (NAME)``, timing left
    out when comparing), e.g. to show it to a user once."""

    def __init__(self, on_new: Callable[[str], None] | None = None) -> None:
        self.errors: list[KafkaError] = []
        self._on_new = on_new
        self._seen: set[str] = set()

    def __call__(self, err: KafkaError) -> None:
        self.errors.append(err)
        del self.errors[:-_KEEP_ERRORS]
        if self._on_new is not None:
            text = describe_error(err)
            key = TIMING.sub("", text)
            if key not in self._seen:
                self._seen.add(key)
                self._on_new(text)

    def fatal(self) -> KafkaError | None:
        return next((e for e in reversed(self.errors) if e.fatal()), None)

    def authentication_failure(self) -> KafkaError | None:
        """The last SASL authentication failure the brokers answered (librdkafka reports it as its own
        ``_AUTHENTICATION``; Kafka's name is SASL_AUTHENTICATION_FAILED)."""
        from confluent_kafka import KafkaError

        return next((e for e in reversed(self.errors)
                     if e.code() == KafkaError._AUTHENTICATION and "SASL authentication error" in e.str()), None)

    def reason(self) -> str | None:
        """The most telling recent error: a connection failure beats "all brokers down"."""
        from confluent_kafka import KafkaError

        for err in reversed(self.errors):
            if err.code() != KafkaError._ALL_BROKERS_DOWN:
                return err.str()
        return self.errors[-1].str() if self.errors else None
