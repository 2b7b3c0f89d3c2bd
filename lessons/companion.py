"""``docs/lessons.md``, the printed companion, generated from the lesson files (never edited by hand):
``make lessons-doc`` (``kafkalab lesson companion > docs/lessons.md``) or ``python -m lessons.companion``
writes it; ``--check`` exits 1 when the committed file is stale (a test compares them)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from lessons.claims import parse, render
from lessons.model import Lesson, load_all

OUT = Path(__file__).resolve().parent.parent / "docs" / "lessons.md"

HEADER = """# Lessons: the course notes in Kafka Lab

<!-- Generated from resources/lessons/*.toml by `make lessons-doc` (`kafkalab lesson companion`); do not edit by hand. -->

Every concept of the course notes (`kafka-study-notes.ko.md`) is a lesson you run on the real
cluster: in the app (the **Lessons** dock: View menu or Ctrl+L) or headless with
`kafkalab lesson run ID --headless`. Each lesson starts by resetting the lab (well under a second),
asks the class to predict, acts, and checks its claims against the cluster — the ✓ lines below are
checked every time the lesson runs, and every lesson runs in the test suite
(`tests/lessons/test_lessons_headless.py`).

노트의 모든 개념이 실제 클러스터에서 돌아가는 레슨입니다. 앱에서는 **레슨** 도크(보기 메뉴 또는
Ctrl+L)로, 앱 없이는 `kafkalab lesson run ID --headless`로 실행합니다. 레슨은 랩을 초기화하며
시작하고(1초도 걸리지 않습니다), 반 전체에 결과를 예측하게 한 뒤 실행하고, 그 주장을 클러스터에서
확인합니다. 아래의 ✓ 줄은 레슨이 실행될 때마다 확인됩니다.

In the player: → or PgDn next step, ← or PgUp previous step (the lab is reset and the earlier steps
replayed), Space reveals, 1–4 count a vote for a choice.

| the class votes | after Reveal |
|---|---|
| ![A prediction, votes counted](screenshots/lesson-question-en.png) | ![The claims checked on the cluster](screenshots/lesson-reveal-en.png) |
| ![예측과 투표](screenshots/lesson-question-ko.png) | ![클러스터에서 확인한 주장](screenshots/lesson-reveal-ko.png) |

| # | id | lesson | 레슨 | notes |
|---|---|---|---|---|
"""


def _action_line(name: str, args: dict[str, object]) -> str:
    shown = ", ".join(f"{k}={v!r}" if not isinstance(v, str) else f"{k}={v}" for k, v in args.items())
    return f"`{name}` {shown}".rstrip()


def lesson_markdown(lesson: Lesson, language: str | None = None, level: int = 2) -> str:
    """The lesson as Markdown; both languages unless ``language`` is given."""
    langs = (language,) if language else ("en", "ko")
    h = "#" * level
    lines = [f"{h} {lesson.order}. {' / '.join(lesson.title.get(lang) for lang in langs)} (`{lesson.id}`)", ""]
    if lesson.notes:
        lines += [f"*Notes: {lesson.notes}*", ""]
    for lang in langs:
        if lesson.summary.get(lang):
            lines += [lesson.summary.get(lang), ""]
    lines.append(f"Run it: `kafkalab lesson run {lesson.id} --headless`")
    lines.append("")
    for step in lesson.steps:
        title = " / ".join(step.title.get(lang) for lang in langs if step.title.get(lang))
        lines.append(f"{h}# Step {step.index + 1}" + (f" — {title}" if title else ""))
        lines.append("")
        for lang in langs:
            lines += [step.text.get(lang), ""]
        for cmd in step.commands:
            lines += ["```shell", f"$ {cmd}", "```", ""]
        if step.ask is not None:
            for lang in langs:
                lines.append(f"**{'Predict' if lang == 'en' else '예측'}:** {step.ask.text.get(lang)}")
                lines.append("")
                for i, choice in enumerate(step.ask.choices):
                    lines.append(f"- {chr(65 + i)}. {choice.get(lang)}")
                lines.append("")
        if step.actions:
            lines.append("*Does:* " + "; ".join(_action_line(a.name, a.args) for a in step.actions))
            lines.append("")
        if step.ask is not None:
            lines.append(f"**{'Answer' if 'en' in langs else '정답'}: {chr(65 + step.ask.answer)}**")
            lines.append("")
        for lang in langs:
            if step.reveal.get(lang):
                lines += [step.reveal.get(lang), ""]
        for c in step.checks:
            text = " / ".join(c.text.get(lang) for lang in langs if c.text.get(lang))
            lines.append(f"- ✓ `{render(parse(c.source))}`" + (f" — {text}" if text else ""))
        if step.checks:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def companion(lessons: Sequence[Lesson]) -> str:
    out = [HEADER.rstrip("\n")]
    for lesson in lessons:
        out.append(f"| {lesson.order} | `{lesson.id}` | {lesson.title.en} | {lesson.title.ko} | {lesson.notes} |")
    out.append("")
    for lesson in lessons:
        out.append(lesson_markdown(lesson))
    return "\n".join(out).rstrip() + "\n"


def main(argv: Sequence[str]) -> int:
    text = companion(load_all())
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale: run 'python -m lessons.companion'", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
