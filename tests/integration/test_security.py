"""Secured listeners with real clients: confluent-kafka over SASL_SSL (SCRAM-SHA-512, the lab CA) and
SASL_PLAINTEXT (PLAIN), kafka-python over SASL_PLAINTEXT (SCRAM-SHA-256), aiokafka over SSL; a wrong
password and a foreign CA are refused; records cross between the secure and the PLAINTEXT listeners;
a consumer group over SASL_SSL commits and resumes; the SASL exchange itself on the wire (ApiVersions
advertises it, requests before authentication close the connection, the pre-KIP-152 raw tokens)."""

from __future__ import annotations

import asyncio
import ssl
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from engine.cluster import ClusterConfig, KafkaCluster
from engine.network.client import KafkaConnection
from engine.network.security import parse_listener
from engine.network.tls_files import lab_tls_files
from engine.runtime import EngineThread
from tests.conftest import wait_for

USERS = {"alice": "alice-secret", "bob": "bob-secret"}


class Secured:
    def __init__(self, engine: EngineThread, cluster: KafkaCluster) -> None:
        self.engine = engine
        self.cluster = cluster
        assert cluster.security is not None and cluster.security.ca_file is not None
        self.ca = str(cluster.security.ca_file)

    def bootstrap(self, listener: str = "PLAINTEXT") -> str:
        b = self.cluster.brokers[0]
        return f"{b.host}:{b.port}" if listener == "PLAINTEXT" else f"{b.host}:{dict(b.endpoints)[listener]}"

    def ports(self, listener: str) -> set[int]:
        return {b.port if listener == "PLAINTEXT" else dict(b.endpoints)[listener] for b in self.cluster.brokers.values()}

    def conf(self, listener: str, mechanism: str = "", user: str = "alice", password: str | None = None) -> dict[str, Any]:
        conf: dict[str, Any] = {"bootstrap.servers": self.bootstrap(listener), "security.protocol": listener}
        if "SASL" in listener:
            conf.update({"sasl.mechanism": mechanism, "sasl.username": user,
                         "sasl.password": USERS[user] if password is None else password})
        if "SSL" in listener:
            conf["ssl.ca.location"] = self.ca
        return conf


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    config = ClusterConfig(num_brokers=2, port=0, data_dir=tmp_path_factory.mktemp("secured"),
                           listeners=[parse_listener(x) for x in ("SASL_SSL://:0", "SASL_PLAINTEXT://:0", "SSL://:0")],
                           sasl_users=dict(USERS))
    engine = EngineThread(config)
    cluster = engine.start()
    yield Secured(engine, cluster)
    engine.stop()


def _topic(secured: Secured, partitions: int = 2) -> str:
    name = f"secure-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": secured.bootstrap()})
    admin.create_topics([NewTopic(name, partitions, 2)])[name].result(15)
    return name


def _produce(conf: dict[str, Any], topic: str, values: list[bytes]) -> None:
    p = Producer({**conf, "linger.ms": 1, "acks": "all"})
    errors: list[Any] = []
    for v in values:
        p.produce(topic, v, on_delivery=lambda err, _m: errors.append(err) if err else None)
    assert p.flush(20) == 0 and not errors, errors


def _consume(conf: dict[str, Any], topic: str, n: int, group: str | None = None, commit: bool = False) -> list[bytes]:
    c = Consumer({**conf, "group.id": group or f"g-{uuid.uuid4().hex[:6]}", "auto.offset.reset": "earliest",
                  "enable.auto.commit": False, "fetch.queue.backoff.ms": 10})
    out: list[bytes] = []
    try:
        if group is None:
            md = c.list_topics(topic, timeout=10)
            c.assign([TopicPartition(topic, p, 0) for p in md.topics[topic].partitions])
        else:
            c.subscribe([topic])

        def more() -> bool:
            m = c.poll(0.2)
            if m is not None and m.error() is None:
                out.append(m.value())
            return len(out) >= n
        wait_for(more, 30, f"{n} records from {topic}")
        if commit:
            c.commit(asynchronous=False)
    finally:
        c.close()
    return out


def test_confluent_sasl_ssl_scram_sha_512_and_read_back_over_plaintext(secured: Secured) -> None:
    topic = _topic(secured)
    conf = secured.conf("SASL_SSL", "SCRAM-SHA-512")
    md = AdminClient(conf).list_topics(timeout=10)
    # a client bootstrapped on the secure port is only ever sent to secure ports
    assert {b.port for b in md.brokers.values()} == secured.ports("SASL_SSL")
    values = [f"tls-{i}".encode() for i in range(50)]
    _produce(conf, topic, values)
    assert sorted(_consume(secured.conf("PLAINTEXT"), topic, 50)) == sorted(values)


def test_confluent_sasl_plaintext_plain_reads_what_plaintext_produced(secured: Secured) -> None:
    topic = _topic(secured)
    values = [f"plain-{i}".encode() for i in range(30)]
    _produce(secured.conf("PLAINTEXT"), topic, values)
    conf = secured.conf("SASL_PLAINTEXT", "PLAIN", user="bob")
    assert {b.port for b in AdminClient(conf).list_topics(timeout=10).brokers.values()} == \
        secured.ports("SASL_PLAINTEXT")
    assert sorted(_consume(conf, topic, 30)) == sorted(values)


def test_kafka_python_sasl_plaintext_scram_sha_256(secured: Secured) -> None:
    from kafka import KafkaConsumer, KafkaProducer

    topic = _topic(secured, partitions=1)
    sasl = {"bootstrap_servers": secured.bootstrap("SASL_PLAINTEXT"), "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": "SCRAM-SHA-256", "sasl_plain_username": "alice", "sasl_plain_password": USERS["alice"]}
    producer = KafkaProducer(**sasl, acks="all")
    for i in range(10):
        producer.send(topic, f"kp-{i}".encode())
    producer.flush(20)
    producer.close()
    consumer = KafkaConsumer(topic, **sasl, auto_offset_reset="earliest", consumer_timeout_ms=15000)
    got = [m.value for _, m in zip(range(10), consumer, strict=False)]  # (range first: no 11th read)
    consumer.close()
    assert got == [f"kp-{i}".encode() for i in range(10)]
    assert sorted(_consume(secured.conf("PLAINTEXT"), topic, 10)) == sorted(got)


def test_aiokafka_over_ssl_with_the_lab_ca(secured: Secured) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    topic = _topic(secured, partitions=1)

    async def run() -> list[bytes]:
        ctx = ssl.create_default_context(cafile=secured.ca)
        kw = {"bootstrap_servers": secured.bootstrap("SSL"), "security_protocol": "SSL", "ssl_context": ctx}
        producer = AIOKafkaProducer(**kw)
        await producer.start()
        try:
            for i in range(10):
                await producer.send_and_wait(topic, f"aio-{i}".encode())
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(topic, **kw, auto_offset_reset="earliest")
        await consumer.start()
        out: list[bytes] = []
        try:
            async with asyncio.timeout(30):
                async for m in consumer:
                    out.append(m.value)
                    if len(out) == 10:
                        break
        finally:
            await consumer.stop()
        return out

    assert asyncio.run(run()) == [f"aio-{i}".encode() for i in range(10)]


def _errors_of(conf: dict[str, Any], topic: str) -> list[KafkaError]:
    errors: list[KafkaError] = []
    p = Producer({**conf, "error_cb": errors.append, "message.timeout.ms": 3000})
    p.produce(topic, b"must not arrive")
    wait_for(lambda: p.poll(0.1) is not None and False or errors, 15, "a client error")
    p.purge()
    p.flush(5)
    return errors


@pytest.mark.parametrize("listener,mechanism,message", [
    ("SASL_SSL", "SCRAM-SHA-512", "Authentication failed: Invalid user credentials"),
    ("SASL_PLAINTEXT", "PLAIN", "Authentication failed: Invalid username or password"),
])
def test_a_wrong_password_is_refused_and_nothing_is_produced(secured: Secured, listener: str, mechanism: str,
                                                             message: str) -> None:
    topic = _topic(secured, partitions=1)
    errors = _errors_of(secured.conf(listener, mechanism, password="wrong"), topic)
    assert errors[0].code() == KafkaError._AUTHENTICATION, errors
    assert "SASL authentication error" in errors[0].str() and message in errors[0].str()
    c = Consumer({"bootstrap.servers": secured.bootstrap(), "group.id": "watermarks"})
    assert c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10) == (0, 0)
    c.close()


def test_a_client_trusting_another_ca_fails_the_tls_handshake(secured: Secured, tmp_path: Path) -> None:
    other = lab_tls_files(tmp_path)  # a CA of its own: it did not sign the brokers' certificate
    conf = {**secured.conf("SASL_SSL", "SCRAM-SHA-512"), "ssl.ca.location": str(other.ca)}
    errors = _errors_of(conf, _topic(secured, partitions=1))
    assert errors[0].code() in (KafkaError._SSL, KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN), errors
    assert any("certificate verify failed" in e.str() for e in errors), [e.str() for e in errors]


def test_a_consumer_group_over_sasl_ssl_commits_and_resumes(secured: Secured) -> None:
    topic = _topic(secured)
    conf = secured.conf("SASL_SSL", "SCRAM-SHA-256", user="bob")
    _produce(conf, topic, [f"first-{i}".encode() for i in range(20)])
    first = _consume(conf, topic, 20, group="secure-group", commit=True)
    assert len(first) == 20
    _produce(conf, topic, [f"second-{i}".encode() for i in range(10)])
    # the group's coordinator is reached on its SASL_SSL port; the next member resumes at the commits
    assert sorted(_consume(conf, topic, 10, group="secure-group")) == sorted(f"second-{i}".encode() for i in range(10))
    admin = AdminClient(secured.conf("PLAINTEXT"))  # the commits, as any listener sees them
    committed = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions("secure-group")])["secure-group"]
    assert sum(tp.offset for tp in committed.result(15).topic_partitions) == 20


# ------------------------------------------------------------------ the exchange on the wire

def _handshake_v0_raw_plain(host: str, port: int, token: bytes) -> tuple[list[int], bytes, Any]:
    """ApiVersions, SaslHandshake v0 (PLAIN), a raw token, then Metadata v1."""
    async def run() -> tuple[list[int], bytes, Any]:
        conn = KafkaConnection(host, port, "wire-test", timeout_s=10)
        try:
            versions = await conn.request(18, 0, {})
            hs = await conn.request(17, 0, {"mechanism": "PLAIN"})
            assert hs.error_code == 0 and list(hs.mechanisms) == ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
            assert conn._writer is not None and conn._reader is not None
            conn._writer.write(struct.pack(">i", len(token)) + token)
            (size,) = struct.unpack(">i", await conn._reader.readexactly(4))
            reply = await conn._reader.readexactly(size)
            metadata = await conn.request(3, 1, {"topics": None})
            return [k.api_key for k in versions.api_keys], reply, metadata
        finally:
            await conn.close()
    return asyncio.run(run())


def test_the_sasl_exchange_on_the_wire(secured: Secured) -> None:
    host, port = secured.bootstrap("SASL_PLAINTEXT").split(":")
    keys, reply, metadata = _handshake_v0_raw_plain(host, int(port), b"\0alice\0" + USERS["alice"].encode())
    assert 17 in keys and 36 in keys  # ApiVersions advertises SaslHandshake and SaslAuthenticate
    assert reply == b""  # PLAIN's (empty) success token, size-prefixed, after a v0 handshake
    assert {b.port for b in metadata.brokers} == secured.ports("SASL_PLAINTEXT")

    async def before_auth() -> tuple[Any, Any]:
        conn = KafkaConnection(host, int(port), "wire-test", timeout_s=10)
        hs = await conn.request(17, 1, {"mechanism": "GSSAPI"})
        await conn.close()
        conn = KafkaConnection(host, int(port), "wire-test", timeout_s=10)
        try:
            await conn.request(3, 1, {"topics": None})
            metadata: Any = "answered"
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            metadata = e
        await conn.close()
        return hs, metadata

    hs, metadata = asyncio.run(before_auth())
    assert hs.error_code == 33 and list(hs.mechanisms) == ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
    assert isinstance(metadata, (asyncio.IncompleteReadError, ConnectionError))  # closed, as Kafka does

    async def plaintext_handshake() -> Any:
        conn = KafkaConnection(*secured.bootstrap().split(":")[:1], secured.cluster.brokers[0].port, "wire-test")
        try:
            return await conn.request(17, 1, {"mechanism": "PLAIN"})
        finally:
            await conn.close()

    assert asyncio.run(plaintext_handshake()).error_code == 34  # ILLEGAL_SASL_STATE on a listener without SASL


def test_connections_show_their_listener_and_principal(secured: Secured) -> None:
    from engine.control.fault_control import connections

    c = Consumer({**secured.conf("SASL_SSL", "SCRAM-SHA-512"), "group.id": "who", "client.id": "who-am-i"})
    try:
        c.list_topics(timeout=10)
        def authenticated() -> list[Any]:  # (a connection to another broker may still be logging in)
            rows = [r for r in secured.engine.call(lambda: connections(secured.cluster)) if r.client_id == "who-am-i"]
            return rows if rows and all(r.principal != "User:ANONYMOUS" for r in rows) else []
        rows = wait_for(authenticated, 10, "the client's connections to have logged in")
        assert {(r.listener, r.principal) for r in rows} == {("SASL_SSL", "User:alice")}
    finally:
        c.close()


def test_the_brokers_own_certificate_with_tls_cert_and_tls_key(tmp_path: Path) -> None:
    own = lab_tls_files(tmp_path / "own-ca")  # a certificate made elsewhere, given as --tls-cert/--tls-key
    config = ClusterConfig(num_brokers=1, port=0, data_dir=tmp_path / "data", listeners=[parse_listener("SSL://:0")],
                           tls_cert=own.cert, tls_key=own.key)
    engine = EngineThread(config)
    cluster = engine.start()
    try:
        assert cluster.security is not None and cluster.security.ca_file is None  # no lab CA was made
        assert not (tmp_path / "data" / "tls").exists()
        b = cluster.brokers[0]
        admin = AdminClient({"bootstrap.servers": f"{b.host}:{dict(b.endpoints)['SSL']}", "security.protocol": "SSL",
                             "ssl.ca.location": str(own.ca)})
        assert {n.port for n in admin.list_topics(timeout=10).brokers.values()} == {dict(b.endpoints)["SSL"]}
    finally:
        engine.stop()
