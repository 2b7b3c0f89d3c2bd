"""The SASL exchange of one connection (Kafka's ``SaslServerAuthenticator``); see :mod:`engine.server.apis.sasl`."""

from __future__ import annotations

import logging
import struct
from typing import Any

from engine.network.server import Connection
from engine.protocol.errors import ErrorCode, InvalidRequest
from engine.protocol.frames import parse_request_header
from engine.protocol.schema import read_request, request_name
from engine.server.apis.sasl import SASL_AUTHENTICATE, SASL_HANDSHAKE
from engine.server.request_handler import RequestHandler
from engine.server.scram import MECHANISMS, CredentialStore, SaslAuthenticationFailed, SaslServer, sasl_server

log = logging.getLogger(__name__)

API_VERSIONS = 18
_SIZE = struct.Struct(">i")


class SaslAuthenticator:
    """One connection's SASL state: handshake → authenticate (Kafka headers, or raw tokens) → done."""

    HANDSHAKE, AUTHENTICATE, RAW_TOKENS = "handshake", "authenticate", "raw"

    def __init__(self, requests: RequestHandler, store: CredentialStore,
                 mechanisms: tuple[str, ...] = MECHANISMS) -> None:
        self.requests = requests
        self.store = store
        self.mechanisms = mechanisms
        self.state = self.HANDSHAKE
        self.sasl: SaslServer | None = None

    def handle(self, conn: Connection, frame: bytearray) -> Any:
        if self.state == self.RAW_TOKENS:
            return self._raw_token(conn, bytes(frame))
        requests = self.requests
        header = parse_request_header(frame, requests.flexible)
        key, version = header.api_key, header.api_version
        if key == API_VERSIONS:
            return requests.handle_frame(conn, frame)
        if key not in (SASL_HANDSHAKE, SASL_AUTHENTICATE):
            raise InvalidRequest(f"{request_name(key)} request before SASL authentication on listener {conn.listener}")
        if not requests.api_table.supports(key, version):
            raise InvalidRequest(f"{request_name(key)} v{version} is not served")
        try:
            request = read_request(key, version, bytes(frame), header.body_offset)
        except Exception as e:
            raise InvalidRequest(f"{type(e).__name__}: {e}") from None
        if key == SASL_HANDSHAKE:
            if self.state != self.HANDSHAKE:
                return self._fail(conn, header, {"error_code": ErrorCode.illegal_sasl_state, "mechanisms": []})
            return self._handshake(conn, header, request)
        if self.state != self.AUTHENTICATE:
            return self._fail(conn, header, {
                "error_code": ErrorCode.illegal_sasl_state, "auth_bytes": b"", "session_lifetime_ms": 0,
                "error_message": "Unexpected SaslAuthenticate request before a SaslHandshake"})
        return self._authenticate(conn, header, bytes(request.auth_bytes))

    def _handshake(self, conn: Connection, header: Any, request: Any) -> Any:
        mechanism = request.mechanism
        if mechanism not in self.mechanisms:
            log.info("closing connection from %s:%d: unsupported SASL mechanism %r", conn.peer[0], conn.peer[1],
                     mechanism)
            return self._fail(conn, header, {"error_code": ErrorCode.unsupported_sasl_mechanism,
                                             "mechanisms": list(self.mechanisms)})
        self.sasl = sasl_server(mechanism, self.store)
        self.state = self.AUTHENTICATE if header.api_version >= 1 else self.RAW_TOKENS
        return self.requests.encode(header, {"error_code": 0, "mechanisms": list(self.mechanisms)})

    def _authenticate(self, conn: Connection, header: Any, token: bytes) -> Any:
        sasl = self.sasl
        assert sasl is not None
        try:
            reply = sasl.evaluate(token)
        except SaslAuthenticationFailed as e:
            self._note_failure(conn, sasl, str(e))
            return self._fail(conn, header, {"error_code": ErrorCode.sasl_authentication_failed,
                                             "error_message": str(e), "auth_bytes": b"", "session_lifetime_ms": 0})
        if sasl.complete:
            self._authenticated(conn, sasl)
        return self.requests.encode(header, {"error_code": 0, "error_message": None, "auth_bytes": reply,
                                             "session_lifetime_ms": 0})

    def _raw_token(self, conn: Connection, token: bytes) -> Any:
        """After a v0 handshake the tokens come as bare size-prefixed frames, the replies too; a
        failure can only close the connection."""
        sasl = self.sasl
        assert sasl is not None
        try:
            reply = sasl.evaluate(token)
        except SaslAuthenticationFailed as e:
            self._note_failure(conn, sasl, str(e))
            conn.abort()
            return None
        if sasl.complete:
            self._authenticated(conn, sasl)
        return _SIZE.pack(len(reply)) + reply

    def _authenticated(self, conn: Connection, sasl: SaslServer) -> None:
        conn.principal = f"User:{sasl.user}"
        conn.handle_frame = self.requests.handle_frame  # from now on: the broker's requests, unchecked
        log.debug("%s:%d authenticated as %s with %s on %s", conn.peer[0], conn.peer[1], conn.principal,
                  sasl.mechanism, conn.listener)

    def _fail(self, conn: Connection, header: Any, body: dict[str, Any]) -> None:
        """Answer with the error, then close (Kafka closes the channel after a failed authentication)."""
        out = self.requests.encode(header, body)
        conn.close_after(bytes(out))
        return None

    @staticmethod
    def _note_failure(conn: Connection, sasl: SaslServer, why: str) -> None:
        """Kafka's "Failed authentication with …" line, rate-limited (a client with a wrong password
        retries every reconnect backoff)."""
        limiter = conn.server.log_limiter
        if limiter.allow():
            log.info("failed authentication with %s:%d (%s, %s): %s%s", conn.peer[0], conn.peer[1], sasl.mechanism,
                     conn.listener, why, limiter.take_suppressed())


def sasl_authenticator_factory(requests: RequestHandler, store: CredentialStore) -> Any:
    """For :class:`~engine.network.security.ListenerSecurity`: a connection → its first frame handler."""
    def make(conn: Connection) -> Any:
        return SaslAuthenticator(requests, store).handle
    return make
