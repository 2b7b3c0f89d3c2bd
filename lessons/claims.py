"""The claim language: what a lesson says about the real cluster, checked against it.

A claim is one expression, read by a small parser (never Python's ``eval``):

    partition('acks', 0).leader != 1
    result('p').error == NOT_ENOUGH_REPLICAS
    group('g').idle_members == 1
    len(distinct(result('keyed').partitions)) == 3 and topic('orders').records == 30
    count(events('LeaderElected', topic='safe')) >= 1

Grammar::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "contains") sum)?
    sum     := postfix (("+" | "-") postfix)*
    postfix := primary ("." NAME | "(" args ")" | "[" expr "]")*
    primary := NUMBER | 'string' | "string" | NAME | "[" [expr ("," expr)*] "]" | "(" expr ")" | "-" primary
    args    := [arg ("," arg)*]      arg := [NAME "="] expr

Names: ``true``, ``false``, ``null``; the functions of :class:`~lessons.facts.Facts` (``topic``,
``partition``, ``replica``, ``broker``, ``brokers``, ``group``, ``controller``, ``events``, ``result``,
``ledger``, ``sink``, ``murmur2``, ``crc32``, ``len``, ``count``, ``sum``, ``min``, ``max``,
``distinct``, ``sorted``, ``first``, ``last``); any other name in capitals (``NOT_ENOUGH_REPLICAS``)
is that string. ``x.name`` reads a field of a fact; a fact that does not exist reads as ``null``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Node = tuple[Any, ...]

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\(|\)|\[|\]|,|\.|=)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE)

KEYWORDS = {"and", "or", "not", "in", "contains"}
COMPARE = ("==", "!=", "<=", ">=", "<", ">", "in", "not in", "contains")


class ClaimError(ValueError):
    """A claim that cannot be read, or asks for something the facts do not have."""


def tokenize(source: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ClaimError(f"cannot read {source[pos:pos + 12]!r} at position {pos} of {source!r}")
        kind = m.lastgroup or ""
        if kind != "space":
            text = m.group(kind)
            if kind == "name" and text in KEYWORDS:
                kind = "kw"
            out.append((kind, text))
        pos = m.end()
    out.append(("end", ""))
    return out


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> tuple[str, str]:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, text: str) -> None:
        kind, got = self.take()
        if got != text or kind == "string":
            raise ClaimError(f"expected {text!r} but found {got or 'the end'!r} in {self.source!r}")

    def parse(self) -> Node:
        node = self.expr()
        if self.peek()[0] != "end":
            raise ClaimError(f"unexpected {self.peek()[1]!r} in {self.source!r}")
        return node

    def expr(self) -> Node:
        node = self.conj()
        while self.peek() == ("kw", "or"):
            self.take()
            node = ("or", node, self.conj())
        return node

    def conj(self) -> Node:
        node = self.negation()
        while self.peek() == ("kw", "and"):
            self.take()
            node = ("and", node, self.negation())
        return node

    def negation(self) -> Node:
        if self.peek() == ("kw", "not"):
            self.take()
            return ("not", self.negation())
        return self.compare()

    def compare(self) -> Node:
        left = self.sum()
        kind, text = self.peek()
        op = None
        if kind == "op" and text in COMPARE:
            op = text
        elif kind == "kw" and text in ("in", "contains"):
            op = text
        elif (kind, text) == ("kw", "not") and self.peek(1) == ("kw", "in"):
            self.take()
            op = "not in"
        if op is None:
            return left
        self.take()
        return ("cmp", op, left, self.sum())

    def sum(self) -> Node:
        node = self.postfix()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            node = ("arith", op, node, self.postfix())
        return node

    def postfix(self) -> Node:
        node = self.primary()
        while True:
            kind, text = self.peek()
            if (kind, text) == ("op", "."):
                self.take()
                k, name = self.take()
                if k not in ("name", "kw"):
                    raise ClaimError(f"expected a field name after '.' in {self.source!r}")
                node = ("field", node, name)
            elif (kind, text) == ("op", "("):
                self.take()
                args, kwargs = self.arguments()
                node = ("call", node, tuple(args), tuple(kwargs))
            elif (kind, text) == ("op", "["):
                self.take()
                index = self.expr()
                self.expect("]")
                node = ("index", node, index)
            else:
                return node

    def arguments(self) -> tuple[list[Node], list[tuple[str, Node]]]:
        args: list[Node] = []
        kwargs: list[tuple[str, Node]] = []
        if self.peek() == ("op", ")"):
            self.take()
            return args, kwargs
        while True:
            if self.peek()[0] == "name" and self.peek(1) == ("op", "="):
                name = self.take()[1]
                self.take()
                kwargs.append((name, self.expr()))
            else:
                if kwargs:
                    raise ClaimError(f"a positional argument after a named one in {self.source!r}")
                args.append(self.expr())
            kind, text = self.take()
            if text == ")":
                return args, kwargs
            if text != ",":
                raise ClaimError(f"expected ',' or ')' but found {text or 'the end'!r} in {self.source!r}")

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "number":
            return ("lit", float(text) if "." in text else int(text))
        if kind == "string":
            return ("lit", bytes(text[1:-1], "utf-8").decode("unicode_escape"))
        if kind == "name":
            return ("name", text)
        if (kind, text) == ("op", "-"):
            return ("neg", self.primary())
        if (kind, text) == ("op", "("):
            node = self.expr()
            self.expect(")")
            return node
        if (kind, text) == ("op", "["):
            items: list[Node] = []
            if self.peek() == ("op", "]"):
                self.take()
                return ("list", tuple(items))
            while True:
                items.append(self.expr())
                k, t = self.take()
                if t == "]":
                    return ("list", tuple(items))
                if t != ",":
                    raise ClaimError(f"expected ',' or ']' in {self.source!r}")
        raise ClaimError(f"unexpected {text or 'end'!r} in {self.source!r}")


_CACHE: dict[str, Node] = {}


def parse(source: str) -> Node:
    """The claim's syntax tree (cached); :class:`ClaimError` naming what cannot be read."""
    node = _CACHE.get(source)
    if node is None:
        node = _CACHE[source] = _Parser(source).parse()
    return node


@dataclass(frozen=True)
class Fn:
    """A function the claim language can call."""

    call: Callable[..., Any]


Scope = Mapping[str, Any]


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, tuple):
        a = list(a)
    if isinstance(b, tuple):
        b = list(b)
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op in ("in", "not in"):
        found = a in (b or ())
        return found if op == "in" else not found
    if op == "contains":
        return b in (a or ())
    if a is None or b is None:
        return False
    try:
        return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op])
    except TypeError as e:
        raise ClaimError(f"cannot compare {a!r} {op} {b!r}") from e


def evaluate(node: Node, scope: Scope) -> Any:
    """Evaluate a parsed claim; names come from ``scope`` (functions are :class:`Fn`)."""
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "list":
        return [evaluate(n, scope) for n in node[1]]
    if kind == "name":
        name = node[1]
        if name in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[name]
        if name in scope:
            return scope[name]
        if name.isupper() or (name.replace("_", "").isupper()):
            return name
        raise ClaimError(f"unknown name {name!r}")
    if kind == "and":
        return bool(evaluate(node[1], scope)) and bool(evaluate(node[2], scope))
    if kind == "or":
        return bool(evaluate(node[1], scope)) or bool(evaluate(node[2], scope))
    if kind == "not":
        return not evaluate(node[1], scope)
    if kind == "neg":
        return -evaluate(node[1], scope)
    if kind == "cmp":
        return _compare(node[1], evaluate(node[2], scope), evaluate(node[3], scope))
    if kind == "arith":
        a, b = evaluate(node[2], scope), evaluate(node[3], scope)
        if a is None or b is None:
            return None
        return a + b if node[1] == "+" else a - b
    if kind == "field":
        target = evaluate(node[1], scope)
        if target is None:
            return None
        if isinstance(target, Mapping):
            if node[2] not in target:
                raise ClaimError(f"no field {node[2]!r} (fields: {', '.join(sorted(target))})")
            value = target[node[2]]
            return value() if callable(value) and not isinstance(value, Fn) else value
        raise ClaimError(f"{target!r} has no field {node[2]!r}")
    if kind == "index":
        target, index = evaluate(node[1], scope), evaluate(node[2], scope)
        if target is None:
            return None
        try:
            return target[index]
        except (IndexError, KeyError, TypeError):
            return None
    if kind == "call":
        fn = evaluate(node[1], scope)
        if not isinstance(fn, Fn):
            raise ClaimError(f"{fn!r} is not a function")
        args = [evaluate(a, scope) for a in node[2]]
        kwargs = {k: evaluate(v, scope) for k, v in node[3]}
        return fn.call(*args, **kwargs)
    raise ClaimError(f"cannot evaluate {kind}")


def check(source: str, scope: Scope) -> tuple[bool, str]:
    """(holds, a readable account of what was found) for the claim ``source``."""
    node = parse(source)
    try:
        value = evaluate(node, scope)
    except ClaimError as e:
        return False, str(e)
    return bool(value), describe(node, scope)


def describe(node: Node, scope: Scope) -> str:
    """The values the claim compared, e.g. ``partition('t', 0).leader = 2``, for a failure message."""
    if node[0] in ("and", "or"):
        parts = [describe(n, scope) for n in node[1:]]
        return "; ".join(dict.fromkeys(p for part in parts for p in part.split("; ")))
    if node[0] == "not":
        return describe(node[1], scope)
    if node[0] == "cmp":
        sides = [node[2]] + ([node[3]] if not _literal(node[3]) else [])
        try:
            return "; ".join(f"{render(n)} = {_show(evaluate(n, scope))}" for n in sides)
        except ClaimError as e:
            return str(e)
    try:
        return f"{render(node)} = {_show(evaluate(node, scope))}"
    except ClaimError as e:
        return str(e)


def _literal(node: Node) -> bool:
    """A constant (``20``, ``'x'``, ``[0, 1]``, ``NOT_ENOUGH_REPLICAS``): nothing to report about it."""
    if node[0] == "lit":
        return True
    if node[0] == "list":
        return all(_literal(n) for n in node[1])
    if node[0] == "neg":
        return _literal(node[1])
    return node[0] == "name" and (node[1] in ("true", "false", "null") or node[1].replace("_", "").isupper())


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple) and len(value) > 12:
        return f"[{', '.join(map(repr, value[:12]))}, … ({len(value)} items)]"
    return repr(value)


def render(node: Node) -> str:
    """The claim's text back from its tree (normalised)."""
    kind = node[0]
    if kind == "lit":
        return repr(node[1])
    if kind == "list":
        return "[" + ", ".join(render(n) for n in node[1]) + "]"
    if kind == "name":
        return str(node[1])
    if kind in ("and", "or"):
        return f"{render(node[1])} {kind} {render(node[2])}"
    if kind == "not":
        return f"not {render(node[1])}"
    if kind == "neg":
        return f"-{render(node[1])}"
    if kind == "cmp":
        return f"{render(node[2])} {node[1]} {render(node[3])}"
    if kind == "arith":
        return f"{render(node[2])} {node[1]} {render(node[3])}"
    if kind == "field":
        return f"{render(node[1])}.{node[2]}"
    if kind == "index":
        return f"{render(node[1])}[{render(node[2])}]"
    if kind == "call":
        args = [render(a) for a in node[2]] + [f"{k}={render(v)}" for k, v in node[3]]
        return f"{render(node[1])}({', '.join(args)})"
    return "?"


def names_used(node: Node) -> Sequence[str]:
    """The names a claim refers to (for validation)."""
    out: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, tuple) and n:
            if n[0] == "name":
                out.append(n[1])
            for child in n[1:]:
                walk(child)
    walk(node)
    return out
