"""JSON for the typed values that cross the GUI channel: frozen dataclasses (images, events, commands),
tuples, dicts and primitives, driven by the type hints.

``encode(value)`` gives plain JSON-able data (tuples become lists); ``decode(hint, data)`` rebuilds the
value and refuses what does not fit the hint (``ValueError`` naming the field), so a command that
arrives over the channel is checked before it runs. A polymorphic family (every ``EngineEvent``, every
``Command``) is registered with :func:`register_kinds`: its members carry a ``"kind"`` key naming their
type, and a hint of the family's base decodes to whichever member the ``"kind"`` names.

Encoders and decoders are built once per type and cached (no ``get_type_hints`` per value), so a full
image of thousands of partitions costs one pass over its fields."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

KIND = "kind"

Decoder = Callable[[Any], Any]

# family base → {kind name → member type}; member type → its kind name
_FAMILIES: dict[type, dict[str, type]] = {}
_KIND_OF: dict[type, str] = {}


def register_kinds(base: type, members: Mapping[str, type]) -> None:
    """Make ``base`` a polymorphic family: members are written with ``"kind": name`` and a ``base``
    hint decodes by that name. Registering again adds members (e.g. the app's own events)."""
    family = _FAMILIES.setdefault(base, {})
    for name, cls in members.items():
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise TypeError(f"{cls!r} is not a {base.__name__}")
        family[name] = cls
        _KIND_OF[cls] = name
    _decoder.cache_clear()
    _dataclass_encoder.cache_clear()


def kinds(base: type) -> dict[str, type]:
    return dict(_FAMILIES.get(base, {}))


# -------------------------------------------------------------------------------------------- encode

def encode(value: Any) -> Any:
    """``value`` as JSON-able data (dataclasses by their runtime type)."""
    if value is None or isinstance(value, str | int | float):
        return value
    cls = type(value)
    if dataclasses.is_dataclass(cls):
        return _dataclass_encoder(cls)(value)
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    raise TypeError(f"cannot encode {cls.__name__} as JSON")


@functools.cache
def _dataclass_encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    kind = _KIND_OF.get(cls)

    def enc(value: Any) -> dict[str, Any]:
        out: dict[str, Any] = {KIND: kind} if kind is not None else {}
        for name in names:
            v = getattr(value, name)
            out[name] = v if v is None or type(v) in (str, int, bool, float) else encode(v)
        return out
    return enc


# -------------------------------------------------------------------------------------------- decode

def decode(hint: Any, data: Any) -> Any:
    """Rebuild a value of type ``hint`` from JSON data; ``ValueError`` if the data does not fit."""
    return _decoder(hint)(data)


def _fail(expected: str, data: Any) -> typing.NoReturn:
    shown = repr(data)
    raise ValueError(f"expected {expected}, got {shown if len(shown) <= 60 else shown[:57] + '...'}")


def _dec_int(data: Any) -> int:
    if type(data) is not int:
        _fail("an integer", data)
    return data


def _dec_str(data: Any) -> str:
    if type(data) is not str:
        _fail("a string", data)
    return data


def _dec_bool(data: Any) -> bool:
    if type(data) is not bool:
        _fail("true or false", data)
    return data


def _dec_float(data: Any) -> float:
    if type(data) not in (int, float):
        _fail("a number", data)
    return float(data)


def _dec_none(data: Any) -> None:
    if data is not None:
        _fail("null", data)


def _dec_any(data: Any) -> Any:
    return data


_PRIMITIVES: dict[Any, Decoder] = {int: _dec_int, str: _dec_str, bool: _dec_bool, float: _dec_float,
                                   type(None): _dec_none, None: _dec_none, Any: _dec_any, object: _dec_any}


@functools.cache
def _decoder(hint: Any) -> Decoder:
    if hint in _PRIMITIVES:
        return _PRIMITIVES[hint]
    if isinstance(hint, type) and hint in _FAMILIES:
        return _family_decoder(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def dec_var_tuple(data: Any) -> tuple[Any, ...]:
                if not isinstance(data, list | tuple):
                    _fail("a list", data)
                return tuple(item(v) for v in data)
            return dec_var_tuple
        items = tuple(_decoder(a) for a in args)

        def dec_tuple(data: Any) -> tuple[Any, ...]:
            if not isinstance(data, list | tuple) or len(data) != len(items):
                _fail(f"a list of {len(items)}", data)
            return tuple(d(v) for d, v in zip(items, data, strict=True))
        return dec_tuple
    if origin in (dict, Mapping, typing.Mapping):
        key, value = (_decoder(args[0]), _decoder(args[1])) if args else (_dec_any, _dec_any)

        def dec_dict(data: Any) -> dict[Any, Any]:
            if not isinstance(data, dict):
                _fail("an object", data)
            return {key(k): value(v) for k, v in data.items()}
        return dec_dict
    if origin is list:
        item = _decoder(args[0]) if args else _dec_any

        def dec_list(data: Any) -> list[Any]:
            if not isinstance(data, list | tuple):
                _fail("a list", data)
            return [item(v) for v in data]
        return dec_list
    raise TypeError(f"no JSON decoder for {hint!r}")


def _union_decoder(args: tuple[Any, ...]) -> Decoder:
    optional = type(None) in args
    options = [_decoder(a) for a in args if a is not type(None)]

    def dec_union(data: Any) -> Any:
        if data is None and optional:
            return None
        errors = []
        for option in options:
            try:
                return option(data)
            except ValueError as e:
                errors.append(str(e))
        raise ValueError(" or ".join(errors) or "no option fits")
    return dec_union


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _decoder(hints[f.name]),
               f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
              for f in dataclasses.fields(cls) if f.init]
    known = {name for name, _, _ in fields} | ({KIND} if cls in _KIND_OF else set())
    label = cls.__name__

    def dec_dataclass(data: Any) -> Any:
        if not isinstance(data, dict):
            _fail(f"an object for {label}", data)
        kwargs = {}
        for name, dec, required in fields:
            if name in data:
                try:
                    kwargs[name] = dec(data[name])
                except ValueError as e:
                    raise ValueError(f"{label}.{name}: {e}") from None
            elif required:
                raise ValueError(f"{label}: missing {name}")
        unknown = [k for k in data if k not in known]
        if unknown:
            raise ValueError(f"{label}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        return cls(**kwargs)
    return dec_dataclass


def _family_decoder(base: type) -> Decoder:
    def dec_member(data: Any) -> Any:
        if not isinstance(data, dict):
            _fail(f"an object for {base.__name__}", data)
        kind = data.get(KIND)
        member = _FAMILIES[base].get(kind) if isinstance(kind, str) else None
        if member is None:
            raise ValueError(f"unknown {base.__name__} kind {kind!r}")
        return _decoder(member)(data)
    return dec_member
