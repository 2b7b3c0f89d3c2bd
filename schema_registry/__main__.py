"""``python -m schema_registry --bootstrap-server HOST:PORT [--port N]``: serve until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from .server import SchemaRegistry
from .store import SCHEMAS_TOPIC


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m schema_registry", description=__doc__)
    parser.add_argument("--bootstrap-server", required=True, help="the Kafka cluster storing _schemas (HOST:PORT)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port (default 8081)")
    parser.add_argument("--topic", default=SCHEMAS_TOPIC)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    async def serve() -> None:
        registry = SchemaRegistry(args.bootstrap_server, args.host, args.port, topic=args.topic)
        await registry.start()
        sys.stdout.write(f"SCHEMA REGISTRY READY url={registry.url}\n")
        sys.stdout.flush()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await registry.stop()

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
