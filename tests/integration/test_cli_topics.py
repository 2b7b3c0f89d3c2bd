"""``kafkalab topics`` against a running cluster, through real sockets and real clients.

Covers the course exercise (create ``bigdata`` -> list -> describe -> produce 100 lines -> consume
them -> delete) and the errors a class runs into, each followed by a check that the cluster still
answers.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from clients.descriptions import PartitionView, TopicView, format_topic_id, topic_filter
from kafkalab.cli import topics
from kafkalab.cli.topics import format_partition_line, format_topic_line
from tests.conftest import wait_for

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "kafkalab"]

T = TypeVar("T")

pytestmark = pytest.mark.timeout(120)

SUMMARY = re.compile(
    r"^Topic: (?P<topic>\S+)\tTopicId: \S+\tPartitionCount: (?P<count>\d+)"
    r"\tReplicationFactor: (?P<rf>\d+)\tConfigs: (?P<configs>.*)$"
)
PARTITION = re.compile(
    r"^\tTopic: (?P<topic>\S+)\tPartition: (?P<partition>\d+)\tLeader: (?P<leader>\d+|none)"
    r"\tReplicas: (?P<replicas>[\d,]+)\tIsr: (?P<isr>[\d,]*)$"
)


def kafkalab(*args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kafkalab <args>`` the way a user runs ``kafkalab``."""
    return subprocess.run(
        [*CLI, *args], input=input, capture_output=True, text=True, cwd=REPO, timeout=timeout
    )


def eventually(check: Callable[[], T | None], what: str, timeout: float = 10.0) -> T:
    """``wait_for`` with the result typed: poll ``check`` until truthy, fail after ``timeout``."""
    return wait_for(check, timeout, what)  # type: ignore[return-value]


def topics_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``topics.main`` in-process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = topics.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], bootstrap: str) -> list[str]:
    code, out, err = topics_cli(capsys, "--bootstrap-server", bootstrap, "--list")
    assert code == 0, err
    return out.splitlines()


def describe_lines(capsys: pytest.CaptureFixture[str], bootstrap: str, topic: str) -> list[str]:
    code, out, err = topics_cli(capsys, "--bootstrap-server", bootstrap, "--describe", "--topic", topic)
    assert code == 0, err
    return out.splitlines()


def led_describe(
    capsys: pytest.CaptureFixture[str], bootstrap: str, topic: str, count: int
) -> list[str] | None:
    """The describe output of ``topic`` once it shows ``count`` partitions, all with a leader."""
    lines = describe_lines(capsys, bootstrap, topic)
    return lines if all_led(lines, count) else None


def all_led(lines: list[str], count: int) -> list[re.Match[str]] | None:
    """The partition lines of a describe output, once all ``count`` partitions have a leader."""
    matches = [m for m in (PARTITION.match(line) for line in lines) if m]
    if len(matches) == count and all(m["leader"] != "none" for m in matches):
        return matches
    return None


# --- the course exercise -------------------------------------------------------------------------


def test_course_exercise_bigdata(cluster: Any) -> None:
    b = cluster.bootstrap

    created = kafkalab(
        "topics",
        "--bootstrap-server",
        b,
        "--create",
        "--topic",
        "bigdata",
        "--partitions",
        "5",
        "--replication-factor",
        "1",
    )
    assert (created.returncode, created.stdout, created.stderr) == (0, "Created topic bigdata.\n", "")

    def list_output() -> list[str]:
        result = kafkalab("topics", "--bootstrap-server", b, "--list")
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    eventually(lambda: "bigdata" in list_output(), "bigdata listed")

    def described() -> list[str] | None:
        result = kafkalab("topics", "--bootstrap-server", b, "--describe", "--topic", "bigdata")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        return lines if all_led(lines, 5) else None

    lines = eventually(described, "5 partitions with leaders")
    summary = SUMMARY.match(lines[0])
    assert summary, lines[0]
    assert (summary["topic"], summary["count"], summary["rf"]) == ("bigdata", "5", "1")
    partitions = all_led(lines[1:], 5)
    assert partitions is not None
    assert sorted(int(m["partition"]) for m in partitions) == [0, 1, 2, 3, 4]
    for m in partitions:
        assert m["topic"] == "bigdata"
        assert m["replicas"] == m["leader"] == m["isr"]  # RF 1: the one replica leads and is in sync

    records = [f"record-{i:03d}" for i in range(100)]
    produced = kafkalab(
        "console-producer", "--bootstrap-server", b, "--topic", "bigdata", input="\n".join(records) + "\n"
    )
    assert produced.returncode == 0, produced.stderr

    consumed = kafkalab(
        "console-consumer",
        "--bootstrap-server",
        b,
        "--topic",
        "bigdata",
        "--from-beginning",
        "--max-messages",
        "100",
        "--timeout-ms",
        "30000",
    )
    assert consumed.returncode == 0, consumed.stderr
    assert sorted(consumed.stdout.splitlines()) == records
    assert "Processed a total of 100 messages" in consumed.stderr

    deleted = kafkalab("topics", "--bootstrap-server", b, "--delete", "--topic", "bigdata")
    assert (deleted.returncode, deleted.stdout, deleted.stderr) == (0, "", "")
    eventually(lambda: "bigdata" not in list_output(), "bigdata gone from --list")


# --- describe ------------------------------------------------------------------------------------


def test_describe_shows_config_overrides_and_filters(
    cluster: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    b = cluster.bootstrap
    code, out, err = topics_cli(
        capsys,
        "--bootstrap-server",
        b,
        "--create",
        "--topic",
        "compacted",
        "--partitions",
        "2",
        "--replication-factor",
        "1",
        "--config",
        "cleanup.policy=compact",
        "retention.ms=3600000",
    )
    assert (code, out, err) == (0, "Created topic compacted.\n", "")
    lines = eventually(lambda: led_describe(capsys, b, "compacted", 2), "compacted described")
    summary = SUMMARY.match(lines[0])
    assert summary, lines[0]
    configs = dict(item.split("=", 1) for item in summary["configs"].split(",") if item)
    assert configs == {"cleanup.policy": "compact", "retention.ms": "3600000"}

    # A healthy cluster has nothing under-replicated or unavailable; --topic is a regex.
    for flag in ("--under-replicated-partitions", "--unavailable-partitions"):
        code, out, err = topics_cli(
            capsys, "--bootstrap-server", b, "--describe", "--topic", "compact.*", flag
        )
        assert (code, out, err) == (0, "", "")
    code, out, _ = topics_cli(capsys, "--bootstrap-server", b, "--describe", "--topics-with-overrides")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["Topic: compacted"]


def test_alter_adds_partitions(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    assert (
        topics_cli(
            capsys,
            "--bootstrap-server",
            b,
            "--create",
            "--topic",
            "growing",
            "--partitions",
            "2",
            "--replication-factor",
            "1",
        )[0]
        == 0
    )
    code, out, err = topics_cli(
        capsys, "--bootstrap-server", b, "--alter", "--topic", "growing", "--partitions", "4"
    )
    assert (code, out, err) == (0, "", "")
    eventually(lambda: led_describe(capsys, b, "growing", 4), "4 partitions")


# --- errors: each names the Kafka error code and leaves the cluster serving ------------------------


ERROR_PREFIX = "Error while executing topic command : "


def assert_still_serving(capsys: pytest.CaptureFixture[str], bootstrap: str) -> list[str]:
    return listed(capsys, bootstrap)


def test_illegal_topic_name(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = topics_cli(
        capsys,
        "--bootstrap-server",
        cluster.bootstrap,
        "--create",
        "--topic",
        "bad/name",
        "--partitions",
        "1",
        "--replication-factor",
        "1",
    )
    assert code == 1
    assert out == ""
    assert err.startswith(ERROR_PREFIX) and err.rstrip().endswith("(INVALID_TOPIC_EXCEPTION)"), err
    assert "bad/name" not in assert_still_serving(capsys, cluster.bootstrap)


def test_replication_factor_larger_than_brokers(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    rf = str(cluster.num_brokers + 1)
    code, _, err = topics_cli(
        capsys,
        "--bootstrap-server",
        cluster.bootstrap,
        "--create",
        "--topic",
        "too-safe",
        "--partitions",
        "1",
        "--replication-factor",
        rf,
    )
    assert code == 1
    assert err.startswith(ERROR_PREFIX) and err.rstrip().endswith("(INVALID_REPLICATION_FACTOR)"), err
    assert "too-safe" not in assert_still_serving(capsys, cluster.bootstrap)


def test_decreasing_partitions_is_refused(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    assert (
        topics_cli(
            capsys,
            "--bootstrap-server",
            b,
            "--create",
            "--topic",
            "shrink",
            "--partitions",
            "3",
            "--replication-factor",
            "1",
        )[0]
        == 0
    )
    code, _, err = topics_cli(
        capsys, "--bootstrap-server", b, "--alter", "--topic", "shrink", "--partitions", "2"
    )
    assert code == 1
    assert err.startswith(ERROR_PREFIX) and err.rstrip().endswith("(INVALID_PARTITIONS)"), err
    assert "shrink" in assert_still_serving(capsys, b)
    assert all_led(describe_lines(capsys, b, "shrink"), 3)


def test_unknown_topic(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    expected = f"{ERROR_PREFIX}Topic 'nope' does not exist as expected (UNKNOWN_TOPIC_OR_PARTITION)\n"
    for action in (["--describe"], ["--delete"], ["--alter", "--partitions", "4"]):
        assert topics_cli(capsys, "--bootstrap-server", b, *action, "--topic", "nope") == (1, "", expected)
        # --if-exists turns "nothing matched" into a quiet no-op, like kafka-topics
        assert topics_cli(capsys, "--bootstrap-server", b, *action, "--topic", "nope", "--if-exists") == (
            0,
            "",
            "",
        )
    assert_still_serving(capsys, b)


def test_topic_already_exists(cluster: Any, capsys: pytest.CaptureFixture[str]) -> None:
    b = cluster.bootstrap
    create = (
        "--bootstrap-server",
        b,
        "--create",
        "--topic",
        "twice",
        "--partitions",
        "1",
        "--replication-factor",
        "1",
    )
    assert topics_cli(capsys, *create) == (0, "Created topic twice.\n", "")
    code, _, err = topics_cli(capsys, *create)
    assert code == 1 and err.startswith(ERROR_PREFIX) and err.rstrip().endswith("(TOPIC_ALREADY_EXISTS)"), err
    assert topics_cli(capsys, *create, "--if-not-exists") == (0, "", "")
    assert "twice" in assert_still_serving(capsys, b)


def test_unreachable_cluster_fails_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{sock.getsockname()[1]}"
    config = tmp_path / "admin.properties"
    config.write_text("# like kafka-topics' --command-config\ndefault.api.timeout.ms=1500\n")
    started = time.monotonic()
    code, out, err = topics_cli(capsys, "--bootstrap-server", dead, "--command-config", str(config), "--list")
    assert time.monotonic() - started < 8
    assert (code, out) == (1, "")
    assert err.startswith(ERROR_PREFIX) and dead in err and "Connection refused" in err, err
    assert re.search(r"\((_TRANSPORT|_TIMED_OUT)\)$", err.rstrip()), err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert topics_cli(capsys, "--bootstrap-server", "127.0.0.1:1")[0] == 2  # no action
    assert topics_cli(capsys, "--list")[0] == 2  # no bootstrap server
    assert topics_cli(capsys, "--bootstrap-server", "127.0.0.1:1", "--create")[0] == 2  # no topic
    code, _, err = topics_cli(capsys, "--bootstrap-server", "127.0.0.1:1", "--describe", "--partitions", "3")
    assert code == 2 and "--partitions" in err
    assert topics_cli(capsys, "--bootstrap-servers", "127.0.0.1:1", "--list", "--help")[0] == 0


# --- output formats (no cluster needed) ----------------------------------------------------------


def test_describe_line_formats() -> None:
    topic = TopicView(
        name="t",
        topic_id=format_topic_id(1, 2),
        partitions=(PartitionView(0, 2, (2, 3), (2,)), PartitionView(1, None, (3, 1), ())),
        configs=(("retention.ms", "1000", False), ("cleanup.policy", "delete", True)),
    )
    assert format_topic_line(topic) == (
        "Topic: t\tTopicId: AAAAAAAAAAEAAAAAAAAAAg\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: retention.ms=1000"
    )
    assert (
        format_partition_line("t", topic.partitions[0])
        == "\tTopic: t\tPartition: 0\tLeader: 2\tReplicas: 2,3\tIsr: 2"
    )
    assert (
        format_partition_line("t", topic.partitions[1])
        == "\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 3,1\tIsr: "
    )
    assert format_topic_id(0, 0) is None


def test_topic_filter_is_kafkas_include_list() -> None:
    allowed = topic_filter("big.*,logs", exclude_internal=True)
    assert [n for n in ("bigdata", "logs", "logs2", "__consumer_offsets") if allowed(n)] == [
        "bigdata",
        "logs",
    ]
    everything = topic_filter(None, exclude_internal=False)
    assert everything("__consumer_offsets")
    assert not topic_filter(None, exclude_internal=True)("__consumer_offsets")
