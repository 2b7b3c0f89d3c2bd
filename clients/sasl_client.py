"""The client side of SASL PLAIN (RFC 4616) and SCRAM-SHA-256/512 (RFC 5802, RFC 7677), for Kafka Lab's
own short connections (:mod:`clients.log_dirs`): librdkafka authenticates its own connections, these
few requests need the same login. Sans-IO: :meth:`ScramClient.first` / :meth:`ScramClient.final`
make the client's messages, :meth:`ScramClient.verify` checks the broker's signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

_HASHES = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}
MECHANISMS = ("PLAIN", *_HASHES)


class SaslError(Exception):
    """The broker's SASL answers cannot be used (a bad server signature, a malformed message)."""


def plain_token(username: str, password: str) -> bytes:
    return b"\0" + username.encode() + b"\0" + password.encode()


def _saslname(name: str) -> str:
    return name.replace("=", "=3D").replace(",", "=2C")


class ScramClient:
    def __init__(self, mechanism: str, username: str, password: str, nonce: str | None = None) -> None:
        self.hash_name = _HASHES[mechanism]
        self.password = password
        self.nonce = nonce or base64.b64encode(os.urandom(24)).decode().replace("=", "")
        self.first_bare = f"n={_saslname(username)},r={self.nonce}"
        self._server_signature = b""

    def first(self) -> bytes:
        return f"n,,{self.first_bare}".encode()

    def final(self, server_first: bytes) -> bytes:
        text = server_first.decode()
        attrs = dict(item.split("=", 1) for item in text.split(",") if "=" in item)
        nonce, salt, iterations = attrs.get("r", ""), attrs.get("s", ""), attrs.get("i", "")
        if not nonce.startswith(self.nonce) or not salt or not iterations.isdigit():
            raise SaslError(f"invalid SCRAM server first message {text!r}")
        h = self.hash_name
        salted = hashlib.pbkdf2_hmac(h, self.password.encode(), base64.b64decode(salt), int(iterations))
        client_key = hmac.new(salted, b"Client Key", h).digest()
        stored_key = hashlib.new(h, client_key).digest()
        without_proof = f"c=biws,r={nonce}"
        auth = f"{self.first_bare},{text},{without_proof}".encode()
        signature = hmac.new(stored_key, auth, h).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature, strict=True))
        self._server_signature = hmac.new(hmac.new(salted, b"Server Key", h).digest(), auth, h).digest()
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def verify(self, server_final: bytes) -> None:
        text = server_final.decode(errors="replace")
        if text.startswith("e="):
            raise SaslError(f"SCRAM authentication failed: {text[2:]}")
        if not text.startswith("v=") or not hmac.compare_digest(base64.b64decode(text[2:]), self._server_signature):
            raise SaslError("the broker's SCRAM signature is wrong: it does not know this password")
