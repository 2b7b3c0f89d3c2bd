"""DescribeLogDirs over TLS (clients.log_dirs, Kafka Lab's own connection, since confluent-kafka has no
DescribeLogDirs): through a TLS terminator in front of a real broker, with a CA, a client
certificate and its encrypted key — and refused when the broker's certificate is not trusted."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clients.admin import ClusterAdmin
from clients.errors import KafkaOpError
from clients.log_dirs import describe_log_dirs
from clients.profiles import SSL_KEY_PASSWORD, ConnectionProfile
from tests.clients.tls_files import KEY_PASSWORD, TlsFiles, make_tls_files
from tests.conftest import RunningCluster


@contextlib.contextmanager
def tls_terminator(tls: TlsFiles, target: tuple[str, int]) -> Iterator[int]:
    """127.0.0.1:PORT speaking TLS (client certificates required), piping bytes to ``target``."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(tls.server_cert), str(tls.server_key))
    ctx.load_verify_locations(cafile=str(tls.ca))
    ctx.verify_mode = ssl.CERT_REQUIRED
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                raw.settimeout(10)
                conn = ctx.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                raw.close()
                continue
            upstream = socket.create_connection(target)
            for a, b in ((conn, upstream), (upstream, conn)):
                threading.Thread(target=pipe, args=(a, b), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(5)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def test_describe_log_dirs_over_tls(cluster_factory: Callable[..., RunningCluster], tls: TlsFiles,
                                    tmp_path: Path) -> None:
    cluster = cluster_factory(brokers=1)
    ClusterAdmin(cluster.bootstrap).create_topic("secure", 2, 1)
    host, port = cluster.bootstrap.rsplit(":", 1)
    profile = ConnectionProfile("tls", cluster.bootstrap, security_protocol="SSL", ssl_ca_location=str(tls.ca),
                                ssl_certificate_location=str(tls.cert), ssl_key_location=str(tls.key))
    settings = profile.librdkafka_settings({SSL_KEY_PASSWORD: KEY_PASSWORD})
    with tls_terminator(tls, (host, int(port))) as tls_port:
        dirs = describe_log_dirs(0, "127.0.0.1", tls_port, settings, timeout_s=10)
        assert {("secure", 0), ("secure", 1)} <= set(dirs.replicas) and dirs.log_dirs
        other_ca = make_tls_files(tmp_path)  # a CA that did not sign the broker's certificate
        untrusted = ConnectionProfile("tls", cluster.bootstrap, security_protocol="SSL",
                                      ssl_ca_location=str(other_ca.ca)).librdkafka_settings()
        with pytest.raises(KafkaOpError) as refused:
            describe_log_dirs(0, "127.0.0.1", tls_port, untrusted, timeout_s=10)
        assert refused.value.name == "_TRANSPORT" and "CERTIFICATE_VERIFY_FAILED" in refused.value.message
