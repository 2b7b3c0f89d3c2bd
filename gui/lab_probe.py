"""Whether another engine holds a lab (Kafka's ``.lock`` in each log dir) — a probe without Qt, so the app
can check before it spawns its engine early, ahead of the window's imports (:mod:`gui.lab_lock` asks the user)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gui.engine_process import EngineLaunch

LOCK_FILE = ".lock"  # the engine's (engine/log/dir_lock.py), as Kafka names it


def locked_dirs(data_dir: Path) -> list[Path]:
    """The log dirs of a lab whose ``.lock`` a running engine holds (a probe: nothing is created)."""
    held = []
    for d in [data_dir / "controller", *sorted(data_dir.glob("broker-*"))]:
        try:
            fd = os.open(d / LOCK_FILE, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _lockable(fd):
                held.append(d)
        finally:
            os.close(fd)
    return held


def _lockable(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover
        return True  # the engine's refusal still reaches LabLockWatch
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return True


def lab_in_use(launch: EngineLaunch) -> bool:
    return launch.data_dir is not None and bool(locked_dirs(launch.data_dir))
