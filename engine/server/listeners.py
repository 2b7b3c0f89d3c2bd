"""A broker's secured listeners: one :class:`SocketServer` each beside the PLAINTEXT one, sharing the
broker's request handler (Kafka: one ``SocketServer`` with an acceptor per listener).

:class:`BrokerSecurity` is what the cluster gives every broker: the users' SCRAM credentials and
the TLS context (made once from ``--tls-cert``/``--tls-key`` or the lab CA in the data dir).
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from engine.config import BrokerConfig
from engine.network.security import Listener, ListenerSecurity, server_ssl_context
from engine.network.server import SocketServer
from engine.network.tls_files import lab_tls_files
from engine.server.request_handler import RequestHandler
from engine.server.sasl_authenticator import sasl_authenticator_factory
from engine.server.scram import CredentialStore


@dataclass
class BrokerSecurity:
    users: CredentialStore = field(default_factory=CredentialStore)
    ssl_context: ssl.SSLContext | None = None
    ca_file: Path | None = None  # the lab CA clients trust (None: the user's own certificate)


def cluster_security(config: ClusterSecurityConfig, data_dir: Path) -> BrokerSecurity:
    """The users' credentials and, if a listener uses TLS, the context from the given certificate or
    from the lab CA's (generated into ``data_dir`` the first time)."""
    security = BrokerSecurity(CredentialStore.from_passwords(config.sasl_users))
    if any(listener.tls for listener in config.listeners):
        if config.tls_cert is not None and config.tls_key is not None:
            security.ssl_context = server_ssl_context(config.tls_cert, config.tls_key)
        else:
            files = lab_tls_files(data_dir)
            security.ssl_context = server_ssl_context(files.cert, files.key)
            security.ca_file = files.ca
    return security


class ClusterSecurityConfig(Protocol):
    listeners: list[Listener]
    sasl_users: dict[str, str]
    tls_cert: Path | None
    tls_key: Path | None


def listener_servers(host: str, listeners: Sequence[tuple[Listener, int]], security: BrokerSecurity | None,
                     requests: RequestHandler, config: BrokerConfig) -> list[SocketServer]:
    """One server per (listener, this broker's port on it)."""
    servers = []
    for listener, port in listeners:
        ctx = None
        if listener.tls:
            if security is None or security.ssl_context is None:
                raise ValueError(f"listener {listener} needs a TLS certificate")
            ctx = security.ssl_context
        auth = None
        if listener.sasl:
            auth = sasl_authenticator_factory(requests, security.users if security is not None else CredentialStore())
        servers.append(SocketServer(listener.host or host, port, config.get_int("socket.request.max.bytes"),
                                    requests.handle_frame, config.get_int("queued.max.request.bytes"),
                                    ListenerSecurity(listener.name, ctx, auth)))
    return servers
