"""Small file-system helpers for the data dir: private permissions, atomic writes, open descriptors.

Records are private: every directory the engine creates is ``0700`` and every file ``0600``,
whatever the process umask (Kafka leaves this to the umask; a desktop lab should not).

:class:`OpenFiles` bounds how many segment files a log directory keeps open. Kafka keeps a
``FileChannel`` per segment and maps indexes lazily (``LazyIndex``), and asks for a high
``RLIMIT_NOFILE``; here segment files are opened on first use and the least recently used are
closed when the budget is spent, so thousands of replicas fit under a 1024-descriptor limit.
"""

from __future__ import annotations

import logging
import os
import resource
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class StorageError(Exception):
    """The data dir cannot be used as it is; the message names the file and what to do."""


def make_private_dir(path: Path) -> None:
    """``mkdir -p`` with mode 0700 for every directory it creates (existing ones are left alone)."""
    missing: list[Path] = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
        else:
            os.chmod(d, PRIVATE_DIR)  # mkdir's mode is filtered by the umask


def make_private(path: Path) -> None:
    """Tighten a directory this engine owns (created by an older version with 0755)."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    except OSError:
        pass


def open_private(path: Path, flags: int) -> int:
    """``os.open`` creating the file 0600 (close-on-exec)."""
    return os.open(path, flags | os.O_CREAT | _CLOEXEC, PRIVATE_FILE)


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path``'s content in place (not atomic: for files that are verified when read)."""
    fd = open_private(path, os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, fsync: bool = False) -> None:
    """Write ``path.tmp`` then rename it over ``path`` (Kafka's ``CheckpointFile``): a reader sees
    the old or the new content, never half of each."""
    tmp = path.with_name(path.name + ".tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def read_text_lenient(path: Path) -> str:
    """A small metadata file as text; undecodable bytes become U+FFFD (callers validate fields)."""
    return path.read_bytes().decode("utf-8", "replace")


def open_file_limit() -> int:
    """The process's soft RLIMIT_NOFILE."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class Closable(Protocol):
    def release_file(self) -> None: ...


class OpenFiles:
    """A least-recently-used budget of open segment files for one log directory."""

    def __init__(self, capacity: int) -> None:
        self.capacity = max(capacity, 4)
        self._open: OrderedDict[Closable, None] = OrderedDict()
        self.evictions = 0

    @classmethod
    def for_broker(cls) -> OpenFiles:
        """An eighth of the process's open-file limit per broker (the rest is for sockets and
        the other brokers of this process)."""
        return cls(open_file_limit() // 8)

    def __len__(self) -> int:
        return len(self._open)

    def opened(self, owner: Closable) -> None:
        while len(self._open) >= self.capacity:
            victim, _ = self._open.popitem(last=False)
            self.evictions += 1
            victim.release_file()
        self._open[owner] = None

    def touch(self, owner: Closable) -> None:
        self._open.move_to_end(owner)

    def closed(self, owner: Closable) -> None:
        self._open.pop(owner, None)


def read_partition_metadata(path: Path) -> uuid.UUID | None:
    """The topic id in ``partition.metadata`` (Kafka's ``PartitionMetadataFile``); None when the
    file is missing or unreadable."""
    try:
        text = read_text_lenient(path)
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("topic_id:"):
            try:
                return uuid.UUID(line.split(":", 1)[1].strip())
            except ValueError:
                return None
    return None
