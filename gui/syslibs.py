"""The system libraries Qt's X11 (xcb) platform plugin needs, checked with ``ldd``.

PySide6's wheels bring Qt but not the X11 client libraries its xcb plugin links against; a fresh
Debian/Ubuntu machine lacks several (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, …) and Qt then
aborts with "Could not load the Qt platform plugin "xcb"". ``python -m gui.syslibs`` names every
missing library with its Debian package and, with ``--install`` as root (or with password-less
sudo), installs them with apt-get. ``make run`` and ``.ci/run`` call it. No Qt import here: it must
work when Qt cannot start."""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# soname → the Debian/Ubuntu package that ships it (Qt 6's xcb plugin and what it pulls in)
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libICE.so.6": "libice6",
    "libSM.so.6": "libsm6",
    "libz.so.1": "zlib1g",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libzstd.so.1": "libzstd1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libsystemd.so.0": "libsystemd0",
    "libgcrypt.so.20": "libgcrypt20",
    "libgpg-error.so.0": "libgpg-error0",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
    "libcap.so.2": "libcap2",
    "liblzma.so.5": "liblzma5",
    "liblz4.so.1": "liblz4-1",
    "libpcre2-8.so.0": "libpcre2-8-0",
}
# always there (libc6, libstdc++6, libgcc-s1): never reported missing on a working system
BASE_LIBRARIES = frozenset({"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0",
                            "libdl.so.2", "librt.so.1", "linux-vdso.so.1", "ld-linux-x86-64.so.2"})


def qt_dir() -> Path | None:
    """PySide6's bundled Qt (``…/site-packages/PySide6/Qt``), found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return path if path.is_dir() else None


def checked_files(qt: Path) -> list[Path]:
    """The xcb platform plugin (ldd follows everything it loads) and the Qt libraries the app uses."""
    names = ["plugins/platforms/libqxcb.so", "lib/libQt6Widgets.so.6", "lib/libQt6Gui.so.6"]
    return [qt / n for n in names if (qt / n).exists()]


def parse_ldd(output: str) -> set[str]:
    """Sonames ``ldd`` reports as ``=> not found``."""
    missing = set()
    for line in output.splitlines():
        name, sep, rest = line.strip().partition("=>")
        if sep and rest.strip().startswith("not found"):
            missing.add(name.strip())
    return missing


def missing_libraries(files: Iterable[Path]) -> list[str]:
    missing: set[str] = set()
    for f in files:
        out = subprocess.run(["ldd", str(f)], capture_output=True, text=True, check=False)
        missing |= parse_ldd(out.stdout)
    return sorted(missing)


def packages_for(missing: Iterable[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, sonames with no known package)."""
    packages, unknown = [], []
    for soname in missing:
        pkg = DEBIAN_PACKAGES.get(soname)
        if pkg is None:
            unknown.append(soname)
        elif pkg not in packages:
            packages.append(pkg)
    return sorted(packages), sorted(unknown)


def describe(missing: list[str]) -> str:
    packages, unknown = packages_for(missing)
    lines = ["Qt's X11 (xcb) platform plugin needs system libraries that are missing on this machine:"]
    lines += [f"  {soname:28} (Debian/Ubuntu package: {DEBIAN_PACKAGES[soname]})"
              for soname in missing if soname in DEBIAN_PACKAGES]
    lines += [f"  {soname:28} (package unknown: try 'apt-file search {soname}')" for soname in unknown]
    if packages:
        lines.append("Install them with:")
        lines.append(f"  sudo apt-get install {' '.join(packages)}")
    return "\n".join(lines)


def _apt_install(packages: list[str]) -> bool:
    apt = shutil.which("apt-get")
    if apt is None:
        return False
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None or subprocess.run([sudo, "-n", "true"], capture_output=True, check=False).returncode != 0:
            return False  # no root and no password-less sudo: say what to install instead
        prefix = [sudo, "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, apt, "install", "-y", "-q", "--no-install-recommends", *packages]
    sys.stdout.write(f"installing {' '.join(packages)} with apt-get\n")
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return True
    subprocess.run([*prefix, apt, "update", "-q"], env=env, check=False)  # stale package lists
    return subprocess.run(install, env=env, check=False).returncode == 0


def needs_xcb() -> bool:
    """Whether Qt will use its xcb plugin here (Linux, not offscreen, not a Wayland session)."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    return not os.environ.get("WAYLAND_DISPLAY")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m gui.syslibs", description=__doc__.splitlines()[0])
    p.add_argument("--install", action="store_true", help="install missing libraries with apt-get (root or sudo -n)")
    args = p.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0
    qt = qt_dir()
    if qt is None:
        sys.stderr.write("PySide6 is not installed in this Python\n")
        return 1
    missing = missing_libraries(checked_files(qt))
    if not missing:
        sys.stdout.write("Qt's system libraries: all present\n")
        return 0
    sys.stderr.write(describe(missing) + "\n")
    if not needs_xcb() and not args.install:
        sys.stderr.write("(this session does not use X11, so the app may start anyway)\n")
        return 0
    packages, unknown = packages_for(missing)
    if args.install and packages and _apt_install(packages):
        missing = missing_libraries(checked_files(qt))
        if not missing:
            sys.stdout.write("Qt's system libraries: all present now\n")
            return 0
        sys.stderr.write(describe(missing) + "\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
