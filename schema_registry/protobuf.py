"""Protobuf schemas: ``.proto`` text (parsed with proto-schema-parser) or a base64 ``FileDescriptorProto``
(what confluent-kafka's ProtobufSerializer sends), resolved with protobuf's ``DescriptorPool``, and
Confluent's Protobuf compatibility rules (``protobuf/diff``).

Both input forms become one resolved ``FileDescriptorProto`` (type names fully qualified), from which
the registry answers ``format=serialized`` (base64 descriptor) and renders ``.proto`` text for schemas
that arrived as descriptors. Imports are schema references (``name`` = the imported file); the
well-known ``google/protobuf/*.proto`` files are built in.

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

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as FieldProto
from google.protobuf.descriptor_pb2 import FileDescriptorProto as FDP
from google.protobuf.message import DecodeError
from proto_schema_parser import ast
from proto_schema_parser.parser import Parser

from .errors import InvalidSchema

SCALARS = {
    "double": FieldProto.TYPE_DOUBLE, "float": FieldProto.TYPE_FLOAT, "int64": FieldProto.TYPE_INT64,
    "uint64": FieldProto.TYPE_UINT64, "int32": FieldProto.TYPE_INT32, "fixed64": FieldProto.TYPE_FIXED64,
    "fixed32": FieldProto.TYPE_FIXED32, "bool": FieldProto.TYPE_BOOL, "string": FieldProto.TYPE_STRING,
    "bytes": FieldProto.TYPE_BYTES, "uint32": FieldProto.TYPE_UINT32, "sfixed32": FieldProto.TYPE_SFIXED32,
    "sfixed64": FieldProto.TYPE_SFIXED64, "sint32": FieldProto.TYPE_SINT32, "sint64": FieldProto.TYPE_SINT64,
}
SCALAR_NAMES = {v: k for k, v in SCALARS.items()}
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
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")


@dataclass
class ProtobufSchema:
    canonical: str  # what the registry stores and answers: the text as registered, or rendered from a descriptor
    descriptor: FDP  # resolved; its name is "default" (references are added under their reference names)
    references: dict[str, ProtobufSchema] = field(default_factory=dict)
    fingerprint: str = ""  # rendered from the resolved descriptor: equal for equal schemas in either form

    def serialized(self) -> str:
        return base64.standard_b64encode(self.descriptor.SerializeToString()).decode("ascii")


def parse(text: str, references: dict[str, ProtobufSchema] | None = None) -> ProtobufSchema:
    references = dict(references or {})
    raw = _from_base64(text)
    from_text = raw is None
    if raw is None:
        try:
            tree = Parser().parse(text)
        except Exception as e:  # the ANTLR-based parser raises its own exception types
            raise InvalidSchema(f"Protobuf schema does not parse: {e}") from None
        raw = _build_file(tree)
    raw.name = "default"
    pool = descriptor_pool.DescriptorPool()
    _add_well_known(pool, references)
    _add_references(pool, references, set())
    try:
        pool.Add(raw)
        fd = pool.FindFileByName("default")
    except Exception as e:  # TypeError from upb for unresolved types, duplicate numbers…
        raise InvalidSchema(f"Protobuf schema is invalid: {e}") from None
    resolved = FDP()
    fd.CopyToProto(resolved)
    rendered = render(resolved)
    return ProtobufSchema(text.strip() + "\n" if from_text else rendered, resolved, references, rendered)


def _from_base64(text: str) -> FDP | None:
    if not _BASE64.match(text) or "syntax" in text:
        return None
    try:
        data = base64.standard_b64decode("".join(text.split()))
        out = FDP()
        out.ParseFromString(data)
    except (binascii.Error, ValueError, DecodeError):
        return None
    return out if out.message_type or out.enum_type or out.package else None


WELL_KNOWN = ("any", "api", "descriptor", "duration", "empty", "field_mask", "source_context", "struct",
              "timestamp", "type", "wrappers")


def _add_well_known(pool: descriptor_pool.DescriptorPool, references: dict[str, ProtobufSchema]) -> None:
    import importlib

    for name in WELL_KNOWN:
        module = importlib.import_module(f"google.protobuf.{name}_pb2")
        if f"google/protobuf/{name}.proto" not in references:
            try:
                pool.AddSerializedFile(module.DESCRIPTOR.serialized_pb)
            except TypeError:
                pass  # already present through a dependency


def _add_references(pool: descriptor_pool.DescriptorPool, refs: dict[str, ProtobufSchema], done: set[str]) -> None:
    for name, ref in refs.items():
        if name in done:
            continue
        done.add(name)
        _add_references(pool, ref.references, done)
        proto = FDP()
        proto.CopyFrom(ref.descriptor)
        proto.name = name
        try:
            pool.Add(proto)
        except Exception as e:
            raise InvalidSchema(f"Protobuf reference {name!r} is invalid: {e}") from None


# --- .proto text → FileDescriptorProto (names left relative; the pool resolves them) ---------------------


def _build_file(tree: ast.File) -> FDP:
    syntax = tree.syntax or "proto2"
    f = FDP(name="default", syntax=syntax)
    for el in tree.file_elements:
        if isinstance(el, ast.Package):
            f.package = el.name
        elif isinstance(el, ast.Import):
            if el.public:
                f.public_dependency.append(len(f.dependency))
            if el.weak:
                f.weak_dependency.append(len(f.dependency))
            f.dependency.append(el.name)
        elif isinstance(el, ast.Message):
            _build_message(f.message_type.add(), el, syntax)
        elif isinstance(el, ast.Enum):
            _build_enum(f.enum_type.add(), el)
        elif isinstance(el, ast.Service):
            s = f.service.add(name=el.name)
            for m in el.elements:
                if isinstance(m, ast.Method):
                    s.method.add(name=m.name, input_type=m.input_type.type, output_type=m.output_type.type,
                                 client_streaming=bool(m.input_type.stream),
                                 server_streaming=bool(m.output_type.stream))
    return f


def _set_type(fp: FieldProto, type_name: str) -> None:
    if type_name in SCALARS:
        fp.type = SCALARS[type_name]  # type: ignore[assignment]
    else:
        fp.type_name = type_name


def _build_message(m: descriptor_pb2.DescriptorProto, el: ast.Message, syntax: str) -> None:
    m.name = el.name
    synthetic: list[FieldProto] = []
    for child in el.elements:
        if isinstance(child, ast.Field):
            fp = _build_field(m.field.add(), child, syntax)
            if fp.proto3_optional:
                synthetic.append(fp)
        elif isinstance(child, ast.MapField):
            entry = m.nested_type.add(name="".join(p[:1].upper() + p[1:] for p in child.name.split("_")) + "Entry")
            entry.options.map_entry = True
            _set_type(entry.field.add(name="key", number=1, label=FieldProto.LABEL_OPTIONAL), child.key_type)
            _set_type(entry.field.add(name="value", number=2, label=FieldProto.LABEL_OPTIONAL), child.value_type)
            m.field.add(name=child.name, number=child.number, label=FieldProto.LABEL_REPEATED,
                        type=FieldProto.TYPE_MESSAGE, type_name=entry.name)
        elif isinstance(child, ast.OneOf):
            index = len(m.oneof_decl)
            m.oneof_decl.add(name=child.name)
            for member in child.elements:
                if isinstance(member, ast.Field):
                    _build_field(m.field.add(), member, syntax).oneof_index = index
        elif isinstance(child, ast.Message):
            _build_message(m.nested_type.add(), child, syntax)
        elif isinstance(child, ast.Enum):
            _build_enum(m.enum_type.add(), child)
        elif isinstance(child, ast.Reserved):
            for start, end in _ranges(child.ranges, 536870911):
                m.reserved_range.add(start=start, end=end + 1)
            m.reserved_name.extend(n.strip("\"'") for n in child.names)
    for fp in synthetic:  # proto3 `optional`: a synthetic oneof after the real ones, as protoc writes it
        fp.oneof_index = len(m.oneof_decl)
        m.oneof_decl.add(name="_" + fp.name)


def _build_field(fp: FieldProto, el: ast.Field, syntax: str) -> FieldProto:
    fp.name, fp.number = el.name, el.number
    card = el.cardinality.name if el.cardinality is not None else None
    fp.label = {"REPEATED": FieldProto.LABEL_REPEATED, "REQUIRED": FieldProto.LABEL_REQUIRED}.get(
        card or "", FieldProto.LABEL_OPTIONAL)  # type: ignore[assignment]
    if card == "OPTIONAL" and syntax == "proto3":
        fp.proto3_optional = True
    _set_type(fp, el.type)
    for opt in el.options:
        if opt.name == "default":
            fp.default_value = str(getattr(opt.value, "value", opt.value))
        elif opt.name == "packed":
            fp.options.packed = str(getattr(opt.value, "value", opt.value)).lower() == "true"
        elif opt.name == "json_name":
            fp.json_name = str(getattr(opt.value, "value", opt.value))
    return fp


def _build_enum(e: descriptor_pb2.EnumDescriptorProto, el: ast.Enum) -> None:
    e.name = el.name
    for v in el.elements:
        if isinstance(v, ast.EnumValue):
            e.value.add(name=v.name, number=v.number)
        elif isinstance(v, ast.Option) and v.name == "allow_alias":
            e.options.allow_alias = str(getattr(v.value, "value", v.value)).lower() == "true"
        elif isinstance(v, ast.EnumReserved):
            for start, end in _ranges(v.ranges, 2147483647):
                e.reserved_range.add(start=start, end=end)
            e.reserved_name.extend(n.strip("\"'") for n in v.names)


def _ranges(items: Iterable[Any], maximum: int) -> list[tuple[int, int]]:
    out = []
    for item in items:
        text = str(item)
        lo, _, hi = text.partition(" to ")
        if not hi and "to" in text:
            lo, _, hi = text.partition("to")
        hi = hi.strip()
        out.append((int(lo.strip()), maximum if hi == "max" else int(hi) if hi else int(lo.strip())))
    return out


# --- FileDescriptorProto → .proto text --------------------------------------------------------------------


def render(f: FDP) -> str:
    lines = [f'syntax = "{f.syntax or "proto2"}";']
    if f.package:
        lines.append(f"package {f.package};")
    for i, dep in enumerate(f.dependency):
        kind = "public " if i in f.public_dependency else "weak " if i in f.weak_dependency else ""
        lines.append(f'import {kind}"{dep}";')
    proto3 = f.syntax == "proto3"
    for m in f.message_type:
        lines += _render_message(m, proto3, "")
    for e in f.enum_type:
        lines += _render_enum(e, "")
    for s in f.service:
        lines.append(f"service {s.name} {{")
        for meth in s.method:
            cs = "stream " if meth.client_streaming else ""
            ss = "stream " if meth.server_streaming else ""
            lines.append(f"  rpc {meth.name} ({cs}{meth.input_type}) returns ({ss}{meth.output_type});")
        lines.append("}")
    return "\n".join(lines) + "\n"


def _type_text(fp: FieldProto) -> str:
    return SCALAR_NAMES.get(fp.type) or fp.type_name


def _render_field(fp: FieldProto, proto3: bool, entries: dict[str, descriptor_pb2.DescriptorProto]) -> str:
    entry = entries.get(fp.type_name.rsplit(".", 1)[-1]) if fp.type_name else None
    if entry is not None and fp.label == FieldProto.LABEL_REPEATED:
        key, value = entry.field[0], entry.field[1]
        head = f"map<{_type_text(key)}, {_type_text(value)}>"
    else:
        label = {FieldProto.LABEL_REPEATED: "repeated ", FieldProto.LABEL_REQUIRED: "required "}.get(fp.label, "")
        if fp.label == FieldProto.LABEL_OPTIONAL and (not proto3 or fp.proto3_optional):
            label = "optional "
        head = label + _type_text(fp)
    opts = []
    if fp.HasField("default_value"):
        v = fp.default_value
        opts.append(f'default = "{v}"' if fp.type in (FieldProto.TYPE_STRING, FieldProto.TYPE_BYTES) else f"default = {v}")
    if fp.options.HasField("packed"):
        opts.append(f"packed = {'true' if fp.options.packed else 'false'}")
    return f"{head} {fp.name} = {fp.number}" + (f" [{', '.join(opts)}]" if opts else "") + ";"


def _render_message(m: descriptor_pb2.DescriptorProto, proto3: bool, indent: str) -> list[str]:
    lines = [f"{indent}message {m.name} {{"]
    inner = indent + "  "
    entries = {n.name: n for n in m.nested_type if n.options.map_entry}
    real_oneofs = {i for i, fp in enumerate(m.field) if fp.HasField("oneof_index") and not fp.proto3_optional}
    done: set[int] = set()
    for i, fp in enumerate(m.field):
        if i in real_oneofs:
            index = fp.oneof_index
            if index in done:
                continue
            done.add(index)
            lines.append(f"{inner}oneof {m.oneof_decl[index].name} {{")
            lines += [f"{inner}  {_render_field(g, proto3, entries)}" for g in m.field
                      if g.HasField("oneof_index") and g.oneof_index == index and not g.proto3_optional]
            lines.append(f"{inner}}}")
        else:
            lines.append(inner + _render_field(fp, proto3, entries))
    for r in m.reserved_range:
        lines.append(f"{inner}reserved {r.start if r.end - 1 == r.start else f'{r.start} to {r.end - 1}'};")
    if m.reserved_name:
        lines.append(f"{inner}reserved {', '.join(chr(34) + n + chr(34) for n in m.reserved_name)};")
    for n in m.nested_type:
        if not n.options.map_entry:
            lines += _render_message(n, proto3, inner)
    for e in m.enum_type:
        lines += _render_enum(e, inner)
    lines.append(f"{indent}}}")
    return lines


def _render_enum(e: descriptor_pb2.EnumDescriptorProto, indent: str) -> list[str]:
    lines = [f"{indent}enum {e.name} {{"]
    if e.options.allow_alias:
        lines.append(f"{indent}  option allow_alias = true;")
    lines += [f"{indent}  {v.name} = {v.number};" for v in e.value]
    for r in e.reserved_range:
        lines.append(f"{indent}  reserved {r.start if r.end == r.start else f'{r.start} to {r.end}'};")
    if e.reserved_name:
        lines.append(f"{indent}  reserved {', '.join(chr(34) + n + chr(34) for n in e.reserved_name)};")
    lines.append(f"{indent}}}")
    return lines


# --- compatibility ----------------------------------------------------------------------------------------


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
