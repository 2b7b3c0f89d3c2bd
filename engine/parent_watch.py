"""``kafkalab serve --parent-pid PID``: the engine of an app ends with the app.

A child the app started must not outlive it (a ``kill -9`` of the app, a crash): it would keep the
ports and the lab's locks, and the next app could not start its lab. Three ways to notice, any of which
stops the engine *cleanly* — segments flushed, checkpoints and the clean-shutdown marker written — so
the next start on the same lab finds every acknowledged record and opens without recovery:

- Linux: ``prctl(PR_SET_PDEATHSIG, SIGTERM)`` — the kernel signals us when the parent ends (SIGTERM is
  serve's ordinary clean stop);
- everywhere: the parent pid changes (we were re-parented: the app is gone), checked once a second;
- everywhere: stdin, a pipe from the app that it never writes to, reaches EOF (the app's end of it
  closed with the app).

When the app is gone its end of our stdout/stderr pipes is gone too: :func:`quiet_if_orphaned` points
them at ``/dev/null`` so the last lines of a clean shutdown cannot fail on a broken pipe."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
CHECK_EVERY_S = 1.0


def set_parent_death_signal(sig: int = signal.SIGTERM) -> bool:
    """Linux only: ask the kernel for ``sig`` when our parent ends. True if set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


class ParentWatch:
    """Calls ``on_gone(reason)`` once, when the process ``parent_pid`` is no longer our parent."""

    def __init__(self, parent_pid: int, on_gone: Callable[[str], None]) -> None:
        self.parent_pid = parent_pid
        self._on_gone = on_gone
        self._handle: asyncio.TimerHandle | None = None
        self.reason = ""

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        set_parent_death_signal()
        self._loop = loop
        self.check()  # the parent may have ended before the death signal was asked for

    @property
    def orphaned(self) -> bool:
        return os.getppid() != self.parent_pid

    def check(self) -> None:
        self._handle = None
        if self.reason:
            return
        if self.orphaned:
            self.gone(f"the app (pid {self.parent_pid}) is gone")
            return
        self._handle = self._loop.call_later(CHECK_EVERY_S, self.check)

    def gone(self, reason: str) -> None:
        if self.reason:
            return
        self.reason = reason
        log.warning("%s: shutting down cleanly", reason)
        silence_output()  # (after that line: stderr may still reach a reader)
        self.stop()
        self._on_gone(reason)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


def quiet_if_orphaned(parent_pid: int | None) -> bool:
    """Our parent (the app reading our stdout and stderr) is gone: send both to ``/dev/null`` so nothing
    written during the clean shutdown fails on a broken pipe. True if it did."""
    if parent_pid is None or os.getppid() == parent_pid:
        return False
    silence_output()
    return True


def silence_output() -> None:
    """Point stdout and stderr at ``/dev/null`` (their reader is gone)."""
    with contextlib.suppress(OSError, ValueError):
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
