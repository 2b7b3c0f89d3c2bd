"""clients.config and clients.errors without a cluster: one client_config for the command line and the
app, one parse_duration, and Kafka's error names (not librdkafka's abbreviations)."""

from __future__ import annotations

import pytest
from confluent_kafka import KafkaError, KafkaException

from clients.config import APP_SETTINGS, app_config, client_config, parse_datetime, parse_duration
from clients.errors import ClientErrors, KafkaOpError, error_text, kafka_error_name


def test_client_config_layers_the_settings_over_quiet_logging() -> None:
    errors = ClientErrors()
    config = client_config("b:1", {"client.id": "x", "bootstrap.servers": "ignored"}, errors)
    assert config == {"bootstrap.servers": "b:1", "log_level": 0, "client.id": "x", "error_cb": errors}
    # asking for debug output turns librdkafka's log back on, unless a log_level is given too
    assert client_config("b:1", {"debug": "broker"})["log_level"] == 7
    assert client_config("b:1", {"debug": "broker", "log_level": "3"})["log_level"] == "3"


def test_the_apps_clients_are_named_and_skip_nagle() -> None:
    config = app_config("b:1", **{"client.id": "kafkalab-browser", "group.id": "g"})
    assert config["client.id"] == "kafkalab-browser" and config["group.id"] == "g"
    assert config["socket.nagle.disable"] is True and config["log_level"] == APP_SETTINGS["log_level"]
    assert "error_cb" not in config


@pytest.mark.parametrize(("text", "ms"), [("PT15M", 900_000), ("P1DT2H", 93_600_000), ("PT0.5S", 500),
                                          ("-PT1M", -60_000), ("pt1,5s", 1500), ("P2D", 172_800_000)])
def test_parse_duration_reads_java_durations(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize("text", ["", "P", "PT", "-P", "+P", "P1DT", "15M", "PT1X"])
def test_parse_duration_refuses_what_java_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="Error parsing duration"):
        parse_duration(text)


def test_parse_datetime_with_and_without_a_zone() -> None:
    assert parse_datetime("2024-01-02T03:04:05.678Z") == 1704164645678
    assert parse_datetime("2024-01-02T04:04:05.678+01:00") == 1704164645678
    with pytest.raises(ValueError, match="Error parsing timestamp"):
        parse_datetime("yesterday")


def test_errors_carry_kafkas_names() -> None:
    # librdkafka says UNKNOWN_TOPIC_OR_PART; Kafka (and kio's table) UNKNOWN_TOPIC_OR_PARTITION
    err = KafkaError(KafkaError.UNKNOWN_TOPIC_OR_PART)
    assert kafka_error_name(err) == "UNKNOWN_TOPIC_OR_PARTITION"
    op = KafkaOpError.from_kafka_error(KafkaException(err), "describing t")
    assert op.name == "UNKNOWN_TOPIC_OR_PARTITION" and op.message.startswith("describing t: ")
    # local errors keep librdkafka's underscore names
    assert kafka_error_name(KafkaError(KafkaError._TRANSPORT)) == "_TRANSPORT"


def test_error_text_is_name_then_message() -> None:
    assert KafkaOpError("INVALID_PARTITIONS", "Broker: Invalid partitions").text() == \
        "INVALID_PARTITIONS: Invalid partitions"
    assert KafkaOpError("", "Assignments can only be reset …").text() == "Assignments can only be reset …"
    assert error_text(TimeoutError()) == "REQUEST_TIMED_OUT: no answer from the cluster"
    assert error_text(ValueError("bad")) == "ValueError: bad"


def test_client_errors_report_each_connection_error_once() -> None:
    seen: list[str] = []
    errors = ClientErrors(on_new=seen.append)
    for ms in (1, 7):
        errors(KafkaError(KafkaError._TRANSPORT, f"b:1/bootstrap: Connect failed (after {ms}ms in state CONNECT)"))
    errors(KafkaError(KafkaError._ALL_BROKERS_DOWN, "1/1 brokers are down"))
    assert len(seen) == 2 and seen[0].endswith("(_TRANSPORT)")
    # the most telling reason: the connection failure, not "all brokers down"
    assert errors.reason() == "b:1/bootstrap: Connect failed (after 7ms in state CONNECT)"
