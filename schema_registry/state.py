"""The registry's in-memory state, rebuilt by replaying the ``_schemas`` topic (Confluent's lookup cache).

Records are Confluent's ``KafkaStore`` JSON (keys: ``{"keytype":"SCHEMA","subject":…,"version":…,
"magic":1}``, ``CONFIG``, ``MODE``, ``DELETE_SUBJECT``, ``CLEAR_SUBJECT``, ``NOOP``; a null value is a
tombstone). Only the store's reader thread calls :meth:`RegistryState.apply`; readers take ``lock``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class SchemaValue:
    subject: str
    version: int
    id: int
    schema: str
    schema_type: str = "AVRO"
    references: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"subject": self.subject, "version": self.version, "id": self.id}
        if self.schema_type != "AVRO":
            out["schemaType"] = self.schema_type
        if self.references:
            out["references"] = self.references
        out["schema"] = self.schema
        out["deleted"] = self.deleted
        return out

    @classmethod
    def from_json(cls, v: dict[str, Any]) -> SchemaValue:
        return cls(subject=v["subject"], version=int(v["version"]), id=int(v["id"]), schema=v["schema"],
                   schema_type=v.get("schemaType") or "AVRO", references=list(v.get("references") or []),
                   deleted=bool(v.get("deleted", False)))


def schema_key(subject: str, version: int) -> dict[str, Any]:
    return {"keytype": "SCHEMA", "subject": subject, "version": version, "magic": 1}


def subject_key(keytype: str, subject: str | None) -> dict[str, Any]:
    """CONFIG / MODE / DELETE_SUBJECT / CLEAR_SUBJECT keys; no subject means the global one."""
    key: dict[str, Any] = {"keytype": keytype}
    if subject is not None:
        key["subject"] = subject
    key["magic"] = 0
    return key


class RegistryState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.subjects: dict[str, dict[int, SchemaValue]] = {}
        self.configs: dict[str | None, str] = {}  # None: the global level
        self.modes: dict[str | None, str] = {}
        self.max_id = 0
        self.next_offset = 0  # the offset after the last record applied

    def apply(self, key: dict[str, Any], value: dict[str, Any] | None, offset: int) -> None:
        with self.lock:
            try:
                self._apply(key, value)
            except (KeyError, TypeError, ValueError) as e:
                log.warning("skipping unreadable _schemas record at offset %d (%s): %s", offset, e, key)
            self.next_offset = offset + 1
            self.changed.notify_all()

    def _apply(self, key: dict[str, Any], value: dict[str, Any] | None) -> None:
        keytype = key.get("keytype")
        subject = key.get("subject")
        if keytype == "SCHEMA":
            versions = self.subjects.setdefault(key["subject"], {})
            if value is None:
                versions.pop(int(key["version"]), None)
                if not versions:
                    del self.subjects[key["subject"]]
            else:
                sv = SchemaValue.from_json(value)
                versions[sv.version] = sv
                self.max_id = max(self.max_id, sv.id)
        elif keytype == "CONFIG":
            if value is None:
                self.configs.pop(subject, None)
            elif value.get("compatibilityLevel"):
                self.configs[subject] = str(value["compatibilityLevel"])
        elif keytype == "MODE":
            if value is None:
                self.modes.pop(subject, None)
            else:
                self.modes[subject] = str(value["mode"])
        elif keytype == "DELETE_SUBJECT" and value is not None:
            watermark = int(value["version"])
            for v, sv in self.subjects.get(value["subject"], {}).items():
                if v <= watermark:
                    sv.deleted = True
        elif keytype == "CLEAR_SUBJECT" and value is not None:
            self.subjects.pop(value["subject"], None)
        # NOOP and key types this registry does not use (contexts, associations) change nothing

    # --- queries (callers hold `lock`) ---
    def versions(self, subject: str, include_deleted: bool = False) -> list[SchemaValue]:
        return [sv for _, sv in sorted(self.subjects.get(subject, {}).items()) if include_deleted or not sv.deleted]

    def by_id(self, schema_id: int) -> list[SchemaValue]:
        return [sv for versions in self.subjects.values() for sv in versions.values() if sv.id == schema_id]
