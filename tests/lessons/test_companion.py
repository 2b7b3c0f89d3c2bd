"""docs/lessons.md is generated from the lesson files: the committed file is what `make lessons-doc`
(`kafkalab lesson companion`) writes now."""

from __future__ import annotations

from lessons.companion import OUT, companion, main
from lessons.model import load_all


def test_the_committed_companion_is_up_to_date() -> None:
    assert OUT.read_text(encoding="utf-8") == companion(load_all()), \
        "docs/lessons.md is stale: run 'make lessons-doc'"
    assert main(["--check"]) == 0


def test_the_companion_has_every_lesson_in_both_languages() -> None:
    text = companion(load_all())
    for lesson in load_all():
        assert f"(`{lesson.id}`)" in text
        assert lesson.title.en in text and lesson.title.ko in text
    assert "**Predict:**" in text and "**예측:**" in text and "- ✓ `" in text
