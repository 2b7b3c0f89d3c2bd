"""How the message browser shows keys and values in a Schema Registry's wire format (``Record.*_decoded``):
the decoded value as JSON (compact in the table, pretty in the detail in JSON mode) with its schema's id and
subject, or why it could not be decoded; hex mode shows the bytes as they are."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication

from clients.wire import Decoded
from gui.models import record_format as fmt

WARNING = "⚠"


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecodedFormat", text)


def preview(d: Decoded, raw: bytes | None, mode: str) -> str:
    """One line for the table."""
    if mode == "hex":
        return fmt.preview(raw, "hex")
    if not d.text:
        return f"{WARNING} {d.error}"
    text = d.text if len(d.text) <= fmt.PREVIEW_CHARS else d.text[:fmt.PREVIEW_CHARS] + "…"
    return f"{WARNING} {text}" if d.error else text


def tooltip(d: Decoded) -> str:
    """The schema the cell was decoded with, or what went wrong."""
    if d.error:
        return _tr("Schema id {0}: {1}").format(d.schema_id, d.error)
    return _tr("Decoded with {0}").format(d.label())


def detail(d: Decoded, raw: bytes | None, mode: str, which: str) -> list[str]:
    """The detail pane's lines for a key or value (``which``: "key" or "value")."""
    head = (_tr("key schema: {0}") if which == "key" else _tr("value schema: {0}")).format(d.label())
    lines = [head]
    if d.message:
        lines.append(_tr("message type: {0}").format(d.message))
    if d.error:
        lines.append(_tr("cannot decode: {0}").format(d.error))
    if mode == "hex" or not d.text:
        return [*lines, fmt.hex_dump(raw)]
    body = json.dumps(json.loads(d.text), indent=2, ensure_ascii=False) if mode == "json" else d.text
    return [*lines, body]
