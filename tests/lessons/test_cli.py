"""``kafkalab lesson …`` as a user runs it: a child process, a fresh embedded engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.model import lessons_dir, load_all

ROOT = Path(__file__).resolve().parents[2]


def _kafkalab(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kafkalab", "lesson", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


def test_list_prints_one_id_per_line() -> None:
    out = _kafkalab("list")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [lesson.id for lesson in load_all()]


def test_run_headless_passes() -> None:
    out = _kafkalab("run", "offsets", "--headless", "--speed", "8")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "✓ result('next').offset == 4" in out.stdout
    assert out.stdout.strip().splitlines()[-1].startswith("PASS offsets")


def test_run_headless_names_the_failed_claim(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(lessons_dir(), resources / "lessons")
    path = resources / "lessons" / "offsets.toml"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace('claim = "result(\'next\').offset == 4"', 'claim = "result(\'next\').offset == 0"\nwithin = 1')
    assert wrong != text
    path.write_text(wrong, encoding="utf-8")
    out = _kafkalab("run", "offsets", "--headless", "--speed", "8", env={"KAFKALAB_RESOURCES": str(resources)})
    assert out.returncode == 1, out.stdout + out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("FAIL offsets: step 2: claim failed: result('next').offset == 0"), last
    assert "(found result('next').offset = 4)" in last


@pytest.mark.parametrize("args", [("run", "no-such-lesson", "--headless"), ("show", "nope")])
def test_unknown_lesson(args: tuple[str, ...]) -> None:
    out = _kafkalab(*args)
    assert out.returncode == 2
    assert "no lesson" in out.stderr and "offsets" in out.stderr


def test_show_prints_both_languages() -> None:
    out = _kafkalab("show", "acks")
    assert out.returncode == 0
    assert "acks = 0, 1, all" in out.stdout and "각각 무엇을 잃을 수 있나" in out.stdout
