"""The vocabulary of the JSON Schema compatibility diff: Confluent's compatible change kinds, the
keyword groups, and small predicates over schema objects (see :mod:`schema_registry.json_diff`)."""

from __future__ import annotations

import re
from typing import Any

COMPATIBLE = {
    "ID_CHANGED", "DESCRIPTION_CHANGED", "TITLE_CHANGED", "DEFAULT_CHANGED", "SCHEMA_REMOVED", "TYPE_EXTENDED",
    "MAX_LENGTH_INCREASED", "MAX_LENGTH_REMOVED", "MIN_LENGTH_DECREASED", "MIN_LENGTH_REMOVED", "PATTERN_REMOVED",
    "MAXIMUM_INCREASED", "MAXIMUM_REMOVED", "MINIMUM_DECREASED", "MINIMUM_REMOVED", "EXCLUSIVE_MAXIMUM_INCREASED",
    "EXCLUSIVE_MAXIMUM_REMOVED", "EXCLUSIVE_MINIMUM_DECREASED", "EXCLUSIVE_MINIMUM_REMOVED", "MULTIPLE_OF_REDUCED",
    "MULTIPLE_OF_REMOVED", "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "REQUIRED_ATTRIBUTE_REMOVED",
    "DEPENDENCY_ARRAY_NARROWED", "DEPENDENCY_ARRAY_REMOVED", "DEPENDENCY_SCHEMA_REMOVED", "MAX_PROPERTIES_INCREASED",
    "MAX_PROPERTIES_REMOVED", "MIN_PROPERTIES_DECREASED", "MIN_PROPERTIES_REMOVED", "ADDITIONAL_PROPERTIES_ADDED",
    "ADDITIONAL_PROPERTIES_EXTENDED", "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "MAX_ITEMS_INCREASED", "MAX_ITEMS_REMOVED",
    "MIN_ITEMS_DECREASED", "MIN_ITEMS_REMOVED", "UNIQUE_ITEMS_REMOVED", "ADDITIONAL_ITEMS_ADDED",
    "ADDITIONAL_ITEMS_EXTENDED", "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "ENUM_ARRAY_EXTENDED", "UNEVALUATED_PROPERTIES_ADDED",
    "UNEVALUATED_PROPERTIES_EXTENDED", "UNEVALUATED_ITEMS_ADDED", "UNEVALUATED_ITEMS_EXTENDED", "MAX_CONTAINS_INCREASED",
    "MAX_CONTAINS_REMOVED", "MIN_CONTAINS_DECREASED", "MIN_CONTAINS_REMOVED", "COMBINED_TYPE_EXTENDED",
    "PRODUCT_TYPE_NARROWED", "SUM_TYPE_EXTENDED", "NOT_TYPE_NARROWED",
}

_COMBINERS = ("allOf", "anyOf", "oneOf")
_OBJECT_KEYS = {"properties", "required", "additionalProperties", "patternProperties", "minProperties",
                "maxProperties", "dependencies", "dependentRequired", "dependentSchemas", "propertyNames",
                "unevaluatedProperties"}
_ARRAY_KEYS = {"items", "additionalItems", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains",
               "minContains", "maxContains", "unevaluatedItems"}
_STRING_KEYS = {"minLength", "maxLength", "pattern", "format"}
_NUMBER_KEYS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
_ANNOTATIONS = {"$schema", "$id", "id", "title", "description", "default", "examples", "$comment", "definitions",
                "$defs", "readOnly", "writeOnly", "deprecated"}
_FALSE: dict[str, Any] = {"not": {}}


def _divides(a: float, b: float) -> bool:
    """``b`` is a whole multiple of ``a``."""
    if a == 0:
        return False
    q = b / a
    return abs(q - round(q)) < 1e-9


def _unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for x in items:
        if x not in seen:
            seen.append(x)
    return seen


def _max_matching(edges: dict[int, dict[int, Any]]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths); returns left → right."""
    match_right: dict[int, int] = {}

    def augment(left: int, visited: set[int]) -> bool:
        for right in edges.get(left, {}):
            if right in visited:
                continue
            visited.add(right)
            if right not in match_right or augment(match_right[right], visited):
                match_right[right] = left
                return True
        return False

    for left in edges:
        augment(left, set())
    return {left: right for right, left in match_right.items()}


def _has_default(s: Any) -> bool:
    return isinstance(s, dict) and "default" in s


def _permits(s: dict[str, Any], key: str) -> bool:
    v = s.get(key, True)
    return not (v is False or v == _FALSE)


def _extra_schema(s: dict[str, Any], key: str) -> Any:
    v = s.get(key)
    return v if isinstance(v, dict) and v != _FALSE and v else None


def _uneval_open(s: dict[str, Any], key: str) -> bool:
    v = s.get(key)
    return v is None or v is True or v == {}


def _open(s: dict[str, Any]) -> bool:
    return (_permits(s, "additionalProperties") and _extra_schema(s, "additionalProperties") is None
            and not s.get("patternProperties") and _uneval_open(s, "unevaluatedProperties"))


def _partial(s: dict[str, Any], name: str) -> Any:
    for pattern, schema in (s.get("patternProperties") or {}).items():
        if re.search(pattern, name):
            return schema
    extra = _extra_schema(s, "additionalProperties")
    if extra is None and "additionalProperties" not in s:
        extra = _extra_schema(s, "unevaluatedProperties")
    return extra


def _dependencies(s: dict[str, Any]) -> dict[str, Any]:
    """``dependencies`` (draft 7) merged with ``dependentRequired``/``dependentSchemas`` (2019-09 and later)."""
    return {**(s.get("dependencies") or {}), **(s.get("dependentRequired") or {}),
            **(s.get("dependentSchemas") or {})}


def _extra_items_key(s: dict[str, Any]) -> str:
    return "items" if "prefixItems" in s else "additionalItems"


def _open_items(s: dict[str, Any]) -> bool:
    key = _extra_items_key(s)
    return _permits(s, key) and _extra_schema(s, key) is None and (key in s or _uneval_open(s, "unevaluatedItems"))


def _extra_items(s: dict[str, Any]) -> Any:
    """The schema covering items past the tuple: additionalItems / items (2020-12), else unevaluatedItems."""
    key = _extra_items_key(s)
    extra = _extra_schema(s, key)
    if extra is None and key not in s:
        extra = _extra_schema(s, "unevaluatedItems")
    return extra


def kind(s: Any) -> str:
    """The everit class a schema becomes: false, empty, combined, not, enum, const, or a type name."""
    if s is False or s == _FALSE:
        return "false"
    if s is True or not isinstance(s, dict):
        return "empty"
    keys = set(s) - _ANNOTATIONS
    if not keys:
        return "empty"
    if any(c in s for c in _COMBINERS) or isinstance(s.get("type"), list) and len(s["type"]) > 1:
        return "combined"
    if ("enum" in s or "const" in s) and keys - {"enum", "const"}:
        return "combined"  # everit: allOf [the typed part, the enum part]
    if "enum" in s:
        return "enum"
    if "const" in s:
        return "const"
    if "not" in s:
        return "not"
    t = s.get("type")
    if isinstance(t, list):
        t = t[0] if t else None
    if t is not None:
        return "number" if t == "integer" else str(t)
    if keys & _OBJECT_KEYS:
        return "object"
    if keys & _ARRAY_KEYS:
        return "array"
    if keys & _STRING_KEYS:
        return "string"
    if keys & _NUMBER_KEYS:
        return "number"
    return "empty"

def combined(s: dict[str, Any]) -> tuple[str, list[Any]]:
    """A combined schema as (criterion, subschemas): a type list is anyOf single-typed schemas."""
    if isinstance(s.get("type"), list) and len(s["type"]) > 1 and not any(c in s for c in _COMBINERS):
        rest = {k: v for k, v in s.items() if k != "type"}
        return "anyOf", [{**rest, "type": t} for t in s["type"]]
    present = [c for c in _COMBINERS if c in s]
    rest = {k: v for k, v in s.items() if k not in _COMBINERS and k not in _ANNOTATIONS}
    if not present:
        values = {k: rest.pop(k) for k in ("enum", "const") if k in rest}
        return "allOf", [rest, values]
    if len(present) == 1 and not rest:
        return present[0], list(s[present[0]])
    parts: list[Any] = [{c: s[c]} for c in present]
    if rest:
        parts.insert(0, rest)
    return "allOf", parts

# --- the diff --------------------------------------------------------------------------------
