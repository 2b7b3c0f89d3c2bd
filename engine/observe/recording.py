"""Session recordings (the cluster time machine): what the GUI channel carried, kept and replayed.

A recording is the channel's own stream — a whole :class:`ClusterImage`, then image deltas
(:mod:`engine.observe.image_diff`) and typed events (:mod:`engine.observe.events`) — as JSON lines::

    {"type": "session", "format": "kafkalab-session", "version": 1, "created_ms": ..., "keyframe_interval_ms": ...}
    {"type": "image", "t": 1712345678901, "image": <ClusterImage.to_json()>}      # a keyframe
    {"type": "delta", "t": 1712345679001, "delta": <diff_images(previous, image)>}
    {"type": "event", "t": 1712345679042, "event": <EngineEvent.to_json()>}   # in the chunk's events member

``t`` is the engine's wall clock in ms (the image's ``time_ms``, the event's ``time_ms``). The lines are
cut into *chunks*: each starts with a keyframe (a whole image) and covers ``keyframe_interval_s`` or
less (a chunk ends early when its deltas add up to :data:`DELTA_BUDGET` keyframes: a busy cluster gets
keyframes more often, so a seek costs a few whole images at most). A chunk's image lines are one gzip
member and its events the next, so the file is ordinary gzip (``zcat FILE`` prints the lines, each
chunk's events after its images) but carries, in every member's gzip header (an ``FEXTRA`` subfield
``KL``, as BGZF does), the member's kind, length and the times it covers. Opening a recording reads
only those headers; seeking decompresses one chunk; listing the events decompresses no image.

:class:`Recorder` keeps a ring of chunks in memory (bounded by bytes, oldest dropped) and optionally
streams them to a file; :class:`Session` reads a recording (file or bytes). Qt-free: the engine
(``kafkalab serve --record``), the app and ``kafkalab replay`` share it."""

from __future__ import annotations

import bisect
import json
import mmap
import struct
import threading
import time
import zlib
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from engine.observe.events import EngineEvent
from engine.observe.image import ClusterImage
from engine.observe.image_diff import apply_delta, diff_images, is_empty

FORMAT = "kafkalab-session"
VERSION = 1
SUFFIX = ".kafkalab-session"
KEYFRAME_INTERVAL_S = 10.0
RING_BYTES = 64 << 20  # compressed chunks kept in memory
CHUNK_BYTES = 8 << 20  # a chunk is cut early when its lines reach this size …
DELTA_BUDGET = 3  # … or when they are this many times its keyframe's size

_HEADER_KIND, _CHUNK_KIND, _EVENTS_KIND = 0, 1, 2
_EXTRA = struct.Struct("<BIqq")  # kind, member length, first t, last t
_SUBFIELD = b"KL" + struct.pack("<H", _EXTRA.size)
_GZIP_HEAD = struct.Struct("<BBBBIBBH")  # id1 id2 cm flg mtime xfl os xlen
_HEAD_LEN = _GZIP_HEAD.size + len(_SUBFIELD) + _EXTRA.size
# the whole member header in one unpack (opening a long recording reads thousands of them)
_WHOLE_HEAD = struct.Struct("<HBBIBBH4sBIqq")  # magic cm flg mtime xfl os xlen subfield kind length t0 t1
_MAGIC = 0x8B1F


def _line(obj: dict[str, Any]) -> bytes:
    return (_dumps(obj) + "\n").encode()


def _dumps(obj: Any, depth: int = 0) -> str:
    """``json.dumps(obj, separators=(",", ":"), default=str)``, made of pieces: the top levels (an image's
    topics, each topic) are encoded one by one. One C ``json.dumps`` of a 10,000-partition keyframe holds the
    GIL for ~100 ms, which an app recording on a thread made its GUI thread wait (a keystroke, a frame)."""
    if depth < 3:
        if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
            return "{" + ",".join(f"{json.dumps(k)}:{_dumps(v, depth + 1)}" for k, v in obj.items()) + "}"
        if isinstance(obj, list | tuple) and len(obj) > 1:
            return "[" + ",".join(_dumps(v, depth + 1) for v in obj) + "]"
    return json.dumps(obj, separators=(",", ":"), default=str)


def _member(kind: int, data: bytes, t0: int, t1: int) -> bytes:
    """One gzip member holding ``data``, its length and times in the header's KL subfield."""
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    total = _HEAD_LEN + len(body) + 8
    head = _GZIP_HEAD.pack(0x1F, 0x8B, 8, 4, 0, 0, 255, len(_SUBFIELD) + _EXTRA.size)
    extra = _SUBFIELD + _EXTRA.pack(kind, total, t0, t1)
    return head + extra + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


def _read_member_header(data: Any, pos: int = 0) -> tuple[int, int, int, int] | None:
    """(kind, length, t0, t1) of the member at ``pos`` if :func:`_member` wrote it; else None."""
    if len(data) - pos < _HEAD_LEN:
        return None
    magic, _cm, flg, _mt, _xfl, _os, xlen, sub, kind, length, t0, t1 = _WHOLE_HEAD.unpack_from(data, pos)
    if magic != _MAGIC or not flg & 4 or xlen != len(_SUBFIELD) + _EXTRA.size or sub != _SUBFIELD:
        return None
    return kind, length, t0, t1


def _inflate(member: bytes) -> bytes:
    return zlib.decompress(member[_HEAD_LEN:-8], -15)


# ------------------------------------------------------------------------------------------ recording

class _OpenChunk:
    """The chunk being written: its image lines (keyframe, deltas) and its event lines, which go to
    a member of their own right after (so listing the events decompresses no image)."""

    __slots__ = ("event_lines", "lines", "size", "t0", "t1")

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.event_lines: list[tuple[int, bytes]] = []
        self.size = 0
        self.t0 = 0
        self.t1 = 0

    def add(self, t: int, line: bytes) -> None:
        if not self.lines:
            self.t0 = self.t1 = t
        self.lines.append(line)
        self.size += len(line)
        self.t1 = max(self.t1, t)

    def add_event(self, t: int, line: bytes) -> None:
        self.event_lines.append((t, line))

    def empty(self) -> bool:
        return not self.lines and not self.event_lines

    def member(self) -> bytes:
        out = _member(_CHUNK_KIND, b"".join(self.lines), self.t0, self.t1) if self.lines else b""
        if self.event_lines:
            times = [t for t, _ in self.event_lines]
            out += _member(_EVENTS_KIND, b"".join(line for _, line in self.event_lines), min(times), max(times))
        return out


class Recorder:
    """Records images and events as they happen (call :meth:`add_image` / :meth:`add_event` in the
    engine's order, from one thread or under the caller's care; the methods take a lock).

    ``ring_bytes`` bounds the compressed chunks kept in memory (the oldest go first; 0 keeps none);
    with ``path`` every chunk is also appended to that file as it closes (and the open one on
    :meth:`flush` / :meth:`close`)."""

    def __init__(self, path: str | Path | None = None, keyframe_interval_s: float = KEYFRAME_INTERVAL_S,
                 ring_bytes: int = RING_BYTES, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.keyframe_interval_ms = int(keyframe_interval_s * 1000)
        self.ring_bytes = ring_bytes
        self.chunk_bytes = chunk_bytes
        self.created_ms = int(time.time() * 1000)
        self.header = _member(_HEADER_KIND, _line({
            "type": "session", "format": FORMAT, "version": VERSION, "created_ms": self.created_ms,
            "keyframe_interval_ms": self.keyframe_interval_ms}), 0, 0)
        self._lock = threading.Lock()
        self._ring: deque[bytes] = deque()
        self._ring_size = 0
        self._chunk = _OpenChunk()
        self._last: ClusterImage | None = None
        self._keyframe_size = 0
        self._early_events: list[tuple[int, bytes]] = []
        self.dropped_chunks = 0
        self.bytes_written = 0
        self.images = 0
        self.events = 0
        self._file: IO[bytes] | None = None
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self._file = open(self.path, "wb")  # noqa: SIM115 — kept open while recording
            self._write(self.header)

    # -- input -----------------------------------------------------------------------------------
    def add_image(self, image: ClusterImage) -> None:
        with self._lock:
            t = image.time_ms
            last = self._last
            # a new keyframe every keyframe_interval_s, or sooner when the deltas since the last one
            # add up to DELTA_BUDGET keyframes (a busy cluster): a seek never decodes more than that
            if last is not None and (t - self._chunk.t0 >= self.keyframe_interval_ms
                                     or self._chunk.size >= min(self.chunk_bytes,
                                                                self._keyframe_size * DELTA_BUDGET)):
                self._close_chunk()
            if not self._chunk.lines:  # a chunk starts with a keyframe
                keyframe = _line({"type": "image", "t": t, "image": image.to_json()})
                self._keyframe_size = len(keyframe)
                self._chunk.add(t, keyframe)
                for et, line in self._early_events:
                    self._chunk.add_event(et, line)
                self._early_events = []
            else:
                assert last is not None
                delta = diff_images(last, image)
                if is_empty(delta):
                    return
                self._chunk.add(t, _line({"type": "delta", "t": t, "delta": delta}))
            self._last = image
            self.images += 1

    def add_event(self, event: EngineEvent) -> None:
        line = _line({"type": "event", "t": event.time_ms, "event": event.to_json()})
        with self._lock:
            self.events += 1
            if self._last is None:
                self._early_events.append((event.time_ms, line))  # with the first keyframe's chunk
            else:
                self._chunk.add_event(event.time_ms, line)

    # -- output ----------------------------------------------------------------------------------
    def _close_chunk(self) -> None:
        if self._chunk.empty():
            return
        member = self._chunk.member()
        self._chunk = _OpenChunk()
        if self._file is not None:
            self._write(member)
        if self.ring_bytes > 0:
            self._ring.append(member)
            self._ring_size += len(member)
            while self._ring_size > self.ring_bytes and len(self._ring) > 1:
                self._ring_size -= len(self._ring.popleft())
                self.dropped_chunks += 1

    def _write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)
        self._file.flush()
        self.bytes_written += len(data)

    def flush(self) -> None:
        """Close the open chunk (written to the file; the next image starts a new keyframe)."""
        with self._lock:
            self._close_chunk()

    def close(self) -> None:
        with self._lock:
            self._close_chunk()
            if self._file is not None:
                self._file.close()
                self._file = None

    @property
    def start_ms(self) -> int:
        """The time the ring starts at (0: nothing recorded yet)."""
        with self._lock:
            if self._ring:
                info = _read_member_header(self._ring[0])
                return info[2] if info is not None else 0
            return self._chunk.t0 if self._chunk.lines else 0

    @property
    def ring_size(self) -> int:
        return self._ring_size

    def to_bytes(self) -> bytes:
        """The ring (and the open chunk) as a recording file's bytes."""
        with self._lock:
            parts = [self.header, *self._ring]
            if not self._chunk.empty():
                parts.append(self._chunk.member())
        return b"".join(parts)

    def save(self, path: str | Path) -> int:
        """Write what the ring holds as a session file; its size."""
        data = self.to_bytes()
        Path(path).write_bytes(data)
        return len(data)

    def session(self) -> Session:
        """What has been recorded so far (the ring), readable."""
        return Session.from_bytes(self.to_bytes())


# -------------------------------------------------------------------------------------------- reading

@dataclass(frozen=True, slots=True)
class Chunk:
    offset: int
    length: int
    t0: int
    t1: int


class RecordingError(ValueError):
    """Not a Kafka Lab session recording, or one too damaged to read."""


class Session:
    """A recording opened for replay: :meth:`image_at` and :meth:`events` (times are the engine's ms)."""

    def __init__(self, data: bytes | memoryview | mmap.mmap, name: str = "") -> None:
        self._data = data
        self.name = name
        self.chunks: list[Chunk] = []  # images: a keyframe and its deltas
        self.event_chunks: list[Chunk] = []
        pos, header = 0, None
        while pos < len(data):
            info = _read_member_header(data, pos)
            if info is None or pos + info[1] > len(data):
                break  # a member cut short (the recorder died mid-write): what came before stays readable
            kind, length, t0, t1 = info
            if kind == _HEADER_KIND and header is None:
                header = json.loads(_inflate(bytes(data[pos:pos + length])))
            elif kind == _CHUNK_KIND:
                self.chunks.append(Chunk(pos, length, t0, t1))
            elif kind == _EVENTS_KIND:
                self.event_chunks.append(Chunk(pos, length, t0, t1))
            pos += length
        if header is None or header.get("format") != FORMAT:
            raise RecordingError(f"{name or 'the data'} is not a Kafka Lab session recording")
        if header.get("version") != VERSION:
            raise RecordingError(f"session format version {header.get('version')} is not supported")
        self.header: dict[str, Any] = header
        self._starts = [c.t0 for c in self.chunks]
        self._events: dict[int, list[EngineEvent]] = {}
        self._cache: OrderedDict[int, tuple[list[int], list[ClusterImage]]] = OrderedDict()

    @classmethod
    def open(cls, path: str | Path) -> Session:
        p = Path(path)
        try:
            with p.open("rb") as f:  # mapped: opening reads the members' headers only
                data: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) \
                    if p.stat().st_size else b""
        except OSError as e:
            raise RecordingError(f"cannot read {p}: {e.strerror or e}") from None
        return cls(data, p.name)

    @classmethod
    def from_bytes(cls, data: bytes) -> Session:
        return cls(data)

    @property
    def start_ms(self) -> int:
        return self.chunks[0].t0 if self.chunks else 0

    @property
    def end_ms(self) -> int:
        return max((c.t1 for c in self.chunks), default=0)  # the last image

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def __bool__(self) -> bool:
        return bool(self.chunks)

    def _lines(self, chunk: Chunk) -> Iterator[dict[str, Any]]:
        raw = _inflate(bytes(self._data[chunk.offset:chunk.offset + chunk.length]))
        for line in raw.splitlines():
            if line:
                yield json.loads(line)

    def _decoded(self, index: int) -> tuple[list[int], list[ClusterImage]]:
        """A chunk's images with their times, decoded once and kept (a few chunks)."""
        hit = self._cache.get(index)
        if hit is not None:
            self._cache.move_to_end(index)
            return hit
        times: list[int] = []
        images: list[ClusterImage] = []
        image: ClusterImage | None = None
        for msg in self._lines(self.chunks[index]):
            kind = msg.get("type")
            if kind == "image":
                image = ClusterImage.from_json(msg["image"])
            elif kind == "delta" and image is not None:
                image = apply_delta(image, msg["delta"])
            else:
                continue
            times.append(int(msg["t"]))
            images.append(image)
        self._cache[index] = (times, images)
        while len(self._cache) > 4:
            self._cache.popitem(last=False)
        return self._cache[index]

    def _chunk_events(self, index: int) -> list[EngineEvent]:
        """The events of one chunk (their own member), decoded once and kept: events are small."""
        hit = self._events.get(index)
        if hit is None:
            c = self.event_chunks[index]
            hit = []
            for line in _inflate(bytes(self._data[c.offset:c.offset + c.length])).splitlines():
                if line.startswith(b'{"type":"event"'):
                    try:
                        hit.append(EngineEvent.from_json(json.loads(line)["event"]))
                    except ValueError:
                        continue  # an event kind this build does not know
            self._events[index] = hit
        return hit

    def image_at(self, t_ms: int) -> ClusterImage:
        """The image as it was at ``t_ms`` (the last one recorded at or before it; the first one
        before the recording starts). ``RecordingError`` for an empty recording."""
        if not self.chunks:
            raise RecordingError("the recording holds no image")
        index = max(0, bisect.bisect_right(self._starts, t_ms) - 1)
        times, images = self._decoded(index)
        if not images:
            raise RecordingError("the recording holds no image")
        return images[max(0, bisect.bisect_right(times, t_ms) - 1)]

    def image_at_offset(self, seconds: float) -> ClusterImage:
        return self.image_at(self.start_ms + int(round(seconds * 1000)))

    def events(self, since_ms: int | None = None, until_ms: int | None = None) -> list[EngineEvent]:
        """Recorded events in order, optionally those with ``since_ms <= time_ms <= until_ms``."""
        out: list[EngineEvent] = []
        for i, c in enumerate(self.event_chunks):
            if (since_ms is not None and c.t1 < since_ms) or (until_ms is not None and c.t0 > until_ms):
                continue
            for e in self._chunk_events(i):
                if (since_ms is None or e.time_ms >= since_ms) and (until_ms is None or e.time_ms <= until_ms):
                    out.append(e)
        out.sort(key=lambda e: e.time_ms)  # stable: same-ms events keep the engine's order
        return out
