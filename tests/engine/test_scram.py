"""SASL mechanisms sans-IO: SCRAM-SHA-256 against RFC 7677's example exchange, SCRAM-SHA-512 and
PLAIN against a client computed here, and the failures Kafka reports."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from engine.server.scram import (
    PLAIN_FAILED,
    SCRAM_FAILED,
    SCRAM_SHA_256,
    SCRAM_SHA_512,
    CredentialStore,
    PlainServer,
    SaslAuthenticationFailed,
    ScramServer,
    make_credential,
)


class _Store(CredentialStore):
    def __init__(self, mechanism: str, user: str, password: str, salt: bytes) -> None:
        super().__init__()
        self._by_mechanism[mechanism][user] = make_credential(mechanism, password, 4096, salt)


def test_scram_sha_256_is_rfc_7677s_example_exchange() -> None:
    store = _Store(SCRAM_SHA_256, "user", "pencil", base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ=="))
    server = ScramServer(SCRAM_SHA_256, store, nonce="%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
    first = server.evaluate(b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
    assert first == b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    final = server.evaluate(b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                            b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    assert final == b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    assert server.complete and server.user == "user"


def _client_final(hash_name: str, password: str, client_first_bare: str, server_first: str) -> tuple[str, bytes]:
    attrs = dict(item.split("=", 1) for item in server_first.split(","))
    salted = hashlib.pbkdf2_hmac(hash_name, password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", hash_name).digest()
    stored = hashlib.new(hash_name, client_key).digest()
    without_proof = f"c=biws,r={attrs['r']}"
    auth = f"{client_first_bare},{server_first},{without_proof}".encode()
    proof = bytes(a ^ b for a, b in zip(client_key, hmac.new(stored, auth, hash_name).digest(), strict=True))
    server_sig = hmac.new(hmac.new(salted, b"Server Key", hash_name).digest(), auth, hash_name).digest()
    return f"{without_proof},p={base64.b64encode(proof).decode()}", b"v=" + base64.b64encode(server_sig)


@pytest.mark.parametrize("password,ok", [("s3cret", True), ("wrong", False)])
def test_scram_sha_512_with_kafkas_stored_credentials(password: str, ok: bool) -> None:
    store = CredentialStore.from_passwords({"alice": "s3cret"})
    cred = store.get(SCRAM_SHA_512, "alice")
    assert cred is not None and cred.iterations == 4096 and len(cred.salt) >= 16  # salted, never the password
    server = ScramServer(SCRAM_SHA_512, store)
    bare = "n=alice,r=fyko+d2lbbFgONRv9qkxdawL"
    server_first = server.evaluate(f"n,,{bare}".encode()).decode()
    assert server_first.startswith("r=fyko+d2lbbFgONRv9qkxdawL") and server_first.endswith(",i=4096")
    final, expected = _client_final("sha512", password, bare, server_first)
    if ok:
        assert server.evaluate(final.encode()) == expected
    else:
        with pytest.raises(SaslAuthenticationFailed, match=SCRAM_FAILED):
            server.evaluate(final.encode())


def test_scram_refuses_an_unknown_user_and_a_changed_nonce() -> None:
    store = CredentialStore.from_passwords({"alice": "s3cret"})
    with pytest.raises(SaslAuthenticationFailed, match=SCRAM_FAILED):
        ScramServer(SCRAM_SHA_256, store).evaluate(b"n,,n=bob,r=abc")
    server = ScramServer(SCRAM_SHA_256, store)
    server.evaluate(b"n,,n=alice,r=abc")
    with pytest.raises(SaslAuthenticationFailed, match="nonce"):
        server.evaluate(b"c=biws,r=abcOTHER,p=AAAA")


def test_plain_checks_the_password_against_the_scram_credential() -> None:
    store = CredentialStore.from_passwords({"alice": "s3cret"})
    server = PlainServer(store)
    assert server.evaluate(b"\0alice\0s3cret") == b"" and server.complete and server.user == "alice"
    with pytest.raises(SaslAuthenticationFailed, match=PLAIN_FAILED):
        PlainServer(store).evaluate(b"\0alice\0wrong")
    with pytest.raises(SaslAuthenticationFailed, match=PLAIN_FAILED):
        PlainServer(store).evaluate(b"\0mallory\0s3cret")
