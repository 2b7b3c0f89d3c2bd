"""``kafkalab consumer-groups`` against a running cluster: list, describe (offsets, members,
state), delete, and every ``--reset-offsets`` scope, including the refusal on an active group."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from confluent_kafka import ConsumerGroupTopicPartitions, KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient

from kafkalab.cli import consumer_groups
from tests.conftest import RunningCluster, wait_for
from tests.integration.test_groups_support import (
    Closer,
    Poller,
    closer,
    commit_confluent,
    committed,
    confluent_consumer,
    consume,
    create_topic,
    group_image,
    groups_with_lag,
    produce,
)

pytestmark = pytest.mark.timeout(60)
__all__ = ["closer"]

REPO = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(?P<group>\S+)\s+(?P<topic>\S+)\s+(?P<partition>\d+)\s+(?P<current>\S+)\s+(?P<end>\S+)\s+"
                 r"(?P<lag>\S+)\s+(?P<consumer>\S+)\s+(?P<host>\S+)\s+(?P<client>\S+)$")


def cli(capsys: pytest.CaptureFixture[str], bootstrap: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = consumer_groups.main(["--bootstrap-server", bootstrap, *args])
    out, err = capsys.readouterr()
    return code, out, err


def offset_rows(out: str) -> list[dict[str, str]]:
    rows = []
    for line in out.splitlines():
        m = ROW.match(line)
        if m and m["group"] != "GROUP":
            rows.append(m.groupdict())
    return rows


def _stable_group(running: RunningCluster, closer: Closer, topic: str, group: str, members: int) -> list[Poller]:
    pollers = []
    for _ in range(members):
        c = confluent_consumer(running.bootstrap_servers, group)
        c.subscribe([topic])
        pollers.append(closer(Poller(c)))

    def stable() -> bool:
        image = group_image(running, group)
        return image is not None and image.state == "Stable" and len(image.members) == members and \
            sum(len(p.assignment) for p in pollers) == 2
    wait_for(stable, 15, f"{members} members in a stable group")
    return pollers


def test_list_describe_and_lag(cluster: RunningCluster, closer: Closer, capsys: pytest.CaptureFixture[str]) -> None:
    bs = cluster.bootstrap_servers
    create_topic(bs, "lagged")
    for p in (0, 1):
        produce(bs, "lagged", [b"x"] * (5 + p), partition=p)
    pollers = _stable_group(cluster, closer, "lagged", "describe-me", 2)
    wait_for(lambda: len(pollers[0].records) + len(pollers[1].records) == 11, 15, "all 11 records consumed")
    # a commit from outside the generation (as an admin tool does) is refused while the group is active...
    admin = AdminClient({"bootstrap.servers": bs})
    request = [ConsumerGroupTopicPartitions("describe-me", [TopicPartition("lagged", 0, 2)])]
    try:
        result = admin.alter_consumer_group_offsets(request)["describe-me"].result(15)
        errors = [tp.error for tp in result.topic_partitions]
    except KafkaException as e:
        errors = [e.args[0]]
    assert errors and all(err is not None and err.code() == KafkaError.UNKNOWN_MEMBER_ID for err in errors), errors
    # ...so the members commit themselves: p0 at 2 (lag 3), p1 at 6 (lag 0)
    for p in pollers:
        owned = {tp[1] for tp in p.assignment}
        p.commit("lagged", {q: {0: 2, 1: 6}[q] for q in owned})

    code, out, _err = cli(capsys, bs, "--list")
    assert code == 0 and "describe-me" in out.split()
    code, out, _err = cli(capsys, bs, "--list", "--state", "stable")
    assert code == 0 and re.search(r"^describe-me\s+Stable$", out, re.M)
    code, out, _err = cli(capsys, bs, "--list", "--state", "Empty")
    assert code == 0 and "describe-me" not in out

    code, out, _err = cli(capsys, bs, "--describe", "--group", "describe-me")
    assert code == 0, out
    header = [line for line in out.splitlines() if line.startswith("GROUP")][0]
    assert header.split() == ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                              "HOST", "CLIENT-ID"]
    rows = {int(r["partition"]): r for r in offset_rows(out)}
    assert set(rows) == {0, 1}
    for p, (current, end) in {0: (2, 5), 1: (6, 6)}.items():
        r = rows[p]
        assert (int(r["current"]), int(r["end"]), int(r["lag"])) == (current, end, end - current)
        assert r["host"] == "/127.0.0.1" and r["client"] == "rdkafka" and r["consumer"].startswith("rdkafka-")
    # the engine's view (engine.observe) agrees: lag = high watermark - committed
    image = groups_with_lag(cluster)["describe-me"]
    assert {(o.partition, o.committed_offset, o.log_end_offset, o.lag) for o in image.offsets} == {(0, 2, 5, 3), (1, 6, 6, 0)}
    assert image.total_lag == 3

    code, out, _err = cli(capsys, bs, "--describe", "--group", "describe-me", "--members", "--verbose")
    assert code == 0
    member_rows = [line.split() for line in out.splitlines() if line.startswith("describe-me")]
    assert len(member_rows) == 2 and sorted(r[4] for r in member_rows) == ["1", "1"]
    assert {r[5] for r in member_rows} == {"lagged(0)", "lagged(1)"}
    code, out, _err = cli(capsys, bs, "--describe", "--group", "describe-me", "--state")
    assert code == 0 and re.search(r"^describe-me\s+127\.0\.0\.1:\d+\s+\(\d\)\s+range\s+Stable\s+2$", out, re.M)

    code, out, _err = cli(capsys, bs, "--describe", "--group", "no-such-group")
    assert code == 1 and "Error: Consumer group 'no-such-group' does not exist." in out


def test_reset_refused_on_active_group(cluster: RunningCluster, closer: Closer,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    bs = cluster.bootstrap_servers
    create_topic(bs, "busy")
    produce(bs, "busy", [b"x"] * 4, partition=0)
    pollers = _stable_group(cluster, closer, "busy", "busy-group", 1)
    wait_for(lambda: len(pollers[0].records) == 4, 15, "records consumed")
    pollers[0].commit("busy", {0: 4})
    code, out, _err = cli(capsys, bs, "--reset-offsets", "--group", "busy-group", "--topic", "busy", "--to-earliest",
                          "--execute")
    assert code == 1
    assert ("Error: Assignments can only be reset if the group 'busy-group' is inactive, but the current state is "
            "Stable.") in out
    assert committed(bs, "busy-group") == {("busy", 0): 4}
    code, out, _err = cli(capsys, bs, "--delete", "--group", "busy-group")
    assert code == 1 and "NON_EMPTY_GROUP" in out
    pollers[0].stop()
    wait_for(lambda: (g := group_image(cluster, "busy-group")) is not None and g.state == "Empty", 15, "empty group")
    code, out, _err = cli(capsys, bs, "--delete", "--group", "busy-group")
    assert code == 0 and "Deletion of requested consumer groups ('busy-group') was successful." in out
    assert group_image(cluster, "busy-group") is None
    code, out, _err = cli(capsys, bs, "--delete", "--group", "busy-group")
    assert code == 1 and "GROUP_ID_NOT_FOUND" in out


def test_every_reset_scope(cluster: RunningCluster, closer: Closer, capsys: pytest.CaptureFixture[str]) -> None:
    bs = cluster.bootstrap_servers
    create_topic(bs, "reset")
    now_ms = int(time.time() * 1000)
    three_hours_ago = now_ms - 3 * 3600_000
    # partition p: records 0..5 three hours ago (one second apart), records 6..9 in the last minutes
    stamps = [three_hours_ago + i * 1000 for i in range(6)] + [now_ms - 60_000 + i * 1000 for i in range(4)]
    for p in (0, 1):
        produce(bs, "reset", [f"r{i}".encode() for i in range(10)], partition=p, timestamps=stamps)
    c = closer(confluent_consumer(bs, "resetter"))
    c.subscribe(["reset"])
    consume(c, 20)
    commit_confluent(c, "reset", {0: 7, 1: 7})
    c.close()
    group = ["--group", "resetter", "--topic", "reset"]

    def reset(*scope: str, run: str = "--execute") -> dict[tuple[str, int], int]:
        code, out, err = cli(capsys, bs, "--reset-offsets", *group, *scope, *([run] if run else []))
        assert code == 0, out + err
        shown = {(m[2], int(m[3])): int(m[4]) for m in re.finditer(r"^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)$", out, re.M)
                 if m[1] == "resetter"}
        assert shown, out
        return shown

    both = {("reset", 0), ("reset", 1)}
    assert reset("--to-earliest") == dict.fromkeys(both, 0) == committed(bs, "resetter")
    assert reset("--to-latest") == dict.fromkeys(both, 10) == committed(bs, "resetter")
    assert reset("--to-offset", "4") == dict.fromkeys(both, 4) == committed(bs, "resetter")
    assert reset("--shift-by", "-3") == dict.fromkeys(both, 1) == committed(bs, "resetter")
    assert reset("--shift-by", "100") == dict.fromkeys(both, 10) == committed(bs, "resetter")  # clamped to the end
    when = datetime.datetime.fromtimestamp(stamps[3] / 1000, tz=datetime.UTC).isoformat(timespec="milliseconds")
    assert reset("--to-datetime", when) == dict.fromkeys(both, 3) == committed(bs, "resetter")
    assert reset("--by-duration", "PT1H") == dict.fromkeys(both, 6) == committed(bs, "resetter")
    assert reset("--to-current") == dict.fromkeys(both, 6)
    # --dry-run and the default (no --execute) only show the plan
    assert reset("--to-earliest", run="--dry-run") == dict.fromkeys(both, 0)
    assert reset("--to-latest", run="") == dict.fromkeys(both, 10)
    assert committed(bs, "resetter") == dict.fromkeys(both, 6)
    code, out, _err = cli(capsys, bs, "--reset-offsets", "--group", "resetter", "--topic", "reset:1", "--to-offset", "2",
                          "--execute")
    assert code == 0 and committed(bs, "resetter") == {("reset", 0): 6, ("reset", 1): 2}
    code, out, _err = cli(capsys, bs, "--reset-offsets", "--group", "resetter", "--all-topics", "--to-earliest",
                          "--execute")
    assert code == 0 and committed(bs, "resetter") == dict.fromkeys(both, 0)
    # a new group can be given offsets before it ever runs; it then starts there
    code, out, _err = cli(capsys, bs, "--reset-offsets", "--group", "fresh", "--topic", "reset:0", "--to-offset", "8",
                          "--execute")
    assert code == 0
    c = closer(confluent_consumer(bs, "fresh"))
    c.subscribe(["reset"])
    got = consume(c, 12)
    assert sorted(o for p, o, _v in got if p == 0) == [8, 9]


def test_command_is_registered(cluster: RunningCluster) -> None:
    proc = subprocess.run([sys.executable, "-m", "kafkalab", "consumer-groups", "--bootstrap-server",
                           cluster.bootstrap, "--list"], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "kafkalab", "consumer-groups", "--bootstrap-server",
                           cluster.bootstrap, "--reset-offsets", "--group", "g", "--topic", "t"],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 2 and "to-earliest" in proc.stderr
