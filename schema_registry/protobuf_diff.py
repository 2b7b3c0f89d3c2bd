"""Confluent's Protobuf compatibility rules (``protobuf/diff``) on resolved descriptors.

Compatibility (BACKWARD: ``original`` = old, ``update`` = new; FORWARD swaps them), as Confluent's
``SchemaDiff``: changes are compatible when they are in ``COMPATIBLE`` — messages/enums added, enum
constants added/removed/renamed, fields added/removed/renamed, string↔bytes, oneofs added/removed,
a field added to a oneof or moved out of it. Incompatible: the package changed, a message removed,
a field number reused with another kind (scalar / message / map) or another scalar wire group
(``int32 int64 uint32 uint64 bool enum`` | ``sint32 sint64`` | ``string bytes`` | ``fixed32 sfixed32``
| ``fixed64 sfixed64`` | ``float`` | ``double``), a numeric field's label changed between
``optional``/``required``/``repeated``, a message-typed field pointing to a differently named or
incompatible message, a required field added or removed, a oneof member removed while its oneof
stays, and fields from different old groups brought into one oneof.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FieldProto
from google.protobuf.descriptor_pb2 import FileDescriptorProto as FDP

from .protobuf import SCALAR_NAMES, ProtobufSchema

# Confluent's FieldSchemaDiff.ScalarKind: groups of wire-compatible scalars
SCALAR_KIND = {
    "int32": "GENERAL_NUMBER", "int64": "GENERAL_NUMBER", "uint32": "GENERAL_NUMBER", "uint64": "GENERAL_NUMBER",
    "bool": "GENERAL_NUMBER", "sint32": "SIGNED_NUMBER", "sint64": "SIGNED_NUMBER", "string": "STRING_OR_BYTES",
    "bytes": "STRING_OR_BYTES", "fixed32": "FIXED32", "sfixed32": "FIXED32", "fixed64": "FIXED64",
    "sfixed64": "FIXED64", "float": "FLOAT", "double": "DOUBLE",
}
COMPATIBLE = {
    "MESSAGE_ADDED", "MESSAGE_MOVED", "ENUM_ADDED", "ENUM_REMOVED", "ENUM_CONST_ADDED", "ENUM_CONST_CHANGED",
    "ENUM_CONST_REMOVED", "FIELD_ADDED", "FIELD_REMOVED", "FIELD_NAME_CHANGED", "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
    "ONEOF_ADDED", "ONEOF_REMOVED", "ONEOF_FIELD_ADDED", "ONEOF_FIELD_MOVED_TO_TOP_LEVEL",
}


@dataclass
class _TypeInfo:
    kind: str  # "message" | "enum"
    proto: Any
    package: str
    file: str  # "default" for the schema itself, else the reference name


def _collect(schema: ProtobufSchema) -> dict[str, _TypeInfo]:
    types: dict[str, _TypeInfo] = {}

    def walk_file(f: FDP, file: str) -> None:
        prefix = f".{f.package}" if f.package else ""
        for m in f.message_type:
            walk_message(m, f"{prefix}.{m.name}", f.package, file)
        for e in f.enum_type:
            types[f"{prefix}.{e.name}"] = _TypeInfo("enum", e, f.package, file)

    def walk_message(m: descriptor_pb2.DescriptorProto, full: str, package: str, file: str) -> None:
        types[full] = _TypeInfo("message", m, package, file)
        for n in m.nested_type:
            walk_message(n, f"{full}.{n.name}", package, file)
        for e in m.enum_type:
            types[f"{full}.{e.name}"] = _TypeInfo("enum", e, package, file)

    def walk_refs(refs: dict[str, ProtobufSchema], seen: set[str]) -> None:
        for name, ref in refs.items():
            if name not in seen:
                seen.add(name)
                walk_file(ref.descriptor, name)
                walk_refs(ref.references, seen)

    walk_refs(schema.references, set())
    walk_file(schema.descriptor, "default")
    return types


def backward_errors(new: ProtobufSchema, old: ProtobufSchema) -> list[str]:
    """Incompatible differences from ``old`` (original) to ``new`` (update); empty when compatible."""
    differences = diff(old, new)
    return [f"{{errorType:'{kind}', description:'The new schema has an incompatible change: {kind} at '{path}''}}"
            for kind, path in differences if kind not in COMPATIBLE]


def diff(original: ProtobufSchema, update: ProtobufSchema) -> list[tuple[str, str]]:
    d = _Diff(_collect(original), _collect(update))
    d._proto3 = (original.descriptor.syntax == "proto3", update.descriptor.syntax == "proto3")
    if original.descriptor.package != update.descriptor.package:
        d.add("PACKAGE_CHANGED", "#/")
    op = f".{original.descriptor.package}" if original.descriptor.package else ""
    up = f".{update.descriptor.package}" if update.descriptor.package else ""
    d.type_elements(original.descriptor.message_type, original.descriptor.enum_type, op,
                    update.descriptor.message_type, update.descriptor.enum_type, up, "#/")
    return d.out


class _Diff:
    def __init__(self, original: dict[str, _TypeInfo], update: dict[str, _TypeInfo]) -> None:
        self.types = (original, update)
        self.out: list[tuple[str, str]] = []
        self.visited: set[tuple[str, str]] = set()

    def add(self, kind: str, path: str) -> None:
        self.out.append((kind, path))

    def type_elements(self, om: Any, oe: Any, oscope: str, um: Any, ue: Any, uscope: str, path: str) -> None:
        omap = {m.name: m for m in om if not m.options.map_entry}
        umap = {m.name: m for m in um if not m.options.map_entry}
        for name in sorted(set(omap) | set(umap)):
            if name not in umap:
                self.add("MESSAGE_REMOVED", f"{path}{name}")
            elif name not in omap:
                self.add("MESSAGE_ADDED", f"{path}{name}")
            else:
                self.message(f"{oscope}.{name}", f"{uscope}.{name}", f"{path}{name}")
        oenum, uenum = {e.name: e for e in oe}, {e.name: e for e in ue}
        for name in sorted(set(oenum) | set(uenum)):
            if name not in uenum:
                self.add("ENUM_REMOVED", f"{path}{name}")
            elif name not in oenum:
                self.add("ENUM_ADDED", f"{path}{name}")
            else:
                ov = {v.number: v.name for v in oenum[name].value}
                uv = {v.number: v.name for v in uenum[name].value}
                for n in sorted(set(ov) | set(uv)):
                    kind = ("ENUM_CONST_REMOVED" if n not in uv else "ENUM_CONST_ADDED" if n not in ov
                            else "ENUM_CONST_CHANGED" if ov[n] != uv[n] else None)
                    if kind:
                        self.add(kind, f"{path}{name}/{n}")

    def message(self, ofull: str, ufull: str, path: str) -> None:
        o = self.types[0][ofull].proto
        u = self.types[1][ufull].proto
        if (ofull, ufull) not in self.visited:
            self.visited.add((ofull, ufull))
            self._fields(o, u, path)
        self.type_elements(o.nested_type, o.enum_type, ofull, u.nested_type, u.enum_type, ufull, path + "/")

    @staticmethod
    def _by_tag(m: descriptor_pb2.DescriptorProto) -> tuple[dict[int, FieldProto], dict[int, str], dict[str, list[int]]]:
        by_tag: dict[int, FieldProto] = {}
        tag_oneof: dict[int, str] = {}
        oneofs: dict[str, list[int]] = {}
        for fp in m.field:
            by_tag[fp.number] = fp
            if fp.HasField("oneof_index") and not fp.proto3_optional:
                name = m.oneof_decl[fp.oneof_index].name
                tag_oneof[fp.number] = name
                oneofs.setdefault(name, []).append(fp.number)
        return by_tag, tag_oneof, oneofs

    def _fields(self, o: descriptor_pb2.DescriptorProto, u: descriptor_pb2.DescriptorProto, path: str) -> None:
        otags, oone, ooneofs = self._by_tag(o)
        utags, uone, uoneofs = self._by_tag(u)
        deleted = {name for name, tags in ooneofs.items() if name not in uoneofs and not any(t in utags for t in tags)}
        for name, tags in uoneofs.items():
            groups, moved_in = set(), 0
            for t in tags:
                if t in oone:
                    groups.add("oneof:" + oone[t])
                elif t in otags:
                    groups.add(f"field:{t}")
                    moved_in += 1
            if len(groups) > 1:
                self.add("MULTIPLE_FIELDS_MOVED_TO_ONEOF" if moved_in > 1 else "FIELD_MOVED_TO_EXISTING_ONEOF",
                         f"{path}/{name}")
        for name in sorted(set(ooneofs) | set(uoneofs)):
            if name not in uoneofs:
                self.add("ONEOF_REMOVED", f"{path}/{name}")
            elif name not in ooneofs:
                self.add("ONEOF_ADDED", f"{path}/{name}")
        for tag in sorted(set(otags) | set(utags)):
            of, uf = otags.get(tag), utags.get(tag)
            if uf is None:
                assert of is not None
                if tag in oone:
                    if oone[tag] not in deleted:
                        self.add("ONEOF_FIELD_REMOVED", f"{path}/{oone[tag]}/{tag}")
                else:
                    self.add("REQUIRED_FIELD_REMOVED" if of.label == FieldProto.LABEL_REQUIRED else "FIELD_REMOVED",
                             f"{path}/{tag}")
            elif of is None:
                if tag in uone:
                    self.add("ONEOF_FIELD_ADDED", f"{path}/{uone[tag]}/{tag}")
                else:
                    self.add("REQUIRED_FIELD_ADDED" if uf.label == FieldProto.LABEL_REQUIRED else "FIELD_ADDED",
                             f"{path}/{tag}")
            else:
                if tag in oone and tag not in uone:
                    self.add("ONEOF_FIELD_MOVED_TO_TOP_LEVEL", f"{path}/{tag}")
                where = f"{path}/{uone[tag]}/{tag}" if tag in uone else f"{path}/{tag}"
                if of.name != uf.name:
                    self.add("FIELD_NAME_CHANGED", where)
                self._labels_and_types(self._label(of, 0), self._label(uf, 1), of, uf, where)

    def _label(self, fp: FieldProto, side: int) -> str | None:
        if fp.label == FieldProto.LABEL_REPEATED:
            return "REPEATED"
        if fp.label == FieldProto.LABEL_REQUIRED:
            return "REQUIRED"
        return "OPTIONAL" if fp.proto3_optional or not self._proto3[side] else None

    _proto3 = (True, True)

    def _map_entry(self, fp: FieldProto, side: int) -> Any:
        info = self.types[side].get(fp.type_name) if fp.type_name else None
        if info is not None and info.kind == "message" and info.proto.options.map_entry:
            return info.proto
        return None

    def _kind(self, fp: FieldProto, side: int) -> str:
        if fp.type in SCALAR_NAMES:
            return "SCALAR"
        if self._map_entry(fp, side) is not None:
            return "MAP"
        info = self.types[side].get(fp.type_name)
        if fp.type == FieldProto.TYPE_ENUM or (info is not None and info.kind == "enum"):
            return "SCALAR"
        return "MESSAGE"

    def _scalar_kind(self, fp: FieldProto) -> str:
        return SCALAR_KIND[SCALAR_NAMES[fp.type]] if fp.type in SCALAR_NAMES else "GENERAL_NUMBER"

    def _labels_and_types(self, ol: str | None, ul: str | None, of: FieldProto, uf: FieldProto, path: str) -> None:
        ok, uk = self._kind(of, 0), self._kind(uf, 1)
        if ok != uk:
            self.add("FIELD_KIND_CHANGED", path)
        elif ok == "SCALAR":
            osk, usk = self._scalar_kind(of), self._scalar_kind(uf)
            if osk != usk:
                self.add("FIELD_SCALAR_KIND_CHANGED", path)
            elif ol is not None and ul is not None and ol != ul:
                self.add("FIELD_STRING_OR_BYTES_LABEL_CHANGED" if osk == "STRING_OR_BYTES"
                         else "FIELD_NUMERIC_LABEL_CHANGED", path)
        elif ok == "MAP":
            oe, ue = self._map_entry(of, 0), self._map_entry(uf, 1)
            for i in (0, 1):
                self._labels_and_types(None, None, oe.field[i], ue.field[i], path)
        else:
            oinfo, uinfo = self.types[0].get(of.type_name), self.types[1].get(uf.type_name)
            if oinfo is None or uinfo is None:
                if of.type_name != uf.type_name:
                    self.add("FIELD_NAMED_TYPE_CHANGED", path)
                return
            olocal = _local(of.type_name, oinfo.package)
            ulocal = _local(uf.type_name, uinfo.package)
            if olocal != ulocal:
                self.add("FIELD_NAMED_TYPE_CHANGED", path)
                return
            sub = _Diff(*self.types)
            sub._proto3 = self._proto3
            sub.visited = self.visited
            sub.message(of.type_name, uf.type_name, "#/" + olocal)
            self.out += sub.out
            if any(k not in COMPATIBLE for k, _ in sub.out):
                self.add("FIELD_NAMED_TYPE_CHANGED", path)


def _local(full: str, package: str) -> str:
    prefix = f".{package}." if package else "."
    return full[len(prefix):] if full.startswith(prefix) else full.lstrip(".")
