"""A blocking client of Confluent's Schema Registry REST API (any registry: the embedded one or another
cluster's), for the schemas dock, the produce dialog and the record decoder. Standard library HTTP only.

Failures are :class:`RegistryOpError` with the HTTP status, Confluent's ``error_code`` and the registry's
message (e.g. ``409 409: Schema being registered is incompatible …``); a registry that does not answer is
status 0 with the reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
LEVELS = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE")
DEFAULT_TIMEOUT_S = 10.0


class RegistryOpError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status  # HTTP status, 0: no answer
        self.code = code  # Confluent's error_code (40401 subject not found, 409 incompatible, …)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.code else self.message


@dataclass(frozen=True)
class SchemaVersion:
    subject: str
    version: int
    schema_id: int
    schema_type: str  # AVRO | JSON | PROTOBUF
    schema: str
    references: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Compatibility:
    level: str  # the level that applies to the subject
    subject_level: bool  # set on the subject (else the global level applies)


@dataclass(frozen=True)
class CheckResult:
    compatible: bool
    messages: tuple[str, ...] = field(default_factory=tuple)


def _version_of(data: dict[str, Any]) -> SchemaVersion:
    return SchemaVersion(str(data["subject"]), int(data["version"]), int(data["id"]),
                         str(data.get("schemaType") or "AVRO"), str(data["schema"]),
                         tuple(data.get("references") or ()))


class RegistryClient:
    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in query.items() if v is not None}
        url = self.url + path + (("?" + urllib.parse.urlencode(params)) if params else "")
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Accept": CONTENT_TYPE, "Content-Type": CONTENT_TYPE})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                err = json.loads(raw)
                raise RegistryOpError(e.code, int(err.get("error_code", e.code)), str(err.get("message", ""))) from None
            except (ValueError, AttributeError):
                raise RegistryOpError(e.code, e.code, raw.decode("utf-8", "replace")[:300] or str(e.reason)) from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            raise RegistryOpError(0, 0, f"cannot reach the Schema Registry at {self.url}: {reason}") from None
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise RegistryOpError(200, 0, f"{self.url} answered something that is not JSON: {raw[:100]!r}") from None

    @staticmethod
    def _quote(subject: str) -> str:
        return urllib.parse.quote(subject, safe="")

    # -- reading ------------------------------------------------------------------------------------------
    def subjects(self, deleted: bool = False) -> list[str]:
        return [str(s) for s in self.request("GET", "/subjects", deleted=deleted or None)]

    def versions(self, subject: str, deleted: bool = False) -> list[int]:
        return [int(v) for v in self.request("GET", f"/subjects/{self._quote(subject)}/versions",
                                             deleted=deleted or None)]

    def version(self, subject: str, version: int | str = "latest", deleted: bool = False,
                fmt: str | None = None) -> SchemaVersion:
        return _version_of(self.request("GET", f"/subjects/{self._quote(subject)}/versions/{version}",
                                        deleted=deleted or None, format=fmt))

    def schema_by_id(self, schema_id: int, fmt: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = self.request("GET", f"/schemas/ids/{schema_id}", format=fmt)
        return out

    def versions_by_id(self, schema_id: int) -> list[tuple[str, int]]:
        return [(str(d["subject"]), int(d["version"]))
                for d in self.request("GET", f"/schemas/ids/{schema_id}/versions")]

    def compatibility(self, subject: str) -> Compatibility:
        try:
            own = self.request("GET", f"/config/{self._quote(subject)}")
            return Compatibility(str(own["compatibilityLevel"]), True)
        except RegistryOpError as e:
            if e.code not in (40401, 40408):
                raise
        glob = self.request("GET", "/config")
        return Compatibility(str(glob["compatibilityLevel"]), False)

    def check(self, subject: str, schema: str, schema_type: str = "AVRO",
              references: tuple[dict[str, Any], ...] = ()) -> CheckResult:
        """Would registering ``schema`` under ``subject`` be accepted (against the versions the level
        says)? With the registry's reasons (``verbose=true``)."""
        body = self._schema_body(schema, schema_type, references)
        out = self.request("POST", f"/compatibility/subjects/{self._quote(subject)}/versions", body, verbose=True)
        return CheckResult(bool(out.get("is_compatible")), tuple(str(m) for m in out.get("messages") or ()))

    # -- writing ------------------------------------------------------------------------------------------
    @staticmethod
    def _schema_body(schema: str, schema_type: str, references: tuple[dict[str, Any], ...]) -> dict[str, Any]:
        body: dict[str, Any] = {"schema": schema}
        if schema_type != "AVRO":
            body["schemaType"] = schema_type
        if references:
            body["references"] = list(references)
        return body

    def register(self, subject: str, schema: str, schema_type: str = "AVRO",
                 references: tuple[dict[str, Any], ...] = ()) -> int:
        """The schema's id (a new version, or the existing one when the subject already has it); an
        incompatible schema raises :class:`RegistryOpError` 409 with the reasons."""
        out = self.request("POST", f"/subjects/{self._quote(subject)}/versions",
                           self._schema_body(schema, schema_type, references))
        return int(out["id"])

    def set_compatibility(self, subject: str | None, level: str) -> str:
        path = "/config" if subject is None else f"/config/{self._quote(subject)}"
        return str(self.request("PUT", path, {"compatibility": level})["compatibility"])

    def clear_compatibility(self, subject: str) -> None:
        """The subject follows the global level again."""
        try:
            self.request("DELETE", f"/config/{self._quote(subject)}")
        except RegistryOpError as e:
            if e.code not in (40401, 40408):
                raise

    def delete_version(self, subject: str, version: int, permanent: bool = False) -> int:
        return int(self.request("DELETE", f"/subjects/{self._quote(subject)}/versions/{version}",
                                permanent=permanent or None))

    def delete_subject(self, subject: str, permanent: bool = False) -> list[int]:
        return [int(v) for v in self.request("DELETE", f"/subjects/{self._quote(subject)}",
                                             permanent=permanent or None)]

    def delete(self, subject: str, version: int | None = None, permanent: bool = False) -> list[int]:
        """Delete a version (``version``) or the whole subject, Confluent's way: a soft delete (the versions are
        hidden, their ids still read), and with ``permanent`` then a hard delete — which the registry allows only
        after a soft one, so a live version is soft-deleted first. The versions deleted."""
        try:
            done = [self.delete_version(subject, version)] if version is not None else self.delete_subject(subject)
        except RegistryOpError as e:
            if not (permanent and e.code in (40404, 40406)):  # already soft-deleted: only the hard delete is left
                raise
            done = []
        if not permanent:
            return done
        if version is not None:
            return [self.delete_version(subject, version, permanent=True)]
        return self.delete_subject(subject, permanent=True)
