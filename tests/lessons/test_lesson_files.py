"""The lesson files: the course covered, both languages everywhere, every lesson asks and checks; the
format's errors name the file and the place."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.model import LessonError, load_all, load_file, parse_lesson

LESSONS = load_all()

# the concepts of the course notes (kafka-study-notes.ko.md), each taught by one lesson
COURSE = ["apps-and-messages", "topics-keep-records", "offsets", "new-group-replays", "null-keys",
          "keyed-partitioning", "adding-partitions", "retention", "brokers-controller", "replication-isr",
          "failover", "acks", "min-insync", "retries-idempotence", "commit-resume", "group-sizes",
          "independent-groups", "cli-exercise"]


def test_the_course_is_covered_in_order() -> None:
    assert [lesson.id for lesson in LESSONS] == COURSE
    assert len({lesson.order for lesson in LESSONS}) == len(LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_every_lesson_asks_checks_and_speaks_both_languages(lesson) -> None:  # type: ignore[no-untyped-def]
    assert lesson.title.en and lesson.title.ko and lesson.summary.en and lesson.summary.ko and lesson.notes
    asks = [s.ask for s in lesson.steps if s.ask is not None]
    assert asks, "a lesson asks at least one prediction"
    assert lesson.claims(), "a lesson checks claims against the cluster"
    for step in lesson.steps:
        assert step.text.en and step.text.ko
        assert step.title.en and step.title.ko
        if step.ask is not None:
            assert step.checks, f"step {step.index}: a question is answered by claims"
            assert all(c.en and c.ko for c in step.ask.choices)
        for text in (step.text, step.reveal):
            # Korean text is Korean (Hangul), not the English copied
            if text.ko:
                assert any("\uac00" <= ch <= "\ud7a3" for ch in text.ko), text.ko
                assert text.ko != text.en


def test_the_first_step_of_every_lesson_starts_from_a_reset_lab() -> None:
    # no lesson relies on a topic it did not create (the runner resets first; topics are the lesson's own)
    for lesson in LESSONS:
        created = {str(a.args["topic"]) for s in lesson.steps for a in s.actions if a.name == "create_topic"}
        cli_created = any(a.name == "cli" and "--create" in str(a.args["command"]) for s in lesson.steps for a in s.actions)
        for step in lesson.steps:
            for action in step.actions:
                topic = action.args.get("topic")
                if action.name in ("produce", "consume", "add_partitions", "alter_configs") and not cli_created:
                    assert topic in created, f"{lesson.id}: {action.where} uses {topic!r}, which it did not create"


def _minimal(**step: object) -> dict[str, object]:
    return {"id": "x", "title": {"en": "X", "ko": "엑스"}, "steps": [{"text": {"en": "t", "ko": "티"}, **step}]}


@pytest.mark.parametrize("data, message", [
    ({"id": "y", "title": {"en": "X", "ko": "엑스"}, "steps": [{"text": {"en": "t", "ko": "티"}}]}, "id must be 'x'"),
    (_minimal(do=[{"action": "explode"}]), "unknown action 'explode'"),
    (_minimal(do=[{"action": "produce"}]), "missing topic"),
    (_minimal(do=[{"action": "produce", "topic": "t", "colour": 1}]), "unknown argument(s) colour"),
    (_minimal(check=["topic('t').records =="]), "steps[0].check[0]"),
    (_minimal(ask={"en": "q", "ko": "질문", "answer": 3, "choices": [{"en": "a", "ko": "가"}, {"en": "b", "ko": "나"}]}),
     "index of the correct choice"),
    (_minimal(text={"en": "only English"}), "give both languages"),
    (_minimal(show="nowhere"), "is not a view"),
])
def test_format_errors_name_the_place(data: dict[str, object], message: str) -> None:
    with pytest.raises(LessonError, match=None) as e:
        parse_lesson(data, "x", "x.toml")
    assert message in str(e.value)


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("id = \n", encoding="utf-8")
    with pytest.raises(LessonError, match="bad.toml: not valid TOML"):
        load_file(bad)
