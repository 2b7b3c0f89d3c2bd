"""Listeners with security protocols, as Kafka's ``listeners`` config declares them.

``SASL_SSL://:9093`` is a listener named ``SASL_SSL`` with that security protocol (Kafka's
``listener.security.protocol.map`` maps names to protocols; here a listener's name is its protocol).
Broker ``i`` binds it on ``port + i`` (0: an OS-chosen port each). The PLAINTEXT listener
(``--port``) stays, and brokers replicate over it (Kafka's ``inter.broker.listener.name``).

A :class:`ListenerSecurity` is what one SocketServer needs: its name, the TLS context (SSL,
SASL_SSL) and, for SASL listeners, the factory of the per-connection authenticator that stands
before the request handler until the client has authenticated (the server module calls it once per
connection, so the PLAINTEXT path pays nothing per request).
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL = "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"
SECURITY_PROTOCOLS = (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)
ANONYMOUS = "User:ANONYMOUS"  # Kafka's principal for a connection nobody authenticated


@dataclass(frozen=True, slots=True)
class Listener:
    """One ``NAME://host:port`` entry of Kafka's ``listeners``."""

    name: str
    host: str
    port: int  # broker 0's; broker i uses port + i (0: OS-chosen for every broker)

    @property
    def security_protocol(self) -> str:
        return self.name

    @property
    def tls(self) -> bool:
        return self.name in (SSL, SASL_SSL)

    @property
    def sasl(self) -> bool:
        return self.name in (SASL_PLAINTEXT, SASL_SSL)

    def port_of(self, broker_index: int) -> int:
        return 0 if self.port == 0 else self.port + broker_index

    def __str__(self) -> str:
        return f"{self.name}://{self.host}:{self.port}"


def parse_listener(text: str, default_host: str = "") -> Listener:
    """``SASL_SSL://:9093`` or ``SSL://127.0.0.1:9094`` (Kafka's listener syntax)."""
    name, sep, address = text.partition("://")
    name = name.strip().upper()
    if not sep or name not in SECURITY_PROTOCOLS:
        raise ValueError(f"listener {text!r}: expected NAME://HOST:PORT with NAME one of {', '.join(SECURITY_PROTOCOLS)}")
    host, colon, port_text = address.rpartition(":")
    if not colon:
        raise ValueError(f"listener {text!r}: no port")
    try:
        port = int(port_text)
    except ValueError:
        raise ValueError(f"listener {text!r}: the port {port_text!r} is not a number") from None
    if not 0 <= port <= 65535:
        raise ValueError(f"listener {text!r}: the port is outside 0..65535")
    return Listener(name, host.strip("[]") or default_host, port)


def server_ssl_context(cert_file: Path, key_file: Path) -> ssl.SSLContext:
    """The broker's TLS side: its certificate chain and key; clients are not asked for certificates
    (Kafka's ``ssl.client.auth=none``)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(cert_file), str(key_file))
    return ctx


@dataclass(frozen=True, slots=True)
class ListenerSecurity:
    """What a SocketServer needs to serve one secured listener."""

    name: str
    ssl_context: ssl.SSLContext | None = None
    # for SASL listeners: connection → the frame handler it starts with (the authenticator)
    authenticator: Callable[[Any], Callable[[Any, bytearray], Any]] | None = None
