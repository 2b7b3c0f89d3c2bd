"""A lab certificate authority: a self-signed CA and a server certificate for localhost/127.0.0.1,
generated once into the data dir (``tls/ca.pem``, ``tls/server.pem``, ``tls/server.key``) and reused
at every start, so clients that trust ``ca.pem`` keep trusting the cluster across restarts.

Clients point ``ssl.ca.location`` (librdkafka) or ``ssl.truststore.location`` with
``ssl.truststore.type=PEM`` (Java) at ``ca.pem``; ``kafkalab serve`` prints its path on a
``KAFKALAB SECURITY ca=…`` line.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VALID_DAYS = 3650


@dataclass(frozen=True, slots=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path


def lab_tls_files(data_dir: Path, hosts: tuple[str, ...] = ("localhost", "127.0.0.1")) -> TlsFiles:
    """The data dir's CA and server certificate, made now if they are not there yet."""
    where = data_dir / "tls"
    files = TlsFiles(where / "ca.pem", where / "server.pem", where / "server.key")
    if files.ca.exists() and files.cert.exists() and files.key.exists():
        return files
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    _generate(files, hosts)
    log.info("generated a lab certificate authority in %s", where)
    return files


def _generate(files: TlsFiles, hosts: tuple[str, ...]) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=VALID_DAYS)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kafka Lab"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "Kafka Lab CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now).not_valid_after(until)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                            content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for h in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(h)))
        except ValueError:
            names.append(x509.DNSName(h))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kafka Lab"),
                                     x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    files.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    os.chmod(files.key, 0o600)
    files.cert.write_bytes(cert.public_bytes(pem) + ca_cert.public_bytes(pem))  # the chain up to the CA
    files.ca.write_bytes(ca_cert.public_bytes(pem))
