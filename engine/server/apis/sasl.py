"""SaslHandshake (17) and SaslAuthenticate (36) in the broker's API table.

The exchange itself is :mod:`engine.server.sasl_authenticator` (Kafka's ``SaslServerAuthenticator``):
on a SASL listener (SASL_PLAINTEXT, SASL_SSL) every connection starts with a
:class:`SaslAuthenticator` as its frame handler. It answers ApiVersions (through the broker's own
handler), SaslHandshake and then the client's tokens: in SaslAuthenticate requests after a v1
handshake (KIP-152), or as raw size-prefixed tokens after a v0 handshake (what clients before
KIP-152 send). Any other request before the client has authenticated closes the connection, as
Kafka does. Once authenticated, the connection's frame handler becomes the broker's request handler
(the authenticator is not asked again) and its principal is ``User:NAME``.

Errors, as Kafka's: an unknown mechanism → UNSUPPORTED_SASL_MECHANISM with the enabled ones; a
request out of order → ILLEGAL_SASL_STATE; wrong credentials → SASL_AUTHENTICATION_FAILED with
Kafka's message (PLAIN: "Authentication failed: Invalid username or password"). After each of
them the connection is closed once the response is out.

After authentication — and on listeners without SASL — the two APIs are answered by the broker's
API table with ILLEGAL_SASL_STATE (Kafka's ``KafkaApis.handleSaslHandshakeRequest``/
``handleSaslAuthenticateRequest``; re-authentication, KIP-368, is not done).
"""

from __future__ import annotations

from typing import Any

from engine.network.dispatch import ApiSpec
from engine.protocol.errors import ErrorCode
from engine.server.request_context import RequestContext

SASL_HANDSHAKE, SASL_AUTHENTICATE = 17, 36


def handle_sasl_handshake(ctx: RequestContext, request: Any) -> dict[str, Any]:
    return {"error_code": ErrorCode.illegal_sasl_state, "mechanisms": []}


def handle_sasl_authenticate(ctx: RequestContext, request: Any) -> dict[str, Any]:
    return {"error_code": ErrorCode.illegal_sasl_state, "auth_bytes": b"", "session_lifetime_ms": 0,
            "error_message": "SaslAuthenticate request received after successful authentication"}


SASL_API_SPECS: list[ApiSpec[RequestContext]] = [
    ApiSpec(SASL_HANDSHAKE, 0, 1, handle_sasl_handshake),
    ApiSpec(SASL_AUTHENTICATE, 0, 2, handle_sasl_authenticate),
]
