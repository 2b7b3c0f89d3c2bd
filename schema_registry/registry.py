"""The registry's operations, as Confluent's ``KafkaSchemaRegistry``: synchronous, run one at a time on
the registry's worker thread; every change is a record written through :class:`KafkaStore` and answered
only once it has been read back into :class:`RegistryState`."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from . import errors
from .compatibility import DEFAULT_LEVEL, LEVELS, check
from .errors import InvalidSchema, RegistryError
from .schemas import SCHEMA_TYPES, ParsedSchema, parse
from .state import RegistryState, SchemaValue, schema_key, subject_key
from .store import KafkaStore

MODES = ("READWRITE", "READONLY")
MAX_VERSION = 2**31 - 1


def parse_version(version: str | int, allow_latest: bool = True) -> int:
    """A version path segment: 1…2^31-1, or ``latest`` / ``-1`` (returned as -1)."""
    text = str(version)
    if allow_latest and text in ("latest", "-1"):
        return -1
    try:
        v = int(text)
    except ValueError:
        raise errors.invalid_version(version) from None
    if not 1 <= v <= MAX_VERSION:
        raise errors.invalid_version(version)
    return v


def version_json(sv: SchemaValue, schema: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"subject": sv.subject, "version": sv.version, "id": sv.id}
    if sv.schema_type != "AVRO":
        out["schemaType"] = sv.schema_type
    if sv.references:
        out["references"] = sv.references
    out["schema"] = sv.schema if schema is None else schema
    return out


def _norm_refs(refs: Any) -> list[dict[str, Any]]:
    if refs is None:
        return []
    if not isinstance(refs, list):
        raise errors.invalid_schema("references must be a list")
    out = []
    for r in refs:
        if not isinstance(r, dict) or not all(k in r for k in ("name", "subject", "version")):
            raise errors.invalid_schema(f"a reference needs name, subject and version: {r!r}")
        out.append({"name": str(r["name"]), "subject": str(r["subject"]), "version": int(r["version"])})
    return out


class Registry:
    def __init__(self, state: RegistryState, store: KafkaStore) -> None:
        self.state = state
        self.store = store
        self._cache: OrderedDict[tuple[str, str, str], ParsedSchema] = OrderedDict()

    # --- parsing, with a cache of stored schemas ---
    def _parse(self, schema_type: str, text: str, refs: list[dict[str, Any]], depth: int = 0) -> ParsedSchema:
        key = (schema_type, text, json.dumps(refs, sort_keys=True))
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        if depth > 32:
            raise InvalidSchema("references nest too deep (a cycle?)")
        resolved = []
        for ref in refs:
            sv = self._reference_target(ref)
            resolved.append((ref["name"], self._parse(sv.schema_type, sv.schema, sv.references, depth + 1)))
        parsed = parse(schema_type, text, resolved)
        self._cache[key] = parsed
        if len(self._cache) > 1000:
            self._cache.popitem(last=False)
        return parsed

    def _reference_target(self, ref: dict[str, Any]) -> SchemaValue:
        with self.state.lock:
            versions = self.state.versions(ref["subject"], include_deleted=True)
        if ref["version"] == -1:
            live = [sv for sv in versions if not sv.deleted]
            if live:
                return live[-1]
        for sv in versions:
            if sv.version == ref["version"]:
                return sv
        raise InvalidSchema(f"reference {ref['name']!r} to subject {ref['subject']!r} version {ref['version']} "
                            "does not exist")

    def parsed_value(self, sv: SchemaValue) -> ParsedSchema:
        return self._parse(sv.schema_type, sv.schema, sv.references)

    def _parse_request(self, body: Any) -> tuple[ParsedSchema, list[dict[str, Any]]]:
        if not isinstance(body, dict):
            raise errors.invalid_schema("the request body must be a JSON object with a 'schema' field")
        schema_type = str(body.get("schemaType") or "AVRO").upper()
        if schema_type not in SCHEMA_TYPES:
            raise errors.invalid_schema(f"unknown schema type {schema_type}")
        refs = _norm_refs(body.get("references"))
        text = body.get("schema")
        if not isinstance(text, str):
            raise errors.invalid_schema("Empty schema")
        try:
            return self._parse(schema_type, text, refs), refs
        except InvalidSchema as e:
            raise errors.invalid_schema(str(e)) from None

    def _same(self, sv: SchemaValue, parsed: ParsedSchema, refs: list[dict[str, Any]]) -> bool:
        if sv.schema_type != parsed.schema_type or sv.references != refs:
            return False
        if sv.schema == parsed.canonical:
            return True
        try:
            return self.parsed_value(sv).fingerprint == parsed.fingerprint
        except InvalidSchema:
            return False

    # --- config and mode ---
    def level(self, subject: str | None) -> str:
        with self.state.lock:
            if subject is not None and subject in self.state.configs:
                return self.state.configs[subject]
            return self.state.configs.get(None, DEFAULT_LEVEL)

    def mode(self, subject: str | None) -> str:
        with self.state.lock:
            if subject is not None and subject in self.state.modes:
                return self.state.modes[subject]
            return self.state.modes.get(None, "READWRITE")

    def _writable(self, subject: str) -> None:
        if self.mode(subject) != "READWRITE":
            raise errors.operation_not_permitted(f"Subject {subject} is in read-only mode")

    def get_config(self, subject: str | None, default_to_global: bool = False) -> dict[str, Any]:
        with self.state.lock:
            if subject is None or subject in self.state.configs or default_to_global:
                return {"compatibilityLevel": self.level(subject)}
        raise errors.subject_compatibility_not_configured(subject)

    def set_config(self, subject: str | None, body: Any) -> dict[str, Any]:
        level = body.get("compatibility", body.get("compatibilityLevel")) if isinstance(body, dict) else None
        if not isinstance(level, str) or level.upper() not in LEVELS:
            raise errors.invalid_compatibility(level)
        level = level.upper()
        value: dict[str, Any] = {"compatibilityLevel": level}
        if subject is not None:
            value["subject"] = subject
        self.store.put(subject_key("CONFIG", subject), value)
        return {"compatibility": level}

    def delete_config(self, subject: str | None) -> dict[str, Any]:
        with self.state.lock:
            previous = self.state.configs.get(subject)
        if subject is not None and previous is None:
            with self.state.lock:
                known = bool(self.state.subjects.get(subject))
            raise (errors.subject_compatibility_not_configured if known else errors.subject_not_found)(subject)
        self.store.put(subject_key("CONFIG", subject), None)
        return {"compatibilityLevel": previous or DEFAULT_LEVEL}

    def get_mode(self, subject: str | None, default_to_global: bool = False) -> dict[str, Any]:
        with self.state.lock:
            if subject is None or subject in self.state.modes or default_to_global:
                return {"mode": self.mode(subject)}
        raise errors.subject_mode_not_configured(subject)

    def set_mode(self, subject: str | None, body: Any) -> dict[str, Any]:
        mode = body.get("mode") if isinstance(body, dict) else None
        if not isinstance(mode, str) or mode.upper() not in MODES:
            raise errors.invalid_mode(mode)
        mode = mode.upper()
        value: dict[str, Any] = {"mode": mode}
        if subject is not None:
            value["subject"] = subject
        self.store.put(subject_key("MODE", subject), value)
        return {"mode": mode}

    def delete_mode(self, subject: str) -> dict[str, Any]:
        with self.state.lock:
            previous = self.state.modes.get(subject)
        if previous is None:
            raise errors.subject_mode_not_configured(subject)
        self.store.put(subject_key("MODE", subject), None)
        return {"mode": previous}

    # --- subjects and versions ---
    def list_subjects(self, prefix: str = "", deleted: bool = False, deleted_only: bool = False) -> list[str]:
        with self.state.lock:
            out = []
            for subject, versions in self.state.subjects.items():
                if not subject.startswith(prefix):
                    continue
                live = any(not sv.deleted for sv in versions.values())
                dead = any(sv.deleted for sv in versions.values())
                if (deleted_only and dead) or (not deleted_only and (live or (deleted and dead))):
                    out.append(subject)
        return sorted(out)

    def _subject_versions(self, subject: str, include_deleted: bool) -> list[SchemaValue]:
        with self.state.lock:
            versions = self.state.versions(subject, include_deleted)
        if not versions:
            raise errors.subject_not_found(subject)
        return versions

    def list_versions(self, subject: str, deleted: bool = False, deleted_only: bool = False) -> list[int]:
        versions = self._subject_versions(subject, deleted or deleted_only)
        return [sv.version for sv in versions if sv.deleted or not deleted_only]

    def get_version(self, subject: str, version: str | int, deleted: bool = False) -> SchemaValue:
        v = parse_version(version)
        with self.state.lock:
            every = self.state.versions(subject, include_deleted=True)
        if not every:
            raise errors.subject_not_found(subject)
        visible = [sv for sv in every if deleted or not sv.deleted]
        if v == -1:
            if not visible:
                raise errors.version_not_found(version)
            return visible[-1]
        for sv in visible:
            if sv.version == v:
                return sv
        raise errors.version_not_found(v)

    def formatted(self, sv: SchemaValue, fmt: str | None) -> str:
        if not fmt or sv.schema_type != "PROTOBUF":
            return sv.schema
        return self.parsed_value(sv).formatted(fmt)

    def referenced_by(self, subject: str, version: str | int) -> list[int]:
        sv = self.get_version(subject, version)
        return sorted({r.id for r in self._referrers(sv.subject, sv.version, include_deleted=False)})

    def _referrers(self, subject: str, version: int, include_deleted: bool) -> list[SchemaValue]:
        with self.state.lock:
            return [sv for versions in self.state.subjects.values() for sv in versions.values()
                    if (include_deleted or not sv.deleted)
                    and any(r["subject"] == subject and r["version"] == version for r in sv.references)]

    def _previous(self, live: list[SchemaValue]) -> list[tuple[int, ParsedSchema]]:
        previous = []
        for sv in live:
            try:
                previous.append((sv.version, self.parsed_value(sv)))
            except InvalidSchema:
                continue  # a stored schema this registry cannot read (e.g. written by another one): skip it
        return previous

    # --- register and look up ---
    def register(self, subject: str, body: Any) -> dict[str, Any]:
        self._writable(subject)
        parsed, refs = self._parse_request(body)
        with self.state.lock:
            every = self.state.versions(subject, include_deleted=True)
            others = [sv for versions in self.state.subjects.values() for sv in versions.values()]
            next_id = self.state.max_id + 1
        live = [sv for sv in every if not sv.deleted]
        for sv in reversed(live):
            if self._same(sv, parsed, refs):
                return {"id": sv.id}
        new_version = (every[-1].version + 1) if every else 1
        requested = body.get("version") if isinstance(body, dict) else None
        if requested not in (None, 0, -1) and requested != new_version:
            raise errors.invalid_schema("Version is not one more than previous version")
        messages = check(self.level(subject), parsed, self._previous(live))
        if messages:
            raise errors.incompatible(messages)
        schema_id = next((sv.id for sv in others if self._same(sv, parsed, refs)), next_id)
        for sv in every:  # Confluent tombstones soft-deleted versions of the same schema it supersedes
            if sv.deleted and sv.id == schema_id and not self._referrers(subject, sv.version, include_deleted=True):
                self.store.put(schema_key(subject, sv.version), None)
        value = SchemaValue(subject, new_version, schema_id, parsed.canonical, parsed.schema_type, refs)
        self.store.put(schema_key(subject, new_version), value.to_json())
        return {"id": schema_id}

    def lookup(self, subject: str, body: Any, deleted: bool = False) -> dict[str, Any]:
        versions = self._subject_versions(subject, deleted)
        parsed, refs = self._parse_request(body)
        for sv in reversed(versions):
            if self._same(sv, parsed, refs):
                return version_json(sv)
        raise errors.schema_not_found()

    # --- deletes ---
    def delete_subject(self, subject: str, permanent: bool = False) -> list[int]:
        self._writable(subject)
        with self.state.lock:
            every = self.state.versions(subject, include_deleted=True)
        if not every:
            raise errors.subject_not_found(subject)
        targets = every if permanent else [sv for sv in every if not sv.deleted]
        if not targets:
            raise errors.subject_soft_deleted(subject)
        for sv in targets:
            if any(r.subject != subject for r in self._referrers(subject, sv.version, include_deleted=permanent)):
                raise errors.reference_exists(f"subject {subject} version {sv.version}")
            if permanent and not sv.deleted:
                raise errors.subject_not_soft_deleted(subject)
        if permanent:
            for sv in reversed(targets):
                self.store.put(schema_key(subject, sv.version), None)
            self._forget_subject_settings(subject)
        else:
            self.store.put(subject_key("DELETE_SUBJECT", subject), {"subject": subject, "version": targets[-1].version})
        return [sv.version for sv in targets]

    def delete_version(self, subject: str, version: str | int, permanent: bool = False) -> int:
        self._writable(subject)
        v = parse_version(version)
        with self.state.lock:
            every = self.state.versions(subject, include_deleted=True)
        if not every:
            raise errors.subject_not_found(subject)
        candidates = every if permanent else [sv for sv in every if not sv.deleted]
        if v == -1:
            if not candidates:
                raise errors.version_not_found(version)
            sv = candidates[-1]
        else:
            found = [s for s in every if s.version == v]
            if not found:
                raise errors.version_not_found(v)
            sv = found[0]
        if not permanent and sv.deleted:
            raise errors.version_soft_deleted(subject, sv.version)
        if self._referrers(subject, sv.version, include_deleted=permanent):
            raise errors.reference_exists(f"subject {subject} version {sv.version}")
        if permanent:
            if not sv.deleted:
                raise errors.version_not_soft_deleted(subject, sv.version)
            self.store.put(schema_key(subject, sv.version), None)
            with self.state.lock:
                empty = not self.state.subjects.get(subject)
            if empty:
                self._forget_subject_settings(subject)
        else:
            gone = SchemaValue(sv.subject, sv.version, sv.id, sv.schema, sv.schema_type, sv.references, True)
            self.store.put(schema_key(subject, sv.version), gone.to_json())
        return sv.version

    def _forget_subject_settings(self, subject: str) -> None:
        with self.state.lock:
            has_config, has_mode = subject in self.state.configs, subject in self.state.modes
        if has_config:
            self.store.put(subject_key("CONFIG", subject), None)
        if has_mode:
            self.store.put(subject_key("MODE", subject), None)

    # --- schemas by id ---
    def _by_id(self, schema_id: int) -> list[SchemaValue]:
        with self.state.lock:
            found = self.state.by_id(schema_id)
        if not found:
            raise errors.schema_not_found(schema_id)
        return sorted(found, key=lambda sv: (sv.subject, sv.version))

    def schema_by_id(self, schema_id: int, fmt: str | None = None) -> dict[str, Any]:
        sv = self._by_id(schema_id)[0]
        out: dict[str, Any] = {}
        if sv.schema_type != "AVRO":
            out["schemaType"] = sv.schema_type
        if sv.references:
            out["references"] = sv.references
        out["schema"] = self.formatted(sv, fmt)
        return out

    def subjects_by_id(self, schema_id: int, deleted: bool = False) -> list[str]:
        return sorted({sv.subject for sv in self._by_id(schema_id) if deleted or not sv.deleted})

    def versions_by_id(self, schema_id: int, deleted: bool = False) -> list[dict[str, Any]]:
        return [{"subject": sv.subject, "version": sv.version} for sv in self._by_id(schema_id)
                if deleted or not sv.deleted]

    def list_schemas(self, prefix: str = "", deleted: bool = False, latest_only: bool = False) -> list[dict[str, Any]]:
        with self.state.lock:
            subjects = sorted(s for s in self.state.subjects if s.startswith(prefix))
            rows = [self.state.versions(s, include_deleted=deleted) for s in subjects]
        out = []
        for versions in rows:
            for sv in versions[-1:] if latest_only else versions:
                out.append(version_json(sv))
        return out

    # --- compatibility ---
    def test_compatibility(self, subject: str, version: str | int | None, body: Any,
                           verbose: bool = False) -> dict[str, Any]:
        parsed, _ = self._parse_request(body)
        level = self.level(subject)
        with self.state.lock:
            live = self.state.versions(subject)
        if version is None:
            messages = check(level, parsed, self._previous(live))
        else:
            v = parse_version(version)
            if v == -1 and not live:
                messages = []
            else:
                sv = self.get_version(subject, version)
                messages = check(level.removesuffix("_TRANSITIVE"), parsed, self._previous([sv]))
        out: dict[str, Any] = {"is_compatible": not messages}
        if verbose:
            out["messages"] = messages
        return out


__all__ = ["Registry", "RegistryError", "parse_version", "version_json"]
