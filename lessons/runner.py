"""Runs a lesson on a lab, step by step: the same code for the app's lesson player and for
``kafkalab lesson run ID --headless``.

Starting a lesson resets the lab (:class:`~engine.control.commands.ResetLab`, well under a second).
A step's actions run, then its claims are checked against the real cluster (each may take up to its
``within`` seconds to become true: the runner waits on new images, never a fixed sleep). Stepping
back to step *k* is a reset and a quick replay of the actions of steps 0…k-1 (and their claims, as
waits), so the lab is exactly where step *k* expects it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.control.commands import Mark, ResetLab, ResetReport
from lessons.actions import ActionFailed, Context, run_action
from lessons.claims import ClaimError
from lessons.lab import Lab
from lessons.model import Claim, Lesson, Step

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimOutcome:
    claim: Claim
    held: bool
    found: str  # the values the claim compared
    seconds: float


@dataclass
class StepOutcome:
    step: Step
    claims: list[ClaimOutcome] = field(default_factory=list)
    error: str = ""  # an action that failed
    answer: int | None = None  # the choice the class made (None: not asked)

    @property
    def ok(self) -> bool:
        return not self.error and all(c.held for c in self.claims)

    @property
    def answered_right(self) -> bool | None:
        if self.step.ask is None or self.answer is None:
            return None
        return self.answer == self.step.ask.answer


Listener = Callable[[str, Any], None]  # ("action" | "claim" | "log", payload)


class LessonRunner:
    def __init__(self, lab: Lab, lesson: Lesson, speed: float = 1.0, listener: Listener | None = None) -> None:
        self.lab = lab
        self.lesson = lesson
        self.speed = speed
        self.listener = listener or (lambda _kind, _payload: None)
        self.ctx = Context(lab, speed=speed, log=lambda line: self.listener("log", line))
        self.last_reset: ResetReport | None = None
        self.reset_seconds = 0.0

    @property
    def cancelled(self) -> threading.Event:
        return self.ctx.cancelled

    def reset(self) -> ResetReport:
        """Stop the lesson's clients and put the lab back at its starting state."""
        self.ctx.stop_clients()
        started = time.monotonic()
        report = self.lab.execute(ResetLab())
        self.reset_seconds = time.monotonic() - started
        self.last_reset = report
        self.ctx.results.clear()
        self.ctx.mark = self.lab.state.mark()
        # the image after the reset, so claims never read the cluster as it was before it
        image = self.lab.state.image
        self.lab.state.wait_until(lambda i: i if image is None or i.time_ms > image.time_ms else None, 5.0)
        return report

    def mark(self, index: int, phase: str) -> None:
        """A timeline marker "Lesson 3 · step 2 — question" (``phase``: question, shown, reveal), so a
        recorded class shows where each step began; a lab that cannot take it (an older engine, the app
        replaying) just has no marker."""
        label = f"Lesson {self.lesson.order} · step {index + 1} — {phase}"
        try:
            self.lab.execute(Mark(label=label, category="lesson"))
        except Exception as e:  # noqa: BLE001 — a marker is never worth failing a lesson for
            log.debug("lesson %s: no marker %r: %s", self.lesson.id, label, e)

    def mark_shown(self) -> None:
        step = self.lesson.steps[self.position]
        self.mark(self.position, "question" if step.ask is not None else "shown")

    def run_step(self, step: Step, answer: int | None = None) -> StepOutcome:
        """The step's actions, then its claims checked on the real cluster."""
        outcome = StepOutcome(step, answer=answer)
        for action in step.actions:
            if self.cancelled.is_set():
                outcome.error = "cancelled"
                return outcome
            self.listener("action", action)
            try:
                run_action(self.ctx, action.name, action.args)
            except (ActionFailed, ClaimError, ValueError, TimeoutError) as e:
                outcome.error = f"{action.where} {action.name}: {e}"
                log.warning("lesson %s: %s", self.lesson.id, outcome.error)
                return outcome
        for claim in step.checks:
            started = time.monotonic()
            held, found = self.ctx.wait_claim(claim.source, claim.within_s)
            result = ClaimOutcome(claim, held, found, time.monotonic() - started)
            outcome.claims.append(result)
            self.listener("claim", result)
        return outcome

    # ---------------------------------------------------------------- stepping (the lesson player)
    # ``position`` is the step on screen; ``done`` says whether its actions already ran (revealed).

    position: int = 0
    done: bool = False

    def start(self) -> ResetReport:
        """Reset the lab and stand at step 0 (not run yet)."""
        report = self.reset()
        self.position, self.done = 0, False
        self.mark_shown()
        return report

    def reveal(self, answer: int | None = None) -> StepOutcome:
        """Run the step on screen (its actions, then its claims)."""
        self.mark(self.position, "reveal")
        outcome = self.run_step(self.lesson.steps[self.position], answer)
        self.done = True
        return outcome

    def forward(self) -> StepOutcome | None:
        """To the next step; the current one runs first if it has not (answered correctly), so the lab is
        where the next step expects it. Returns that outcome, if it ran now."""
        outcome = None
        if not self.done:
            step = self.lesson.steps[self.position]
            outcome = self.reveal(step.ask.answer if step.ask else None)
        if self.position + 1 < len(self.lesson.steps):
            self.position, self.done = self.position + 1, False
            self.mark_shown()
        return outcome

    def back(self) -> list[StepOutcome]:
        """To the previous step, with the lab as it was before that step ran: a reset and a replay of
        the steps before it."""
        target = max(0, self.position - 1)
        return self.go_to(target)

    def go_to(self, index: int) -> list[StepOutcome]:
        """Step ``index`` on screen, not run yet (reset + replay of the steps before it)."""
        outcomes = self.replay_to(index)
        self.position, self.done = index, False
        self.mark_shown()
        return outcomes

    def replay_to(self, index: int) -> list[StepOutcome]:
        """Reset, then the steps before ``index`` (answered correctly), so step ``index`` starts as designed."""
        self.reset()
        outcomes = []
        for step in self.lesson.steps[:index]:
            outcome = self.run_step(step, step.ask.answer if step.ask else None)
            outcomes.append(outcome)
            if not outcome.ok:
                break
        return outcomes

    def run_all(self, on_step: Callable[[StepOutcome], None] | None = None) -> list[StepOutcome]:
        """Headless: reset, every step with the correct answer, every claim checked; stops at a failure."""
        self.reset()
        outcomes = []
        try:
            for step in self.lesson.steps:
                self.position = step.index
                self.mark_shown()
                if step.ask is not None:
                    self.mark(step.index, "reveal")
                outcome = self.run_step(step, step.ask.answer if step.ask else None)
                outcomes.append(outcome)
                if on_step is not None:
                    on_step(outcome)
                if not outcome.ok:
                    break
        finally:
            self.ctx.stop_clients()
        return outcomes

    def close(self) -> None:
        self.cancelled.set()
        self.ctx.stop_clients()
