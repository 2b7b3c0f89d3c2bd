"""The byte format of a session recording (:mod:`engine.observe.recording`): JSON lines in gzip members
whose header carries, in an ``FEXTRA`` subfield ``KL`` (as BGZF does), the member's kind, length and
the times it covers — so a reader hops from header to header without decompressing."""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

_HEADER_KIND, _CHUNK_KIND, _EVENTS_KIND, _SERIES_KIND = 0, 1, 2, 3
_EXTRA = struct.Struct("<BIqq")  # kind, member length, first t, last t
_SUBFIELD = b"KL" + struct.pack("<H", _EXTRA.size)
_GZIP_HEAD = struct.Struct("<BBBBIBBH")  # id1 id2 cm flg mtime xfl os xlen
_HEAD_LEN = _GZIP_HEAD.size + len(_SUBFIELD) + _EXTRA.size
# the whole member header in one unpack (opening a long recording reads thousands of them)
_WHOLE_HEAD = struct.Struct("<HBBIBBH4sBIqq")  # magic cm flg mtime xfl os xlen subfield kind length t0 t1
_MAGIC = 0x8B1F
_ACKS_KIND = b'"kind":"RecordsAcknowledged"'  # the acks ledger's events: many, kept apart when read


def line_of(obj: dict[str, Any]) -> bytes:
    return (dumps(obj) + "\n").encode()


def dumps(obj: Any, depth: int = 0) -> str:
    """``json.dumps(obj, separators=(",", ":"), default=str)``, made of pieces: the top levels (an image's
    topics, each topic) are encoded one by one. One C ``json.dumps`` of a 10,000-partition keyframe holds the
    GIL for ~100 ms, which an app recording on a thread made its GUI thread wait (a keystroke, a frame)."""
    if depth < 3:
        if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
            return "{" + ",".join(f"{json.dumps(k)}:{dumps(v, depth + 1)}" for k, v in obj.items()) + "}"
        if isinstance(obj, list | tuple) and len(obj) > 1:
            return "[" + ",".join(dumps(v, depth + 1) for v in obj) + "]"
    return json.dumps(obj, separators=(",", ":"), default=str)


def member(kind: int, data: bytes, t0: int, t1: int) -> bytes:
    """One gzip member holding ``data``, its length and times in the header's KL subfield."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    total = _HEAD_LEN + len(body) + 8
    head = _GZIP_HEAD.pack(0x1F, 0x8B, 8, 4, 0, 0, 255, len(_SUBFIELD) + _EXTRA.size)
    extra = _SUBFIELD + _EXTRA.pack(kind, total, t0, t1)
    return head + extra + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def read_member_header(data: Any, pos: int = 0) -> tuple[int, int, int, int] | None:
    """(kind, length, t0, t1) of the member at ``pos`` if :func:`_member` wrote it; else None."""
    if len(data) - pos < _HEAD_LEN:
        return None
    magic, _cm, flg, _mt, _xfl, _os, xlen, sub, kind, length, t0, t1 = _WHOLE_HEAD.unpack_from(data, pos)
    if magic != _MAGIC or not flg & 4 or xlen != len(_SUBFIELD) + _EXTRA.size or sub != _SUBFIELD:
        return None
    return kind, length, t0, t1


def inflate(member: bytes) -> bytes:
    return zlib.decompress(member[_HEAD_LEN:-8], -15)
