"""One process per data dir: every log dir (each ``broker-N`` and ``controller``) is locked with a
``.lock`` file, as Kafka's ``LogManager.lockLogDirs`` does (``FileLock``: ``flock`` LOCK_EX|LOCK_NB).

The lock is held while the cluster lives and released by ``stop()``; a killed process (SIGKILL,
a crash) releases it too, because the OS drops ``flock`` locks with the process's descriptors. A
second engine on the same directory — another process, or another cluster in this one (``flock``
locks belong to the open file, not the process) — is refused before it writes anything, with
Kafka's own words (:class:`LogDirLockedError`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

from engine.log.files import PRIVATE_FILE, StorageError, make_private_dir

LOCK_FILE = ".lock"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class LogDirLockedError(StorageError):
    """Another engine holds this log dir."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        super().__init__(f"Failed to acquire lock on file {LOCK_FILE} in {directory}. A Kafka instance in another "
                         f"process or thread is using this directory.")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - no Windows runner here
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class DirLock:
    """The ``.lock`` file of one log dir, held until :meth:`release` (or the process ends)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._file: BinaryIO | None = None  # a file object: an abandoned lock is released when collected

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        """Create the directory and its ``.lock`` when missing, then lock it or raise
        :class:`LogDirLockedError` (an existing locked directory is left exactly as it was)."""
        if self._file is not None:
            return
        make_private_dir(self.directory)
        fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT | _CLOEXEC, PRIVATE_FILE)
        if not _try_lock(fd):
            os.close(fd)
            raise LogDirLockedError(self.directory)
        self._file = os.fdopen(fd, "rb", buffering=0)

    def release(self) -> None:
        f, self._file = self._file, None
        if f is not None:
            f.close()  # closing the only descriptor of the open file drops its flock


def lock_dirs(directories: list[Path]) -> list[DirLock]:
    """Lock every directory, or none: on a refusal the ones already taken are released again."""
    taken: list[DirLock] = []
    try:
        for d in directories:
            lock = DirLock(d)
            lock.acquire()
            taken.append(lock)
    except BaseException:
        for lock in taken:
            lock.release()
        raise
    return taken


def locked_dir(directories: list[Path]) -> Path | None:
    """The first of ``directories`` whose ``.lock`` another engine holds right now (None: none), without
    creating or changing anything (a probe for callers that want to ask before they start an engine)."""
    for d in directories:
        try:
            fd = os.open(d / LOCK_FILE, os.O_RDONLY | _CLOEXEC)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                return d
        finally:
            os.close(fd)
    return None
