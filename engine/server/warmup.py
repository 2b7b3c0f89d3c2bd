"""The broker's kio warm-up: every served API version made ready in the background after start
(:mod:`engine.protocol.warm`), one version per event-loop turn so requests are served meanwhile.
It runs once per process (kio's modules are process-wide) and logs what it cost."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping

from engine.protocol.warm import is_warm, warm, warm_steps

log = logging.getLogger(__name__)


async def warm_kio(api_versions: Iterable[Mapping[str, int]]) -> None:
    steps = warm_steps((v["api_key"], v["min_version"], v["max_version"]) for v in api_versions)
    if not steps:
        return
    started = time.perf_counter()
    cpu = 0.0
    done = 0
    for api_key, version in steps:
        await asyncio.sleep(0)  # a request that came in goes first
        if is_warm(api_key, version):
            continue
        t = time.thread_time()
        try:
            warm(api_key, version)
        except Exception:  # a kio module that cannot be loaded fails its first request instead
            log.exception("could not prepare kio's classes for API %d v%d", api_key, version)
            continue
        cpu += time.thread_time() - t
        done += 1
    log.info("kio message classes of %d API versions prepared in the background in %.2f s (%.2f s of CPU)",
             done, time.perf_counter() - started, cpu)
