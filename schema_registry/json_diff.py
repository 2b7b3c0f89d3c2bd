"""Confluent's JSON Schema diff (``json/diff/SchemaDiff``), strict mode (its default): BACKWARD
means every document the old schema accepted is accepted by the new one, so the diff goes from
``original`` (old) to ``update`` (new) and a change is compatible when it only widens. Implemented:

- types: a changed ``type`` is ``TYPE_CHANGED`` (incompatible) unless the new schema is empty
  (``{}``/``true``) or the old one ``false``; ``integer`` → ``number`` widens, the reverse narrows;
  a list of types is a union (``anyOf``) of single-type schemas;
- objects: a property removed is compatible only if the new content model is open (no
  ``additionalProperties``/``patternProperties`` restriction) or covers it (partially open), or the
  old property was ``false``; a property added is compatible only to a closed or covering content
  model (adding even an optional property to an *open* model is incompatible: old data may hold
  anything under that name), as an empty schema, or with a default when required; a required
  attribute added (without default) is incompatible, removed is compatible;
  ``additionalProperties`` false → true widens, true → false/narrower schema narrows;
  ``minProperties``/``maxProperties``; ``dependencies`` (arrays and schemas);
- arrays: ``items`` (one schema, or a tuple with the same open/closed content model rules as
  properties), ``additionalItems``, ``minItems``/``maxItems``, ``uniqueItems``;
- strings: ``minLength``/``maxLength``/``pattern``; numbers: ``minimum``/``maximum``/exclusive
  bounds, ``multipleOf``;
- ``enum`` values added widen, removed narrow; ``const`` changed is incompatible;
- ``allOf``/``anyOf``/``oneOf``: criteria changes (to ``anyOf`` widens), subschemas added to a sum
  type widen, a compatible pairing of old and new subschemas (maximum bipartite matching) is required,
  singleton unions compare as their member; ``not`` compares its schemas reversed;
- ``$ref``: local (``#/definitions/…``, ``#/$defs/…``) and references to other registered schemas by
  their reference name are followed; recursive references are assumed compatible when re-entered.

Draft 2019-09/2020-12: ``prefixItems``, ``dependentRequired``/``dependentSchemas``,
``unevaluatedProperties``/``unevaluatedItems`` (as content models and compared), ``minContains``/
``maxContains``. Not compared: ``title``/``description``/``$id``/``default`` changes (always
compatible, as in Confluent), ``format``, ``contains`` itself, ``if``/``then``/``else``, remote ``$ref`` URLs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .json_document import JsonSchema
from .json_rules import (
    _ANNOTATIONS,
    _FALSE,
    COMPATIBLE,
    _dependencies,
    _divides,
    _extra_items,
    _extra_items_key,
    _extra_schema,
    _has_default,
    _max_matching,
    _open,
    _open_items,
    _partial,
    _permits,
    _unique,
    combined,
    kind,
)


class Differ:
    def __init__(self, original: JsonSchema, update: JsonSchema) -> None:
        self.roots = (original, update)
        self.path: list[str] = []
        self.on_stack: set[tuple[int, int]] = set()

    # --- helpers ---------------------------------------------------------------------------------
    @contextmanager
    def at(self, *parts: str) -> Iterator[None]:
        self.path.extend(parts)
        try:
            yield
        finally:
            del self.path[len(self.path) - len(parts):]

    def _here(self) -> str:
        return "#/" + "/".join(self.path)

    def _deref(self, s: Any, side: int) -> Any:
        seen = 0
        while isinstance(s, dict) and "$ref" in s and seen < 64:
            seen += 1
            target = self._lookup(s["$ref"], side)
            if target is None:
                return s
            extra = {k: v for k, v in s.items() if k != "$ref" and k not in _ANNOTATIONS}
            s = {"allOf": [target, extra]} if extra else target
        return s

    def _lookup(self, ref: str, side: int) -> Any:
        root = self.roots[side]
        doc_name, _, pointer = ref.partition("#")
        doc: Any = root.schema if not doc_name else root.references.get(doc_name)
        if doc is None:
            return None
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(doc, dict) or part not in doc:
                return None
            doc = doc[part]
        return doc

    kind = staticmethod(kind)
    combined = staticmethod(combined)

    def diff(self, original: Any, update: Any) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        self.compare(out, original, update)
        return out

    def sub(self, original: Any, update: Any) -> tuple[bool, list[tuple[str, str]]]:
        d = self.diff(original, update)
        return all(k in COMPATIBLE for k, _ in d), d

    def add(self, out: list[tuple[str, str]], kind: str, *parts: str) -> None:
        with self.at(*parts):
            out.append((kind, self._here()))

    def compare(self, out: list[tuple[str, str]], original: Any, update: Any) -> None:
        if original is None and update is None:
            return
        if original is None:
            self.add(out, "SCHEMA_ADDED")
            return
        if update is None:
            self.add(out, "SCHEMA_REMOVED")
            return
        original, update = self._deref(original, 0), self._deref(update, 1)
        key = (id(original), id(update))
        if key in self.on_stack:
            return
        self.on_stack.add(key)
        try:
            self._compare_types(out, original, update)
        finally:
            self.on_stack.discard(key)

    def _compare_types(self, out: list[tuple[str, str]], original: Any, update: Any) -> None:
        ok, uk = self.kind(original), self.kind(update)
        if ok != "combined" and uk == "combined":
            crit, subs = self.combined(update)
            if len(subs) == 1:
                good, d = self.sub(original, subs[0])
                if good:
                    out += d
                    return
            elif crit in ("anyOf", "oneOf"):
                for s in subs:
                    good, d = self.sub(original, s)
                    if good:
                        out += d
                        self.add(out, "SUM_TYPE_EXTENDED")
                        return
        elif ok == "combined" and uk != "combined":
            crit, subs = self.combined(original)
            if len(subs) == 1:
                good, d = self.sub(subs[0], update)
                if good:
                    out += d
                    return
            elif crit == "allOf":
                for s in subs:
                    good, d = self.sub(s, update)
                    if good:
                        out += d
                        self.add(out, "PRODUCT_TYPE_NARROWED")
                        return
        if ok != uk:
            if ok == "false" or uk == "empty":
                return
            self.add(out, "TYPE_CHANGED")
            return
        if not isinstance(original, dict) or not isinstance(update, dict):
            return
        for attr, change in (("$id", "ID_CHANGED"), ("title", "TITLE_CHANGED"), ("description", "DESCRIPTION_CHANGED"),
                             ("default", "DEFAULT_CHANGED")):
            if original.get(attr) != update.get(attr):
                self.add(out, change)
        getattr(self, f"_{ok}", lambda *a: None)(out, original, update)

    # --- per kind --------------------------------------------------------------------------------
    def _bound(self, out: list[tuple[str, str]], o: Any, u: Any, key: str, upper: bool, name: str) -> None:
        a, b = o.get(key), u.get(key)
        if isinstance(a, bool) or isinstance(b, bool):  # draft-4 boolean exclusive bounds
            a, b = (o.get(key.replace("exclusiveM", "m")) if a else None), (
                u.get(key.replace("exclusiveM", "m")) if b else None)
        if a == b:
            return
        if a is None:
            self.add(out, f"{name}_ADDED", key)
        elif b is None:
            self.add(out, f"{name}_REMOVED", key)
        elif (b > a) == upper:
            self.add(out, f"{name}_INCREASED" if upper else f"{name}_DECREASED", key)
        else:
            self.add(out, f"{name}_DECREASED" if upper else f"{name}_INCREASED", key)

    def _string(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        self._bound(out, o, u, "maxLength", True, "MAX_LENGTH")
        self._bound(out, o, u, "minLength", False, "MIN_LENGTH")
        a, b = o.get("pattern"), u.get("pattern")
        if a != b:
            self.add(out, "PATTERN_ADDED" if a is None else "PATTERN_REMOVED" if b is None else "PATTERN_CHANGED",
                     "pattern")

    def _number(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        self._bound(out, o, u, "maximum", True, "MAXIMUM")
        self._bound(out, o, u, "minimum", False, "MINIMUM")
        self._bound(out, o, u, "exclusiveMaximum", True, "EXCLUSIVE_MAXIMUM")
        self._bound(out, o, u, "exclusiveMinimum", False, "EXCLUSIVE_MINIMUM")
        a, b = o.get("multipleOf"), u.get("multipleOf")
        if a != b:
            if a is None:
                self.add(out, "MULTIPLE_OF_ADDED", "multipleOf")
            elif b is None:
                self.add(out, "MULTIPLE_OF_REMOVED", "multipleOf")
            elif _divides(b, a):
                self.add(out, "MULTIPLE_OF_REDUCED", "multipleOf")
            elif _divides(a, b):
                self.add(out, "MULTIPLE_OF_EXPANDED", "multipleOf")
            else:
                self.add(out, "MULTIPLE_OF_CHANGED", "multipleOf")
        oi, ui = o.get("type") == "integer", u.get("type") == "integer"
        if oi != ui:
            self.add(out, "TYPE_EXTENDED" if oi else "TYPE_NARROWED")

    def _enum(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        a, b = o["enum"], u["enum"]
        if a != b:
            if all(v in b for v in a):
                self.add(out, "ENUM_ARRAY_EXTENDED", "enum")
            elif all(v in a for v in b):
                self.add(out, "ENUM_ARRAY_NARROWED", "enum")
            else:
                self.add(out, "ENUM_ARRAY_CHANGED", "enum")

    def _const(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        if o["const"] != u["const"]:
            self.add(out, "ENUM_ARRAY_CHANGED", "const")

    def _not(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        with self.at("not"):
            good, _ = self.sub(u["not"], o["not"])
            self.add(out, "NOT_TYPE_NARROWED" if good else "NOT_TYPE_EXTENDED")

    def _combined(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        oc, osubs = self.combined(o)
        uc, usubs = self.combined(u)
        osubs, usubs = _unique(osubs), _unique(usubs)
        if oc != uc:
            if uc == "anyOf" or (len(osubs) == 1 and len(usubs) == 1) or (len(osubs) == 1 and uc == "oneOf") or (
                    len(usubs) == 1 and oc == "allOf"):
                self.add(out, "COMBINED_TYPE_EXTENDED")
            else:
                self.add(out, "COMBINED_TYPE_CHANGED")
                return
        if len(osubs) < len(usubs):
            self.add(out, "PRODUCT_TYPE_EXTENDED" if uc == "allOf" else "SUM_TYPE_EXTENDED")
        elif len(osubs) > len(usubs):
            self.add(out, "SUM_TYPE_NARROWED" if oc in ("anyOf", "oneOf") else "PRODUCT_TYPE_NARROWED")
        edges: dict[int, dict[int, list[tuple[str, str]]]] = {}
        for i, a in enumerate(osubs):
            with self.at(oc, str(i)):
                for j, b in enumerate(usubs):
                    good, d = self.sub(a, b)
                    if good:
                        edges.setdefault(i, {})[j] = d
        matching = _max_matching(edges)
        for i, j in matching.items():
            out += edges[i][j]
        if len(matching) < min(len(osubs), len(usubs)):
            self.add(out, "COMBINED_TYPE_SUBSCHEMAS_CHANGED")

    def _object(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        op, up = o.get("properties", {}), u.get("properties", {})
        oreq, ureq = set(o.get("required", [])), set(u.get("required", []))
        for name in op:
            if name in up:
                if name in oreq and name not in ureq:
                    self.add(out, "REQUIRED_ATTRIBUTE_REMOVED", "required", name)
                elif name not in oreq and name in ureq:
                    self.add(out, "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" if _has_default(up[name])
                             else "REQUIRED_ATTRIBUTE_ADDED", "required", name)
        with self.at("properties"):
            for name in sorted(set(op) | set(up)):
                with self.at(name):
                    if name not in up:
                        self._property_removed(out, o, u, name)
                    elif name not in op:
                        self._property_added(out, o, u, name)
                    else:
                        self.compare(out, op[name], up[name])
        with self.at("dependencies"):
            od, ud = _dependencies(o), _dependencies(u)
            for name in sorted(set(od) | set(ud)):
                a, b = od.get(name), ud.get(name)
                if isinstance(a, list) or isinstance(b, list):
                    if b is None:
                        self.add(out, "DEPENDENCY_ARRAY_REMOVED", name)
                    elif a is None:
                        self.add(out, "DEPENDENCY_ARRAY_ADDED", name)
                    elif set(a) != set(b):
                        self.add(out, "DEPENDENCY_ARRAY_EXTENDED" if set(b) >= set(a) else
                                 "DEPENDENCY_ARRAY_NARROWED" if set(a) >= set(b) else "DEPENDENCY_ARRAY_CHANGED", name)
                elif b is None:
                    self.add(out, "DEPENDENCY_SCHEMA_REMOVED", name)
                elif a is None:
                    self.add(out, "DEPENDENCY_SCHEMA_ADDED", name)
                else:
                    with self.at(name):
                        self.compare(out, a, b)
        with self.at("additionalProperties"):
            oa, ua = _permits(o, "additionalProperties"), _permits(u, "additionalProperties")
            if oa != ua:
                self.add(out, "ADDITIONAL_PROPERTIES_ADDED" if ua else "ADDITIONAL_PROPERTIES_REMOVED")
            else:
                os_, us = _extra_schema(o, "additionalProperties"), _extra_schema(u, "additionalProperties")
                if os_ is None and us is not None:
                    self.add(out, "ADDITIONAL_PROPERTIES_NARROWED")
                elif us is None and os_ is not None:
                    self.add(out, "ADDITIONAL_PROPERTIES_EXTENDED")
                elif os_ is not None:
                    self.compare(out, os_, us)
        self._unevaluated(out, o, u, "unevaluatedProperties", "UNEVALUATED_PROPERTIES")
        self._bound(out, o, u, "maxProperties", True, "MAX_PROPERTIES")
        self._bound(out, o, u, "minProperties", False, "MIN_PROPERTIES")

    def _unevaluated(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any], key: str,
                     name: str) -> None:
        """Confluent's compareUnevaluatedProperties/Items (draft 2019-09 and later)."""
        a, b = o.get(key), u.get(key)
        if a is None and b is None:
            return
        with self.at(key):
            a_false, b_false = a is False or a == _FALSE, b is False or b == _FALSE
            a_empty, b_empty = a is True or a == {}, b is True or b == {}
            if a is None:
                self.add(out, f"{name}_REMOVED" if b_false else f"{name}_NARROWED")
            elif b is None:
                self.add(out, f"{name}_ADDED" if a_false else f"{name}_EXTENDED")
            elif a_false and not b_false:
                self.add(out, f"{name}_ADDED")
            elif b_false and not a_false:
                self.add(out, f"{name}_REMOVED")
            elif a_empty and not b_empty:
                self.add(out, f"{name}_NARROWED")
            elif b_empty and not a_empty:
                self.add(out, f"{name}_EXTENDED")
            elif not (a_false and b_false):
                self.compare(out, a, b)

    def _property_removed(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any], name: str) -> None:
        original = o["properties"][name]
        if _open(u):
            self.add(out, "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL")
            return
        partial = _partial(u, name)
        if partial is not None:
            good, d = self.sub(original, partial)
            out += d
            self.add(out, "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if good
                     else "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
        elif self.kind(original) == "false":
            self.add(out, "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
        else:
            self.add(out, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")

    def _property_added(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any], name: str) -> None:
        update = u["properties"][name]
        required = name in u.get("required", [])
        if _open(o):
            if self.kind(update) == "empty":
                self.add(out, "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL")
            elif required:
                self.add(out, "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL" if _has_default(update)
                         else "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
            else:
                self.add(out, "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
            return
        partial = _partial(o, name)
        if partial is not None:
            good, d = self.sub(partial, update)
            out += d
            self.add(out, "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if good
                     else "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
        if required:
            self.add(out, "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL" if _has_default(update)
                     else "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
        else:
            self.add(out, "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")

    def _array(self, out: list[tuple[str, str]], o: dict[str, Any], u: dict[str, Any]) -> None:
        oi, ui = o.get("items"), u.get("items")
        ot = oi if isinstance(oi, list) else o.get("prefixItems", [])
        ut = ui if isinstance(ui, list) else u.get("prefixItems", [])
        oall = oi if not isinstance(oi, list) else None
        uall = ui if not isinstance(ui, list) else None
        if "prefixItems" in o:
            oall = None
        if "prefixItems" in u:
            uall = None
        with self.at("items"):
            self.compare(out, oall, uall)
        for i in range(max(len(ot), len(ut))):
            with self.at("items", str(i)):
                if i < len(ot) and i < len(ut):
                    self.compare(out, ot[i], ut[i])
                elif i < len(ot):
                    if _open_items(u):
                        self.add(out, "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL")
                    elif _extra_items(u) is not None:
                        good, d = self.sub(ot[i], _extra_items(u))
                        out += d
                        self.add(out, "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if good
                                 else "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
                    elif self.kind(ot[i]) == "false":
                        self.add(out, "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL")
                    else:
                        self.add(out, "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL")
                else:
                    if _open_items(o):
                        self.add(out, "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
                                 if self.kind(ut[i]) == "empty" else "ITEM_ADDED_TO_OPEN_CONTENT_MODEL")
                    elif _extra_items(o) is not None:
                        good, d = self.sub(_extra_items(o), ut[i])
                        out += d
                        self.add(out, "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" if good
                                 else "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
                    else:
                        self.add(out, "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL")
        with self.at("additionalItems"):
            ok_, uk = _extra_items_key(o), _extra_items_key(u)
            oa, ua = _permits(o, ok_), _permits(u, uk)
            if oa != ua:
                self.add(out, "ADDITIONAL_ITEMS_ADDED" if ua else "ADDITIONAL_ITEMS_REMOVED")
            else:
                os_, us = _extra_schema(o, ok_), _extra_schema(u, uk)
                if os_ is None and us is not None:
                    self.add(out, "ADDITIONAL_ITEMS_NARROWED")
                elif us is None and os_ is not None:
                    self.add(out, "ADDITIONAL_ITEMS_EXTENDED")
                elif os_ is not None:
                    self.compare(out, os_, us)
        self._unevaluated(out, o, u, "unevaluatedItems", "UNEVALUATED_ITEMS")
        self._bound(out, o, u, "maxItems", True, "MAX_ITEMS")
        self._bound(out, o, u, "maxContains", True, "MAX_CONTAINS")
        self._bound(out, o, u, "minContains", False, "MIN_CONTAINS")
        self._bound(out, o, u, "minItems", False, "MIN_ITEMS")
        if bool(o.get("uniqueItems")) != bool(u.get("uniqueItems")):
            self.add(out, "UNIQUE_ITEMS_REMOVED" if o.get("uniqueItems") else "UNIQUE_ITEMS_ADDED", "uniqueItems")
