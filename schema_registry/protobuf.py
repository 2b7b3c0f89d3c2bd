"""Protobuf schemas: ``.proto`` text (parsed with proto-schema-parser) or a base64 ``FileDescriptorProto``
(what confluent-kafka's ProtobufSerializer sends), resolved with protobuf's ``DescriptorPool``, and
Confluent's Protobuf compatibility rules (``protobuf/diff``).

Both input forms become one resolved ``FileDescriptorProto`` (type names fully qualified), from which
the registry answers ``format=serialized`` (base64 descriptor) and renders ``.proto`` text for schemas
that arrived as descriptors. Imports are schema references (``name`` = the imported file); the
well-known ``google/protobuf/*.proto`` files are built in.

Compatibility: ``protobuf_diff``.
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
