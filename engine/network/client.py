"""A minimal asyncio Kafka client connection (used by follower fetchers inside the engine).

Requests are built from plain dicts with kio (request header v1/v2 by the API's flexibility);
responses are parsed with kio. One request in flight at a time, as a replica fetcher needs.
"""

from __future__ import annotations

import asyncio
import io
import struct
from typing import Any

from kio.serial import entity_reader, entity_writer

from engine.protocol.schema import build, request_class, response_class

_SIZE = struct.Struct(">i")


class KafkaConnection:
    def __init__(self, host: str, port: int, client_id: str, timeout_s: float = 30.0) -> None:
        self.host = host
        self.port = port
        self.client_id = client_id
        self.timeout_s = timeout_s
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._correlation = 0

    async def connect(self) -> None:
        async with asyncio.timeout(self.timeout_s):
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port, limit=64 * 1024 * 1024)

    @property
    def connected(self) -> bool:
        return self._writer is not None and not self._writer.is_closing()

    async def request(self, api_key: int, version: int, body: dict[str, Any]) -> Any:
        if self._writer is None or self._reader is None:
            await self.connect()
        assert self._writer is not None and self._reader is not None
        self._correlation += 1
        cid = self._correlation
        req_cls = request_class(api_key, version)
        buf = io.BytesIO()
        buf.write(b"\0\0\0\0")
        client = self.client_id.encode()
        buf.write(struct.pack(">hhih", api_key, version, cid, len(client)) + client)
        if req_cls.__flexible__:
            buf.write(b"\0")
        entity_writer(req_cls)(buf, build(req_cls, body))
        data = buf.getbuffer()
        _SIZE.pack_into(data, 0, len(data) - 4)
        self._writer.write(bytes(data))
        del data
        await self._writer.drain()
        async with asyncio.timeout(self.timeout_s):  # (3.11's wait_for can swallow a cancellation)
            head = await self._reader.readexactly(4)
            (size,) = _SIZE.unpack(head)
            frame = await self._reader.readexactly(size)
        (got,) = _SIZE.unpack_from(frame, 0)
        if got != cid:
            raise ConnectionError(f"correlation id {got} does not match {cid}")
        resp_cls = response_class(api_key, version)
        offset = 4 + (1 if resp_cls.__flexible__ and api_key != 18 else 0)
        value: Any = entity_reader(resp_cls)(frame, offset)[0]
        return value

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                async with asyncio.timeout(2):
                    await self._writer.wait_closed()
            except (ConnectionError, OSError, TimeoutError):
                pass
        self._reader = self._writer = None
