"""Image deltas for the GUI channel: what changed from one :class:`ClusterImage` to another, as JSON.

The channel sends a client its first image whole and then only deltas, each against the last image
*that client* was sent (:mod:`engine.control.channel`); the bridge applies them in order and so holds
exactly the image the engine published. Format (every key but ``time_ms`` only when something changed)::

    {"time_ms": 1712345678901,
     "fields": {"metadata_offset": 41, "controller_id": 1, "controller": {...} | null, ...},
     "controller": {"sessions": [...], "decisions": [...], ...},   # changed fields of ControllerImage
     "brokers": {"set": [<BrokerImage>...], "order": [0, 1, 2]},
     "groups": {"set": [<GroupImage>...], "order": ["g1", "g2"]},
     "topics": {"set": [{"name": "orders",
                         "header": {"topic_id": ..., "internal": false, "configs": {...}},
                         "partitions": {"set": [<PartitionImage>...], "order": 6}}],
                "order": ["__consumer_offsets", "orders"]}}

A keyed sequence (brokers by id, groups by id, topics by name, a topic's partitions by index) lists
the items that changed or are new under ``set`` (whole, as ``ClusterImage.to_json`` writes them;
a topic as its own nested delta) and gives ``order`` — the keys of the new sequence, so also what was
removed — only when the keys changed (a partition order ``N`` stands for ``0 … N-1``). ``fields`` holds
the top-level values that changed; ``controller`` the changed fields of the controller image when
there was one before.

Diffing checks identity before equality, so when consecutive images share unchanged parts
(``PartitionImage``, ``TopicImage``, ``GroupImage`` objects) a change to one partition costs O(1)
comparisons per unchanged part and O(that partition) JSON; applying a delta reuses every unchanged
object of the base image."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from engine.observe import codec
from engine.observe.image import (
    BrokerImage,
    ClusterImage,
    ControllerImage,
    GroupImage,
    PartitionImage,
    TopicImage,
)

T = TypeVar("T")
Delta = dict[str, Any]

# ClusterImage's single values (the sequences and time_ms have their own keys)
_FIELDS = tuple(f.name for f in dataclasses.fields(ClusterImage)
                if f.name not in ("time_ms", "brokers", "topics", "groups"))
_CONTROLLER_FIELDS = tuple(f.name for f in dataclasses.fields(ControllerImage))
_TOPIC_HEADER = ("topic_id", "internal", "configs")


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b


# ------------------------------------------------------------------------------------------------ diff

def diff_images(old: ClusterImage, new: ClusterImage) -> Delta:
    """The delta that turns ``old`` into ``new`` (``apply_delta(old, d) == new``)."""
    delta: Delta = {"time_ms": new.time_ms}
    if old is new:
        return delta
    fields = {}
    for name in _FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if not _same(a, b):
            if name == "controller" and a is not None and b is not None:
                delta["controller"] = {n: codec.encode(getattr(b, n)) for n in _CONTROLLER_FIELDS
                                       if not _same(getattr(a, n), getattr(b, n))}
            else:
                fields[name] = codec.encode(b)
    if fields:
        delta["fields"] = fields
    for name, key, item in (("brokers", _broker_key, _whole), ("groups", _group_key, _whole),
                            ("topics", _topic_key, _diff_topic)):
        d = _diff_seq(getattr(old, name), getattr(new, name), key, item)
        if d:
            delta[name] = d
    return delta


def is_empty(delta: Delta) -> bool:
    """Nothing changed but the time."""
    return delta.keys() <= {"time_ms"}


def _broker_key(b: BrokerImage) -> int:
    return b.broker_id


def _group_key(g: GroupImage) -> str:
    return g.group_id


def _topic_key(t: TopicImage) -> str:
    return t.name


def _partition_key(p: PartitionImage) -> int:
    return p.partition


def _whole(old: Any, new: Any) -> Any:
    """An item that changed, whole (``None``: unchanged)."""
    return None if old is not None and _same(old, new) else codec.encode(new)


def _diff_topic(old: TopicImage | None, new: TopicImage) -> Delta | None:
    if old is new:
        return None
    d: Delta = {}
    if old is None or any(not _same(getattr(old, n), getattr(new, n)) for n in _TOPIC_HEADER):
        d["header"] = {n: codec.encode(getattr(new, n)) for n in _TOPIC_HEADER}
    parts = _diff_seq(old.partitions if old is not None else (), new.partitions, _partition_key, _whole,
                      count_order=True)
    if parts:
        d["partitions"] = parts
    if not d:
        return None
    d["name"] = new.name
    return d


def _diff_seq(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
              item: Callable[[T | None, T], Any], count_order: bool = False) -> Delta:
    changed: list[Any] = []
    same_keys = len(old) == len(new)
    if same_keys:  # the usual case: the same keys in the same order, compared pairwise
        for a, b in zip(old, new, strict=True):
            if a is b:
                continue
            if key(a) != key(b):
                same_keys = False
                break
            d = item(a, b)
            if d is not None:
                changed.append(d)
    d_seq: Delta = {}
    if not same_keys:
        changed = []
        by_key = {key(a): a for a in old}
        for b in new:
            d = item(by_key.get(key(b)), b)
            if d is not None:
                changed.append(d)
        keys = [key(b) for b in new]
        d_seq["order"] = len(keys) if count_order and keys == list(range(len(keys))) else keys
    if changed:
        d_seq["set"] = changed
    return d_seq


# ----------------------------------------------------------------------------------------------- apply

def apply_delta(base: ClusterImage, delta: Delta) -> ClusterImage:
    """``base`` with ``delta`` applied; unchanged parts are ``base``'s own objects. ``ValueError`` if the
    delta does not fit ``base`` (it was computed against another image)."""
    changes: dict[str, Any] = {"time_ms": codec.decode(int, delta["time_ms"])}
    hints = _field_hints()
    for name, value in delta.get("fields", {}).items():
        if name not in hints:
            raise ValueError(f"unknown image field {name!r}")
        changes[name] = codec.decode(hints[name], value)
    if "controller" in delta:
        controller = changes.get("controller", base.controller)
        if controller is None:
            raise ValueError("a controller update for an image without a controller")
        updates = {n: codec.decode(_controller_hints()[n], v) for n, v in delta["controller"].items()}
        changes["controller"] = dataclasses.replace(controller, **updates)
    if "brokers" in delta:
        changes["brokers"] = _apply_seq(base.brokers, delta["brokers"], _broker_key, _decoder(BrokerImage))
    if "groups" in delta:
        changes["groups"] = _apply_seq(base.groups, delta["groups"], _group_key, _decoder(GroupImage))
    if "topics" in delta:
        changes["topics"] = _apply_seq(base.topics, delta["topics"], _topic_key, _apply_topic,
                                       key_of_change=lambda d: d["name"])
    return dataclasses.replace(base, **changes)


def _decoder(cls: type[T]) -> Callable[[T | None, Any], T]:
    def decode(_old: T | None, data: Any) -> T:
        value: T = codec.decode(cls, data)
        return value
    return decode


def _apply_topic(old: TopicImage | None, d: Delta) -> TopicImage:
    header = d.get("header")
    if old is None:
        if header is None:
            raise ValueError(f"a new topic {d.get('name')!r} without its header")
        old = TopicImage(d["name"], "", False, (), {})
    changes: dict[str, Any] = {}
    if header is not None:
        hints = _topic_hints()
        changes = {n: codec.decode(hints[n], header[n]) for n in _TOPIC_HEADER}
    if "partitions" in d:
        changes["partitions"] = _apply_seq(old.partitions, d["partitions"], _partition_key,
                                           _decoder(PartitionImage))
    return dataclasses.replace(old, **changes) if changes else old


def _apply_seq(old: Sequence[Any], d: Delta, key: Callable[[Any], Hashable],
               item: Callable[[Any, Any], Any], key_of_change: Callable[[Any], Hashable] | None = None
               ) -> tuple[Any, ...]:
    if key_of_change is None:
        decoded = [item(None, data) for data in d.get("set", ())]
        changed = {key(x): x for x in decoded}
    else:
        by_key = {key(a): a for a in old}
        changed = {}
        for data in d.get("set", ()):
            k = key_of_change(data)
            changed[k] = item(by_key.get(k), data)
    if "order" not in d:
        if not changed:
            return tuple(old)
        out = tuple(changed.pop(key(a), a) for a in old)
        if changed:
            raise ValueError(f"changes for unknown keys {sorted(map(str, changed))[:5]}")
        return out
    order = d["order"]
    keys = range(order) if isinstance(order, int) else order
    old_by_key = {key(a): a for a in old}
    try:
        return tuple(changed[k] if k in changed else old_by_key[k] for k in keys)
    except KeyError as e:
        raise ValueError(f"the delta names {e.args[0]!r}, which the base image does not have") from None


_HINTS: dict[type, dict[str, Any]] = {}


def _hints_of(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        import typing

        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _field_hints() -> dict[str, Any]:
    return {n: h for n, h in _hints_of(ClusterImage).items() if n in _FIELDS}


def _controller_hints() -> dict[str, Any]:
    return _hints_of(ControllerImage)


def _topic_hints() -> dict[str, Any]:
    return _hints_of(TopicImage)
