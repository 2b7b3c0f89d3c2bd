"""Kafka's client properties files (``--command-config``) as librdkafka properties: the SASL JAAS line,
PEM and PKCS#12 stores, the endpoint check, Java-only settings dropped with a note, and what
librdkafka cannot do refused with what to do instead. The results are handed to librdkafka itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from clients.admin import ClusterAdmin
from clients.command_config import librdkafka_settings, parse_jaas
from clients.errors import ConfigError
from kafkalab.cli._common import load_properties_file
from tests.clients.tls_files import KEY_PASSWORD, TlsFiles, make_tls_files


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def from_file(tmp_path: Path, text: str) -> tuple[dict[str, str], list[str]]:
    path = tmp_path / "client.properties"
    path.write_text(text)
    return librdkafka_settings(load_properties_file(str(path)))


def test_sasl_scram_over_tls_as_kafka_docs_write_it(tmp_path: Path, tls: TlsFiles) -> None:
    # a Java properties file: a continued line, and JAAS quoting escaped once more for the file
    settings, notes = from_file(tmp_path, r"""# as in Kafka's security docs
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
    username="alice" password="al\\\\ice-\\\"secret\\\"";
ssl.truststore.type=PEM
ssl.truststore.location=CA_FILE
ssl.endpoint.identification.algorithm=
ssl.enabled.protocols=TLSv1.2,TLSv1.3
client.id=ops-snapshot
""".replace("CA_FILE", str(tls.ca)))
    assert settings == {"security.protocol": "SASL_SSL", "sasl.mechanisms": "SCRAM-SHA-512",
                        "sasl.username": "alice", "sasl.password": 'al\\ice-"secret"',
                        "ssl.ca.location": str(tls.ca), "ssl.endpoint.identification.algorithm": "none",
                        "client.id": "ops-snapshot"}
    assert notes == ["The configuration 'ssl.enabled.protocols' is a Java client setting with no librdkafka "
                     "equivalent: ignored"]
    ClusterAdmin("127.0.0.1:1", 1.0, settings)  # librdkafka accepts all of it (and loads the CA)


def test_plain_login_and_stores(tmp_path: Path, tls: TlsFiles) -> None:
    module, options = parse_jaas('org.apache.kafka.common.security.plain.PlainLoginModule required '
                                 'username=bob password="p w";')
    assert (module, options) == ("org.apache.kafka.common.security.plain.PlainLoginModule",
                                 {"username": "bob", "password": "p w"})
    pkcs12, _ = librdkafka_settings({"security.protocol": "SSL", "ssl.keystore.type": "PKCS12",
                                     "ssl.keystore.location": str(tls.p12), "ssl.keystore.password": KEY_PASSWORD,
                                     "ssl.truststore.type": "PEM", "ssl.truststore.location": str(tls.ca)})
    assert pkcs12 == {"security.protocol": "SSL", "ssl.keystore.location": str(tls.p12),
                      "ssl.keystore.password": KEY_PASSWORD, "ssl.ca.location": str(tls.ca)}
    ClusterAdmin("127.0.0.1:1", 1.0, pkcs12)
    pem, _ = librdkafka_settings({"security.protocol": "SSL", "ssl.keystore.type": "PEM",
                                  "ssl.keystore.location": str(tls.bundle), "ssl.keystore.password": KEY_PASSWORD,
                                  "ssl.truststore.certificates": tls.ca.read_text()})
    assert pem == {"security.protocol": "SSL", "ssl.certificate.location": str(tls.bundle),
                   "ssl.key.location": str(tls.bundle), "ssl.key.password": KEY_PASSWORD,
                   "ssl.ca.pem": tls.ca.read_text()}
    ClusterAdmin("127.0.0.1:1", 1.0, pem)


def test_librdkafka_style_files_pass_through() -> None:
    props = {"security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "PLAIN", "sasl.username": "u",
             "sasl.password": "p", "socket.keepalive.enable": "true"}
    assert librdkafka_settings(props) == (props, [])


@pytest.mark.parametrize(("props", "message"), [
    ({"ssl.truststore.location": "/etc/kafka/truststore.jks"}, "cannot read a JKS trust store; export"),
    ({"ssl.keystore.location": "/k.jks", "ssl.keystore.type": "JKS"}, "cannot read a JKS key store; convert"),
    ({"sasl.jaas.config": "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"},
     "OAuthBearerLoginModule is not supported"),
    ({"sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"x\";"},
     "needs username and password"),
    ({"sasl.jaas.config": "username=x"}, "Invalid sasl.jaas.config"),
])
def test_what_librdkafka_cannot_do_is_refused_with_a_way_out(props: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        librdkafka_settings(props)
