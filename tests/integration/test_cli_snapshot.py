"""``kafkalab snapshot`` as a user runs it: the JSON is the live ClusterImage JSON (the engine's own type
reads it, and it agrees with the engine's take_snapshot), the summary, --command-config (Kafka's
properties), --profile (saved profiles, secrets not stored → refused off a terminal), exit codes and
Kafka error names."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from clients.admin import ClusterAdmin
from clients.profiles import ConnectionProfile, ProfileStore
from engine.observe import ClusterImage
from engine.observe.snapshot import take_snapshot
from tests.conftest import RunningCluster, wait_for
from tests.integration.attach_support import first_difference, protocol_view

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(180)


def snapshot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kafkalab", "snapshot", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=60, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


@pytest.fixture
def lab(cluster_factory: Callable[..., RunningCluster]) -> RunningCluster:
    cluster = cluster_factory()
    admin = ClusterAdmin(cluster.bootstrap)
    admin.create_topic("orders", 3, 3, {"retention.ms": "7200000"})
    admin.alter_group_offsets("billing", {("orders", 1): 0})
    return cluster


def test_json_is_the_live_cluster_image(lab: RunningCluster) -> None:
    diff: list[str | None] = []

    def same() -> bool:
        done = snapshot("--bootstrap-server", lab.bootstrap, "--json")
        assert done.returncode == 0, done.stderr
        assert done.stdout.count("\n") == 1  # one line
        data = json.loads(done.stdout)
        assert json.loads(json.dumps(ClusterImage.from_json(data).to_json())) == data  # the engine's type reads it
        engine = json.loads(json.dumps(lab.engine.call(lambda: take_snapshot(lab.cluster)).to_json()))
        diff[:] = [first_difference(protocol_view(data), protocol_view(engine))]
        return diff[0] is None

    try:
        wait_for(same, 30, "kafkalab snapshot --json to agree with the engine")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {diff[0]}") from None


def test_summary_and_capabilities(lab: RunningCluster) -> None:
    done = snapshot("--bootstrap-server", lab.bootstrap)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Cluster ") and f"at {lab.bootstrap}: 3 brokers, controller " in lines[0]
    assert sum(" running" in line for line in lines[1:4]) == 3 and sum("controller" in ln for ln in lines[1:4]) == 1
    assert "  orders  partitions 3  RF 3  under-replicated 0  offline 0  records 0  configs retention.ms=7200000" in lines
    assert "  billing  Empty  members 0  lag 0" in lines
    assert "Not available from this cluster:" in lines and not any(ln.startswith("  kill_broker") for ln in lines)
    caps = snapshot("--bootstrap-server", lab.bootstrap, "--capabilities", "--json")
    data = json.loads(caps.stdout)
    assert data["kind"] == "external" and data["capabilities"]["kill_broker"]["available"] is False
    assert data["capabilities"]["replica_sizes"] == {"available": True, "how": "DescribeLogDirs, per broker"}


def test_command_config_in_kafkas_format(lab: RunningCluster, tmp_path: Path) -> None:
    config = tmp_path / "admin.properties"
    config.write_text("client.id=snapshot-test\ndefault.api.timeout.ms=20000\nssl.enabled.protocols=TLSv1.2\n"
                      "security.protocol=PLAINTEXT\n")
    done = snapshot("--bootstrap-server", lab.bootstrap, "--command-config", str(config), "--json")
    assert done.returncode == 0, done.stderr
    assert "WARN The configuration 'ssl.enabled.protocols' is a Java client setting" in done.stderr
    config.write_text("security.protocol=SSL\nssl.truststore.location=/etc/kafka/truststore.jks\n")
    done = snapshot("--bootstrap-server", lab.bootstrap, "--command-config", str(config))
    assert done.returncode == 2 and "cannot read a JKS trust store" in done.stderr
    config.write_text("no.such.librdkafka.property=1\n")
    done = snapshot("--bootstrap-server", lab.bootstrap, "--command-config", str(config))
    assert done.returncode == 2 and "No such configuration property" in done.stderr


def test_unreachable_cluster_exits_1_with_kafkas_error_name() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{sock.getsockname()[1]}"
    done = snapshot("--bootstrap-server", dead, "--timeout", "1500")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Error while taking the snapshot : ") and dead in done.stderr
    assert done.stderr.rstrip().endswith(("(_TRANSPORT)", "(_TIMED_OUT)")), done.stderr
    assert snapshot().returncode == 2  # neither a bootstrap server nor a profile


def test_profiles(lab: RunningCluster, tmp_path: Path) -> None:
    env = {"KAFKALAB_CONFIG_DIR": str(tmp_path), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    store = ProfileStore(tmp_path / "connections.json")
    store.save(ConnectionProfile("lab", lab.bootstrap, client_id="profiled", read_only=True))
    done = snapshot("--profile", "lab", "--capabilities", "--json", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["capabilities"]["writes"] == {
        "available": False, "how": "read-only connection profile 'lab'"}
    assert json.loads(snapshot("--profile", "lab", "--json", env=env).stdout)["cluster_id"]
    store.save(ConnectionProfile("secure", lab.bootstrap, security_protocol="SASL_PLAINTEXT",
                                 sasl_mechanism="SCRAM-SHA-256", sasl_username="alice"))
    done = snapshot("--profile", "secure", env=env)
    assert done.returncode == 2
    assert "needs its SASL password and none is stored (no OS keyring is available" in done.stderr
    done = snapshot("--profile", "nope", env=env)
    assert done.returncode == 2 and "no connection profile named 'nope'" in done.stderr
