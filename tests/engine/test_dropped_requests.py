"""A request dropped before its task ever ran (its connection closed in between: a broker killed with
requests in flight) leaves no "coroutine … was never awaited" RuntimeWarning: the handler's coroutines
(an API handler wrapped by ``RequestHandler._finish``) are closed. Deterministic: the connection is
lost in the loop iteration between the task's creation and its first step."""

from __future__ import annotations

import asyncio
import gc
import inspect
import struct
import warnings
from typing import Any

from engine.network.server import Connection, SocketServer


async def handle_find_coordinator() -> dict[str, Any]:  # the handler (never reached)
    await asyncio.sleep(0)
    return {}


async def finish(awaitable: Any) -> bytes:  # RequestHandler._finish's shape
    await awaitable
    return b""


def test_a_request_dropped_before_it_ran_leaves_no_unawaited_coroutine() -> None:
    handed: list[Any] = []

    async def run() -> None:
        loop = asyncio.get_running_loop()
        handled = asyncio.Event()

        def handle_frame(conn: Connection, frame: bytearray) -> Any:
            inner = handle_find_coordinator()
            outer = finish(inner)
            handed.extend([outer, inner])
            loop.call_soon(conn.connection_lost, None)  # runs before the request's task first steps
            handled.set()
            return outer

        server = SocketServer("127.0.0.1", 0, 1 << 20, handle_frame)
        await server.start()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        body = b"\x00\x0a\x00\x00\x00\x00\x00\x01\xff\xff"
        writer.write(struct.pack(">i", len(body)) + body)
        await writer.drain()
        await asyncio.wait_for(handled.wait(), 10)
        for _ in range(5):
            await asyncio.sleep(0)
        await server.stop()
        writer.close()
        for _ in range(5):
            await asyncio.sleep(0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(run())
        states = [inspect.getcoroutinestate(c) for c in handed]
        handed.clear()
        gc.collect()
    assert states == ["CORO_CLOSED", "CORO_CLOSED"]
    unawaited = [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert not unawaited, unawaited


def test_started_requests_are_left_to_their_cancellation() -> None:
    from engine.network.server import close_unstarted

    async def started() -> None:
        await asyncio.sleep(10)

    async def run() -> None:
        task = asyncio.ensure_future(started())
        await asyncio.sleep(0)
        coro: Any = task.get_coro()
        close_unstarted(coro)  # not closed: it is suspended in its await, its task cancels it
        assert inspect.getcoroutinestate(coro) == "CORO_SUSPENDED"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(run())
