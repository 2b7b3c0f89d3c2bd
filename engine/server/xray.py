"""ProtocolXray: the cluster's bounded record of request/response exchanges (one per cluster).

The :class:`~engine.server.tap.RequestTap` hands it an :class:`ExchangeRow` per exchange, with the
request and response frames; it keeps the last :data:`ROWS` rows, the frames of the most recent ones
(at most :data:`RAW_ROWS` of them and :data:`RAW_BYTES` bytes), tells subscribers, and writes the
``--protocol-log`` file. Decoded trees (:meth:`decode`) are made only when asked for: kio reads the
request and the response, record batches are decoded (compressed ones too)."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import logging
import uuid
from collections import deque
from collections.abc import Callable
from typing import IO, Any

from kio.serial import entity_reader

from engine.observe.xray import ExchangeRow
from engine.protocol.flexible import is_flexible_request
from engine.protocol.frames import parse_request_header
from engine.protocol.records import COMPRESSION_NAMES, decode_batch, iter_batches
from engine.protocol.schema import read_request, response_class

log = logging.getLogger(__name__)

ROWS = 10_000
RAW_ROWS = 500
RAW_BYTES = 8 << 20
PREVIEW_BYTES = 200  # of a record's key and value in a decoded tree
TREE_RECORDS = 100  # records shown per batch in a decoded tree

RowListener = Callable[[ExchangeRow], None]


class ProtocolXray:
    def __init__(self, rows: int = ROWS, raw_rows: int = RAW_ROWS, raw_bytes: int = RAW_BYTES) -> None:
        self.rows: deque[ExchangeRow] = deque(maxlen=rows)
        self._raw: dict[int, tuple[bytes | bytearray, bytes]] = {}  # seq → (request frame, response frame), oldest first
        self._raw_bytes = 0
        self.raw_rows = raw_rows
        self.raw_bytes_max = raw_bytes
        self._listeners: list[RowListener] = []
        self._log: IO[str] | None = None
        self.seq = 0
        self.viewers: set[str] = set()
        self.on_change: Callable[[], None] = lambda: None  # the tap recomputes its flag

    # ------------------------------------------------------------------ who looks
    @property
    def watched(self) -> bool:
        return bool(self._listeners) or self._log is not None or bool(self.viewers)

    def watch(self, viewer: str, on: bool) -> None:
        """A viewer (the GUI's X-ray or clients dock) starts or stops looking."""
        if on:
            self.viewers.add(viewer)
        else:
            self.viewers.discard(viewer)
        self.on_change()

    def subscribe(self, listener: RowListener) -> Callable[[], None]:
        """Call ``listener`` with every row from now on (on the engine loop; it must be quick)."""
        self._listeners.append(listener)
        self.on_change()

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
                self.on_change()
        return unsubscribe

    def open_log(self, path: str) -> None:
        """Write every row as one JSON line to ``path`` (appended, line-buffered)."""
        self.close_log()
        self._log = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (kept open for the run)
        self.on_change()

    def close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
            self.on_change()

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # ------------------------------------------------------------------ recording
    def record(self, row: ExchangeRow, request: bytes | bytearray | None, response: bytes | None) -> None:
        self.rows.append(row)
        if request is not None:
            self._keep_raw(row.seq, request, response or b"")
        if self._log is not None:
            try:
                self._log.write(row.log_line() + "\n")
            except OSError as e:
                log.warning("protocol log: %s; no longer writing it", e)
                self._log = None
                self.on_change()
        for listener in list(self._listeners):
            try:
                listener(row)
            except Exception:
                log.exception("x-ray listener failed")

    def _keep_raw(self, seq: int, request: bytes | bytearray, response: bytes) -> None:
        size = len(request) + len(response)
        if size > self.raw_bytes_max:
            return
        self._raw[seq] = (request, response)
        self._raw_bytes += size
        while len(self._raw) > self.raw_rows or self._raw_bytes > self.raw_bytes_max:
            oldest = next(iter(self._raw))
            req, resp = self._raw.pop(oldest)
            self._raw_bytes -= len(req) + len(resp)

    def has_raw(self, seq: int) -> bool:
        return seq in self._raw

    def clear(self) -> None:
        self.rows.clear()
        self._raw.clear()
        self._raw_bytes = 0

    @property
    def raw_bytes(self) -> int:
        return self._raw_bytes

    # ------------------------------------------------------------------ decoding on demand
    def decode(self, seq: int) -> dict[str, Any]:
        """The request and response of row ``seq`` as JSON-ready trees; ``KeyError`` when its frames
        are no longer kept."""
        request, response = self._raw[seq]
        return decode_exchange(bytes(request), response)


def decode_exchange(request: bytes, response: bytes) -> dict[str, Any]:
    """Decode one exchange's frames (the request without its size prefix, the response with it)."""
    header = parse_request_header(request, lambda k, v: is_flexible_request(k, v))
    out: dict[str, Any] = {"header": {"api_key": header.api_key, "api_version": header.api_version,
                                      "correlation_id": header.correlation_id, "client_id": header.client_id}}
    try:
        out["request"] = tree(read_request(header.api_key, header.api_version, request, header.body_offset))
    except Exception as e:  # an API version kio does not know, a request the broker refused
        out["request"] = {"undecodable": f"{type(e).__name__}: {e}"}
    if not response:
        out["response"] = None
        return out
    try:
        cls = response_class(header.api_key, header.api_version)
        offset = 8 + (1 if cls.__flexible__ and header.api_key != 18 else 0)
        out["response"] = tree(entity_reader(cls)(response, offset)[0])
    except Exception as e:  # e.g. ApiVersions answered in v0 for an unsupported version
        out["response"] = {"undecodable": f"{type(e).__name__}: {e}"}
    return out


def response_entity(api_key: int, version: int, response: bytes) -> Any:
    """kio's response object of a response frame (with its size prefix)."""
    cls = response_class(api_key, version)
    offset = 8 + (1 if cls.__flexible__ and api_key != 18 else 0)
    return entity_reader(cls)(response, offset)[0]


def tree(value: Any, name: str = "") -> Any:
    """A kio entity as plain JSON values: error codes by name, durations in ms, ids as strings, and
    record sets as decoded batches."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: tree(getattr(value, f.name), f.name) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [tree(v, name) for v in value]
    if isinstance(value, enum.Enum):
        return value.name.upper() if name == "error_code" or "error" in name else value.value
    if isinstance(value, datetime.timedelta):
        return int(value.total_seconds() * 1000)
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        if name == "records":
            return decode_records(bytes(value))
        return _preview(bytes(value))
    return value


def decode_records(data: bytes) -> list[dict[str, Any]]:
    """Record batches as trees: header fields and the first :data:`TREE_RECORDS` records."""
    batches: list[dict[str, Any]] = []
    try:
        for pos, header in iter_batches(data):
            b: dict[str, Any] = {"base_offset": header.base_offset, "last_offset": header.last_offset,
                                 "partition_leader_epoch": header.leader_epoch, "magic": header.magic,
                                 "compression": COMPRESSION_NAMES.get(header.compression, header.compression),
                                 "record_count": header.record_count, "producer_id": header.producer_id,
                                 "producer_epoch": header.producer_epoch, "base_sequence": header.base_sequence,
                                 "transactional": header.is_transactional, "control": header.is_control,
                                 "size": header.size}
            try:
                _h, records = decode_batch(memoryview(data)[pos : pos + header.size])
                b["records"] = [{"offset": r.offset, "timestamp": r.timestamp, "key": _preview(r.key),
                                 "value": _preview(r.value),
                                 "headers": [[k, _preview(v)] for k, v in r.headers]} for r in records[:TREE_RECORDS]]
            except Exception as e:
                b["records"] = {"undecodable": f"{type(e).__name__}: {e}"}
            batches.append(b)
    except Exception as e:
        batches.append({"undecodable": f"{type(e).__name__}: {e}"})
    return batches


def _preview(b: bytes | None) -> str | None:
    if b is None:
        return None
    cut = b[:PREVIEW_BYTES]
    try:
        text = cut.decode("utf-8")
    except UnicodeDecodeError:
        text = "0x" + cut.hex()
    return text + (f"… ({len(b)} bytes)" if len(b) > PREVIEW_BYTES else "")
