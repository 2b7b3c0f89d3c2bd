"""``kafkalab console-producer`` / ``console-consumer`` against a running cluster.

Checks Kafka's line reader (``parse.key``) and record formatter (``print.key``, ``print.partition``,
``print.offset``, ``print.timestamp``), consumer groups, ``--timeout-ms``, Ctrl-C and the
errors a producer reports with their Kafka error code names.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kafkalab.cli import console_consumer, console_producer, topics
from kafkalab.cli.line_reader import LineFormat, LineFormatError, parse_line

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "kafkalab"]

pytestmark = pytest.mark.timeout(120)


def create_topic(capsys: pytest.CaptureFixture[str], bootstrap: str, topic: str, *extra: str) -> None:
    capsys.readouterr()
    code = topics.main(
        [
            "--bootstrap-server",
            bootstrap,
            "--create",
            "--topic",
            topic,
            "--partitions",
            "1",
            "--replication-factor",
            "1",
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err


def produce(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lines: str, *args: str
) -> tuple[int, str]:
    """Run ``console_producer.main`` in-process with ``lines`` on stdin; returns (exit code, stderr)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    capsys.readouterr()
    code = console_producer.main(list(args))
    return code, capsys.readouterr().err


def consume(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``console_consumer.main`` in-process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = console_consumer.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_partitions_and_offsets(
    cluster: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "keyed")
    # --property takes several values at once ...
    code, err = produce(
        monkeypatch,
        capsys,
        "k1:v1\nk2:v:2\r\n:empty-key\n",
        "--bootstrap-server",
        b,
        "--topic",
        "keyed",
        "--property",
        "parse.key=true",
        "key.separator=:",
    )
    assert (code, err) == (0, "")
    # ... or one value per --property
    code, out, err = consume(
        capsys,
        "--bootstrap-server",
        b,
        "--topic",
        "keyed",
        "--partition",
        "0",
        "--offset",
        "earliest",
        "--max-messages",
        "3",
        "--timeout-ms",
        "10000",
        "--property",
        "print.key=true",
        "--property",
        "print.partition=true",
        "--property",
        "print.offset=true",
    )
    assert code == 0
    assert out.splitlines() == [
        "Partition:0\tOffset:0\tk1\tv1",
        "Partition:0\tOffset:1\tk2\tv:2",
        "Partition:0\tOffset:2\t\tempty-key",
    ]
    assert err.endswith("Processed a total of 3 messages\n")

    # from a given offset, with another key separator
    code, out, _ = consume(
        capsys,
        "--bootstrap-server",
        b,
        "--topic",
        "keyed",
        "--partition",
        "0",
        "--offset",
        "1",
        "--max-messages",
        "1",
        "--timeout-ms",
        "10000",
        "--property",
        "print.key=true",
        "key.separator= => ",
    )
    assert (code, out) == (0, "k2 => v:2\n")


def test_timestamp_and_null_key(
    cluster: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "plain")
    before_ms = int(time.time() * 1000)
    assert produce(monkeypatch, capsys, "no key here\n", "--bootstrap-server", b, "--topic", "plain") == (
        0,
        "",
    )
    code, out, _ = consume(
        capsys,
        "--bootstrap-server",
        b,
        "--topic",
        "plain",
        "--partition",
        "0",
        "--offset",
        "earliest",
        "--max-messages",
        "1",
        "--timeout-ms",
        "10000",
        "--property",
        "print.timestamp=true",
        "print.key=true",
    )
    assert code == 0
    match = re.fullmatch(r"CreateTime:(\d+)\tnull\tno key here\n", out)
    assert match, out
    assert before_ms - 60_000 <= int(match[1]) <= int(time.time() * 1000) + 60_000


def test_group_resumes_from_committed_offset(
    cluster: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "resume")
    assert produce(monkeypatch, capsys, "one\ntwo\n", "--bootstrap-server", b, "--topic", "resume")[0] == 0
    group = ("--bootstrap-server", b, "--topic", "resume", "--group", "readers", "--timeout-ms", "30000")
    code, out, _ = consume(capsys, *group, "--from-beginning", "--max-messages", "2")
    assert (code, out) == (0, "one\ntwo\n")
    assert produce(monkeypatch, capsys, "three\n", "--bootstrap-server", b, "--topic", "resume")[0] == 0
    # the group committed offset 2 when the first consumer closed: only the new record follows
    code, out, _ = consume(capsys, *group, "--max-messages", "1")
    assert (code, out) == (0, "three\n")


def test_timeout_on_an_empty_topic(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "quiet")
    started = time.monotonic()
    code, out, err = consume(
        capsys, "--bootstrap-server", b, "--topic", "quiet", "--partition", "0", "--timeout-ms", "500"
    )
    assert time.monotonic() - started < 8
    assert (code, out) == (0, "")
    assert err.endswith("Processed a total of 0 messages\n")


def test_missing_key_separator_stops_the_producer(
    cluster: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "strict")
    code, err = produce(
        monkeypatch,
        capsys,
        "a:1\nno separator\nb:2\n",
        "--bootstrap-server",
        b,
        "--topic",
        "strict",
        "--property",
        "parse.key=true",
        "key.separator=:",
    )
    assert code == 1
    assert "No key separator found on line number 2: 'no separator'" in err
    # what was read before the bad line is still delivered
    code, out, _ = consume(
        capsys,
        "--bootstrap-server",
        b,
        "--topic",
        "strict",
        "--partition",
        "0",
        "--offset",
        "earliest",
        "--timeout-ms",
        "1000",
        "--property",
        "print.key=true",
    )
    assert (code, out) == (0, "a\t1\n")


def test_delivery_error_names_the_kafka_error(
    cluster: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b = cluster.bootstrap
    # one replica can never satisfy min.insync.replicas=2, so acks=all must fail
    create_topic(capsys, b, "fragile", "--config", "min.insync.replicas=2")
    code, err = produce(
        monkeypatch,
        capsys,
        "lost\n",
        "--bootstrap-server",
        b,
        "--topic",
        "fragile",
        "--request-required-acks",
        "all",
        "--message-send-max-retries",
        "0",
        "--producer-property",
        "message.timeout.ms=8000",
    )
    assert code == 1
    assert "Error when sending message to topic fragile with key: null, value: 4 bytes with error:" in err
    assert "(NOT_ENOUGH_REPLICAS)" in err, err
    code, out, _ = consume(
        capsys,
        "--bootstrap-server",
        b,
        "--topic",
        "fragile",
        "--partition",
        "0",
        "--offset",
        "earliest",
        "--timeout-ms",
        "500",
    )
    assert (code, out) == (0, "")  # and the cluster still serves


def test_ctrl_c_closes_the_consumer(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    create_topic(capsys, b, "endless")
    produced = subprocess.run(
        [*CLI, "console-producer", "--bootstrap-server", b, "--topic", "endless"],
        input="first\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert produced.returncode == 0, produced.stderr
    proc = subprocess.Popen(
        [
            *CLI,
            "console-consumer",
            "--bootstrap-server",
            b,
            "--topic",
            "endless",
            "--partition",
            "0",
            "--offset",
            "earliest",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "first\n"  # blocks until the record is printed
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "Processed a total of 1 messages" in err
    assert "Traceback" not in err


def test_consumer_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    b = ("--bootstrap-server", "127.0.0.1:1")
    cases = {
        "The partition is required when offset is specified.": (*b, "--topic", "t", "--offset", "5"),
        "Valid values are 'earliest', 'latest', or a non-negative long.": (
            *b,
            "--topic",
            "t",
            "--partition",
            "0",
            "--offset",
            "-3",
        ),
        "Options from-beginning and offset cannot be specified together.": (
            *b,
            "--topic",
            "t",
            "--partition",
            "0",
            "--offset",
            "earliest",
            "--from-beginning",
        ),
        "Exactly one of --include/--topic is required.": b,
        "expected the format key=value": (*b, "--topic", "t", "--consumer-property", "oops"),
    }
    for message, args in cases.items():
        code, out, err = consume(capsys, *args)
        assert (code, out) == (2, ""), args
        assert message in err, err


def test_line_reader_like_kafka() -> None:
    fmt = LineFormat(parse_key=True, key_separator=b"::", parse_headers=True, null_marker=b"NULL")
    record = parse_line(b"h1:v1,h2:NULL\tk::v::w", 1, fmt)
    assert (record.key, record.value, record.headers) == (b"k", b"v::w", [("h1", b"v1"), ("h2", None)])
    assert parse_line(b"NULL\tNULL::NULL", 2, fmt).key is None
    with pytest.raises(LineFormatError, match="No key separator found on line number 3: 'h:1\tno key'"):
        parse_line(b"h:1\tno key", 3, fmt)
    lenient = LineFormat(parse_key=True, ignore_error=True)
    assert parse_line(b"just a value", 4, lenient).value == b"just a value"
