"""SASL mechanisms on the broker side: PLAIN (RFC 4616) and SCRAM-SHA-256/512 (RFC 5802, RFC 7677).

Sans-IO: a :class:`SaslServer` takes the client's tokens and returns the broker's; a failed
authentication raises :class:`SaslAuthenticationFailed` with Kafka's message. Credentials are kept
as Kafka keeps SCRAM credentials (``kafka-configs --alter --add-config 'SCRAM-SHA-256=[password=…]'``):
a random salt, 4096 iterations, the stored key and the server key — never the password. PLAIN is
checked against the same credential (the password is salted and hashed the same way and compared
with the stored key), so one ``--sasl-user NAME:PASSWORD`` serves all three mechanisms.

Kafka's classes: ``PlainSaslServer``, ``ScramSaslServer``, ``ScramFormatter``, ``ScramMessages``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

PLAIN = "PLAIN"
SCRAM_SHA_256 = "SCRAM-SHA-256"
SCRAM_SHA_512 = "SCRAM-SHA-512"
MECHANISMS = (PLAIN, SCRAM_SHA_256, SCRAM_SHA_512)
DEFAULT_ITERATIONS = 4096  # Kafka's default for SCRAM credentials
_HASHES = {SCRAM_SHA_256: "sha256", SCRAM_SHA_512: "sha512"}

PLAIN_FAILED = "Authentication failed: Invalid username or password"  # PlainSaslServer
SCRAM_FAILED = "Authentication failed: Invalid user credentials"  # ScramSaslServer


class SaslAuthenticationFailed(Exception):
    """SASL_AUTHENTICATION_FAILED (58): wrong credentials or a malformed exchange."""


@dataclass(frozen=True, slots=True)
class ScramCredential:
    """Kafka's ``ScramCredential``: what the broker keeps of a SCRAM password."""

    salt: bytes
    stored_key: bytes
    server_key: bytes
    iterations: int


def _hmac(hash_name: str, key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hash_name).digest()


def salted_password(hash_name: str, password: str, salt: bytes, iterations: int) -> bytes:
    """RFC 5802 ``Hi(Normalize(password), salt, i)`` — PBKDF2 with HMAC (SASLprep is left out, as
    in Kafka's ``ScramFormatter``, which uses the password's UTF-8 bytes)."""
    return hashlib.pbkdf2_hmac(hash_name, password.encode(), salt, iterations)


def make_credential(mechanism: str, password: str, iterations: int = DEFAULT_ITERATIONS,
                    salt: bytes | None = None) -> ScramCredential:
    hash_name = _HASHES[mechanism]
    salt = salt if salt is not None else os.urandom(32)
    salted = salted_password(hash_name, password, salt, iterations)
    client_key = _hmac(hash_name, salted, b"Client Key")
    stored_key = hashlib.new(hash_name, client_key).digest()
    server_key = _hmac(hash_name, salted, b"Server Key")
    return ScramCredential(salt, stored_key, server_key, iterations)


class CredentialStore:
    """The SCRAM credentials of every user, per mechanism (Kafka keeps them in the metadata log)."""

    def __init__(self) -> None:
        self._by_mechanism: dict[str, dict[str, ScramCredential]] = {m: {} for m in _HASHES}

    @classmethod
    def from_passwords(cls, users: Mapping[str, str], iterations: int = DEFAULT_ITERATIONS) -> CredentialStore:
        store = cls()
        for name, password in users.items():
            store.add(name, password, iterations)
        return store

    def add(self, user: str, password: str, iterations: int = DEFAULT_ITERATIONS) -> None:
        for mechanism, creds in self._by_mechanism.items():
            creds[user] = make_credential(mechanism, password, iterations)

    def get(self, mechanism: str, user: str) -> ScramCredential | None:
        return self._by_mechanism.get(mechanism, {}).get(user)

    def check_password(self, user: str, password: str) -> bool:
        """PLAIN: the password, salted and hashed as the SCRAM-SHA-256 credential was, gives its stored key."""
        cred = self.get(SCRAM_SHA_256, user)
        if cred is None:
            return False
        salted = salted_password("sha256", password, cred.salt, cred.iterations)
        stored = hashlib.sha256(_hmac("sha256", salted, b"Client Key")).digest()
        return hmac.compare_digest(stored, cred.stored_key)

    def __len__(self) -> int:
        return len(self._by_mechanism[SCRAM_SHA_256])


class SaslServer:
    """One authentication exchange. ``evaluate`` takes a client token and returns the broker's reply;
    ``complete`` once the client is authenticated (then ``user`` is who it is)."""

    mechanism = ""
    complete = False
    user = ""

    def evaluate(self, token: bytes) -> bytes:
        raise NotImplementedError


class PlainServer(SaslServer):
    """RFC 4616: one message ``[authzid] NUL authcid NUL passwd``; the reply is empty."""

    mechanism = PLAIN

    def __init__(self, store: CredentialStore) -> None:
        self.store = store

    def evaluate(self, token: bytes) -> bytes:
        parts = token.split(b"\0")
        if len(parts) != 3:
            raise SaslAuthenticationFailed("Invalid SASL/PLAIN response: expected 3 tokens, got " + str(len(parts)))
        authzid, user, password = (p.decode("utf-8", "replace") for p in parts)
        if not user or not password:
            raise SaslAuthenticationFailed("Authentication failed: username or password not specified")
        if not self.store.check_password(user, password):
            raise SaslAuthenticationFailed(PLAIN_FAILED)
        if authzid and authzid != user:
            raise SaslAuthenticationFailed("Authentication failed: Client requested an authorization id that is "
                                           "different from username")
        self.user = user
        self.complete = True
        return b""


def _attributes(message: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in message.split(","):
        if len(item) < 2 or item[1] != "=":
            raise SaslAuthenticationFailed(f"Invalid SCRAM message: {message!r}")
        out.setdefault(item[0], item[2:])
    return out


def _username(saslname: str) -> str:
    """RFC 5802: ``=2C`` is a comma, ``=3D`` an equals sign (Kafka's ``ScramFormatter.username``)."""
    return saslname.replace("=2C", ",").replace("=3D", "=")


class ScramServer(SaslServer):
    """RFC 5802 server: client-first → server-first (``r=``, ``s=``, ``i=``); client-final (``c=``,
    ``r=``, ``p=``) → server-final (``v=`` the server signature)."""

    def __init__(self, mechanism: str, store: CredentialStore, nonce: str | None = None) -> None:
        self.mechanism = mechanism
        self.hash_name = _HASHES[mechanism]
        self.store = store
        self._server_nonce = nonce or base64.b64encode(os.urandom(24)).decode().replace("=", "")
        self._client_first_bare = self._server_first = ""
        self._gs2_header = ""
        self._nonce = ""
        self._credential: ScramCredential | None = None

    def evaluate(self, token: bytes) -> bytes:
        try:
            message = token.decode("utf-8")
        except UnicodeDecodeError:
            raise SaslAuthenticationFailed("Invalid SCRAM message: not UTF-8") from None
        if self._credential is None:
            return self._client_first(message)
        return self._client_final(message)

    def _client_first(self, message: str) -> bytes:
        # gs2-header: "n,," or "y,," (no channel binding), or "n,a=authzid,"
        parts = message.split(",", 2)
        if len(parts) != 3 or parts[0] not in ("n", "y") or (parts[1] and not parts[1].startswith("a=")):
            raise SaslAuthenticationFailed(f"Invalid SCRAM client first message: {message!r}")
        self._gs2_header = f"{parts[0]},{parts[1]},"
        bare = parts[2]
        attrs = _attributes(bare)
        if "n" not in attrs or "r" not in attrs:
            raise SaslAuthenticationFailed(f"Invalid SCRAM client first message: {message!r}")
        user = _username(attrs["n"])
        authzid = _username(parts[1][2:]) if parts[1] else ""
        if authzid and authzid != user:
            raise SaslAuthenticationFailed("Authentication failed: Client requested an authorization id that is "
                                           "different from username")
        credential = self.store.get(self.mechanism, user)
        if credential is None:
            raise SaslAuthenticationFailed(SCRAM_FAILED)
        self._credential = credential
        self.user = user
        self._client_first_bare = bare
        self._nonce = attrs["r"] + self._server_nonce
        salt = base64.b64encode(credential.salt).decode()
        self._server_first = f"r={self._nonce},s={salt},i={credential.iterations}"
        return self._server_first.encode()

    def _client_final(self, message: str) -> bytes:
        if self.complete:
            raise SaslAuthenticationFailed("SCRAM exchange already complete")
        cred = self._credential
        assert cred is not None
        head, sep, proof_b64 = message.rpartition(",p=")
        if not sep:
            raise SaslAuthenticationFailed(f"Invalid SCRAM client final message: {message!r}")
        attrs = _attributes(head)
        if attrs.get("r") != self._nonce:
            raise SaslAuthenticationFailed("Invalid SCRAM client final message: the nonce does not match")
        if attrs.get("c") != base64.b64encode(self._gs2_header.encode()).decode():
            raise SaslAuthenticationFailed("Invalid SCRAM client final message: channel binding does not match")
        try:
            proof = base64.b64decode(proof_b64, validate=True)
        except ValueError:
            raise SaslAuthenticationFailed("Invalid SCRAM client final message: the proof is not base64") from None
        auth_message = f"{self._client_first_bare},{self._server_first},{head}".encode()
        client_signature = _hmac(self.hash_name, cred.stored_key, auth_message)
        if len(proof) != len(client_signature):
            raise SaslAuthenticationFailed(SCRAM_FAILED)
        client_key = bytes(a ^ b for a, b in zip(proof, client_signature, strict=True))
        if not hmac.compare_digest(hashlib.new(self.hash_name, client_key).digest(), cred.stored_key):
            raise SaslAuthenticationFailed(SCRAM_FAILED)
        server_signature = _hmac(self.hash_name, cred.server_key, auth_message)
        self.complete = True
        return b"v=" + base64.b64encode(server_signature)


def sasl_server(mechanism: str, store: CredentialStore) -> SaslServer:
    if mechanism == PLAIN:
        return PlainServer(store)
    return ScramServer(mechanism, store)
