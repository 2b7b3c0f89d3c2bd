"""Session recordings (the cluster time machine): what the GUI channel carried, kept and replayed.

A recording is the channel's own stream — a whole :class:`ClusterImage`, then image deltas
(:mod:`engine.observe.image_diff`) and typed events (:mod:`engine.observe.events`) — as JSON lines::

    {"type": "session", "format": "kafkalab-session", "version": 1, "created_ms": ..., "keyframe_interval_ms": ...}
    {"type": "image", "t": 1712345678901, "image": <ClusterImage.to_json()>}      # a keyframe
    {"type": "delta", "t": 1712345679001, "delta": <diff_images(previous, image)>}
    {"type": "event", "t": 1712345679042, "event": <EngineEvent.to_json()>}   # in the chunk's events member
    {"type": "acks_state", "t": ..., "state": <AcksState.to_json()>}   # first in a chunk's events, every 10 s

``t`` is the engine's wall clock in ms (the image's ``time_ms``, the event's ``time_ms``). The lines are
cut into *chunks*: each starts with a keyframe (a whole image) and covers ``keyframe_interval_s`` or
less (a chunk ends early when its deltas add up to :data:`DELTA_BUDGET` keyframes: a busy cluster gets
keyframes more often, so a seek costs a few whole images at most). A chunk's image lines are one gzip
member and its events the next, so the file is ordinary gzip (``zcat FILE`` prints the lines, each
chunk's events after its images, and before them its *samples*, :mod:`engine.observe.series`: the
figures the app's charts derive from each image, so the time machine rebuilds them without decoding
images) but carries, in every member's gzip header (an ``FEXTRA`` subfield
``KL``, as BGZF does), the member's kind, length and the times it covers. Opening a recording reads
only those headers; seeking decompresses one chunk; listing the events decompresses no image.

:class:`Recorder` keeps a ring of chunks in memory (bounded by bytes, oldest dropped) and optionally
streams them to a file; :class:`Session` reads a recording (file or bytes). Qt-free: the engine
(``kafkalab serve --record``), the app and ``kafkalab replay`` share it."""

from __future__ import annotations

import bisect
import json
import mmap
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from engine.observe.acks_ranges import STATE_INTERVAL_MS, AcksState
from engine.observe.events import EngineEvent
from engine.observe.image import ClusterImage
from engine.observe.image_diff import apply_delta, diff_images, is_empty
from engine.observe.recording_format import (
    _ACKS_KIND,
    _CHUNK_KIND,
    _EVENTS_KIND,
    _HEADER_KIND,
    _SERIES_KIND,
    inflate,
    line_of,
    member,
    read_member_header,
)
from engine.observe.series import image_sample

FORMAT = "kafkalab-session"
VERSION = 1
SUFFIX = ".kafkalab-session"
KEYFRAME_INTERVAL_S = 10.0
RING_BYTES = 64 << 20  # compressed chunks kept in memory
CHUNK_BYTES = 8 << 20  # a chunk is cut early when its lines reach this size …
DELTA_BUDGET = 3  # … or when they are this many times its keyframe's size

# ------------------------------------------------------------------------------------------ recording

class _OpenChunk:
    """The chunk being written: its image lines (keyframe, deltas) and its event lines, which go to
    a member of their own right after (so listing the events decompresses no image)."""

    __slots__ = ("event_lines", "lines", "sample_lines", "size", "t0", "t1")

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.sample_lines: list[bytes] = []  # the charts' figures of each image (engine.observe.series)
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
        out = member(_SERIES_KIND, b"".join(self.sample_lines), self.t0, self.t1) if self.sample_lines else b""
        out += member(_CHUNK_KIND, b"".join(self.lines), self.t0, self.t1) if self.lines else b""
        if self.event_lines:
            times = [t for t, _ in self.event_lines]
            out += member(_EVENTS_KIND, b"".join(line for _, line in self.event_lines), min(times), max(times))
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
        self.header = member(_HEADER_KIND, line_of({
            "type": "session", "format": FORMAT, "version": VERSION, "created_ms": self.created_ms,
            "keyframe_interval_ms": self.keyframe_interval_ms}), 0, 0)
        self._lock = threading.Lock()
        self._ring: deque[bytes] = deque()
        self._ring_size = 0
        self._chunk = _OpenChunk()
        self._last: ClusterImage | None = None
        self._keyframe_size = 0
        self._early_events: list[tuple[int, bytes]] = []
        self._acks_state = AcksState()  # every range acknowledged so far: a state line every 10 s
        self._acks_state_t: int | None = None
        self._acks_max_t = 0
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
                if self._acks_state.ranges and (self._acks_state_t is None
                                                or t - self._acks_state_t >= STATE_INTERVAL_MS):
                    state_t = max(t, self._acks_max_t)  # it holds every acknowledgement until then
                    self._chunk.add_event(state_t, line_of({"type": "acks_state", "t": state_t,
                                                          "state": self._acks_state.to_json()}))
                    self._acks_state_t = t
                keyframe = line_of({"type": "image", "t": t, "image": image.to_json()})
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
                self._chunk.add(t, line_of({"type": "delta", "t": t, "delta": delta}))
            self._chunk.sample_lines.append(line_of(image_sample(image)))
            self._last = image
            self.images += 1

    def add_event(self, event: EngineEvent) -> None:
        line = line_of({"type": "event", "t": event.time_ms, "event": event.to_json()})
        with self._lock:
            self.events += 1
            if event.kind == "RecordsAcknowledged":
                self._acks_state.add(event)
                self._acks_max_t = max(self._acks_max_t, event.time_ms)
            if self._last is None:
                self._early_events.append((event.time_ms, line))  # with the first keyframe's chunk
            else:
                self._chunk.add_event(event.time_ms, line)

    # -- output ----------------------------------------------------------------------------------
    def _close_chunk(self) -> None:
        if self._chunk.empty():
            return
        closed = self._chunk.member()
        self._chunk = _OpenChunk()
        if self._file is not None:
            self._write(closed)
        if self.ring_bytes > 0:
            self._ring.append(closed)
            self._ring_size += len(closed)
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
                info = read_member_header(self._ring[0])
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
        self.series_chunks: list[Chunk] = []  # the charts' figures of each image (engine.observe.series)
        pos, header = 0, None
        while pos < len(data):
            info = read_member_header(data, pos)
            if info is None or pos + info[1] > len(data):
                break  # a member cut short (the recorder died mid-write): what came before stays readable
            kind, length, t0, t1 = info
            if kind == _HEADER_KIND and header is None:
                header = json.loads(inflate(bytes(data[pos:pos + length])))
            elif kind == _CHUNK_KIND:
                self.chunks.append(Chunk(pos, length, t0, t1))
            elif kind == _EVENTS_KIND:
                self.event_chunks.append(Chunk(pos, length, t0, t1))
            elif kind == _SERIES_KIND:
                self.series_chunks.append(Chunk(pos, length, t0, t1))
            pos += length
        if header is None or header.get("format") != FORMAT:
            raise RecordingError(f"{name or 'the data'} is not a Kafka Lab session recording")
        if header.get("version") != VERSION:
            raise RecordingError(f"session format version {header.get('version')} is not supported")
        self.header: dict[str, Any] = header
        self._starts = [c.t0 for c in self.chunks]
        self._events: dict[int, tuple[list[EngineEvent], list[dict[str, Any]]]] = {}
        self._samples: dict[int, list[list[Any]]] = {}
        self._states: dict[int, bytes] = {}  # per events chunk: its acks state line (engine.observe.acks_ranges)  # per chunk: [t, line or its dict]
        self._series_starts = [c.t0 for c in self.series_chunks]
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
    def last_ms(self) -> int:
        """The last instant recorded: the last image or a later event (a marker added after it)."""
        return max(self.end_ms, max((c.t1 for c in self.event_chunks), default=0))

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    def __bool__(self) -> bool:
        return bool(self.chunks)

    def _lines(self, chunk: Chunk) -> Iterator[dict[str, Any]]:
        raw = inflate(bytes(self._data[chunk.offset:chunk.offset + chunk.length]))
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

    def _chunk_acks(self, index: int) -> list[dict[str, Any]]:
        acks = self._chunk_events(index)[1]
        if acks and isinstance(acks[0], bytes):
            acks[:] = [m["event"] for m in json.loads(acks[0])]
        return acks

    def _chunk_events(self, index: int) -> tuple[list[EngineEvent], list[dict[str, Any]]]:
        """The events of one chunk (their own member), decoded once and kept: events are small. The
        acks ledger's frequent ``RecordsAcknowledged`` are kept apart as plain dicts (:meth:`acks`):
        listing the others (the timeline's markers) never pays for them."""
        hit = self._events.get(index)
        if hit is None:
            c = self.event_chunks[index]
            hit = ([], [])
            ack_lines = []
            for line in inflate(bytes(self._data[c.offset:c.offset + c.length])).splitlines():
                if line.startswith(b'{"type":"acks_state"'):
                    self._states[index] = line
                    continue
                if not line.startswith(b'{"type":"event"'):
                    continue
                if _ACKS_KIND in line:
                    ack_lines.append(line)
                    continue
                try:
                    hit[0].append(EngineEvent.from_json(json.loads(line)["event"]))
                except ValueError:
                    continue  # an event kind this build does not know
            if ack_lines:  # parsed when asked for (acks), all in one go
                hit[1].append(b"[" + b",".join(ack_lines) + b"]")  # type: ignore[arg-type]
            self._events[index] = hit
        return hit

    def acks_at(self, t_ms: int) -> tuple[AcksState | None, list[dict[str, Any]]]:
        """What the acks ledger needs at ``t_ms``: the last acks state line at or before it (None if
        there is none) and the ``RecordsAcknowledged`` recorded after that line, up to ``t_ms``."""
        starts = [c.t0 for c in self.event_chunks]
        found, state = -1, None
        for i in range(bisect.bisect_right(starts, t_ms) - 1, -1, -1):
            self._chunk_events(i)
            line = self._states.get(i)
            if line is not None:
                data = json.loads(line)
                if data["t"] <= t_ms:
                    found, state = i, AcksState.from_json(data["state"])
                    break
        if state is None:
            return None, self.acks(t_ms)
        out: list[dict[str, Any]] = []
        for j in range(found, len(self.event_chunks)):
            if self.event_chunks[j].t0 > t_ms:
                break
            out.extend(a for a in self._chunk_acks(j) if a["time_ms"] <= t_ms)
        out.sort(key=lambda a: a["time_ms"])
        return state, out

    def acks(self, until_ms: int | None = None) -> list[dict[str, Any]]:
        """The recorded ``RecordsAcknowledged`` events up to ``until_ms``, in order, as their JSON dicts."""
        out: list[dict[str, Any]] = []
        for i, c in enumerate(self.event_chunks):
            if until_ms is not None and c.t0 > until_ms:
                continue
            out.extend(a for a in self._chunk_acks(i) if until_ms is None or a["time_ms"] <= until_ms)
        out.sort(key=lambda a: a["time_ms"])
        return out

    def samples(self, since_ms: int, until_ms: int, every_ms: int = 0) -> list[dict[str, Any]]:
        """The charts' figures of every image recorded with ``since_ms <= t <= until_ms``, in order
        (:func:`engine.observe.series.image_sample`; none in a recording made before they were kept);
        with ``every_ms``, at most one per ``every_ms`` (the first). A chunk's lines are decompressed
        once and kept, each parsed only when asked for (a line begins with its time)."""
        out: list[dict[str, Any]] = []
        first = max(0, bisect.bisect_right(self._series_starts, since_ms) - 1)
        next_t = since_ms
        for i in range(first, len(self.series_chunks)):
            c = self.series_chunks[i]
            if c.t0 > until_ms:
                break
            if c.t1 < since_ms:
                continue
            lines = self._samples.get(i)
            if lines is None:
                raw = inflate(bytes(self._data[c.offset:c.offset + c.length]))
                lines = self._samples[i] = [[int(line[5:line.index(b",")]), line]
                                            for line in raw.splitlines() if line.startswith(b'{"t":')]
            for entry in lines:
                t = entry[0]
                if t < next_t or t > until_ms:
                    continue
                if isinstance(entry[1], bytes):
                    entry[1] = json.loads(entry[1])
                out.append(entry[1])
                if every_ms:
                    next_t = t + every_ms
        return out

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

    def events(self, since_ms: int | None = None, until_ms: int | None = None,
               acks: bool = True) -> list[EngineEvent]:
        """Recorded events in order, optionally those with ``since_ms <= time_ms <= until_ms``
        (``acks=False``: without the acks ledger's ``RecordsAcknowledged``, which are many)."""
        out: list[EngineEvent] = []
        for i, c in enumerate(self.event_chunks):
            if (since_ms is not None and c.t1 < since_ms) or (until_ms is not None and c.t0 > until_ms):
                continue
            events = self._chunk_events(i)[0]
            for e in events:
                if (since_ms is None or e.time_ms >= since_ms) and (until_ms is None or e.time_ms <= until_ms):
                    out.append(e)
            if acks:
                out.extend(e for a in self._chunk_acks(i) if (since_ms is None or a["time_ms"] >= since_ms)
                           and (until_ms is None or a["time_ms"] <= until_ms) for e in (EngineEvent.from_json(a),))
        out.sort(key=lambda e: e.time_ms)  # stable: same-ms events keep the engine's order
        return out
