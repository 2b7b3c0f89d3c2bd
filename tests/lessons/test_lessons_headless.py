"""Every lesson, run headless on the real cluster through the path ``kafkalab lesson run ID --headless``
takes (``lessons.cli.run_lesson``): each question answered with its correct choice, every claim checked.
One engine for the module; each lesson begins with ResetLab."""

from __future__ import annotations

import pytest

from lessons.cli import run_lesson
from lessons.lab import EngineLab
from lessons.model import load_all

LESSONS = load_all()
SPEED = 8  # pauses and slow motion shorter (slow motion never below 1 s); claims are the same


@pytest.mark.timeout(120)
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_runs_and_every_claim_holds(lab: EngineLab, lesson) -> None:  # type: ignore[no-untyped-def]
    failed, runner, outcomes = run_lesson(lab, lesson, speed=SPEED)
    assert not failed, f"{lesson.id}: {failed}"
    assert len(outcomes) == len(lesson.steps)
    assert sum(len(o.claims) for o in outcomes) == len(lesson.claims())
