"""Connection profiles: the external clusters a user attaches to, saved without their secrets.

A :class:`ConnectionProfile` is bootstrap servers, a client id, SASL (PLAIN, SCRAM-SHA-256/512) and
TLS (CA, client certificate and key files) settings and a read-only switch;
:meth:`ConnectionProfile.librdkafka_settings` turns it and its secrets into librdkafka properties.
:class:`ProfileStore` keeps the profiles in ``connections.json`` in the app's config directory (the
same one as the app's settings: ``KAFKALAB_CONFIG_DIR`` or appdirs' user config dir) and the
secrets — the SASL password, the TLS key's password — in the OS keyring through the ``keyring``
package, never in that file. Where no keyring backend exists (a headless machine, a container), a
secret is kept in this process's memory only and :meth:`ProfileStore.secret_storage` says so, so
the app and the command line can tell the user it will be asked for again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")
SASL_PASSWORD = "sasl.password"
SSL_KEY_PASSWORD = "ssl.key.password"
SECRETS = (SASL_PASSWORD, SSL_KEY_PASSWORD)
KEYRING_SERVICE = "kafkalab"
FILE_NAME = "connections.json"
APP_NAME, APP_AUTHOR = "kafkalab", "KafkaLab"  # as gui.settings: one config directory for the app


class ProfileError(ValueError):
    """A profile that cannot be saved or used (the message says which field and why)."""


@dataclass(frozen=True)
class ConnectionProfile:
    name: str
    bootstrap_servers: str
    client_id: str = "kafkalab"
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str = ""  # "" unless security_protocol is SASL_*
    sasl_username: str = ""
    ssl_ca_location: str = ""  # PEM file (or directory) of the CAs to trust; "" = the system's
    ssl_certificate_location: str = ""  # the client certificate (PEM), for TLS client authentication
    ssl_key_location: str = ""  # its private key (PEM)
    ssl_verify_hostname: bool = True  # ssl.endpoint.identification.algorithm https / none
    read_only: bool = False  # the app disables every action that changes the cluster
    colour: str = ""  # the app's status line for this cluster ("#rrggbb"; "" = the app's own choice)
    extra: Mapping[str, str] = field(default_factory=dict)  # further librdkafka properties

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol.endswith("SSL")

    def secrets_needed(self) -> tuple[str, ...]:
        """Which secrets this profile needs at connect time (the key password only if the key is set)."""
        needed = [SASL_PASSWORD] if self.uses_sasl else []
        if self.uses_tls and self.ssl_key_location:
            needed.append(SSL_KEY_PASSWORD)
        return tuple(needed)

    def problems(self) -> list[str]:
        """What is wrong with it, one line each (empty: it can be saved and used)."""
        out = []
        if not self.name.strip():
            out.append("the profile needs a name")
        if not self.bootstrap_servers.strip():
            out.append("bootstrap servers: at least one HOST:PORT")
        for server in filter(None, (s.strip() for s in self.bootstrap_servers.split(","))):
            host, sep, port = server.rpartition(":")
            if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
                out.append(f"bootstrap server {server!r}: expected HOST:PORT")
        if self.security_protocol not in SECURITY_PROTOCOLS:
            out.append(f"security protocol {self.security_protocol!r}: one of {', '.join(SECURITY_PROTOCOLS)}")
        if self.uses_sasl:
            if self.sasl_mechanism not in SASL_MECHANISMS:
                out.append(f"SASL mechanism {self.sasl_mechanism!r}: one of {', '.join(SASL_MECHANISMS)}")
            if not self.sasl_username:
                out.append("SASL needs a user name")
        elif self.sasl_mechanism or self.sasl_username:
            out.append(f"SASL settings need security protocol SASL_PLAINTEXT or SASL_SSL, not {self.security_protocol}")
        tls_files = (self.ssl_ca_location, self.ssl_certificate_location, self.ssl_key_location)
        if any(tls_files) and not self.uses_tls:
            out.append(f"TLS files need security protocol SSL or SASL_SSL, not {self.security_protocol}")
        if bool(self.ssl_certificate_location) != bool(self.ssl_key_location):
            out.append("a client certificate needs its key, and a key its certificate")
        for secret in SECRETS:
            if secret in self.extra:
                out.append(f"{secret} is a secret: it goes to the keyring, not into the profile")
        return out

    def librdkafka_settings(self, secrets: Mapping[str, str] | None = None) -> dict[str, str]:
        """librdkafka properties for this profile (``bootstrap.servers`` is the caller's, see
        :func:`clients.config.client_config`). ``secrets``: :data:`SASL_PASSWORD`, :data:`SSL_KEY_PASSWORD`."""
        secrets = secrets or {}
        config = {"client.id": self.client_id or "kafkalab", "security.protocol": self.security_protocol}
        if self.uses_sasl:
            config["sasl.mechanisms"] = self.sasl_mechanism
            config["sasl.username"] = self.sasl_username
            if secrets.get(SASL_PASSWORD) is not None:
                config["sasl.password"] = secrets[SASL_PASSWORD]
        if self.uses_tls:
            if self.ssl_ca_location:
                config["ssl.ca.location"] = self.ssl_ca_location
            if self.ssl_certificate_location:
                config["ssl.certificate.location"] = self.ssl_certificate_location
                config["ssl.key.location"] = self.ssl_key_location
                if secrets.get(SSL_KEY_PASSWORD):
                    config["ssl.key.password"] = secrets[SSL_KEY_PASSWORD]
            config["ssl.endpoint.identification.algorithm"] = "https" if self.ssl_verify_hostname else "none"
        config.update(self.extra)
        return config

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["extra"] = dict(self.extra)
        return data

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> ConnectionProfile:
        known = {f.name for f in fields(ConnectionProfile)}
        values = {k: v for k, v in data.items() if k in known}
        values["extra"] = {str(k): str(v) for k, v in dict(values.get("extra") or {}).items()}
        return ConnectionProfile(**values)


@dataclass(frozen=True)
class SecretStorage:
    persistent: bool  # False: no OS keyring; secrets live in this process only
    description: str  # one line for the user


def config_dir() -> Path:
    override = os.environ.get("KAFKALAB_CONFIG_DIR")
    if override:
        return Path(override)
    import appdirs

    return Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


class ProfileStore:
    """Saved profiles in ``connections.json`` (0600) and their secrets in the OS keyring."""

    def __init__(self, path: Path | None = None, keyring_backend: Any = None) -> None:
        self.path = path or config_dir() / FILE_NAME
        self._backend = keyring_backend
        self._session: dict[tuple[str, str], str] = {}  # secrets of this process when there is no keyring

    # ------------------------------------------------------------------ profiles
    def profiles(self) -> list[ConnectionProfile]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise ProfileError(f"cannot read {self.path}: {exc}") from exc
        return [ConnectionProfile.from_json(p) for p in data.get("profiles", [])]

    def get(self, name: str) -> ConnectionProfile:
        for profile in self.profiles():
            if profile.name == name:
                return profile
        known = ", ".join(p.name for p in self.profiles()) or "none saved"
        raise ProfileError(f"no connection profile named {name!r} ({known}; in {self.path})")

    def save(self, profile: ConnectionProfile, secrets: Mapping[str, str] | None = None) -> SecretStorage:
        """Add or replace the profile; its secrets go to the keyring (or this session's memory)."""
        problems = profile.problems()
        if problems:
            raise ProfileError(f"profile {profile.name!r}: " + "; ".join(problems))
        others = [p for p in self.profiles() if p.name != profile.name]
        self._write(sorted([*others, profile], key=lambda p: p.name.lower()))
        for key, value in (secrets or {}).items():
            if key not in SECRETS:
                raise ProfileError(f"unknown secret {key!r} (one of {', '.join(SECRETS)})")
            self.set_secret(profile.name, key, value)
        return self.secret_storage()

    def delete(self, name: str) -> None:
        self._write([p for p in self.profiles() if p.name != name])
        for key in SECRETS:
            self.set_secret(name, key, None)

    def _write(self, profiles: list[ConnectionProfile]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": 1, "profiles": [p.to_json() for p in profiles]}, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".connections-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # ------------------------------------------------------------------ secrets
    def _keyring(self) -> Any | None:
        """The keyring backend, or None when there is no usable one."""
        if self._backend is not None:
            return self._backend
        try:
            import keyring
            from keyring.backends import fail
        except ImportError:
            return None
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
            return None
        return backend

    def secret_storage(self) -> SecretStorage:
        backend = self._keyring()
        if backend is not None:
            name = getattr(backend, "name", type(backend).__name__)
            return SecretStorage(True, f"passwords are kept in the OS keyring ({name})")
        return SecretStorage(False, f"no OS keyring is available: passwords are kept in memory for this session "
                                    f"only and asked for again next time (never written to {self.path.name})")

    def set_secret(self, profile: str, key: str, value: str | None) -> bool:
        """Store (or with None forget) a secret; True when it went to the OS keyring."""
        backend = self._keyring()
        account = f"{profile}/{key}"
        if backend is not None:
            from keyring.errors import KeyringError, PasswordDeleteError

            try:
                if value is None:
                    with contextlib.suppress(PasswordDeleteError):
                        backend.delete_password(KEYRING_SERVICE, account)
                else:
                    backend.set_password(KEYRING_SERVICE, account, value)
                self._session.pop((profile, key), None)
                return True
            except KeyringError:
                pass  # a locked or broken keyring: fall back to this session
        if value is None:
            self._session.pop((profile, key), None)
        else:
            self._session[(profile, key)] = value
        return False

    def secret(self, profile: str, key: str) -> str | None:
        if (profile, key) in self._session:
            return self._session[(profile, key)]
        backend = self._keyring()
        if backend is None:
            return None
        from keyring.errors import KeyringError

        try:
            value = backend.get_password(KEYRING_SERVICE, f"{profile}/{key}")
        except KeyringError:
            return None
        return None if value is None else str(value)

    def secrets(self, profile: ConnectionProfile) -> dict[str, str]:
        """The secrets of ``profile`` that are stored (missing ones are left out)."""
        found = {key: self.secret(profile.name, key) for key in profile.secrets_needed()}
        return {k: v for k, v in found.items() if v is not None}
