"""Kafka errors as the views show them: the Kafka error name plus the broker's message."""

from __future__ import annotations

from typing import Any

# librdkafka abbreviates a few of Kafka's error names
_KAFKA_NAMES = {"UNKNOWN_TOPIC_OR_PART": "UNKNOWN_TOPIC_OR_PARTITION", "TOPIC_EXCEPTION": "INVALID_TOPIC_EXCEPTION",
                "NOT_LEADER_FOR_PARTITION": "NOT_LEADER_OR_FOLLOWER"}


class KafkaOpError(Exception):
    """A failed Kafka operation: ``name`` is Kafka's error name (e.g. INVALID_REPLICATION_FACTOR)."""

    def __init__(self, name: str, message: str = "") -> None:
        super().__init__(f"{name}: {message}" if message and name else message or name)
        self.name = name
        self.message = message

    def text(self) -> str:
        if not self.name:
            return self.message
        return f"{self.name}: {self.message}" if self.message and self.message != self.name else self.name

    @staticmethod
    def from_kafka_error(err: Any) -> KafkaOpError:
        name = err.name() if hasattr(err, "name") else str(err)
        name = _KAFKA_NAMES.get(name, name)
        message = err.str() if hasattr(err, "str") else str(err)
        if message.startswith("Broker: "):
            message = message[len("Broker: "):]
        return KafkaOpError(name, message)

    @staticmethod
    def wrap(exc: BaseException) -> KafkaOpError:
        if isinstance(exc, KafkaOpError):
            return exc
        args = getattr(exc, "args", ())
        if args and hasattr(args[0], "name") and hasattr(args[0], "str"):
            return KafkaOpError.from_kafka_error(args[0])
        if isinstance(exc, TimeoutError):
            return KafkaOpError("REQUEST_TIMED_OUT", str(exc) or "no answer from the cluster")
        return KafkaOpError(type(exc).__name__, str(exc))


def error_text(exc: BaseException) -> str:
    return KafkaOpError.wrap(exc).text()
