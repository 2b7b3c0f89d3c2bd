"""How the message browser shows keys, values and headers: text, pretty JSON or hex."""

from __future__ import annotations

import json

MODES = ("text", "json", "hex")
PREVIEW_CHARS = 200


def as_text(data: bytes | None) -> str:
    if data is None:
        return "null"
    return data.decode("utf-8", errors="replace")


def as_hex(data: bytes | None, limit: int | None = None) -> str:
    if data is None:
        return "null"
    chunk = data if limit is None else data[:limit]
    out = chunk.hex(" ")
    return out + (" …" if limit is not None and len(data) > limit else "")


def hex_dump(data: bytes | None) -> str:
    """16 bytes per line: offset, hex, printable ASCII."""
    if data is None:
        return "null"
    lines = []
    for i in range(0, len(data), 16):
        row = data[i:i + 16]
        printable = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{i:08x}  {row.hex(' '):<47}  {printable}")
    return "\n".join(lines) or "(empty)"


def as_json(data: bytes | None, indent: int | None = 2) -> str | None:
    """Pretty JSON, or None when ``data`` is not JSON."""
    if data is None:
        return None
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=False)


def preview(data: bytes | None, mode: str) -> str:
    """One line for the table."""
    if mode == "hex":
        return as_hex(data, PREVIEW_CHARS // 3)
    if mode == "json":
        compact = as_json(data, indent=None)
        if compact is not None:
            return compact if len(compact) <= PREVIEW_CHARS else compact[:PREVIEW_CHARS] + "…"
    text = as_text(data).replace("\n", "⏎").replace("\r", "")
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"


def full(data: bytes | None, mode: str) -> str:
    """The whole value for the detail pane."""
    if mode == "hex":
        return hex_dump(data)
    if mode == "json":
        pretty = as_json(data)
        if pretty is not None:
            return pretty
    return as_text(data)


def headers_text(headers: tuple[tuple[str, bytes | None], ...]) -> str:
    return ", ".join(f"{k}={as_text(v)}" for k, v in headers)
