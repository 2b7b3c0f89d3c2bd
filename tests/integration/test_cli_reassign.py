"""``kafkalab reassign-partitions`` against a real cluster: --generate, --execute, --verify, --cancel
with kafka-reassign-partitions' JSON files and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kafkalab.cli import reassign_partitions
from tests.conftest import RunningCluster, wait_for
from tests.integration.clients import create_topic_with_assignment


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = reassign_partitions.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_generate_execute_verify(cluster: RunningCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_topic_with_assignment(cluster.bootstrap, "orders", {0: [0, 1], 1: [1, 0]})
    b = ["--bootstrap-server", cluster.bootstrap]
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps({"topics": [{"topic": "orders"}], "version": 1}))
    code, out, err = _run(capsys, *b, "--generate", "--topics-to-move-json-file", str(topics), "--broker-list", "1,2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Current partition replica assignment"
    assert json.loads(lines[1]) == {"version": 1, "partitions": [
        {"topic": "orders", "partition": 0, "replicas": [0, 1], "log_dirs": ["any", "any"]},
        {"topic": "orders", "partition": 1, "replicas": [1, 0], "log_dirs": ["any", "any"]}]}
    assert lines[3] == "Proposed partition reassignment configuration"
    proposed = json.loads(lines[4])
    assert [sorted(p["replicas"]) for p in proposed["partitions"]] == [[1, 2], [1, 2]]

    plan = tmp_path / "plan.json"
    plan.write_text(lines[4])
    code, out, err = _run(capsys, *b, "--execute", "--reassignment-json-file", str(plan), "--throttle", "50000000")
    assert code == 0 and "The inter-broker throttle limit was set to 50000000 B/s" in out, err
    assert out.startswith("Current partition replica assignment\n\n{")
    assert "Save this to use as the --reassignment-json-file option during rollback" in out
    assert out.rstrip().endswith("Successfully started partition reassignments for orders-0,orders-1")

    def verified() -> str:
        code, out, _err = _run(capsys, *b, "--verify", "--reassignment-json-file", str(plan))
        assert code == 0
        return out if "still in progress" not in out else ""

    out = str(wait_for(verified, timeout=30, what="the reassignment to complete"))
    assert out.splitlines() == ["Status of partition reassignment:",
                                "Reassignment of partition orders-0 is completed.",
                                "Reassignment of partition orders-1 is completed.",
                                "Clearing broker-level throttles on brokers 0,1,2",
                                "Clearing topic-level throttles on topic orders"]
    image = cluster.cluster.controller.image
    assert [image.partition("orders", p).replicas for p in (0, 1)] == \
        [tuple(p["replicas"]) for p in proposed["partitions"]]


def test_execute_in_progress_cancel_and_errors(cluster: RunningCluster, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    create_topic_with_assignment(cluster.bootstrap, "slow", {0: [0, 1]})
    cluster.engine.run(cluster.cluster.stop_broker(2))  # its new replica cannot catch up: stays in progress
    b = ["--bootstrap-server", cluster.bootstrap]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"version": 1, "partitions": [{"topic": "slow", "partition": 0, "replicas": [2, 1]}]}))
    assert _run(capsys, *b, "--execute", "--reassignment-json-file", str(plan))[0] == 0
    code, out, _ = _run(capsys, *b, "--verify", "--reassignment-json-file", str(plan))
    assert out.splitlines()[1] == "Reassignment of partition slow-0 is still in progress."
    assert _run(capsys, *b, "--list")[1].splitlines() == [
        "Current partition reassignments:", "slow-0: replicas: 2,1,0. adding: 2. removing: 0."]
    code, out, err = _run(capsys, *b, "--cancel", "--reassignment-json-file", str(plan))
    assert code == 0, err
    assert out.splitlines()[0] == "Successfully cancelled partition reassignments for: slow-0"
    assert _run(capsys, *b, "--list")[1] == "No partition reassignments found.\n"
    code, out, _ = _run(capsys, *b, "--verify", "--reassignment-json-file", str(plan))
    assert out.splitlines()[1] == ("There is no active reassignment of partition slow-0, but replica set is "
                                   "[1, 0] rather than [2, 1].")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "partitions": [{"topic": "slow", "partition": 0, "replicas": [0, 9]}]}))
    code, out, err = _run(capsys, *b, "--execute", "--reassignment-json-file", str(bad))
    assert code == 1 and "INVALID_REPLICA_ASSIGNMENT" in err and "no such broker is registered" in err
    code, _out, err = _run(capsys, *b, "--execute")
    assert code == 2 and "--execute needs --reassignment-json-file" in err
