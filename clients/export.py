"""Exporting records to JSON Lines or CSV (runs on a worker thread, with progress and cancel).

Keys, values and header values are written as UTF-8 text when they decode, else as base64 with
an ``*_encoding`` field saying so, so binary records survive the round trip. With a
:class:`~clients.serdes.SchemaDecoder`, keys and values in a Schema Registry's wire format are also written
decoded (``*_decoded``, the value as JSON) with their schema (``*_schema``: id, type, subject, version, or
the ``error`` saying why they could not be read)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from clients.readers import PartitionReader, Record
from clients.wire import Decoded, schema_id_of

if TYPE_CHECKING:
    from clients.serdes import SchemaDecoder

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ("topic", "partition", "offset", "timestamp", "timestamp_iso", "key", "value", "headers",
               "key_encoding", "value_encoding", "key_decoded", "value_decoded", "key_schema", "value_schema")


def _text(data: bytes | None) -> tuple[str | None, str]:
    if data is None:
        return None, "null"
    if schema_id_of(data) is not None:  # a Schema Registry's framing: binary, however it decodes
        return base64.b64encode(data).decode("ascii"), "base64"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), "base64"


def record_dict(topic: str, r: Record) -> dict[str, Any]:
    key, key_enc = _text(r.key)
    value, value_enc = _text(r.value)
    iso = (dt.datetime.fromtimestamp(r.timestamp / 1000, dt.UTC).isoformat(timespec="milliseconds")
           if r.timestamp >= 0 else None)
    return {"topic": topic, "partition": r.partition, "offset": r.offset, "timestamp": r.timestamp,
            "timestamp_iso": iso, "key": key, "value": value,
            "headers": [[k, _text(v)[0]] for k, v in r.headers], "key_encoding": key_enc,
            "value_encoding": value_enc, **_decoded("key", r.key_decoded), **_decoded("value", r.value_decoded)}


def _decoded(which: str, d: Decoded | None) -> dict[str, Any]:
    if d is None:
        return {}
    schema = d.as_dict()
    if d.error:
        schema["error"] = d.error
    out: dict[str, Any] = {f"{which}_schema": schema}
    if d.text:
        out[f"{which}_decoded"] = json.loads(d.text)
    return out


class RecordWriter:
    def __init__(self, f: IO[str], fmt: str, topic: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}")
        self.f = f
        self.fmt = fmt
        self.topic = topic
        self.count = 0
        self._csv = csv.writer(f) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)

    def write(self, records: Iterable[Record]) -> None:
        for r in records:
            d = record_dict(self.topic, r)
            if self._csv is not None:
                for c in ("headers", "key_decoded", "value_decoded", "key_schema", "value_schema"):
                    if c in d:
                        d[c] = json.dumps(d[c], ensure_ascii=False)
                self._csv.writerow(["" if d.get(c) is None else d[c] for c in CSV_COLUMNS])
            else:
                self.f.write(json.dumps(d, ensure_ascii=False) + "\n")
            self.count += 1


def export_ranges(reader: PartitionReader, topic: str, ranges: Sequence[tuple[int, int, int]], path: Path,
                  fmt: str, cancelled: Callable[[], bool] = lambda: False,
                  progress: Callable[[int, int], None] | None = None, decoder: SchemaDecoder | None = None) -> int:
    """Write every record in ``ranges`` ((partition, start, end) with end exclusive) to ``path``."""
    total = sum(max(0, e - s) for _p, s, e in ranges)
    done = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = RecordWriter(f, fmt, topic)
        for partition, start, end in ranges:
            for chunk in reader.iter_read(topic, partition, start, end, cancelled, batch=5000):
                writer.write(decoder.records(topic, chunk) if decoder is not None else chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            if cancelled():
                break
    if cancelled():
        tmp.unlink(missing_ok=True)
        return writer.count
    tmp.replace(path)
    return writer.count
