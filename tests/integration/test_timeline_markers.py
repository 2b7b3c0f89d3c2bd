"""Lesson steps as timeline markers: ``kafkalab lesson run ID --headless --record FILE`` records the run
(the engine's ``serve --record``) and ``kafkalab replay FILE --events`` lists a ``MarkAdded`` per step
shown and revealed, in the lesson's order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.model import find
from tests.conftest import ROOT

pytestmark = pytest.mark.timeout(120)
LESSON = "brokers-controller"  # three steps, each a question


def test_headless_lesson_recorded_lists_its_steps_in_order(tmp_path: Path) -> None:
    path = tmp_path / "lesson.kafkalab-session"
    run = subprocess.run([sys.executable, "-m", "kafkalab", "lesson", "run", LESSON, "--headless", "--speed", "8",
                          "--quiet", "--record", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=110)
    assert run.returncode == 0, run.stdout + run.stderr
    out = subprocess.run([sys.executable, "-m", "kafkalab", "replay", str(path), "--events", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    marks = [e for e in events if e["kind"] == "MarkAdded" and e["category"] == "lesson"]
    lesson = find(LESSON)
    expected = []
    for step in lesson.steps:
        phase = "question" if step.ask is not None else "shown"
        expected.append(f"Lesson {lesson.order} · step {step.index + 1} — {phase}")
        if step.ask is not None:
            expected.append(f"Lesson {lesson.order} · step {step.index + 1} — reveal")
    assert [m["label"] for m in marks] == expected
    assert [m["time_ms"] for m in marks] == sorted(m["time_ms"] for m in marks)
    reset = next(e for e in events if e["kind"] == "LabReset")
    assert reset["time_ms"] <= marks[0]["time_ms"]
    # the plain listing names them too
    plain = subprocess.run([sys.executable, "-m", "kafkalab", "replay", str(path), "--events"],
                           capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    assert f"label=Lesson {lesson.order} · step 1 — question" in plain
