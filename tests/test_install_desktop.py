"""`make install-desktop` installs the desktop entry and the icon set for the current user into the XDG
data dir (here a temporary XDG_DATA_HOME, and a temporary PREFIX): an entry a desktop can show (its
Exec runs this checkout's kafkalab, Icon names the installed icon) and every PNG the size its folder says."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def install(env_extra: dict[str, str], tmp_path: Path) -> str:
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    env.pop("XDG_DATA_HOME", None)
    env.update(env_extra)
    done = subprocess.run(["make", "--no-print-directory", "install-desktop"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def check_installed(data: Path) -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(data / "applications" / "kafkalab.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Kafka Lab" and desktop["Terminal"] == "false"
    assert desktop["Name"] and desktop["Comment[ko]"]
    exe = desktop["Exec"].strip('"')
    assert Path(exe) == ROOT / ".venv" / "bin" / "kafkalab" and os.access(exe, os.X_OK)
    assert desktop["Icon"] == "kafkalab" and desktop["StartupWMClass"] == "kafkalab"  # the app's desktop file name
    for size in SIZES:
        assert png_size(data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "kafkalab.png") == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "kafkalab.svg").read_text().startswith("<svg")
    validate = shutil.which("desktop-file-validate")
    if validate:
        done = subprocess.run([validate, str(data / "applications" / "kafkalab.desktop")], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_install_desktop_into_xdg_data_home(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "kafkalab").exists():
        pytest.skip("no .venv/bin/kafkalab (run 'make venv')")
    out = install({"XDG_DATA_HOME": str(tmp_path / "xdg")}, tmp_path)
    assert "installed" in out
    check_installed(tmp_path / "xdg")
    assert not (tmp_path / "home").exists()  # nothing outside XDG_DATA_HOME


def test_install_desktop_under_a_prefix(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "kafkalab").exists():
        pytest.skip("no .venv/bin/kafkalab (run 'make venv')")
    install({"PREFIX": str(tmp_path / "usr")}, tmp_path)
    check_installed(tmp_path / "usr" / "share")
