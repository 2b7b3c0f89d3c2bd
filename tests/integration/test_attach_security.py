"""Attaching through a secured listener, for real: ``kafkalab snapshot`` against a ``kafkalab serve
--listener SASL_SSL://…`` process with Kafka's client properties (SCRAM-SHA-512 in ``sasl.jaas.config``,
the lab CA as a PEM trust store) and with librdkafka's, prints the image the PLAINTEXT listener gives —
with the secure ports; a wrong password exits 1 with Kafka's error name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from clients.admin import ClusterAdmin
from tests.conftest import ServeProcess, start_serve, wait_for
from tests.integration.attach_support import first_difference, protocol_view, security_lines

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "alice-s3cret"
JAAS = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="{0}";'
pytestmark = pytest.mark.timeout(180)


class Secured:
    def __init__(self, sp: ServeProcess, lines: dict[str, str]) -> None:
        self.sp = sp
        self.secure = lines["SASL_SSL"]
        self.ca = lines["ca"]


@pytest.fixture(scope="module")
def secured() -> Iterator[Secured]:
    sp = start_serve(["--brokers", "3", "--port", "0", "--temp", "--log-level", "WARNING",
                      "--listener", "SASL_SSL://:0", "--sasl-user", f"alice:{PASSWORD}"])
    try:
        lines = security_lines(sp)
        ClusterAdmin(sp.bootstrap).create_topic("payments", 3, 3)
        p = Producer({"bootstrap.servers": sp.bootstrap, "linger.ms": 5})
        for i in range(30):
            p.produce("payments", f"pay-{i}".encode(), partition=i % 3)
        assert p.flush(10) == 0
        c = Consumer({"bootstrap.servers": sp.bootstrap, "group.id": "ledger", "enable.auto.commit": False})
        c.commit(offsets=[TopicPartition("payments", i, 4) for i in range(3)], asynchronous=False)
        c.close()
        yield Secured(sp, lines)
    finally:
        sp.stop()


def snapshot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kafkalab", "snapshot", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=60, stdin=subprocess.DEVNULL, env=dict(os.environ))


def _ports(image: dict[str, Any]) -> list[int]:
    return sorted(b["port"] for b in image["brokers"])


def _as_plaintext(image: dict[str, Any], ports: dict[int, int]) -> dict[str, Any]:
    """The image with each broker's port replaced by its PLAINTEXT one (the rest must be the same)."""
    view = protocol_view(image)
    for b in view["brokers"]:
        b["port"] = ports[b["broker_id"]]
    return view


def test_snapshot_through_sasl_ssl_with_kafkas_client_properties(secured: Secured, tmp_path: Path) -> None:
    config = tmp_path / "client.properties"
    config.write_text("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                      f"sasl.jaas.config={JAAS.format(PASSWORD)}\n"
                      f"ssl.truststore.location={secured.ca}\nssl.truststore.type=PEM\n")
    first = secured.secure.split(",")[0]
    diff: list[str | None] = [None]
    secure_ports = sorted(int(hp.rsplit(":", 1)[1]) for hp in secured.secure.split(","))

    def same() -> bool:
        done = snapshot("--bootstrap-server", first, "--command-config", str(config), "--json")
        assert done.returncode == 0, done.stderr
        image = json.loads(done.stdout)
        plain = snapshot("--bootstrap-server", secured.sp.bootstrap, "--json")
        assert plain.returncode == 0, plain.stderr
        reference = json.loads(plain.stdout)
        assert _ports(image) == secure_ports  # the brokers as the secure listener names them
        ports = {b["broker_id"]: b["port"] for b in reference["brokers"]}
        diff[0] = first_difference(_as_plaintext(image, ports), protocol_view(reference))
        return diff[0] is None

    try:
        wait_for(same, 40, "the SASL_SSL snapshot to agree with the PLAINTEXT one")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {diff[0]}") from None


def test_snapshot_with_librdkafkas_properties_and_a_wrong_password(secured: Secured, tmp_path: Path) -> None:
    config = tmp_path / "librdkafka.properties"
    config.write_text("security.protocol=SASL_SSL\nsasl.mechanisms=SCRAM-SHA-256\nsasl.username=alice\n"
                      f"sasl.password={PASSWORD}\nssl.ca.location={secured.ca}\n")
    first = secured.secure.split(",")[0]
    done = snapshot("--bootstrap-server", first, "--command-config", str(config), "--json")
    assert done.returncode == 0, done.stderr
    image = json.loads(done.stdout)
    (payments,) = [t for t in image["topics"] if t["name"] == "payments"]
    assert len(payments["partitions"]) == 3
    (ledger,) = [g for g in image["groups"] if g["group_id"] == "ledger"]
    assert sorted(o["committed_offset"] for o in ledger["offsets"]) == [4, 4, 4]

    config.write_text("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                      f"sasl.jaas.config={JAAS.format('not-the-password')}\nssl.ca.location={secured.ca}\n")
    done = snapshot("--bootstrap-server", first, "--command-config", str(config), "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.rstrip().endswith("(SASL_AUTHENTICATION_FAILED)"), done.stderr
    assert "Authentication failed: Invalid user credentials" in done.stderr


def test_reassignments_log_in_on_kafka_labs_own_connection(secured: Secured, tmp_path: Path) -> None:
    """``reassign-partitions`` talks KIP-455's APIs over a kio connection of its own: it logs in with SCRAM."""
    config = tmp_path / "client.properties"
    config.write_text("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                      f"sasl.jaas.config={JAAS.format(PASSWORD)}\nssl.truststore.location={secured.ca}\n"
                      "ssl.truststore.type=PEM\n")
    done = subprocess.run([sys.executable, "-m", "kafkalab", "reassign-partitions", "--bootstrap-server",
                           secured.secure.split(",")[0], "--command-config", str(config), "--list"],
                          capture_output=True, text=True, cwd=REPO, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "No partition reassignments found.\n"
