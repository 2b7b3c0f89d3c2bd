"""The GUI ↔ engine channel (engine side): a loopback JSON-lines server.

Protocol (one JSON object per line, UTF-8):

1. client → ``{"token": "..."}`` (first line; a wrong token closes the connection);
2. server → ``{"type": "hello", "image": <ClusterImage>, "events": [<last ≤500 events>]}``: the one
   whole image a client gets;
3. server → ``{"type": "event", "event": {...}}`` for every :class:`EventBus` event, and
   ``{"type": "delta", "delta": {...}}`` at most 10×/s when something changed (less often when making
   an image would take more than a third of the engine loop), else once a second:
   what changed since the last image *this client* was sent (:mod:`engine.observe.image_diff`),
   computed when the line is written — a client that reads slowly gets fewer, larger deltas and
   never misses a change;
4. client → ``{"id": N, "command": {"kind": "KillBroker", "broker_id": 2, ...}}`` (a
   :class:`~engine.control.commands.Command` as ``to_json`` writes it; checked field by field before it
   runs), answered by ``{"type": "reply", "id": N, "ok": true, "result": ...}`` (the command's
   ``result_to_json``) or
   ``{"type": "reply", "id": N, "ok": false, "error": "...", "code": "KAFKA_ERROR_NAME" | null}``.

A slow client never blocks the engine: each client has a bounded outgoing queue in which a newer
image replaces an older unsent one (so an unsent delta never has to be merged: the delta is made
from the image itself when its turn comes); events and replies are never dropped, and a client that
falls more than :data:`MAX_PENDING` messages behind is disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import socket
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from engine.control.cluster_control import ClusterControl
from engine.control.commands import Command
from engine.observe.events import EngineEvent
from engine.observe.image import ClusterImage
from engine.observe.image_diff import diff_images, is_empty
from engine.observe.snapshot import take_snapshot
from engine.protocol.errors import KafkaError, error_name

if TYPE_CHECKING:
    from engine.cluster import KafkaCluster

log = logging.getLogger(__name__)

HELLO_EVENTS = 500
IMAGE_INTERVAL_S = 0.1  # at most 10 images per second …
IDLE_IMAGE_INTERVAL_S = 1.0  # … and one a second when nothing changed
IMAGE_LOOP_SHARE = 1 / 3  # … and never more than this share of the engine loop on making images
CLIENT_DELTA_BYTES_PER_S = 1_000_000  # image delta bytes a client is sent per second, at most
MAX_PENDING = 5_000  # queued messages (events/replies) before a client counts as hopelessly behind
AUTH_TIMEOUT_S = 10.0
LINE_LIMIT = 1 << 20


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, separators=(",", ":"), default=str) + "\n").encode()


class _Entry:
    """One queued outgoing line (event, reply), or an image to send as a delta; an image entry is
    blanked when a newer image supersedes it."""

    __slots__ = ("data", "image")

    def __init__(self, data: bytes | None, image: ClusterImage | None = None) -> None:
        self.data = data
        self.image = image




class _Client:
    def __init__(self, server: ControlServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 image: ClusterImage) -> None:
        self.server = server
        self.reader = reader
        self.writer = writer
        self.queue: deque[_Entry] = deque()
        self.pending_image: _Entry | None = None
        self.last_image = image  # the last image this client was sent (the hello's, at first)
        self.pending_messages = 0
        self.bytes_sent = 0
        self.images_superseded = 0  # images replaced before they were written (the client reads slowly)
        self.wake = asyncio.Event()
        self.closed = False
        self.peer = writer.get_extra_info("peername")

    # -- outgoing --------------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Queue an event or reply line (never dropped; too many pending → disconnect)."""
        if self.closed:
            return
        if self.pending_messages >= self.server.max_pending:
            log.warning("control client %s is too far behind (%d messages); disconnecting", self.peer,
                        self.pending_messages)
            self.close()
            return
        self.queue.append(_Entry(data))
        self.pending_messages += 1
        self.wake.set()

    def send_image(self, image: ClusterImage) -> None:
        """Queue an image, replacing an older image that has not been written yet; it is written as a
        delta against :attr:`last_image` when its turn comes."""
        if self.closed:
            return
        if self.pending_image is not None:
            self.pending_image.image = None
            self.images_superseded += 1
        entry = _Entry(None, image)
        self.pending_image = entry
        self.queue.append(entry)
        self.wake.set()

    async def write_loop(self) -> None:
        try:
            while not self.closed:
                if not self.queue:
                    self.wake.clear()
                    await self.wake.wait()
                    continue
                entry = self.queue.popleft()
                data = entry.data
                if entry is self.pending_image:
                    self.pending_image = None
                if entry.image is not None:
                    data = self.server.delta_line(self.last_image, entry.image)
                    self.last_image = entry.image
                elif data is not None:
                    self.pending_messages -= 1
                if data is None:
                    continue
                self.writer.write(data)
                self.bytes_sent += len(data)
                await self.writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self.close()

    # -- incoming --------------------------------------------------------------------------------
    async def read_loop(self) -> None:
        try:
            while not self.closed:
                line = await self.reader.readline()
                if not line:
                    break
                if not line.strip():
                    continue
                req_id: Any = None
                try:
                    msg = json.loads(line)
                    if not isinstance(msg, dict):
                        raise ValueError("a request is a JSON object")
                    req_id = msg.get("id")
                    command = Command.from_json(msg.get("command"))
                except (ValueError, KeyError, TypeError) as e:
                    self.send(_line({"type": "reply", "id": req_id, "ok": False,
                                     "error": f"malformed request: {e}", "code": None}))
                    continue
                task = asyncio.ensure_future(self.server.run_command(self, req_id, command))
                self.server.tasks.add(task)
                task.add_done_callback(self.server.tasks.discard)
        except (ConnectionError, OSError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.wake.set()
        self.server.clients.discard(self)
        with contextlib.suppress(Exception):
            self.writer.close()


class ControlServer:
    """The channel server for one cluster; every method runs on the engine loop."""

    def __init__(self, cluster: KafkaCluster, token: str, control: ClusterControl | None = None,
                 max_pending: int = MAX_PENDING, send_buffer: int | None = None) -> None:
        self.cluster = cluster
        self.max_pending = max_pending
        self.send_buffer = send_buffer  # SO_SNDBUF for client sockets (None: the OS default)
        self.token = token
        self.control = control or ClusterControl(cluster)
        self.clients: set[_Client] = set()
        self.tasks: set[asyncio.Task[Any]] = set()
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._unsubscribe: Any = None
        self._image_task: asyncio.Task[None] | None = None
        self._dirty = asyncio.Event()
        self.latest: ClusterImage | None = None  # the image last queued to the clients
        # the delta lines made for ``latest``, by the image they start from (clients in step share one)
        self._deltas: dict[int, tuple[ClusterImage, bytes]] = {}

    async def start(self, port: int) -> int:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", port, limit=LINE_LIMIT)
        self._unsubscribe = self.cluster.bus.subscribe(self._on_event)
        self._image_task = asyncio.ensure_future(self._image_loop())
        bound = int(self._server.sockets[0].getsockname()[1])
        log.info("control channel listening on 127.0.0.1:%d", bound)
        return bound

    async def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._image_task is not None:
            self._image_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._image_task
            self._image_task = None
        for client in list(self.clients):
            client.close()
        for task in list(self.tasks):
            task.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    # -- events ---------------------------------------------------------------------------------
    def _on_event(self, event: EngineEvent) -> None:
        """EventBus listener: must be quick; hops onto the engine loop if called from elsewhere."""
        loop = self._loop
        if loop is None:
            return
        if threading.get_ident() == self._loop_thread:
            self._fan_out(event)
        else:
            with contextlib.suppress(RuntimeError):  # loop closed
                loop.call_soon_threadsafe(self._fan_out, event)

    def _fan_out(self, event: EngineEvent) -> None:
        self._dirty.set()
        if not self.clients:
            return
        data = _line({"type": "event", "event": event.to_json()})
        for client in list(self.clients):
            client.send(data)

    # -- images ---------------------------------------------------------------------------------
    async def _image_loop(self) -> None:
        last_sent = 0.0
        interval = IMAGE_INTERVAL_S
        while True:
            await asyncio.sleep(interval)
            if not self.clients:
                self.latest = None
                self._deltas = {}
                continue
            started = time.thread_time()
            try:
                image = take_snapshot(self.cluster)
            except Exception:
                log.exception("snapshot failed")
                continue
            previous = self.latest
            delta = diff_images(previous, image) if previous is not None else None
            # a big cluster's image costs: wait long enough that the brokers keep most of the loop
            cost = time.thread_time() - started
            interval = max(IMAGE_INTERVAL_S, cost * (1 - IMAGE_LOOP_SHARE) / IMAGE_LOOP_SHARE)
            now = time.monotonic()
            if (delta is not None and is_empty(delta) and not self._dirty.is_set()
                    and now - last_sent < IDLE_IMAGE_INTERVAL_S):
                continue
            self._dirty.clear()
            last_sent = now
            self.latest = image
            self._deltas = {}
            if previous is not None and delta is not None:  # what every client in step gets
                line = _line({"type": "delta", "delta": delta})
                self._deltas[id(previous)] = (previous, line)
                # a client decodes what it is sent on its own thread but under the GIL of a GUI
                # process: big deltas (every partition of a big cluster moving) come less often
                interval = max(interval, len(line) / CLIENT_DELTA_BYTES_PER_S)
            for client in list(self.clients):
                client.send_image(image)

    def delta_line(self, base: ClusterImage, image: ClusterImage) -> bytes:
        """The line that brings a client from ``base`` (the last image it was sent) to ``image``."""
        cached = self._deltas.get(id(base)) if image is self.latest else None
        if cached is not None and cached[0] is base:
            return cached[1]
        data = _line({"type": "delta", "delta": diff_images(base, image)})
        if image is self.latest:
            self._deltas[id(base)] = (base, data)
        return data

    # -- commands -------------------------------------------------------------------------------
    async def run_command(self, client: _Client, req_id: Any, command: Command[Any]) -> None:
        reply: dict[str, Any]
        try:
            result = await self.control.execute(command)
            reply = {"type": "reply", "id": req_id, "ok": True, "result": command.result_to_json(result)}
        except KafkaError as e:
            reply = {"type": "reply", "id": req_id, "ok": False, "error": e.message or error_name(e.code),
                     "code": error_name(e.code)}
        except (ValueError, TypeError, KeyError) as e:
            reply = {"type": "reply", "id": req_id, "ok": False, "error": str(e) or type(e).__name__,
                     "code": None}
        except Exception as e:  # report, never kill the channel
            log.exception("control command %s failed", command.kind)
            reply = {"type": "reply", "id": req_id, "ok": False, "error": f"{type(e).__name__}: {e}",
                     "code": None}
        self._dirty.set()
        try:
            data = _line(reply)
        except (TypeError, ValueError) as e:
            data = _line({"type": "reply", "id": req_id, "ok": False, "error": f"unserialisable result: {e}",
                          "code": None})
        client.send(data)

    # -- connections ----------------------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve_client(reader, writer)
        except asyncio.CancelledError:
            # engine shutdown; returning normally keeps asyncio's stream callback (3.11) from
            # logging the cancellation as an unhandled error
            with contextlib.suppress(Exception):
                writer.close()

    async def _serve_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            first = await asyncio.wait_for(reader.readline(), AUTH_TIMEOUT_S)
            offered = json.loads(first).get("token", "")
            ok = isinstance(offered, str) and hmac.compare_digest(offered.encode(), self.token.encode())
        except (TimeoutError, ValueError, AttributeError, ConnectionError, OSError, asyncio.LimitOverrunError):
            ok = False
        if not ok:
            log.warning("control channel: rejected a client from %s", writer.get_extra_info("peername"))
            with contextlib.suppress(Exception):
                writer.close()
            return
        sock = writer.get_extra_info("socket")
        if self.send_buffer is not None and sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer)
        events = list(self.cluster.bus.history)[-HELLO_EVENTS:]
        image = take_snapshot(self.cluster)
        client = _Client(self, reader, writer, image)
        hello = {"type": "hello", "image": image.to_json(), "events": [e.to_json() for e in events]}
        client.send(_line(hello))
        self.clients.add(client)
        writer_task = asyncio.ensure_future(client.write_loop())
        try:
            await client.read_loop()
        finally:
            client.close()
            writer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer_task


async def serve_control(cluster: KafkaCluster, port: int, token: str) -> int:
    """Start the control channel for ``cluster`` on 127.0.0.1:``port`` (0: OS-chosen); returns the port.

    The server lives as long as the engine loop (its listening socket holds it)."""
    if not token:
        raise ValueError("the control channel needs a non-empty token")
    server = ControlServer(cluster, token)
    return await server.start(port)
