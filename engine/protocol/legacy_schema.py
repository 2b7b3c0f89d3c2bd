"""Message classes of the old API versions that Kafka 3.9 still serves and kio (generated from Kafka
4's schemas, KIP-896) no longer has: Produce v0–v2, Fetch v0–v3, ListOffsets v0, OffsetCommit v0–v1,
OffsetFetch v0, CreateTopics v0–v1, DeleteTopics v0, OffsetForLeaderEpoch v0–v1, DescribeConfigs v0,
DescribeLogDirs v0.

Each is derived from kio's oldest class of the same API by the differences Apache Kafka's message
schemas (``clients/src/main/resources/common/message/*.json`` of Kafka 3.9) list for it: fields that
the old version lacks are dropped, fields that only it has are added. The classes look to kio's
reader and writer, to :mod:`engine.protocol.schema` and to the bounds check exactly like kio's own.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from kio.index import load_payload_module
from kio.static.constants import EntityType

REQUEST, RESPONSE = EntityType.request, EntityType.response


@dataclasses.dataclass(frozen=True)
class Change:
    """How an old version differs from kio's oldest: ``drop`` fields, ``add`` fields (name, kafka
    type, python type, default, placed after the named field or first when ``None``), and the
    changes of nested entities by field name."""

    drop: tuple[str, ...] = ()
    add: tuple[tuple[str | None, str, str, Any, Any], ...] = ()
    nested: Mapping[str, Change] = dataclasses.field(default_factory=dict)


NONE = Change()


def _entity_of(hint: Any) -> Any:
    args = getattr(hint, "__args__", ())
    if getattr(hint, "__origin__", None) is tuple and args and is_dataclass(args[0]):
        return args[0]
    for a in args:  # Optional[tuple[X, ...]]
        inner = _entity_of(a)
        if inner is not None:
            return inner
    return hint if is_dataclass(hint) else None


def _retype(hint: Any, old: Any, new: Any) -> Any:
    if hint is old:
        return new
    if getattr(hint, "__origin__", None) is tuple:
        return tuple[new, ...]  # type: ignore[valid-type]
    return tuple[new, ...] | None  # type: ignore[valid-type]


def derive(base: type, version: int, change: Change) -> type:
    """A copy of the kio class ``base`` as version ``version``, changed by ``change``."""
    spec: list[tuple[str, Any, Any]] = []

    def add_after(name: str | None) -> None:
        for after, new_name, kafka_type, hint, default in change.add:
            if after == name:
                spec.append((new_name, hint, dataclasses.field(metadata={"kafka_type": kafka_type}, default=default)))

    add_after(None)
    for f in fields(base):  # type: ignore[arg-type]
        if f.name in change.drop:
            continue
        hint = f.type
        nested = _entity_of(hint)
        if nested is not None:
            new = derive(nested, version, change.nested.get(f.name, NONE))
            hint = _retype(hint, nested, new)
        kw: dict[str, Any] = {"metadata": f.metadata}
        if f.default is not MISSING:
            kw["default"] = f.default
        elif f.default_factory is not MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, hint, dataclasses.field(**kw)))
        add_after(f.name)
    namespace = {"__type__": base.__type__, "__version__": version,  # type: ignore[attr-defined]
                 "__flexible__": False, "__api_key__": base.__api_key__,  # type: ignore[attr-defined]
                 "__header_schema__": base.__header_schema__}  # type: ignore[attr-defined]
    cls = dataclasses.make_dataclass(base.__name__, spec, namespace=namespace, frozen=True, slots=True, kw_only=True)
    cls.__module__ = __name__
    return cls


_THROTTLE = "throttle_time"
# (api key, version, kind) → (kio version it derives from, change)
_LEGACY: dict[tuple[int, int, EntityType], tuple[int, Change]] = {
    # Produce v0–v2: no transactional_id; response v0 without throttle, v0–v1 without log_append_time
    **{(0, v, REQUEST): (3, Change(drop=("transactional_id",))) for v in (0, 1, 2)},
    (0, 0, RESPONSE): (3, Change(drop=(_THROTTLE,), nested={"responses": Change(
        nested={"partition_responses": Change(drop=("log_append_time",))})})),
    (0, 1, RESPONSE): (3, Change(nested={"responses": Change(
        nested={"partition_responses": Change(drop=("log_append_time",))})})),
    (0, 2, RESPONSE): (3, NONE),
    # Fetch v0–v3: no isolation_level, v0–v2 no max_bytes; response without LSO and aborted
    # transactions, v0 without throttle
    **{(1, v, REQUEST): (4, Change(drop=("isolation_level", "max_bytes"))) for v in (0, 1, 2)},
    (1, 3, REQUEST): (4, Change(drop=("isolation_level",))),
    **{(1, v, RESPONSE): (4, Change(drop=(_THROTTLE,) if v == 0 else (), nested={"responses": Change(
        nested={"partitions": Change(drop=("last_stable_offset", "aborted_transactions"))})}))
       for v in (0, 1, 2, 3)},
    # ListOffsets v0: max_num_offsets asked, old_style_offsets answered
    (2, 0, REQUEST): (1, Change(nested={"topics": Change(nested={"partitions": Change(
        add=(("timestamp", "max_num_offsets", "int32", int, 1),))})})),
    (2, 0, RESPONSE): (1, Change(nested={"topics": Change(nested={"partitions": Change(
        drop=("timestamp", "offset"), add=(("error_code", "old_style_offsets", "int64", tuple[int, ...], ()),))})})),
    # OffsetCommit v0: group id and offsets only; v1: generation, member and a commit timestamp
    (8, 0, REQUEST): (2, Change(drop=("generation_id_or_member_epoch", "member_id", "retention_time"))),
    (8, 1, REQUEST): (2, Change(drop=("retention_time",), nested={"topics": Change(nested={"partitions": Change(
        add=(("committed_offset", "commit_timestamp", "int64", int, -1),))})})),
    (8, 0, RESPONSE): (2, NONE),
    (8, 1, RESPONSE): (2, NONE),
    # OffsetFetch v0 is v1 (offsets in ZooKeeper in Kafka's zk mode; here the coordinator's)
    (9, 0, REQUEST): (1, NONE),
    (9, 0, RESPONSE): (1, NONE),
    # CreateTopics v0 without validate_only; responses without throttle, v0 without error_message
    (19, 0, REQUEST): (2, Change(drop=("validate_only",))),
    (19, 1, REQUEST): (2, NONE),
    (19, 0, RESPONSE): (2, Change(drop=(_THROTTLE,), nested={"topics": Change(drop=("error_message",))})),
    (19, 1, RESPONSE): (2, Change(drop=(_THROTTLE,))),
    # DeleteTopics v0: response without throttle
    (20, 0, REQUEST): (1, NONE),
    (20, 0, RESPONSE): (1, Change(drop=(_THROTTLE,))),
    # OffsetForLeaderEpoch v0–v1: no current leader epoch asked, no throttle; v0 answers no epoch
    **{(23, v, REQUEST): (2, Change(nested={"topics": Change(nested={"partitions": Change(
        drop=("current_leader_epoch",))})})) for v in (0, 1)},
    (23, 0, RESPONSE): (2, Change(drop=(_THROTTLE,), nested={"topics": Change(nested={"partitions": Change(
        drop=("leader_epoch",))})})),
    (23, 1, RESPONSE): (2, Change(drop=(_THROTTLE,))),
    # DescribeConfigs v0: no synonyms, is_default instead of config_source
    (32, 0, REQUEST): (1, Change(drop=("include_synonyms",))),
    (32, 0, RESPONSE): (1, Change(nested={"results": Change(nested={"configs": Change(
        drop=("config_source", "synonyms"), add=(("read_only", "is_default", "bool", bool, False),))})})),
    # DescribeLogDirs v0 is v1 (v1 only changed how throttling is applied)
    (35, 0, REQUEST): (1, NONE),
    (35, 0, RESPONSE): (1, NONE),
}


def _kio_class(api_key: int, version: int, kind: EntityType) -> Any:
    module = load_payload_module(api_key, version, kind)  # type: ignore[arg-type]
    return next(v for v in vars(module).values() if isinstance(v, type) and getattr(v, "__type__", None) is kind)


@functools.cache
def legacy_class(api_key: int, version: int, kind: EntityType) -> Any:
    """The derived class of an old version, or None when kio has the version itself."""
    entry = _LEGACY.get((api_key, version, kind))
    if entry is None:
        return None
    base_version, change = entry
    return derive(_kio_class(api_key, base_version, kind), version, change)


def legacy_versions(api_key: int) -> list[int]:
    """The old versions of an API this module adds."""
    return sorted({v for (k, v, kind) in _LEGACY if k == api_key and kind is REQUEST})
