"""Real TLS material for configuration tests: a CA, a client certificate signed by it with a
password-protected key, and the same as PKCS#12 — made with the openssl command line."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

KEY_PASSWORD = "k3y-pass"


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path  # encrypted with KEY_PASSWORD
    bundle: Path  # key + certificate in one PEM file (Java's PEM key store)
    p12: Path  # PKCS#12 with KEY_PASSWORD
    server_cert: Path  # for 127.0.0.1 / localhost, signed by the CA
    server_key: Path  # unencrypted


def make_tls_files(directory: Path) -> TlsFiles:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True, timeout=60)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    run("req", "-x509", *ec, "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=lab-ca")
    run("req", *ec, "-keyout", "client.key", "-passout", f"pass:{KEY_PASSWORD}", "-out", "client.csr",
        "-subj", "/CN=lab-client")
    run("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.pem", "-days", "2")
    run("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-passin", f"pass:{KEY_PASSWORD}",
        "-out", "client.p12", "-passout", f"pass:{KEY_PASSWORD}")
    run("req", *ec, "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (directory / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "san.ext")
    bundle = directory / "bundle.pem"
    bundle.write_text((directory / "client.key").read_text() + (directory / "client.pem").read_text())
    return TlsFiles(directory / "ca.pem", directory / "client.pem", directory / "client.key", bundle,
                    directory / "client.p12", directory / "server.pem", directory / "server.key")
