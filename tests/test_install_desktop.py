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


def test_tarball_install_script_installs_and_uninstalls(tmp_path: Path) -> None:
    """packaging/install.sh as `make dist-tarball` lays it out (a stand-in KafkaLab/ folder: the real build
    is checked by tests/test_smoke_test.py): the app under ~/.local/opt, the kafkalab command, the entry."""
    tarball = tmp_path / "KafkaLab-0.1.0"
    app = tarball / "KafkaLab"
    (app / "_internal").mkdir(parents=True)
    shutil.copytree(ROOT / "resources" / "icons", app / "_internal" / "resources" / "icons")
    exe = app / "KafkaLab"
    exe.write_text("#!/bin/sh\necho kafka-lab-stand-in \"$@\"\n")
    exe.chmod(0o755)
    for name in ("install.sh", "install-desktop.sh", "kafkalab.desktop"):
        shutil.copy(ROOT / "packaging" / name, tarball / name)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["sh", str(tarball / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    command = home / ".local" / "bin" / "kafkalab"
    ran = subprocess.run([str(command), "--smoke-test"], capture_output=True, text=True, timeout=30)
    assert ran.stdout.strip() == "kafka-lab-stand-in --smoke-test"
    entry = (home / ".local" / "share" / "applications" / "kafkalab.desktop").read_text()
    assert f'Exec="{home}/.local/opt/KafkaLab/KafkaLab"' in entry
    assert png_size(home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps" / "kafkalab.png") == (48, 48)

    done = subprocess.run(["sh", str(tarball / "install.sh"), "--uninstall"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not command.exists() and not command.is_symlink() and not (home / ".local" / "opt" / "KafkaLab").exists()
    assert not (home / ".local" / "share" / "applications" / "kafkalab.desktop").exists()
