"""Issue 9 item 13: Qt's xcb plugin needs system libraries a fresh Debian lacks. The app (and
`make run`, through `python -m gui.syslibs --install`) names every missing one with its package, and
under a real X server (Xvfb) the app shows a window with 3 running brokers once they are present."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.syslibs import (
    BASE_LIBRARIES,
    DEBIAN_PACKAGES,
    checked_files,
    describe,
    missing_libraries,
    parse_ldd,
    qt_dir,
)

ROOT = Path(__file__).resolve().parents[2]
FRESH = Path(__file__).parent / "data" / "ldd-libqxcb-fresh-debian.txt"  # ldd on a fresh Debian 12


def test_missing_libraries_are_named_with_their_packages() -> None:
    missing = sorted(parse_ldd(FRESH.read_text()))
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    text = describe(missing)
    assert "libxcb-icccm.so.4" in text and "libxcb-keysyms.so.1" in text
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text


def test_every_system_library_of_the_plugin_has_a_package() -> None:
    """Whatever a fresher machine lacks, the message names a package for it."""
    qt = qt_dir()
    assert qt is not None
    for f in checked_files(qt):
        out = subprocess.run(["ldd", str(f)], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            name, _, where = line.strip().partition(" => ")
            name = name.split(" ")[0].rsplit("/", 1)[-1]
            if not name or name in BASE_LIBRARIES or str(qt) in where or "PySide6" in where:
                continue
            assert name in DEBIAN_PACKAGES, f"{name} (needed by {f.name}) has no Debian package"


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Debian's xvfb)")
def test_the_app_starts_under_x11_or_names_what_is_missing(tmp_path: Path) -> None:
    qt = qt_dir()
    assert qt is not None
    missing = missing_libraries(checked_files(qt)[:1])
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", KAFKALAB_CONFIG_DIR=str(tmp_path / "config"),
               KAFKALAB_DATA_DIR=str(tmp_path / "data"))
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run(["xvfb-run", "-a", sys.executable, "-m", "kafkalab", "--temp", "--port", "0", "--smoke", "60"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    if missing:  # a fresh machine: no Qt abort, but every missing library and the command to install them
        assert proc.returncode == 1, proc.stderr
        for soname in missing:
            assert soname in proc.stderr and DEBIAN_PACKAGES[soname] in proc.stderr
        assert "sudo apt-get install" in proc.stderr and "Aborted" not in proc.stderr
    else:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "kafkalab smoke: a " in proc.stdout and "with 3 running brokers on the 'xcb' platform" in proc.stdout
