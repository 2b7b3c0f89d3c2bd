"""``kafkalab lesson list`` (one lesson id per line), ``kafkalab lesson show ID`` (its text),
``kafkalab lesson companion`` (docs/lessons.md on standard output) and ``kafkalab lesson run ID
--headless``: the lesson on a fresh embedded engine, every question answered with the correct choice,
every claim checked against the real cluster (``--record FILE``: the run as a session recording, each
step a marker); exit 0 only if all hold (1 naming the failed claim or
action otherwise, 2 for an unknown lesson or a lesson file with errors)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lessons.lab import EngineLab, Lab
from lessons.model import Lesson, LessonError, find, load_all
from lessons.runner import LessonRunner, StepOutcome


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab lesson", description="Kafka Lab's guided lessons.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="one lesson id per line, in course order")
    show = sub.add_parser("show", help="print a lesson's steps")
    show.add_argument("id")
    show.add_argument("--language", choices=["en", "ko"], default=None)
    sub.add_parser("companion", help="every lesson as Markdown (docs/lessons.md)")
    run = sub.add_parser("run", help="run a lesson")
    run.add_argument("id")
    run.add_argument("--headless", action="store_true", required=True,
                     help="on a fresh embedded engine, without the app (the app runs lessons from its Lessons menu)")
    run.add_argument("--speed", type=float, default=1.0,
                     help="scale pauses and slow motion down by this factor (the tests use 8)")
    run.add_argument("--brokers", type=int, default=3)
    run.add_argument("--language", choices=["en", "ko"], default="en")
    run.add_argument("--record", metavar="FILE",
                     help="record the run (the engine's 'serve --record FILE'): each step is a marker on its timeline")
    run.add_argument("--quiet", action="store_true", help="print only failures and the verdict")
    return p


def print_step(outcome: StepOutcome, language: str = "en", quiet: bool = False) -> None:
    step = outcome.step
    if not quiet:
        title = step.title.get(language) or step.text.get(language).splitlines()[0][:70]
        print(f"step {step.index + 1}: {title}")
        if step.ask is not None:
            print(f"  predict: {step.ask.text.get(language)}")
            print(f"  answer:  {step.ask.choices[step.ask.answer].get(language)}")
    for c in outcome.claims:
        if not quiet or not c.held:
            print(f"  {'✓' if c.held else '✗'} {c.claim.source}   [{c.found}] ({c.seconds:.1f} s)")
    if outcome.error:
        print(f"  ✗ {outcome.error}")
    sys.stdout.flush()


def failure(lesson: Lesson, outcomes: Sequence[StepOutcome]) -> str:
    """What failed (the first failed action or claim), "" when the lesson ran through."""
    for o in outcomes:
        if o.error:
            return f"step {o.step.index + 1}: {o.error}"
        for c in o.claims:
            if not c.held:
                return f"step {o.step.index + 1}: claim failed: {c.claim.source} (found {c.found})"
    if len(outcomes) < len(lesson.steps):
        return f"stopped after step {len(outcomes)} of {len(lesson.steps)}"
    return ""


def run_lesson(lab: Lab, lesson: Lesson, speed: float = 1.0,
               on_step: Callable[[StepOutcome], None] | None = None) -> tuple[str, LessonRunner, list[StepOutcome]]:
    """Run ``lesson`` through on ``lab`` (the headless path the tests take too): ``(failure, runner,
    outcomes)``, with ``failure`` "" when every claim held."""
    runner = LessonRunner(lab, lesson, speed=speed)
    outcomes = runner.run_all(on_step)
    return failure(lesson, outcomes), runner, outcomes


def main(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) else 2
    try:
        if args.command == "list":
            for lesson in load_all():
                print(lesson.id)
            return 0
        if args.command == "companion":
            from lessons.companion import companion

            sys.stdout.write(companion(load_all()))
            return 0
        lesson = find(args.id)
    except LessonError as e:
        print(f"kafkalab lesson: {e}", file=sys.stderr)
        return 2
    if args.command == "show":
        from lessons.companion import lesson_markdown

        print(lesson_markdown(lesson, args.language))
        return 0
    started = time.monotonic()
    extra = ("--record", str(Path(args.record).resolve())) if args.record else ()
    with EngineLab(brokers=args.brokers, extra_args=extra) as lab:
        failed, runner, outcomes = run_lesson(lab, lesson, args.speed,
                                              lambda o: print_step(o, args.language, args.quiet))
    checked = sum(len(o.claims) for o in outcomes)
    verdict = f"FAIL {lesson.id}: {failed}" if failed else f"PASS {lesson.id}"
    print(f"{verdict} — {len(outcomes)}/{len(lesson.steps)} steps, {checked} claims checked, "
          f"reset {runner.reset_seconds * 1000:.0f} ms, {time.monotonic() - started:.1f} s")
    return 1 if failed else 0
