"""Connection profiles: librdkafka properties for SASL PLAIN / SCRAM and TLS that librdkafka itself
accepts (real certificate files, a real key password), validation, and storage — secrets in the OS
keyring and never in connections.json; on this headless machine (no keyring backend) for this
session only, and said so."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backend import KeyringBackend

from clients.admin import ClusterAdmin
from clients.errors import ConfigError
from clients.log_dirs import ssl_context, unsupported_reason
from clients.profiles import SASL_PASSWORD, SSL_KEY_PASSWORD, ConnectionProfile, ProfileError, ProfileStore
from tests.clients.tls_files import KEY_PASSWORD, TlsFiles, make_tls_files


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def accepted_by_librdkafka(settings: dict[str, Any]) -> None:
    """librdkafka checks every property, loads the CA, the certificate and the key (with its password)
    when the client is created — no connection needed (nothing listens on port 1)."""
    ClusterAdmin("127.0.0.1:1", 1.0, settings)


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_ssl_profile_builds_what_librdkafka_accepts(tls: TlsFiles, mechanism: str) -> None:
    profile = ConnectionProfile("prod", "kafka-1.example.com:9093,kafka-2.example.com:9093", client_id="ops",
                                security_protocol="SASL_SSL", sasl_mechanism=mechanism, sasl_username="alice",
                                ssl_ca_location=str(tls.ca), ssl_certificate_location=str(tls.cert),
                                ssl_key_location=str(tls.key), read_only=True)
    assert profile.problems() == []
    assert profile.secrets_needed() == (SASL_PASSWORD, SSL_KEY_PASSWORD)
    settings = profile.librdkafka_settings({SASL_PASSWORD: "s3cret", SSL_KEY_PASSWORD: KEY_PASSWORD})
    assert settings == {
        "client.id": "ops", "security.protocol": "SASL_SSL", "sasl.mechanisms": mechanism, "sasl.username": "alice",
        "sasl.password": "s3cret", "ssl.ca.location": str(tls.ca), "ssl.certificate.location": str(tls.cert),
        "ssl.key.location": str(tls.key), "ssl.key.password": KEY_PASSWORD,
        "ssl.endpoint.identification.algorithm": "https"}
    accepted_by_librdkafka(settings)
    with pytest.raises(ConfigError, match="ssl"):  # the wrong key password: librdkafka cannot read the key
        accepted_by_librdkafka(profile.librdkafka_settings({SASL_PASSWORD: "s3cret", SSL_KEY_PASSWORD: "wrong"}))
    assert unsupported_reason(settings) is None  # log-dir sizes are read with the same SASL login
    assert "GSSAPI" in (unsupported_reason({**settings, "sasl.mechanisms": "GSSAPI"}) or "")


def test_tls_only_profile_and_the_log_dirs_tls_context(tls: TlsFiles) -> None:
    profile = ConnectionProfile("tls", "localhost:9093", security_protocol="SSL", ssl_ca_location=str(tls.ca),
                                ssl_verify_hostname=False)
    settings = profile.librdkafka_settings()
    assert settings == {"client.id": "kafkalab", "security.protocol": "SSL", "ssl.ca.location": str(tls.ca),
                        "ssl.endpoint.identification.algorithm": "none"}
    accepted_by_librdkafka(settings)
    assert unsupported_reason(settings) is None
    ctx = ssl_context(settings)
    # only the given CA is trusted, as librdkafka does with ssl.ca.location
    assert ctx is not None and not ctx.check_hostname and ctx.cert_store_stats()["x509_ca"] == 1
    with_cert = ConnectionProfile("mtls", "localhost:9093", security_protocol="SSL", ssl_ca_location=str(tls.ca),
                                  ssl_certificate_location=str(tls.cert), ssl_key_location=str(tls.key))
    assert ssl_context(with_cert.librdkafka_settings({SSL_KEY_PASSWORD: KEY_PASSWORD})) is not None
    assert ssl_context(ConnectionProfile("plain", "h:1").librdkafka_settings()) is None


def test_profile_problems() -> None:
    assert ConnectionProfile("lab", "127.0.0.1:9092").problems() == []
    assert ConnectionProfile("lab", "127.0.0.1:9092").librdkafka_settings() == {
        "client.id": "kafkalab", "security.protocol": "PLAINTEXT"}
    problems = ConnectionProfile(" ", "nohost, h:99999", security_protocol="SASL_SSL", sasl_mechanism="GSSAPI",
                                 ssl_certificate_location="/c.pem", extra={"sasl.password": "x"}).problems()
    assert problems == [
        "the profile needs a name", "bootstrap server 'nohost': expected HOST:PORT",
        "bootstrap server 'h:99999': expected HOST:PORT",
        "SASL mechanism 'GSSAPI': one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512", "SASL needs a user name",
        "a client certificate needs its key, and a key its certificate",
        "sasl.password is a secret: it goes to the keyring, not into the profile"]
    assert ConnectionProfile("x", "h:1", sasl_username="bob", ssl_ca_location="/ca").problems() == [
        "SASL settings need security protocol SASL_PLAINTEXT or SASL_SSL, not PLAINTEXT",
        "TLS files need security protocol SSL or SASL_SSL, not PLAINTEXT"]


SASL = ConnectionProfile("prod", "kafka:9093", security_protocol="SASL_PLAINTEXT", sasl_mechanism="SCRAM-SHA-512",
                         sasl_username="alice", read_only=True, extra={"socket.keepalive.enable": "true"})


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No keyring backend, as on this headless machine (also where a desktop has one)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_secrets_stay_in_this_session_and_out_of_the_file(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "connections.json")
    storage = store.save(SASL, {SASL_PASSWORD: "pa55-w0rd"})
    assert not storage.persistent and "this session only" in storage.description
    text = (tmp_path / "connections.json").read_text()
    assert "pa55-w0rd" not in text and "password" not in json.loads(text)["profiles"][0]
    assert stat.S_IMODE((tmp_path / "connections.json").stat().st_mode) == 0o600
    assert store.get("prod") == SASL and store.secrets(SASL) == {SASL_PASSWORD: "pa55-w0rd"}
    again = ProfileStore(tmp_path / "connections.json")  # the next run: the profile, not the password
    assert again.get("prod") == SASL and again.secrets(SASL) == {}


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory, standing in for the desktop's (Secret Service, Keychain, …)."""

    priority = -1  # type: ignore[assignment]  # never chosen by keyring itself (it registers every subclass)

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


def test_with_a_keyring_secrets_outlive_the_session(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    store = ProfileStore(tmp_path / "c.json", keyring_backend=ring)
    assert store.save(SASL, {SASL_PASSWORD: "pa55-w0rd"}).persistent
    assert ring.stored == {("kafkalab", "prod/sasl.password"): "pa55-w0rd"}
    assert "pa55-w0rd" not in (tmp_path / "c.json").read_text()
    assert ProfileStore(tmp_path / "c.json", keyring_backend=ring).secrets(SASL) == {SASL_PASSWORD: "pa55-w0rd"}
    store.save(ConnectionProfile("lab", "127.0.0.1:9092"))
    assert [p.name for p in store.profiles()] == ["lab", "prod"]
    store.delete("prod")
    assert ring.stored == {} and [p.name for p in store.profiles()] == ["lab"]
    with pytest.raises(ProfileError, match="no connection profile named 'prod'"):
        store.get("prod")
    with pytest.raises(ProfileError, match="bootstrap"):
        store.save(ConnectionProfile("bad", ""))
