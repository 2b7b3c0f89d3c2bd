"""``kafkalab lesson list`` (one lesson id per line), ``kafkalab lesson show ID`` (its text) and
``kafkalab lesson run ID --headless``: the lesson on a fresh embedded engine, every question answered
with the correct choice, every claim checked against the real cluster; exit 0 only if all hold (1 with
the failed claim or action otherwise)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from lessons.lab import EngineLab
from lessons.model import LessonError, find, load_all
from lessons.runner import LessonRunner, StepOutcome


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab lesson", description="Kafka Lab's guided lessons.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="one lesson id per line, in course order")
    show = sub.add_parser("show", help="print a lesson's steps")
    show.add_argument("id")
    show.add_argument("--language", choices=["en", "ko"], default="en")
    run = sub.add_parser("run", help="run a lesson")
    run.add_argument("id")
    run.add_argument("--headless", action="store_true", required=True,
                     help="on a fresh embedded engine, without the app (the app runs lessons from its Lessons menu)")
    run.add_argument("--speed", type=float, default=1.0,
                     help="scale waits and slow motion down by this factor (tests use 4)")
    run.add_argument("--brokers", type=int, default=3)
    run.add_argument("--language", choices=["en", "ko"], default="en")
    run.add_argument("--quiet", action="store_true", help="print only the verdict")
    return p


def _print_step(outcome: StepOutcome, language: str, quiet: bool) -> None:
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
        lesson = find(args.id)
    except LessonError as e:
        print(f"kafkalab lesson: {e}", file=sys.stderr)
        return 2
    if args.command == "show":
        from lessons.companion import lesson_markdown

        print(lesson_markdown(lesson, args.language))
        return 0
    started = time.monotonic()
    with EngineLab(brokers=args.brokers) as lab:
        runner = LessonRunner(lab, lesson, speed=args.speed)
        outcomes = runner.run_all(lambda o: _print_step(o, args.language, args.quiet))
        reset_ms = runner.reset_seconds * 1000
    checked = sum(len(o.claims) for o in outcomes)
    failed = [o for o in outcomes if not o.ok]
    done = len(outcomes) == len(lesson.steps) and not failed
    verdict = "PASS" if done else "FAIL"
    print(f"{verdict} {lesson.id}: {len(outcomes)}/{len(lesson.steps)} steps, {checked} claims checked, "
          f"reset {reset_ms:.0f} ms, {time.monotonic() - started:.1f} s")
    return 0 if done else 1
