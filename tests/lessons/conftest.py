"""One engine child process for the lesson tests of a module (each lesson starts with ResetLab, which is
what makes sharing it honest: a lesson that leaned on an earlier one's leftovers would fail here)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lessons.lab import EngineLab


@pytest.fixture(scope="module")
def lab() -> Iterator[EngineLab]:
    with EngineLab() as lab:
        yield lab
