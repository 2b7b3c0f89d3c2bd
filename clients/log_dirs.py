"""DescribeLogDirs (Kafka's ``kafka-log-dirs --describe``), which confluent-kafka does not offer.

One short-lived connection per broker: ApiVersions v0 (does the broker serve DescribeLogDirs, and
which versions?), then DescribeLogDirs for all topics, both encoded and decoded by kio (the generated
message classes of Apache Kafka's own JSON schemas). The answer is each replica's size on that
broker and the log directory holding it. Plain TCP and TLS (``security.protocol`` PLAINTEXT / SSL,
the CA / certificate / key files of the client configuration), and SASL (SASL_PLAINTEXT / SASL_SSL)
with PLAIN or SCRAM-SHA-256/512 and the configuration's ``sasl.username``/``sasl.password``:
SaslHandshake v1 then SaslAuthenticate (KIP-152, :mod:`clients.sasl_client`). Other mechanisms
(GSSAPI, OAUTHBEARER) are declared missing (:func:`unsupported_reason`) instead of half-implemented.
"""

from __future__ import annotations

import io
import os
import socket
import ssl
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from kio.serial import entity_reader, entity_writer

from clients.errors import KafkaOpError, kafka_error_name
from clients.sasl_client import MECHANISMS, SaslError, ScramClient, plain_token

API_VERSIONS = 18
DESCRIBE_LOG_DIRS = 35
SASL_HANDSHAKE, SASL_AUTHENTICATE = 17, 36
VERSIONS = (1, 2, 3, 4)  # v0 is gone from Kafka 4.0 (KIP-896); kio has v1..v5
_SIZE = struct.Struct(">i")
_MAX_FRAME = 256 << 20


@dataclass(frozen=True, slots=True)
class LogDirReplica:
    log_dir: str
    size_bytes: int
    offset_lag: int  # Kafka's: max(0, this replica's HW − its LEO) — not its lag behind the leader


@dataclass(frozen=True, slots=True)
class BrokerLogDirs:
    broker_id: int
    log_dirs: tuple[str, ...]
    replicas: Mapping[tuple[str, int], LogDirReplica]


class _Code:
    """An error code with kafka_error_name's interface."""

    def __init__(self, code: int) -> None:
        self._code = code

    def code(self) -> int:
        return self._code


def error_name(code: int) -> str:
    return kafka_error_name(_Code(int(code)))


def unsupported_reason(config: Mapping[str, Any]) -> str | None:
    """Why DescribeLogDirs cannot be asked with this client configuration (None: it can)."""
    protocol = str(config.get("security.protocol", "plaintext")).lower()
    mechanism = str(config.get("sasl.mechanisms", config.get("sasl.mechanism", "GSSAPI"))).upper()
    if protocol.startswith("sasl") and mechanism not in MECHANISMS:
        return (f"DescribeLogDirs is read over Kafka Lab's own connection, which speaks SASL PLAIN and SCRAM "
                f"but not {mechanism}")
    if protocol in ("ssl", "sasl_ssl") and any(config.get(k) for k in ("ssl.certificate.pem", "ssl.key.pem", "ssl.keystore.location")):
        return "DescribeLogDirs over TLS needs the client certificate and key as PEM files"
    if protocol not in ("plaintext", "ssl", "sasl_plaintext", "sasl_ssl"):
        return f"unknown security.protocol {protocol!r}"
    return None


def ssl_context(config: Mapping[str, Any]) -> ssl.SSLContext | None:
    """A TLS context from librdkafka's properties (None for PLAINTEXT)."""
    if str(config.get("security.protocol", "plaintext")).lower() not in ("ssl", "sasl_ssl"):
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # hostname checks and verification on
    ca = config.get("ssl.ca.location")
    if ca and os.path.isdir(ca):
        ctx.load_verify_locations(capath=ca)
    elif ca:
        ctx.load_verify_locations(cafile=ca)
    if config.get("ssl.ca.pem"):
        ctx.load_verify_locations(cadata=str(config["ssl.ca.pem"]))
    if not ca and not config.get("ssl.ca.pem"):
        ctx.load_default_certs()  # librdkafka's default: the system's CAs
    if config.get("ssl.certificate.location"):
        ctx.load_cert_chain(config["ssl.certificate.location"], config.get("ssl.key.location") or None,
                            config.get("ssl.key.password") or None)
    if str(config.get("ssl.endpoint.identification.algorithm", "https")).lower() == "none":
        ctx.check_hostname = False
    if str(config.get("enable.ssl.certificate.verification", "true")).lower() == "false":
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class _Connection:
    def __init__(self, host: str, port: int, client_id: str, timeout_s: float, tls: ssl.SSLContext | None) -> None:
        self.client_id = client_id.encode()
        raw = socket.create_connection((host, port), timeout=timeout_s)
        try:
            self.sock = tls.wrap_socket(raw, server_hostname=host) if tls is not None else raw
        except BaseException:
            raw.close()
            raise
        self.correlation = 0

    def close(self) -> None:
        self.sock.close()

    def request(self, api_key: int, version: int, entity: Any, response_cls: Any) -> Any:
        self.correlation += 1
        buf = io.BytesIO()
        buf.write(b"\0\0\0\0")
        buf.write(struct.pack(">hhih", api_key, version, self.correlation, len(self.client_id)) + self.client_id)
        if type(entity).__flexible__:
            buf.write(b"\0")  # request header v2: no tagged fields
        entity_writer(type(entity))(buf, entity)
        data = buf.getbuffer()
        _SIZE.pack_into(data, 0, len(data) - 4)
        self.sock.sendall(data)
        del data
        (size,) = _SIZE.unpack(self._read(4))
        if not 0 < size <= _MAX_FRAME:
            raise ConnectionError(f"bad response size {size}")
        frame = self._read(size)
        (got,) = _SIZE.unpack_from(frame, 0)
        if got != self.correlation:
            raise ConnectionError(f"correlation id {got} does not match {self.correlation}")
        offset = 4 + (1 if response_cls.__flexible__ and api_key != API_VERSIONS else 0)
        return entity_reader(response_cls)(frame, offset)[0]

    def _read(self, n: int) -> bytes:
        chunks = []
        while n:
            chunk = self.sock.recv(min(n, 1 << 20))
            if not chunk:
                raise ConnectionError("the broker closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)


def describe_log_dirs(broker_id: int, host: str, port: int, config: Mapping[str, Any],
                      timeout_s: float = 10.0) -> BrokerLogDirs:
    """Every replica one broker holds, with its size and log dir. Raises :class:`KafkaOpError`:
    UNSUPPORTED_VERSION when the broker does not serve DescribeLogDirs, the broker's error name
    (e.g. CLUSTER_AUTHORIZATION_FAILED) when it refuses, _TRANSPORT when it cannot be reached."""
    reason = unsupported_reason(config)
    if reason is not None:
        raise KafkaOpError("_UNSUPPORTED_FEATURE", reason)
    try:
        conn = _Connection(host, port, str(config.get("client.id", "kafkalab")), timeout_s, ssl_context(config))
    except (OSError, ssl.SSLError) as exc:
        raise KafkaOpError("_TRANSPORT", f"broker {broker_id} at {host}:{port}: {exc}") from exc
    try:
        authenticate(conn, config)
        version = _version(conn)
        req = import_module(f"kio.schema.describe_log_dirs.v{version}.request")
        resp = import_module(f"kio.schema.describe_log_dirs.v{version}.response")
        answer = conn.request(DESCRIBE_LOG_DIRS, version, req.DescribeLogDirsRequest(topics=None),
                              resp.DescribeLogDirsResponse)
    except (OSError, ConnectionError, ValueError, ssl.SSLError) as exc:
        raise KafkaOpError("_TRANSPORT", f"broker {broker_id} at {host}:{port}: {exc}") from exc
    finally:
        conn.close()
    top = int(getattr(answer, "error_code", 0) or 0)
    if top:
        raise KafkaOpError(error_name(top), f"DescribeLogDirs refused by broker {broker_id}")
    dirs: list[str] = []
    replicas: dict[tuple[str, int], LogDirReplica] = {}
    for result in answer.results:
        code = int(result.error_code)
        if code:
            if code == 29 or code == 31:  # TOPIC_/CLUSTER_AUTHORIZATION_FAILED
                raise KafkaOpError(error_name(code), f"DescribeLogDirs refused by broker {broker_id}")
            continue  # an offline log dir (KAFKA_STORAGE_ERROR): its replicas stay unknown
        dirs.append(str(result.log_dir))
        for topic in result.topics:
            for p in topic.partitions:
                if not p.is_future_key:
                    replicas[(str(topic.name), int(p.partition_index))] = LogDirReplica(
                        str(result.log_dir), int(p.partition_size), int(p.offset_lag))
    return BrokerLogDirs(broker_id, tuple(dirs), replicas)


def authenticate(conn: _Connection, config: Mapping[str, Any]) -> None:
    """Over SASL_PLAINTEXT / SASL_SSL: SaslHandshake v1, then the mechanism's tokens in SaslAuthenticate
    v1 requests (KIP-152); nothing otherwise."""
    if not str(config.get("security.protocol", "")).lower().startswith("sasl"):
        return
    from kio.schema.sasl_authenticate.v1.request import SaslAuthenticateRequest
    from kio.schema.sasl_authenticate.v1.response import SaslAuthenticateResponse
    from kio.schema.sasl_handshake.v1.request import SaslHandshakeRequest
    from kio.schema.sasl_handshake.v1.response import SaslHandshakeResponse

    mechanism = str(config.get("sasl.mechanisms", config.get("sasl.mechanism", "GSSAPI"))).upper()
    user, password = str(config.get("sasl.username", "")), str(config.get("sasl.password", ""))
    hs = conn.request(SASL_HANDSHAKE, 1, SaslHandshakeRequest(mechanism=mechanism), SaslHandshakeResponse)
    if int(hs.error_code):
        raise KafkaOpError(error_name(int(hs.error_code)), f"SASL mechanism {mechanism}: the broker offers "
                                                             f"{', '.join(hs.mechanisms)}")

    def step(token: bytes) -> bytes:
        answer = conn.request(SASL_AUTHENTICATE, 1, SaslAuthenticateRequest(auth_bytes=token), SaslAuthenticateResponse)
        if int(answer.error_code):
            raise KafkaOpError(error_name(int(answer.error_code)), str(answer.error_message or ""))
        return bytes(answer.auth_bytes)

    if mechanism == "PLAIN":
        step(plain_token(user, password))
        return
    scram = ScramClient(mechanism, user, password)
    try:
        scram.verify(step(scram.final(step(scram.first()))))
    except SaslError as exc:
        raise KafkaOpError("SASL_AUTHENTICATION_FAILED", str(exc)) from exc


def _version(conn: _Connection) -> int:
    from kio.schema.api_versions.v0.request import ApiVersionsRequest
    from kio.schema.api_versions.v0.response import ApiVersionsResponse

    answer = conn.request(API_VERSIONS, 0, ApiVersionsRequest(), ApiVersionsResponse)
    if int(answer.error_code):
        raise KafkaOpError(error_name(int(answer.error_code)), "ApiVersions failed")
    for key in answer.api_keys:
        if int(key.api_key) == DESCRIBE_LOG_DIRS:
            usable = [v for v in VERSIONS if int(key.min_version) <= v <= int(key.max_version)]
            if usable:
                return max(usable)
    raise KafkaOpError("UNSUPPORTED_VERSION", "the broker does not serve DescribeLogDirs (API 35) v1-v4")
