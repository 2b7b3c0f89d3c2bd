"""What the record flow shows of the record it follows: its key and value, read once the high watermark
passed it. A key or value in a Schema Registry's wire format (magic byte 0, the schema id) is shown decoded,
with its schema's type, subject, version and id — the message browser's decoding
(:class:`clients.serdes.SchemaDecoder`, done on the view's worker), or why it could not be decoded."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clients.readers import Record
from clients.wire import Decoded
from gui.models import record_format as fmt
from gui.models.decoded_format import WARNING

CHARS = 160  # one record's key or value in the flow: the start of it


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordFlowContents", text)


def _short(text: str) -> str:
    text = text.replace("\n", "⏎").replace("\r", "")
    return text if len(text) <= CHARS else text[:CHARS - 1] + "…"


def shown_key(key: bytes | None) -> str:
    """A plain key: quoted text, or hex when it is not UTF-8."""
    if key is None:
        return "null"
    try:
        text = key.decode("utf-8")
    except UnicodeDecodeError:
        return key.hex()
    return f'"{text}"' if len(text) <= 40 else f'"{text[:37]}…"'


def decoded_text(d: Decoded) -> str:
    """``{"name":"ada"}`` and, on the next line, ``Avro · users-value v1 · id 1`` — or the reason it failed."""
    if not d.ok and not d.text:
        return f"{WARNING} " + _tr("schema id {0}: {1}").format(d.schema_id, d.error)
    head = (f"{WARNING} " + _short(d.text)) if d.error else _short(d.text)
    return head + "\n" + d.label() + (("\n" + d.error) if d.error else "")


def key_text(rec: Record) -> str:
    """The key box: the key as a consumer would print it, decoded when it is framed."""
    if rec.key_decoded is not None:
        return _tr("key {0}").format(decoded_text(rec.key_decoded))
    if rec.key is None:
        return _tr("null key")
    return _tr("key {0}").format(shown_key(rec.key))


def value_text(rec: Record) -> str:
    """The line under the headline: the value, decoded when it is framed (with its schema)."""
    d = rec.value_decoded
    if d is None:
        return _tr("value: {0}").format("null" if rec.value is None else _short(fmt.preview(rec.value, "text")))
    if not d.ok and not d.text:
        return _tr("value: {0}").format(decoded_text(d))
    return _tr("value: {0}   ({1})").format(_short(d.text), d.label()) + (f"\n{WARNING} {d.error}" if d.error else "")
