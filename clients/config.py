"""Client configuration and the textual values Kafka's tools accept.

:func:`client_config` is the one place a librdkafka configuration is put together (the command
line passes the user's properties, the app :data:`APP_SETTINGS`); :func:`parse_duration` and
:func:`parse_datetime` read durations and instants the way ``kafka-consumer-groups`` does.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confluent_kafka import KafkaError

# How long one client call may take before it gives up (a dead bootstrap must not hang).
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_INTERVAL_S = 2.0  # an external cluster's poll interval (clients.external)

# The desktop app's clients: named so they are recognisable in a group's members, no Nagle delay for
# its small interactive requests, librdkafka's log quiet (connection errors surface as Kafka errors
# of the calls).
APP_SETTINGS: Mapping[str, Any] = {"client.id": "kafkalab-gui", "socket.nagle.disable": True, "log_level": 2}

_DURATION = re.compile(r"^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d+)?)S)?)?$",
                       re.IGNORECASE)


def client_config(bootstrap: str, settings: Mapping[str, Any] | None = None,
                  errors: Callable[[KafkaError], None] | None = None) -> dict[str, Any]:
    """librdkafka configuration: ``bootstrap.servers``, then ``settings``, then error reporting.

    librdkafka's own log lines are silenced unless the settings ask for ``debug`` or a
    ``log_level``; connection problems still reach the caller through ``errors`` (``error_cb``)
    and the errors of the calls.
    """
    given = dict(settings or {})
    config: dict[str, Any] = {"bootstrap.servers": bootstrap, "log_level": 0}
    config.update(given)
    if "debug" in given and "log_level" not in given:
        config["log_level"] = 7
    config["bootstrap.servers"] = bootstrap
    if errors is not None:
        config["error_cb"] = errors
    return config


def app_config(bootstrap: str, **settings: Any) -> dict[str, Any]:
    """The app's configuration (:data:`APP_SETTINGS`) with ``settings`` on top."""
    return client_config(bootstrap, {**APP_SETTINGS, **settings})


def parse_duration(text: str) -> int:
    """An ISO-8601 duration as ``java.time.Duration.parse`` reads it (``PnDTnHnMn.nS``) → ms.

    Raises ValueError with the message ``kafka-consumer-groups --by-duration`` prints."""
    t = text.strip()
    m = _DURATION.match(t)
    if not m or t.upper() in ("P", "PT", "-P", "+P") or t.upper().endswith("T"):
        raise ValueError(f"Error parsing duration '{text}': expected the format PnDTnHnMnS (e.g. PT15M, P1DT2H)")
    sign, days, hours, minutes, seconds = m.groups()
    ms = ((int(days or 0) * 24 + int(hours or 0)) * 60 + int(minutes or 0)) * 60_000
    ms += round(float((seconds or "0").replace(",", ".")) * 1000)
    return -ms if sign == "-" else ms


def parse_datetime(text: str) -> int:
    """``--to-datetime``'s ``YYYY-MM-DDTHH:mm:SS.sss`` (optional zone; local time without) → epoch ms."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"Error parsing timestamp '{text}': expected the format YYYY-MM-DDTHH:mm:SS.sss") from exc
    if value.tzinfo is None:
        value = value.astimezone()  # local time, as Kafka's Utils.getDateTime
    return int(value.timestamp() * 1000)
