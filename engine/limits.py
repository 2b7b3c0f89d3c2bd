"""Process limits: open file descriptors.

Kafka asks for a high open-file limit (its docs suggest 100000) because every segment and every
connection holds a descriptor. The engine raises the soft ``RLIMIT_NOFILE`` to the hard limit at
start, keeps few segment files open (:class:`engine.log.files.OpenFiles`), and when descriptors
still run out says so in one warning a minute instead of one traceback per failed ``accept()``.

asyncio itself backs off a listener that fails with EMFILE/ENFILE/ENOBUFS/ENOMEM: it removes the
socket from the selector and retries after ``ACCEPT_RETRY_DELAY`` (1 s); pending connections wait
in the listen backlog meanwhile. What it does not do is stay quiet: every failed ``accept()`` goes
to the loop's exception handler with a full traceback, up to ``backlog`` times per retry.
:func:`install_descriptor_watch` puts a handler in front that turns those into the one warning.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import resource
from typing import Any

log = logging.getLogger(__name__)

RECOMMENDED_OPEN_FILES = 100_000  # Kafka's documentation ("File descriptor limits")
_NR_OPEN_FALLBACK = 1 << 20
_WARN_EVERY_S = 60.0
_OUT_OF_DESCRIPTORS = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)


def _nr_open() -> int:
    try:
        with open("/proc/sys/fs/nr_open", encoding="ascii") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return _NR_OPEN_FALLBACK


def raise_open_file_limit() -> tuple[int, int]:
    """Raise the soft RLIMIT_NOFILE to the hard limit. Returns (old soft, new soft); logs only
    when something changed or the limit is low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else _nr_open()
    new = soft
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            new = target
            log.info("open-file limit (RLIMIT_NOFILE) raised from %d to %d", soft, new)
        except (ValueError, OSError) as e:
            log.warning("cannot raise the open-file limit from %d to %d: %s", soft, target, e)
    if new != resource.RLIM_INFINITY and new < 4096:
        log.warning("the open-file limit is only %d (hard limit %d); Kafka recommends at least %d. Many "
                    "partitions or connections can run out of descriptors: raise it with `ulimit -n`",
                    new, hard, RECOMMENDED_OPEN_FILES)
    return soft, new


class DescriptorWatch:
    """A loop exception handler: out-of-descriptor errors become one concise warning a minute
    (with how many happened meanwhile); everything else goes to the previous handler."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.previous = loop.get_exception_handler()
        self.failures = 0
        self._unreported = 0
        self._last_warning = -_WARN_EVERY_S

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, OSError) and exc.errno in _OUT_OF_DESCRIPTORS:
            self.failures += 1
            self._unreported += 1
            now = loop.time()
            if now - self._last_warning >= _WARN_EVERY_S:
                again = (f" ({self._unreported} failed accept() calls since the last warning)"
                         if self.failures > self._unreported else "")
                self._last_warning = now
                self._unreported = 0
                soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
                log.warning("out of file descriptors (%s, open-file limit %d): new connections wait in the listen "
                            "backlog and accept() is retried every second%s. Raise the limit with `ulimit -n`, or "
                            "use fewer partitions or connections", errno.errorcode.get(exc.errno or 0, str(exc)),
                            soft, again)
            return
        if self.previous is not None:
            self.previous(loop, context)
        else:
            loop.default_exception_handler(context)


def install_descriptor_watch(loop: asyncio.AbstractEventLoop) -> DescriptorWatch:
    """Install :class:`DescriptorWatch` on ``loop`` (once; returns the installed one)."""
    current = loop.get_exception_handler()
    if isinstance(current, DescriptorWatch):
        return current
    watch = DescriptorWatch(loop)
    loop.set_exception_handler(watch)
    return watch
